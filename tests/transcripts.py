"""Hand-written candidates: a person's transcript played at the desk (spec: TRANSCRIPTS.md).

The format is evalsets/golden/TRANSCRIPTS.md (with how this player reads what it leaves open).

Our generated players (tests/scripted.py, omnisim/rehearsal/) speak in stock phrases our
measures know; the jury's held-out decks are graded on candidates written by hand. A
transcript is such a candidate: turns, each with a trigger (``start``, ``offered``, ``reply``,
``{at: "HH:MM"}``, ``end``) and the actions a person would do then. The player keeps one queue
(one candidate does one thing at a time), each action after its wait in active seconds (the
unit of the scripted players' steps); a refused action is skipped and counted, as a person
reads the refusal and goes on.

A transcript is checked when loaded against the deck it plays: a writer gets every mistake
named by file, turn and field (``strong.yaml: turns[3].do[1].send.text: ...``).
"""

from __future__ import annotations

import asyncio
import dataclasses
import re
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from omnisim.deck import Deck
from omnisim.engine.entries import unfilled
from omnisim.protocol.actions import ACTIONS, parse_action
from omnisim.refusals import RefusalError
from omnisim.rehearsal.candidate import Step
from omnisim.scenario import load_scenario
from tests.scripted import play_direct

FIRST_WAIT = 2.0  # active seconds from a turn's trigger to its first action
ACTION_WAIT = 3.0  # active seconds before each further action
WORDS = ("start", "offered", "reply", "end")  # the triggers written as a word
FINISH_SLACK = 30.0  # active seconds to spare after the end-of-shift writing's own waits
BY_CONTACT = ("offered", "reply")  # the triggers that need the turn's contact
# What a candidate may do at the desk ("start" is the player's, done before any turn).
ACTION_KINDS = tuple(
    k for k, (_, roles) in ACTIONS.items() if "candidate" in roles and k != "start"
)
# What a person does on a contact they have taken: the desk refuses it on one still waiting.
ANSWERING = ("send", "close", "transfer")
CALL_LINES = ("call_say", "call_end")  # on a call placed before: call_id may be left out
# A caller or a chat customer waits in real time: a person finishes the action under way and
# takes them, before the written work left (an e-mail's follow-up, its trace).
LIVE = ("phone", "chat")
PLACING = ("call_out", *CALL_LINES)  # a turn that places a call is live once it dials
ENDING = ("close", "transfer")  # what ends a contact at the desk
HOLDING = ("hold", "unhold")
# The unit of a transcript's waits: the attempt's own (active) seconds, or the simulated day's,
# which run ``time_factor`` times faster (a writer may think in either; the file says which).
CLOCKS = ("active", "simulated")
HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class TranscriptError(ValueError):
    """A transcript a writer must fix: the file, the place (``turns[2].do[0].send.text``), why."""

    def __init__(self, path: Path | str, where: str, reason: str) -> None:
        self.path, self.where, self.reason = str(path), where, reason
        super().__init__(f"{path}: {where}: {reason}")


@dataclass(frozen=True)
class Action:
    kind: str
    payload: dict[str, Any]
    wait: float


@dataclass(frozen=True)
class Turn:
    index: int  # its place in the file, for the messages
    contact: str  # "" for the desk's turns (start, end, a time of day)
    when: str  # start | offered | reply | at | end
    at: float  # for ``at``: simulated seconds since the shift's start
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Transcript:
    path: Path
    about: str
    turns: tuple[Turn, ...]


@dataclass(frozen=True)
class Refusal:
    """An action the desk refused: skipped, counted, printed by bench/validity.py."""

    kind: str
    contact: str
    reason: str


def _contact_field(kind: str) -> bool:
    record = ACTIONS[kind][0]
    return "contact_id" in {f.name for f in dataclasses.fields(record)}


