"""A tour of every refusal a candidate can meet, on one deck, over real sockets.

:func:`refusal_kinds` lists the refusals the engine, the socket gateway, the feed, the action
schema and the desk's handles can give (read from their source: a new one shows up), each as a
candidate reads it (omnisim/protocol/handles.py ``worded``), and why the others never reach a
candidate. :func:`tour` opens attempts of a deck and provokes each refusal the deck allows
(:func:`deck_needs`: no phone call, nothing to hold), checking that each answer is the refusal
meant, in the candidate's words; it returns the refusals met, every frame the candidate's
connections received (tests/leaks.py reads them) and what the deck could not provoke, why.
"""

from __future__ import annotations

import ast
import asyncio
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from omnisim.deck.availability import unavailable
from omnisim.engine.calls import digits
from omnisim.engine.turn import card
from omnisim.i18n import catalog
from omnisim.protocol.handles import CANDIDATE_WORDS
from omnisim.scenario import Scenario
from omnisim.web.limits import READ_BURST
from tests.conftest import ROOT, of_type
from tests.fast.test_protocol_fuzz import Raw
from tests.leaks import Secrets, Tap, leaks, text_leaks

SESSION = 12.0  # wall seconds a toured session lasts, or as fast as an exam may run
MAX_PACE = 1000.0  # the fastest pace an exam accepts (omnisim/live/exams.py)
# Actions a second the tour's server allows each person (``rate_limit``, bursts of two
# seconds): the tour paces itself just under it, and floods past its burst on purpose.
RATE = 40.0
STEP = 1.2 / RATE  # seconds between two of the tour's actions
BUNDLED = sorted(p.name for p in (ROOT / "decks").iterdir() if (p / "deck.yaml").is_file())
ARTIFACTS = ROOT / "test-artifacts" / "candidate_leaks"
KEY = re.compile(r"err\.[a-z0-9_.]*[a-z0-9_]")
SOURCES = [
    *sorted((ROOT / "omnisim" / "engine").glob("*.py")),
    *(
        ROOT / "omnisim" / p
        for p in (
            "schema.py",
            "protocol/actions.py",
            "protocol/handles.py",
            "web/socket/gateway.py",
            "web/socket/feed.py",
            "live/commands.py",
            "live/attempt.py",
        )
    ),
]
#: Refusals those modules give that never reach a candidate, and why.
NOT_A_CANDIDATES = {
    "err.contact_already_taken_over": "a trainer's take-over (a candidate may not send it)",
    "err.contact_not_taken_over": "a trainer's hand-back",
    "err.say_take_over_first": "a trainer speaking as the customer",
    "err.inject_not_extra": "a trainer's inject",
    "err.inject_already": "a trainer's inject",
    "err.session_already_paused": "only a trainer pauses",
    "err.session_not_paused": "only a trainer resumes",
    "err.no_candidate": "a trainer's board naming a candidate",
    "err.board_stream": "a trainer's board joining a stream",
    "err.jury.command": "a jury member's grading",
    "err.decision": "a jury member's grading",
    "err.none_known": "words inside a refusal, not one",
    "err.action_unsupported": "every action a candidate may send has its check",
    "err.crm_field_not_text": "the schema refuses a CRM value that is no text first",
    "err.field_unknown_expected": "a deck's file, all problems at once",
    "err.value_not_list": "no field of a candidate's action is a list",
    "err.value_not_null": "no field of a candidate's action is null alone",
    "err.value_not_number": "no field of a candidate's action is a number",
    "err.value_not_integer": "no field of a candidate's action is an integer",
    "err.too_many_items": "capped lists are the API's (a trainer's), no candidate action's",
    "err.contact_unknown": "a handle names only an offered contact (err.desk.unknown_contact)",
    "err.desk.unknown_": "the start of err.desk.unknown_<kind>",
    # No parameter, so nothing of the deck in their words; met in other tests.
    "err.busy": "a lost race between workers (tests/fast/test_workers.py)",
    "err.record_locked": "acting on a locked record, no parameter (test_record_lock.py)",
    "err.store_unavailable": "a store outage (tests/server/test_faults_*.py)",
    "err.internal": "an unexpected error",
    "err.no_exam": "the socket of an expired trial (tests/fast/test_assess_pages.py)",
}


