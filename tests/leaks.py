"""What a candidate must never receive, and a detector that reads everything they do receive.

Issue 20 (7): nothing a candidate sees names the answer key. :class:`Secrets` lists what of a
deck gives the scenario away: every id the deck's author wrote (contacts, facts, principals,
staff, CRM records, knowledge articles, letter templates, diagnostic scripts), the markers a
customer's line carries for the jury (``fact:<id>``, ``trap:<n>``), the texts written for the
jury (a contact's notes, its anomalies, what its written answer must give, what a trap protects)
and the answer key's field names. :func:`leaks` walks any JSON a candidate received (a push,
the answer to a join or an action, a refusal, the page's boot data) and names each place one
shows.

Two ways to find one, because ids are written freely: a distinctive id (one with a hyphen,
an underscore or a digit, like every contact id of the bundled decks), a marker or a jury
text is looked for anywhere, even inside prose; any id, even a plain word ("garnier",
"adresse"), is found as a whole value and as a part of a name (``reply:<id>``) in every
field that is not prose. Plain-word fact ids ("date", "nom") are common words: they are
found as markers and as names, not in what people wrote. What the candidate typed comes
back to them as they typed it and is not theirs to leak: its prose is skipped. What a trap
protects is in the candidate's own dossier (the address a caller must not be told): the trap
measures what they say of it, so it is no secret from them.

:class:`Tap` records every frame a python-socketio client receives, before the client
library reads it: what was sent, not what a client chose to keep.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

import socketio

from omnisim.deck import key, model
from omnisim.deck.shown_names import distinct
from omnisim.protocol import handles
from omnisim.protocol.views import candidate_workspace
from omnisim.scenario import Scenario

DISTINCT = re.compile(r"[-_0-9]")
# Prose: what people wrote (the deck's author, a customer, the catalog), where a plain word
# that happens to be an id ("garnier", "livraison") is a word.
PROSE = frozenset(
    {
        "text",
        "subject",
        "title",
        "body",
        "html",
        "briefing",
        "briefing_html",
        "reason",
        "name",
        "customer_name",
        "greeting",
        "notes",
        "summary",
        "address",
        "sector",
        "role",
        "with_whom",
        "texts",
        "agent",
        "deck_title",
        "variables",  # a letter's blanks, named by the author ("date", "reference")
        "label",  # a wrap-up code's, as the author named it (« Suivi de commande »)
    }
)
# Answer-key records: their field names never travel (a name a candidate's data uses for
# something else, like ``urgent`` on a message taken, is not one).
KEY_RECORDS = (
    key.AnswerKey,
    key.Trap,
    key.Anomaly,
    key.AnswerPoint,
    key.CrmExpectation,
    key.Fact,
)


def _names(record: type) -> set[str]:
    return {f.name for f in dataclasses.fields(record)}


@dataclass
class Secrets:
    """What of one deck must never reach its candidates."""

    ids: dict[str, str]  # every id the deck's author wrote -> what it names
    marks: set[str]  # fact:<id>, trap:<n>
    texts: set[str]  # written for the jury
    fields: frozenset[str]  # the answer key's field names
    whole: frozenset[str] = frozenset()  # short jury texts, looked for as whole values
    prose: frozenset[str] = frozenset()  # ids looked for anywhere (shown_names.distinct)
    own: frozenset[str] = frozenset()  # the principals' own addresses and their domains
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, scenario: Scenario) -> Secrets:
        deck = scenario.deck
        ids: dict[str, str] = {}
        for c in deck.contacts:
            ids[c.id] = "contact"
            ids.update({f.id: "fact" for f in c.facts})
            if c.key.script:
                ids[c.key.script] = "script"
        for p in deck.principals:
            ids.setdefault(p.id, "principal")
            ids.update({s.id: "staff" for s in p.staff if s.id not in ids})
        ids.update({r.id: "record" for r in deck.crm if r.id not in ids})
        ids.update({a.id: "article" for a in deck.knowledge if a.id not in ids})
        ids.update({t.id: "template" for t in deck.templates if t.id not in ids})
        ids.update({s.id: "script" for s in deck.scripts if s.id not in ids})
        marks = {f"fact:{f.id}" for c in deck.contacts for f in c.facts}
        marks |= {f"trap:{n}" for c in deck.contacts for n in range(len(c.key.traps))}
        # What a trap protects is in the candidate's dossier (the address a caller must not
        # be told): not a secret from them, the trap measures what they say.
        texts = set()
        for c in deck.contacts:
            texts |= {c.key.notes} | {a.label for a in c.key.anomalies}
            # What the answer must give, unless the deck's knowledge states it in those words:
            # the rule a candidate must read to answer (« Une ordonnance de lunettes ne vaut
            # pas pour des lentilles », round 20's optician) is no secret from them.
            texts |= {p.label for p in c.key.answer_points if not _read(p.label, deck)}
            texts |= {x.note for x in c.key.crm}
        # A jury text is looked for in prose when it is a phrase of its own (three words or
        # more): « Des excuses », an answer point's label, is also what a customer says
        # (« Des excuses, d'accord, mais concrètement ? »). Shorter ones are looked for as
        # whole values.
        texts = {t.strip() for t in texts if len(t.strip()) >= 8}
        short = {t for t in texts if len(t.split()) < 3}
        texts -= short
        legit = set().union(*(_names(r) for r in _candidate_records()))
        legit |= set(_keys(candidate_workspace(deck, scenario.rules, deck.language)))
        key_fields = frozenset(set().union(*(_names(r) for r in KEY_RECORDS)) - legit)
        # Words the desk shows by design are no secret, whatever deck item shares them: the
        # protocol's own words (a channel « email », a form's field « email ») and the
        # wrap-up codes the deck offers the candidate (« objets-trouves », also an article's
        # id on round 17's transport deck). Markers (``fact:email``) stay secret.
        shown = legit | set(typing.get_args(key.Channel)) | set(deck.wrap_up_ids)
        shown |= {d.name.rsplit(".", 1)[0] for d in deck.documents}  # the files it shows
        ids = {i: kind for i, kind in ids.items() if i not in shown}
        # Looked for in prose only when no reader takes it for a word (« rendez-vous », an
        # article's id, is one): the rule the dossier reads trainers' prose by.
        prose = frozenset(i for i in ids if distinct(i, deck.language))
        own = frozenset(a for p in deck.principals if p.email for a in (p.email, _domain(p.email)))
        return cls(ids, marks, texts, key_fields, frozenset(short), prose, own)

    @property
    def pattern(self) -> re.Pattern[str]:
        """Distinctive ids, markers and jury texts, found anywhere (case counts)."""
        if self._pattern is None:
            words = list(self.prose)
            parts = [rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in sorted(words, key=len)[::-1]]
            parts += [re.escape(m) + r"(?![\w-])" for m in sorted(self.marks, key=len)[::-1]]
            parts += [re.escape(t) for t in sorted(self.texts, key=len)[::-1]]
            self._pattern = re.compile("|".join(parts) or r"(?!)")
        return self._pattern

    def hits(self, text: str) -> Iterator[str]:
        """What of the pattern ``text`` holds; a principal's id inside an e-mail address or a
        domain is its public address (« service.clients@clair-net.exemple.fr »), which the
        dossier shows: the company's name, no part of the answer key. So is any id inside a
        principal's own address: the knowledge page named after the firm's domain
        (« roux-bertin-avocats », round 20) gives nothing of the key away there."""
        for m in self.pattern.finditer(text):
            word = m.group(0)
            principal = self.ids.get(word) == "principal"
            if _in_address(text, m.start(), m.end(), None if principal else self.own):
                continue
            yield word


ADDRESS = re.compile(r"[\w.+-]+@[\w.-]+|(?:[\w-]+\.)+[a-z]{2,}")


def _in_address(text: str, start: int, end: int, own: frozenset[str] | None = None) -> bool:
    """The span is inside an address (one of ``own``, when given)."""
    return any(
        a.start() <= start and end <= a.end() and (own is None or a.group(0) in own)
        for a in ADDRESS.finditer(text)
    )


def _domain(address: str) -> str:
    return address.rpartition("@")[2]


def _read(label: str, deck: model.Deck) -> bool:
    """The deck's knowledge pages, written for the candidate, state ``label`` word for word."""
    return any(label.strip() in a.body for a in deck.knowledge)