def _seconds(value: Any, where: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise TranscriptError(path, where, f"a number of seconds ≥ 0 is expected, not {value!r}")
    return float(value)


def _when(raw: Any, deck: Deck, where: str, path: Path) -> tuple[str, float]:
    if isinstance(raw, str) and raw in WORDS:
        return raw, 0.0
    if isinstance(raw, dict) and list(raw) == ["at"]:
        match = HHMM.match(str(raw["at"]))
        if match is None:
            raise TranscriptError(path, f"{where}.at", f"« HH:MM » expected, not {raw['at']!r}")
        hours, _, minutes = deck.start_time.partition(":")
        start = int(hours) * 3600 + int(minutes) * 60
        at = int(match[1]) * 3600 + int(match[2]) * 60 - start
        if not 0 <= at <= deck.duration:
            raise TranscriptError(
                path, f"{where}.at", f"{raw['at']} is outside the shift (from {deck.start_time})"
            )
        return "at", float(at)
    known = ", ".join([*WORDS, '{at: "HH:MM"}'])
    raise TranscriptError(path, where, f"unknown trigger {raw!r} (known: {known})")


def _action(raw: Any, contact: str, deck: Deck, first: float, where: str, path: Path) -> Action:
    if not isinstance(raw, dict) or len(raw) != 1:
        raise TranscriptError(path, where, "one action a line: {<action>: {<its fields>}}")
    ((kind, payload),) = raw.items()
    if kind not in ACTION_KINDS:
        known = ", ".join(ACTION_KINDS)
        raise TranscriptError(path, where, f"unknown action {kind!r} (known: {known})")
    where = f"{where}.{kind}"
    payload = {} if payload is None else payload
    if not isinstance(payload, dict):
        raise TranscriptError(path, where, f"a map of the action's fields, not {payload!r}")
    payload = dict(payload)
    wait = _seconds(payload.pop("wait", first), f"{where}.wait", path)
    named = payload.get("contact_id", contact)
    if named and deck.contact(str(named)) is None:
        raise TranscriptError(path, f"{where}.contact_id", f"unknown contact id {named!r}")
    # The action as it will go, conveniences filled, checked by the desk's own schema.
    sample = dict(payload)
    if contact and _contact_field(kind):
        sample.setdefault("contact_id", contact)
    if kind in CALL_LINES:
        sample.setdefault("call_id", "call-1")
    try:
        parse_action(kind, sample, "candidate")
    except RefusalError as exc:
        field_ = f"{where}.{exc.field}" if exc.field else where
        raise TranscriptError(path, field_, exc.reason) from exc
    return Action(kind, payload, wait)


def _turn(raw: Any, index: int, deck: Deck, path: Path) -> Turn:
    where = f"turns[{index}]"
    if not isinstance(raw, dict):
        raise TranscriptError(path, where, "a turn is a map: contact, when, wait, do")
    unknown = set(raw) - {"contact", "when", "wait", "do"}
    if unknown:
        raise TranscriptError(path, f"{where}.{sorted(unknown)[0]}", "unknown field")
    contact = raw.get("contact") or ""
    if contact and deck.contact(str(contact)) is None:
        raise TranscriptError(path, f"{where}.contact", f"unknown contact id {contact!r}")
    if "when" not in raw:
        raise TranscriptError(path, f"{where}.when", "missing: start, offered, reply, at or end")
    when, at = _when(raw["when"], deck, f"{where}.when", path)
    if when in BY_CONTACT and not contact:
        raise TranscriptError(path, f"{where}.contact", f"« when: {when} » needs the contact")
    first = _seconds(raw.get("wait", FIRST_WAIT), f"{where}.wait", path)
    do = raw.get("do")
    if not isinstance(do, list) or not do:
        raise TranscriptError(path, f"{where}.do", "a list of one or more actions")
    actions = tuple(
        _action(a, str(contact), deck, first if n == 0 else ACTION_WAIT, f"{where}.do[{n}]", path)
        for n, a in enumerate(do)
    )
    return Turn(index, str(contact), when, at, actions)


def load_transcript(path: Path, deck: Deck) -> Transcript:
    """The transcript at ``path`` checked against ``deck``; TranscriptError names what is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise TranscriptError(path, "file", str(exc).replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise TranscriptError(path, "file", "a map with « about » and « turns » is expected")
    unknown = set(data) - {"about", "clock", "turns"}
    if unknown:
        raise TranscriptError(path, sorted(unknown)[0], "unknown field (about, clock, turns)")
    clock = data.get("clock", "active")
    if clock not in CLOCKS:
        raise TranscriptError(path, "clock", f"{clock!r}: active or simulated")
    turns = data.get("turns")
    if not isinstance(turns, list) or not turns:
        raise TranscriptError(path, "turns", "a list of one or more turns")
    read = tuple(_turn(t, n, deck, path) for n, t in enumerate(turns))
    if clock == "simulated":  # written in the day's seconds: played in the attempt's own
        scale = 1 / deck.time_factor
        read = tuple(
            replace(t, actions=tuple(replace(a, wait=a.wait * scale) for a in t.actions))
            for t in read
        )
    return Transcript(path, str(data.get("about", "")), read)


@dataclass
class TranscriptCandidate:
    """Plays a transcript: each turn once its trigger happened and its contact's previous turn
    is done, its actions through the one queue. Driven by the rehearsal Agenda (``pace``)."""

    deck: Deck
    transcript: Transcript
    refusals: list[Refusal] = field(default_factory=list)
    started: bool = False
    ended: bool = False
    offered: set[str] = field(default_factory=set)
    picked: set[str] = field(default_factory=set)  # contacts taken (« Prendre », a pickup)
    replies: dict[str, int] = field(default_factory=dict)  # customer messages not yet answered
    calls: dict[str, str] = field(default_factory=dict)  # contact -> its last call placed
    last_call: str = ""
    _next: dict[str, int] = field(default_factory=dict)  # per contact ("" the desk): next turn
    _busy: set[str] = field(default_factory=set)  # contacts whose turn is in the queue
    _queue: deque[tuple[float, Turn, int]] = field(default_factory=deque)
    _free: float = 0.0  # when the queue's last action is due
    _last: float = 0.0  # the same, not moved on by idle time (``pace`` moves ``_free`` to now)
    # Offered contacts left waiting: when their turn is due, what was queued when they came.
    _ready: dict[str, tuple[float, float]] = field(default_factory=dict)
    _calls_from: deque[str] = field(default_factory=deque)  # contacts of calls not yet placed
    # Actions to play next, a refusal followed (« Prendre », « write what you say there »).
    _retry: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._turns: dict[str, list[Turn]] = {}
        for turn in self.transcript.turns:
            self._turns.setdefault(turn.contact, []).append(turn)
        self._done: set[int] = set()  # turns whose last action was played (by index)
        self._kept_open = _kept_open(self.deck, self.transcript.turns)

    def _is_live(self, turn: Turn) -> bool:
        """The turn is talk with someone waiting in real time: not cut by another contact."""
        contact = self.deck.contact(turn.contact) if turn.contact else None
        if contact is not None and contact.channel in LIVE:
            return True
        return any(a.kind in PLACING for a in turn.actions)

    def _arrives(self, turn: Turn) -> bool:
        """A caller ringing or speaking, a chat customer's line: not the candidate's own move
        (an outbound call placed when they choose, a turn at a time of day)."""
        contact = self.deck.contact(turn.contact) if turn.contact else None
        if contact is None or contact.channel not in LIVE:
            return False
        return turn.when == "reply" or (turn.when == "offered" and not contact.outbound)

    def _cut_in(self, turn: Turn) -> int | None:
        """Where a live contact's turn joins the queue: after the action under way (the
        queue's head) and the live talk queued after it, ahead of the written work left; None
        when none is left (it goes at the end, as always). A person writing an e-mail who sees
        a chat come finishes the sentence, not the e-mail's follow-up and its trace (round 22:
        the caviste strong's chat answered 2.9 simulated minutes late so)."""
        if not self._arrives(turn) or not self._queue:
            return None
        pos = 0
        while pos + 1 < len(self._queue) and self._is_live(self._queue[pos + 1][1]):
            pos += 1
        return pos if pos + 1 < len(self._queue) else None

    # -- what the desk shows -------------------------------------------------------------
    def on_event(self, event: dict[str, Any]) -> list[Step]:
        kind, actor, p = event["type"], event["actor"], event["payload"]
        contact = p.get("contact_id", "")
        if kind == "contact.offered":
            self.offered.add(contact)
        elif kind == "contact.picked_up":
            self.picked.add(contact)
        elif kind == "message.sent" and actor == "customer" and contact:
            # Every line counts, the opening too: what a chat customer writes first, a caller
            # says on pickup, a customer called back says on answering (« Allô, oui ? »). Not a
            # nudge (« Il y a quelqu'un ? », the deck's chase lines): it answers nothing the
            # candidate said, and a person reads it as the wait it is, not as the answer their
            # next line waits for.
            if not self._nudge(contact, str(p.get("text", ""))):
                self.replies[contact] = self.replies.get(contact, 0) + 1
        elif kind == "call.outbound" and actor == "candidate":
            source = self._calls_from.popleft() if self._calls_from else contact
            self.calls[source] = self.last_call = p.get("call_id", "")
        return []

    def _nudge(self, contact_id: str, text: str) -> bool:
        contact = self.deck.contact(contact_id)
        return contact is not None and text in contact.reactions.chase

    def finish(self) -> list[Step]:
        self.ended = True  # the ``end`` turns become due; pace() queues them
        return []

    def refused(self, kind: str, data: dict[str, Any], error: RefusalError) -> None:
        """Counted; and two refusals are followed as the desk makes a person follow them. An
        action on a contact not taken yet is played again once taken: on the desk a written
        contact is opened with « Prendre » before its reply box is used, so a writer who wrote
        the reply and not the click meant both (a person told « prenez d'abord le contact »
        clicks it and sends again); a held call likewise is taken back before it is spoken to.
        A line said on a call to a customer is written in their contact's conversation, as the
        refusal tells. A close with a code the desk does not list closes without it."""
        contact = str(data.get("contact_id", ""))
        self.refusals.append(Refusal(kind, contact, error.reason))
        if error.key == "err.contact_not_picked_up" and kind != "pickup" and contact:
            self._retry += [("pickup", {"contact_id": contact}), (kind, data)]
        if error.key == "err.contact_on_hold" and kind != "unhold" and contact:
            # « resume it first »: a person who writes to a caller left on hold takes the call
            # back (« Reprendre ») and says it (round 18's first new deck wrote the return to
            # the held call without the click).
            self._retry += [("unhold", {"contact_id": contact}), (kind, data)]
        if error.key == "err.wrap_up_unknown" and kind == "close":
            # « unknown code (codes: …) »: the desk's closing list offers no such code, so a
            # person closes the contact, the code left out, rather than leave it open (round
            # 20's Lyon writer typed the meaning, « rdv déplacé », on a deck that lists none).
            self._retry.append(("close", {k: v for k, v in data.items() if k != "wrap_up"}))
        if error.key == "err.call_speak_in_contact":
            # « write what you say there »: a customer called back (an outbound contact
            # dialled) hears the candidate in that contact's conversation, so a person told so
            # writes the same words there.
            called = next((c for c, call in self.calls.items() if call == data.get("call_id")), "")
            if called:
                self._retry.append(("send", {"contact_id": called, "text": data["text"]}))

    # -- the queue -----------------------------------------------------------------------
    def _triggered(self, turn: Turn, sim: float) -> bool:
        waits_for = self._kept_open.get(turn.index, ())
        if not self.ended and any(t not in self._done for t in waits_for):
            return False  # another contact's turn puts this call on hold: it is not over yet
        if turn.when == "start":
            return self.started
        if turn.when == "offered":
            return turn.contact in self.offered
        if turn.when == "reply":
            return self.replies.get(turn.contact, 0) > 0
        if turn.when == "at":
            return sim >= turn.at
        return self.ended

    def _left_waiting(self, contact: str, turn: Turn, now: float) -> float | None:
        """An offered contact's first wait is the time the writer leaves it waiting (an SMS
        read later, a call let ring two seconds), not time the candidate is busy: the turn
        joins the queue once that wait is over, so a call that rings meanwhile and is taken
        sooner goes first (round 21: the Lyon writer's SMS « wait: 20 » held the queue and
        the call after it rang 18 s, where its jury writes « décrochés dès qu'ils sonnent »).
        Only when it comes to an idle candidate: one busy when it comes queues it behind that
        work, as a person finishes what they are doing (the cycles strong's call, rung while
        her chat's last lines were queued). None while it waits; else when its first action is
        due: when it was due had it been queued at once, or after what was queued meanwhile."""
        first = max(now, self._free) + turn.actions[0].wait
        if turn.when != "offered":
            return first
        if contact not in self._ready:
            if self._queue:  # it came while the candidate was busy: queued behind that work
                return first
            self._ready[contact] = (first, self._last)
        ready, last = self._ready[contact]
        if now < ready:
            return None
        return ready if self._last <= last else max(ready, self._last + ACTION_WAIT)

    def _queue_ready(self, sim: float, now: float) -> None:
        for contact, turns in self._turns.items():
            n = self._next.get(contact, 0)
            if contact in self._busy or n >= len(turns) or not self._triggered(turns[n], sim):
                continue
            turn = turns[n]
            cut = self._cut_in(turn)
            at = self._left_waiting(contact, turn, now) if cut is None else 0.0
            if at is None:
                continue
            if turn.when == "reply":
                self.replies[contact] -= 1  # this turn answers that message
            self._next[contact] = n + 1
            self._busy.add(contact)
            if cut is not None:
                self._take_live(turn, cut, now)
                continue
            for k, action in enumerate(turn.actions):
                at = at if k == 0 else at + action.wait
                self._free, self._last = max(self._free, at), max(self._last, at)
                self._queue.append((at, turn, k))

    def _take_live(self, turn: Turn, cut: int, now: float) -> None:
        """The live turn after the queue's ``cut``-th entry; the written work after it waits as
        long, each of its actions still after its own wait (the person comes back to it)."""
        queue = list(self._queue)
        at = max(now, queue[cut][0])
        entries = []
        for k, action in enumerate(turn.actions):
            at += action.wait
            entries.append((at, turn, k))
        shift = at - queue[cut][0]
        rest = [(due + shift, t, k) for due, t, k in queue[cut + 1 :]]
        self._queue = deque([*queue[: cut + 1], *entries, *rest])
        last = self._queue[-1][0]
        self._free, self._last = max(self._free, last), max(self._last, last)

    def _data(self, turn: Turn, action: Action) -> dict[str, Any]:
        data = dict(action.payload)
        if turn.contact and _contact_field(action.kind):
            data.setdefault("contact_id", turn.contact)
        if action.kind in CALL_LINES and "call_id" not in data:
            data["call_id"] = self.calls.get(turn.contact) or self.last_call
        if action.kind == "call_out":
            self._calls_from.append(turn.contact)
        if action.kind == "send" and unfilled(str(data.get("subject", "")), str(data["text"])):
            # Written so by hand: a person who meant to send it, warned, sends it anyway.
            data.setdefault("unfilled_ok", True)
        return data

    def finish_before(self) -> float:
        """The end turns' own waits, and FINISH_SLACK to spare: the writer's reports are filed
        before the shift ends, not cut off by it."""
        waits = sum(a.wait for t in self._turns.get("", []) if t.when == "end" for a in t.actions)
        return waits + FINISH_SLACK if waits else 0.0

    def pace(self, sim: float, now: float) -> list[Step]:
        """The actions due at ``now`` (wall seconds), in the queue's order."""
        self.started = True
        self._free = max(self._free, now)
        out: list[Step] = [(0.0, kind, data) for kind, data in self._retry]
        self._retry.clear()
        self._queue_ready(sim, now)
        while self._queue and self._queue[0][0] <= now:
            _, turn, k = self._queue.popleft()
            if k == 0 and self._opens(turn):
                self.picked.add(turn.contact)
                out.append((0.0, "pickup", {"contact_id": turn.contact}))
            out.append((0.0, turn.actions[k].kind, self._data(turn, turn.actions[k])))
            if k == len(turn.actions) - 1:
                self._done.add(turn.index)
                self._busy.discard(turn.contact)
                self._queue_ready(sim, now)
        return out

    def _opens(self, turn: Turn) -> bool:
        """The turn answers a written contact still waiting and no pickup is written before:
        the person takes it (« Prendre ») as they start on it. On the desk the reply box of an
        e-mail, a letter, an SMS or a chat sends nothing until the contact is taken, so a writer
        who wrote the reply and not the click opened it when they began reading it, not after
        the minutes of writing (the mutuelle and voyages writers: a CRM search, then the
        e-mail's answer). Not a call: a person who does not pick up hears nobody."""
        contact = self.deck.contact(turn.contact) if turn.contact else None
        if contact is None or contact.channel == "phone":
            return False
        if turn.contact in self.picked or turn.contact not in self.offered:
            return False
        for action in turn.actions:
            if action.kind in ("pickup", "call_out"):
                return False
            on = action.payload.get("contact_id", turn.contact)
            if action.kind in ANSWERING and on == turn.contact:
                return True
        return False

    @property
    def unplayed(self) -> int:
        """Actions never played: their trigger never came, or the shift ended first."""
        left = len(self._queue)
        for contact, turns in self._turns.items():
            left += sum(len(t.actions) for t in turns[self._next.get(contact, 0) :])
        return left


def _kept_open(deck: Deck, turns: tuple[Turn, ...]) -> dict[int, tuple[int, ...]]:
    """The turn that ends a contact (a close, a transfer) -> the turns of other contacts that
    hold it or take it back: the writer who puts a call on hold when another rings says it is
    still going then, though its own turns are written before, each as its reply comes (round
    22: the juridique and littoral writers' calls were over before the urgent one rang, and
    their hold, « Merci d'avoir patienté » and unhold were refused on a closed call). Only for
    a contact the deck rings anyway (not one a trainer may inject): it will come."""
    holders: dict[str, list[int]] = {}
    for turn in turns:
        contact = deck.contact(turn.contact) if turn.contact else None
        if contact is None or contact.extra:
            continue
        for action in turn.actions:
            held = str(action.payload.get("contact_id", turn.contact))
            if action.kind in HOLDING and held != turn.contact:
                holders.setdefault(held, []).append(turn.index)
    out: dict[int, tuple[int, ...]] = {}
    for turn in turns:
        if turn.contact not in holders:
            continue
        ends = any(
            a.kind in ENDING and a.payload.get("contact_id", turn.contact) == turn.contact
            for a in turn.actions
        )
        if ends:
            out[turn.index] = tuple(holders.pop(turn.contact))
    return out


async def play_transcript(
    deck_path: Path, transcript_path: Path, scenario: Any = None
) -> tuple[list[Any], TranscriptCandidate]:
    """A transcript played on the deck as tests/scripted.py plays its candidates; the log and
    the candidate (its refusals, what it left unplayed)."""
    scenario = scenario or await asyncio.to_thread(load_scenario, deck_path)
    transcript = await asyncio.to_thread(load_transcript, transcript_path, scenario.deck)
    played: list[TranscriptCandidate] = []

    def candidate(deck: Deck, _scripts: Any, _careful: Any) -> TranscriptCandidate:
        played.append(TranscriptCandidate(deck, transcript))
        return played[0]

    log = await play_direct(deck_path, True, scenario=scenario, candidate=candidate)
    return log, played[0]