@dataclass(frozen=True)
class Kinds:
    candidate: frozenset[str]  # as the candidate reads them
    found: frozenset[str]  # every key the sources raise


@functools.cache  # one parse of the sources per run: parsing on the loop blocks it
def refusal_kinds() -> Kinds:
    found: set[str] = set()
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found |= {k for k in KEY.findall(node.value) if k == node.value}
            if isinstance(node, ast.JoinedStr):  # f"err.desk.unknown_{kind}"
                first = node.values[0] if node.values else None
                if isinstance(first, ast.Constant) and str(first.value).startswith("err."):
                    found.add(str(first.value))
    found |= {f"err.desk.unknown_{kind}" for kind in ("contact", "principal", "staff", "record")}
    worded = {CANDIDATE_WORDS.get(k, k) for k in found if not k.endswith((".", "_"))}
    return Kinds(frozenset(worded - NOT_A_CANDIDATES.keys()), frozenset(found))


def _features(scenario: Scenario) -> dict[str, str]:
    """Refusals only some decks can provoke -> what the deck lacks ("" when it has it)."""
    deck = scenario.deck
    scheduled = [c for c in deck.contacts if not c.extra]
    phones = [c for c in scheduled if c.channel == "phone"]
    lines = scenario.rules["phone"].max_lines_on_hold or 3
    staff = [s for p in deck.principals for s in p.staff]
    busy = [s for p in deck.principals for s in p.agenda if not s.free]
    return {
        "err.desk.contact_on_hold": "" if phones else "no phone call",
        "err.desk.contact_on_hold_write": "" if phones else "no phone call",
        "err.hold_phone_only": "" if len(phones) < len(scheduled) else "only phone calls",
        "err.hold_lines_full": ""
        if len(phones) > lines
        else f"{len(phones)} phone calls for {lines} lines on hold",
        "err.transfer_target_unreachable": ""
        if any(not s.reachable for s in staff)
        else "nobody unreachable",
        "err.desk.contact_transferred": ""
        if any(s.reachable for s in staff) and len(scheduled) > 1
        else "nobody to transfer to",
        "err.agenda_slot_busy": "" if busy else "no busy slot in any agenda",
        "err.agenda_slot_booked": "" if deck.principals else "no principal",
        "err.field_required": "" if deck.principals else "no principal to take a message for",
        "err.reach_invalid": "" if deck.principals else "no principal to take a message for",
        "err.phone_and_no_number": "" if deck.principals else "no principal to take a message for",
        "err.agenda_not_booked": "" if deck.principals else "no principal",
        "err.agenda_same_slot": "" if deck.principals else "no principal",
        "err.agenda_time_invalid": "" if deck.principals else "no principal",
        "err.agenda_absent": ""
        if _absent_slot(deck)
        else "no absence a booking can meet (none, or one practitioner's with no slot in it)",
        "err.agenda_outside_hours": ""
        if any(p.hours for p in deck.principals)
        else "no principal's hours",
        "err.call_speak_in_contact": "" if _callable(scenario) else "no customer to call back",
    }


def _callable(scenario: Scenario) -> list[str]:
    """Chats and SMS whose customer has a number to be called back on (their card's or their
    CRM record's: the contact arrives with it)."""
    deck = scenario.deck
    return [
        c.id
        for c in deck.contacts
        if not c.extra and c.channel in ("chat", "sms") and len(digits(card(deck, c)["phone"])) >= 8
    ]


def deck_needs(scenario: Scenario) -> set[str]:
    """The refusals a tour of this deck must meet."""
    lacking = {k for k, why in _features(scenario).items() if why}
    return set(refusal_kinds().candidate) - lacking