def _candidate_records() -> list[type]:
    """Every record whose fields a candidate may legitimately receive or send."""
    from omnisim import events as ev
    from omnisim.protocol import messages
    from omnisim.protocol.actions import ACTIONS
    from omnisim.protocol.views import CANDIDATE_TYPES

    records = [ev.PAYLOADS[t] for t in CANDIDATE_TYPES]
    records += [r for r, roles in ACTIONS.values() if "candidate" in roles]
    records += [messages.DeskJoined, messages.Batch, messages.Acknowledged, messages.Refusal]
    records += [model.Principal, model.Staff, model.CrmRecord, model.HistoryItem, model.Slot]
    records += [model.Article, model.Template, model.Instruction]
    return records


def _vocabulary() -> frozenset[str]:
    """Fields whose values come from a closed list of the protocol (a channel, an escalation's
    level, a history item's kind), never written by a deck's author: "supervisor" there is a
    level, whatever a deck calls its staff."""
    names = {"type", "actor", "role", "mode"}
    for record in _candidate_records():
        hints = typing.get_type_hints(record)
        for name, hint in hints.items():
            options = typing.get_args(hint) if typing.get_origin(hint) is not Literal else (hint,)
            if any(typing.get_origin(o) is Literal for o in options):
                names.add(name)
    return frozenset(names)