async def page_leaks(live: Any, token: str, secrets: Secrets, where: str) -> list[str]:
    """The candidate's page: its HTML, and its boot data read as JSON; once a training
    attempt has ended, the page is the debrief, and the log its replay reads is read too."""
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{live.url}/candidate?token={token}") as r:
            assert r.status == 200
            html = await r.text()
        async with http.get(f"{live.url}/candidate/log?token={token}&limit=2000") as r:
            assert r.status in (200, 403), r.status  # 403: not a training attempt that ended
            replay = await r.json() if r.status == 200 else None
    boot = re.search(r'<script type="application/json" id="boot">(.*?)</script>', html, re.S)
    assert boot is not None
    if replay is not None:  # the debrief's replay: the desk's events under its handles
        assert replay["events"], replay

    def read() -> list[str]:  # a whole page and log read for every id: off the loop
        found = text_leaks(html, secrets, where) + leaks(json.loads(boot.group(1)), secrets, where)
        if replay is not None:
            found += leaks(replay, secrets, f"{where} debrief log")
        return found

    return await asyncio.to_thread(read)


class Tour:
    """One attempt's candidate, provoked into refusals one after the other."""

    def __init__(self, live: Any, client: Any, lang: str, met: set[str]) -> None:
        self.live, self.client, self.met = live, client, met
        self.texts = catalog(lang)
        self.calls = 0  # calls placed: the server numbers their lines call-1, call-2…

    def matches(self, reply: Any, key: str) -> bool:
        """``reply`` is the refusal ``key`` (its words, parameters aside)."""
        if not isinstance(reply, dict) or reply.get("ok") is not False:
            return False
        words = re.split(r"\{[a-z_]+\}", self.texts[key])
        pattern = ".+?".join(re.escape(w) for w in words)
        return re.fullmatch(pattern, reply["error"]["reason"], re.S) is not None

    async def expect(self, key: str, kind: str, data: Any = None, *more: Any) -> None:
        await asyncio.sleep(STEP)  # within the rate limit
        if more:
            reply = await self.client.sio.call(kind, (data, *more), timeout=5)
        else:
            reply = await self.client.sio.call(kind, {} if data is None else data, timeout=5)
        assert self.matches(reply, key), (key, kind, str(data)[:80], reply)
        self.met.add(key)

    async def ok(self, kind: str, data: Any) -> dict[str, Any]:
        await asyncio.sleep(STEP)
        reply = await self.client.sio.call(kind, data, timeout=5)
        assert reply.get("ok"), (kind, data, reply)
        return reply


async def _malformed(t: Tour, deck_contact: str) -> None:
    """What the gateway and the action schema refuse, whatever the session's state."""
    await t.expect("err.message_type_unknown", "teleport", {})
    await t.expect("err.role_may_not_send", "pause", {})
    await t.expect("err.field_missing", "pickup", {})
    await t.expect("err.value_not_string", "pickup", {"contact_id": 12})
    await t.expect("err.value_not_object", "pickup", ["c1"])
    await t.expect("err.field_unknown", "send", {"contact_id": "c1", "text": "x", "extra": 1})
    await t.expect("err.value_not_one_of", "report", {"kind": "poème", "text": "x"})
    await t.expect("err.value_not_type", "send", {"contact_id": "c1", "text": "x", "channel": 5})
    message = {"principal": "p1", "for_whom": "x", "caller": "x", "phone": "x", "text": "x"}
    await t.expect("err.value_not_bool", "take_message", message | {"urgent": "oui"})
    await t.expect("err.text_empty", "send", {"contact_id": "c1", "text": "   "})
    await t.expect("err.text_too_long", "send", {"contact_id": "c1", "text": "a" * 5000})
    await t.expect("err.too_big", "crm_create", {"fields": {"notes": "x" * 20_000}})
    await t.expect("err.too_long", "draft", {"field": "x" * 81, "text": "a"})
    await t.expect("err.action_id", "pickup", {"contact_id": "c1", "action_id": 5})
    deep: Any = "x"
    for _ in range(12):
        deep = [deep]
    await t.expect("err.too_deep", "send", {"contact_id": "c1", "text": "x", "deep": deep})
    await t.expect("err.surrogate", "send", {"contact_id": "c1", "text": "caf\ud800"})
    await t.expect("err.one_object", "pickup", {"contact_id": "c1"}, {"contact_id": "c2"})
    # A deck id is no handle: refused as any unknown name, never echoed.
    await t.expect("err.desk.unknown_contact", "pickup", {"contact_id": deck_contact})


async def _joins(live: Any, token: str, tap: Tap, met: set[str], lang: str) -> None:
    """A join's refusals, on a connection of their own (their limiter is per connection)."""
    client = await live.connect(token, last_seq=None, tap=tap)
    t = Tour(live, client, lang, met)
    await t.expect("err.join_shape", "join", {"bogus": 1})
    await t.expect("err.last_seq", "join", {"last_seq": -1})
    await t.expect("err.last_seq_ahead", "join", {"last_seq": 10**6})
    await t.expect("err.join_stream", "join", {"stream": "ailleurs"})
    # Joins are reads: past the person's reading burst (omnisim/web/limits.py) they are refused.
    for _ in range(int(READ_BURST) + 20):
        reply = await client.sio.call("join", {"last_seq": 0}, timeout=5)
        if not reply.get("ok"):
            break
    assert t.matches(reply, "err.flood_read"), reply
    met.add("err.flood_read")
    await client.sio.disconnect()


class TappedRaw:
    """tests/fast/test_protocol_fuzz.py's raw connection, its frames recorded."""

    def __init__(self, raw: Any, tap: Tap) -> None:
        self.raw, self.tap = raw, tap
        frame = raw.frame

        async def recorded(timeout: float = 5.0) -> str:
            text: str = await frame(timeout)
            tap.frames.append(text)
            return text

        raw.frame = recorded


async def _packets(live: Any, token: str, tap: Tap, met: set[str], lang: str) -> None:
    """What the socket's guard refuses before any handler: raw frames, as a script sends."""
    t = Tour(live, None, lang, met)
    raw = await Raw.open(live.url, token)
    TappedRaw(raw, tap)
    try:
        packets = {
            "err.bad_json": ('["send",{]', "42"),
            "err.binary": ('["send",{"f":{"_placeholder":true,"num":0}}]', "451-"),
            "err.reserved_event": ('["connect",{}]', "42"),
            "err.too_deep": ("[" * 990 + '"x"' + "]" * 990, "42"),
        }
        for key, (body, prefix) in packets.items():
            reply = await raw.call(body, prefix=prefix)
            t.texts = catalog("en")  # a raw connection asks for English
            assert t.matches(reply, key), (key, reply)
            met.add(key)
        await raw.ws.send_str('42{"not":"an event"}')
        refused = await raw.refused()
        assert t.matches(refused, "err.bad_packet"), refused
        met.add("err.bad_packet")
    finally:
        await raw.close()