def _keys(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, sub in value.items():
            yield str(key)
            yield from _keys(sub)
    elif isinstance(value, list):
        for sub in value:
            yield from _keys(sub)


def _strings(value: Any, where: str, skip: bool = False) -> Iterator[tuple[str, str, bool]]:
    """(path, string, prose) for every string of a JSON value, dict keys included (as
    ``key``); an event the candidate made has its prose skipped (they typed it)."""
    if isinstance(value, dict):
        mine = value.get("actor") == "candidate" and isinstance(value.get("payload"), dict)
        for key, sub in value.items():
            yield f"{where}{{key}}", str(key), False
            path = f"{where}.{key}"
            if mine and key == "payload":
                kind = value.get("type", "")
                ids = {name for name, _ in handles.OUT.get(kind, ())} | {"field"}
                for name, typed in sub.items():
                    if name in ids:
                        yield from _strings(typed, f"{path}.{name}")
                continue
            prose = skip or key in PROSE or key in VOCABULARY
            if isinstance(sub, str):
                yield path, sub, prose
            else:
                yield from _strings(sub, path, prose)
    elif isinstance(value, list):
        for n, sub in enumerate(value):
            yield from _strings(sub, f"{where}[{n}]", skip)
    elif isinstance(value, str):
        yield where, value, skip


VOCABULARY = _vocabulary()


def leaks(value: Any, secrets: Secrets, where: str = "") -> list[str]:
    """Each place in ``value`` (decoded JSON) that names the answer key, said for a person."""
    found = []
    for path, text, prose in _strings(value, where):
        if path.endswith("{key}"):
            if text in secrets.fields:
                found.append(f"{path}: answer-key field {text!r}")
            continue
        hit = next(secrets.hits(text), None)
        if hit is not None:
            found.append(f"{path}: {hit!r} in {text[:120]!r}")
            continue
        if prose:
            continue
        if text.strip() in secrets.whole:
            found.append(f"{path}: a jury text {text[:120]!r}")
            continue
        for part in re.split(r"[:\s]+", text):
            kind = secrets.ids.get(part)
            if kind is not None:
                found.append(f"{path}: the {kind} id {part!r} in {text[:120]!r}")
                break
    return found


def text_leaks(text: str, secrets: Secrets, where: str) -> list[str]:
    """Distinctive ids, markers and jury texts in a page's raw text."""
    return [f"{where}: {hit!r}" for hit in secrets.hits(text)]


def refusal_leaks(reason: str, secrets: Secrets, where: str) -> list[str]:
    """A refusal's words: also no plain-word id of a deck item (facts aside: common words)."""
    found = text_leaks(reason, secrets, where)
    for word in re.findall(r"[\w-]+", reason):
        kind = secrets.ids.get(word)
        if kind is not None and kind != "fact":
            found.append(f"{where}: the {kind} id {word!r} in {reason!r}")
    return found


def frame_json(frame: str) -> Any:
    """The JSON of a socket.io text packet (``2["events",…]``, ``3<ack>[…]``, ``0{…}``)."""
    body = frame.lstrip("0123456789")
    return json.loads(body) if body else None


@dataclass
class Tap:
    """Every text frame a python-socketio client receives, as sent."""

    frames: list[str] = field(default_factory=list)

    def on(self, sio: socketio.AsyncClient) -> socketio.AsyncClient:
        received = sio.eio.handlers["message"]

        async def tap(data: Any) -> Any:
            self.frames.append(data if isinstance(data, str) else repr(data))
            return await received(data)

        sio.eio.handlers["message"] = tap
        return sio

    def replies(self) -> Iterator[Any]:
        for frame in self.frames:
            yield frame_json(frame)


def frame_leaks(frames: list[str], secrets: Secrets, where: str) -> list[str]:
    """Every frame scanned: pushes, answers to joins and actions, refusals (their words too)."""
    found = []
    for n, frame in enumerate(frames):
        data = frame_json(frame)
        found += leaks(data, secrets, f"{where}[{n}]")
        for reply in data if isinstance(data, list) else [data]:
            error = reply.get("error") if isinstance(reply, dict) else None
            if isinstance(error, dict) and isinstance(error.get("reason"), str):
                found += refusal_leaks(error["reason"], secrets, f"{where}[{n}].error")
                field_name = str(error.get("field", ""))
                found += [f"{where}[{n}].error.field: {field_name!r}"] * any(
                    part in secrets.ids for part in re.split(r"[.:\[\]]+", field_name)
                )
    return found


def kinds_of(frames: list[str]) -> set[str]:
    """What kinds of message a candidate received: pushes, join answers, acks, refusals."""
    found = set()
    for frame in frames:
        data = frame_json(frame)
        if frame.startswith("2") and isinstance(data, list) and data:
            found.add(f"push:{data[0]}")
            for event in (data[1] or {}).get("events", []) if len(data) > 1 else []:
                found.add(f"event:{event.get('type')}")
        elif frame.startswith("3") and isinstance(data, list) and data:
            reply = data[0]
            if isinstance(reply, dict) and reply.get("ok") is False:
                found.add("refusal")
            elif isinstance(reply, dict) and "events" in reply:
                found.add("join")
                found |= {f"event:{e.get('type')}" for e in reply["events"]}
            elif isinstance(reply, dict) and "seq" in reply:
                found.add("ack")
    return found