async def tour(live: Any, path: Path, scenario: Scenario) -> tuple[set[str], list[str], dict]:
    """Every refusal ``scenario``'s deck allows, provoked on a candidate's connections."""
    deck = scenario.deck
    # Every contact arrives within SESSION wall seconds (a long deck: as fast as allowed).
    pace = min(MAX_PACE, deck.duration / SESSION)
    tokens = await live.session(path, time_factor=pace)
    lang = (await live.exams.get(tokens.exam_id)).created.lang
    tap, met = Tap(), set()
    client = await live.connect(tokens.candidate, tap=tap)
    t = Tour(live, client, lang, met)
    first = deck.contacts[0].id
    await t.expect("err.session_not_started", "report", {"kind": "incident", "text": "x"})
    await _malformed(t, first)
    await _packets(live, tokens.candidate, tap, met, lang)
    await t.ok("start", {})
    await t.expect("err.session_already_started", "start", {})
    trainer = await live.connect(tokens.trainer)
    assert (await trainer.act("pause"))["ok"]
    await t.expect("err.session_paused", "report", {"kind": "incident", "text": "x"})
    assert (await trainer.act("resume"))["ok"]
    await _dossier(t, tokens, scenario)
    await _calls(t)
    await _contacts(t, tokens, scenario)
    await trainer.act("stop")  # unless the session is over already
    await client.wait_for(of_type("session.ended"), timeout=deck.duration / pace)
    await t.expect("err.session_ended", "report", {"kind": "incident", "text": "x"})
    replies = await asyncio.gather(
        *(
            client.sio.call("report", {"kind": "incident", "text": "x"})
            for _ in range(int(4 * RATE))  # twice the burst, at once
        )
    )
    assert any(t.matches(r, "err.flood") for r in replies)
    met.add("err.flood")
    # Last on this link: running its reading budget dry refuses its next connections too.
    await _joins(live, tokens.candidate, tap, met, lang)
    exam_mode = await live.session(path, mode="exam")  # only the trainer starts an exam
    examined = await live.connect(exam_mode.candidate, tap=tap)
    await Tour(live, examined, lang, met).expect("err.exam_mode_start", "start", {})
    skipped = {k: why for k, why in _features(scenario).items() if why}
    return met, tap.frames, skipped


async def _dossier(t: Tour, tokens: Any, scenario: Scenario) -> None:
    """Names the desk does not show, and the agenda's and the CRM's own refusals."""
    deck = scenario.deck
    await t.expect("err.desk.unknown_record", "crm_update", {"record_id": "r99", "fields": {}})
    if deck.crm:
        raw = {"record_id": deck.crm[0].id, "fields": {}}
        await t.expect("err.desk.unknown_record", "crm_update", raw)
    await t.expect("err.crm_last_name_required", "crm_create", {"fields": {"first_name": "A"}})
    # What the candidate typed is echoed, never the deck's (omnisim/engine/entries.py).
    typed = {"last_name": "Durand", "phone": "abc"}
    await t.expect("err.phone_invalid", "crm_create", {"fields": typed})
    typed = {"last_name": "Durand", "email": "pas-un-email"}
    await t.expect("err.email_invalid", "crm_create", {"fields": typed})
    slot = {"principal": "p99", "start": "2030-01-07T10:00"}
    await t.expect("err.desk.unknown_principal", "agenda_book", slot)
    message = {"principal": "p99", "for_whom": "x", "caller": "x", "phone": "x", "text": "x"}
    await t.expect("err.desk.unknown_principal", "take_message", message)
    await t.expect("err.text_empty", "crm_search", {"query": "  "})
    await t.expect("err.desk.unknown_contact", "transfer", {"contact_id": "c99", "to": "s1"})
    draft = {"field": "reply:" + deck.contacts[0].id, "text": "x"}
    await t.expect("err.desk.unknown_contact", "draft", draft)
    if not deck.principals:
        return
    principal = deck.principals[0]
    await t.expect("err.desk.unknown_principal", "agenda_book", slot | {"principal": principal.id})
    busy = next(((p, s) for p in deck.principals for s in p.agenda if not s.free), None)
    if busy is not None:
        handle = await t.live.handle(tokens, "principal", busy[0].id)
        await t.expect(
            "err.agenda_slot_busy", "agenda_book", {"principal": handle, "start": busy[1].start}
        )
    named = await t.live.handle(tokens, "principal", principal.id)
    note = {"principal": named, "for_whom": "", "caller": "M. Roy", "phone": "06", "text": "x"}
    await t.expect("err.field_required", "take_message", note)
    note |= {"for_whom": "la secrétaire", "phone": "abc"}
    await t.expect("err.reach_invalid", "take_message", note)
    contradiction = note | {"phone": "06 12 34 56 78", "no_number": True}
    await t.expect("err.phone_and_no_number", "take_message", contradiction)
    mine = {
        "principal": named,
        "start": "2030-01-07T10:00",
    }
    await t.ok("agenda_book", mine)
    await t.expect("err.agenda_slot_booked", "agenda_book", mine)
    await t.expect("err.agenda_not_booked", "agenda_cancel", mine | {"start": "2030-01-08T10:00"})
    await t.expect("err.agenda_same_slot", "agenda_move", mine | {"to": mine["start"]})
    await t.expect("err.agenda_time_invalid", "agenda_book", mine | {"start": "lundi 10 h"})
    timed = next((p for p in deck.principals if p.hours), None)
    if timed is not None:
        late = {"principal": await t.live.handle(tokens, "principal", timed.id)}
        late["start"] = "2030-01-07T22:00"  # a Monday night
        await t.expect("err.agenda_outside_hours", "agenda_book", late)
    away = _absent_slot(deck)
    if away is not None:
        absent = {"principal": await t.live.handle(tokens, "principal", away[0].id)}
        await t.expect("err.agenda_absent", "agenda_book", absent | {"start": away[1]})


def _absent_slot(deck: Any) -> tuple[Any, str] | None:
    """A principal and a free time the desk reads as their announced absence: an absence's
    start, or (an absence of one practitioner, fmt21c) one of that practitioner's free slots
    it covers (a taken slot is refused as taken first)."""
    for p in deck.principals:
        for i in p.instructions:
            if not i.absent:
                continue
            starts = [i.valid_from if "T" in i.valid_from else f"{i.valid_from}T10:00"]
            starts += [slot.start for slot in p.agenda if slot.staff == i.staff and slot.free]
            for start in starts:
                busy = any(not sl.free and sl.start <= start < sl.end for sl in p.agenda)
                if not busy and unavailable(p, start) == "absent":
                    return p, start
    return None


async def _calls(t: Tour) -> None:
    """An outbound line's refusals: no one to call, a line that is not, or over."""
    await t.expect("err.call_to_required", "call_out", {"to": "  "})
    await t.expect("err.desk.call_to_unknown", "call_out", {"to": "quelqu'un"})
    await t.expect("err.call_unknown", "call_say", {"call_id": "call-99", "text": "Allô ?"})
    await t.ok("call_out", {"to": "01 23 45 67 89"})
    t.calls += 1
    line = f"call-{t.calls}"
    await t.ok("call_end", {"call_id": line})
    await t.expect("err.call_ended", "call_say", {"call_id": line, "text": "Allô ?"})


async def _contacts(t: Tour, tokens: Any, scenario: Scenario) -> None:
    """Contacts in every state a refusal needs, as they arrive."""
    deck = scenario.deck
    staff = [s for p in deck.principals for s in p.staff]
    lines = scenario.rules["phone"].max_lines_on_hold or 3
    phones = sum(c.channel == "phone" for c in deck.contacts if not c.extra)
    needs = _features(scenario)
    done: set[str] = set()
    held = 0
    seen = 0
    while not any(e["type"] == "session.ended" for e in t.client.events):
        offered = [e for e in t.client.events if e["type"] == "contact.offered"]
        if seen == len(offered):
            if _finished(done, needs, held, lines, phones):
                return
            await asyncio.sleep(0.05)
            continue
        contact = offered[seen]["payload"]
        seen += 1
        handle, channel = contact["contact_id"], contact["channel"]
        assert re.fullmatch(r"c[0-9]+", handle), handle
        if "picked" not in done:
            await t.expect(
                "err.desk.contact_not_picked_up", "send", {"contact_id": handle, "text": "Bonjour"}
            )
        await t.ok("pickup", {"contact_id": handle})
        if "picked" not in done:
            await t.expect("err.desk.contact_not_waiting", "pickup", {"contact_id": handle})
            other = next(
                ch
                for ch in ("sms", "email", "chat")
                if ch != channel and ch != scenario.rules[channel].reply_by
            )
            letter = {"contact_id": handle, "text": "Bonjour {{ client.nom }},"}
            await t.expect("err.unfilled_variables", "send", letter)
            sent = {"contact_id": handle, "channel": other, "text": "Je vous réponds ici."}
            if other == "email":  # an e-mail asks its subject first (a deck opening on an SMS)
                sent["subject"] = "Votre demande"
            await t.expect("err.justification_one_line", "send", sent | {"justification": "a\nb"})
            await t.expect(
                "err.desk.unknown_staff", "transfer", {"contact_id": handle, "to": "s99"}
            )
            if staff:
                raw = {"contact_id": handle, "to": staff[0].id}
                await t.expect("err.desk.unknown_staff", "transfer", raw)
            await t.expect("err.wrap_up_unknown", "close", {"contact_id": handle, "wrap_up": "?"})
            mail = {"contact_id": handle, "channel": "email", "subject": "Votre demande"}
            mail |= {"justification": "Par écrit.", "text": "Ci-joint le document."}
            await t.expect("err.attachment_unknown", "send", mail | {"attachments": ["x.pdf"]})
            short = {"contact_id": handle, "channel": "sms" if channel != "sms" else "chat"}
            short |= {"justification": "Plus simple.", "text": "Bonjour", "cc": ["a@exemple.fr"]}
            await t.expect("err.email_only", "send", short)
            away = next((s for s in staff if not s.reachable), None)
            if away is not None:
                to = await t.live.handle(tokens, "staff", away.id)
                await t.expect(
                    "err.transfer_target_unreachable", "transfer", {"contact_id": handle, "to": to}
                )
            done.add("picked")
        number = digits(contact.get("sender", ""))
        if channel in ("chat", "sms") and len(number) >= 8 and "called" not in done:
            # The customer called back: what is said goes in their conversation, not the line's.
            await t.ok("call_out", {"to": contact["sender"], "contact_id": handle})
            t.calls += 1
            line = f"call-{t.calls}"
            said = {"call_id": line, "text": "Bonjour, c'est le cabinet."}
            await t.expect("err.call_speak_in_contact", "call_say", said)
            await t.ok("call_end", {"call_id": line})
            done.add("called")
        if channel == "phone":
            hold = {"contact_id": handle, "announcement": "Je vous mets en attente un instant."}
            if held >= lines:
                await t.expect("err.hold_lines_full", "hold", hold)
                done.add("full")
                continue
            await t.ok("hold", hold)
            held += 1
            if "on_hold" not in done:
                await t.expect(
                    "err.desk.contact_on_hold_write",
                    "send",
                    {"contact_id": handle, "text": "Allô ?"},
                )
                await t.expect("err.desk.contact_on_hold", "hold", hold)
                done.add("on_hold")
            continue
        if "phone_only" not in done:
            await t.expect("err.hold_phone_only", "hold", {"contact_id": handle})
            done.add("phone_only")
        reachable = next((s for s in staff if s.reachable), None)
        if reachable is not None and "transferred" not in done:
            to = await t.live.handle(tokens, "staff", reachable.id)
            await t.ok("transfer", {"contact_id": handle, "to": to})
            await t.expect(
                "err.desk.contact_transferred", "send", {"contact_id": handle, "text": "Allô ?"}
            )
            done.add("transferred")
        elif "closed" not in done:
            await t.ok("close", {"contact_id": handle})
            await t.expect(
                "err.desk.contact_closed", "send", {"contact_id": handle, "text": "Allô ?"}
            )
            done.add("closed")
    raise AssertionError(f"the session ended before the tour: {sorted(done)}")


def _finished(done: set[str], needs: dict[str, str], held: int, lines: int, phones: int) -> bool:
    wanted = {"picked", "closed"}
    if not needs["err.desk.contact_on_hold"]:
        wanted.add("on_hold")
    if not needs["err.hold_phone_only"]:
        wanted.add("phone_only")
    if not needs["err.hold_lines_full"]:
        wanted.add("full")
    if not needs["err.desk.contact_transferred"]:
        wanted.add("transferred")
    if not needs["err.call_speak_in_contact"]:
        wanted.add("called")
    return wanted <= done
