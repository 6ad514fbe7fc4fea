"""A scripted candidate plays a whole deck at full speed: a fake wall clock, no store, no sleep.

The desk here is the attempt's engine fed back its own events, stamped as the live attempt
stamps them (omnisim/live/attempt.py), and the candidate sees them through the candidate's
view (omnisim/protocol/views.py), as a browser would. The agenda is what the candidate
plans to do and when; tests drive the same agenda against a live attempt (tests/scripted.py)
and check that both give the same log.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.engine import Engine
from omnisim.events import Draft, Event
from omnisim.protocol.actions import parse_action
from omnisim.protocol.views import project_all
from omnisim.refusals import RefusalError
from omnisim.rehearsal.candidate import Step
from omnisim.scenario import Scenario

STEP = 0.25  # wall seconds between two looks at the desk
FINISH_BEFORE = 120.0  # active seconds before the end: the end-of-shift writing
STREAM = "rehearsal"
MAX_STEPS = 10_000  # steps folded at once, as a live attempt bounds them


class Candidate(Protocol):
    """A scripted candidate: steps in answer to what it sees, and its end-of-shift writing."""

    def on_event(self, event: dict[str, Any]) -> list[Step]: ...
    def finish(self) -> list[Step]: ...


@runtime_checkable
class Paced(Protocol):
    """A candidate that keeps its own pace (a hand-written transcript, tests/transcripts.py):
    one action at a time, some waiting on the simulated clock, so it is asked at every look at
    the desk for the actions whose time has come rather than planning them on each event."""

    def pace(self, sim: float, now: float) -> list[Step]: ...

    def finish_before(self) -> float:
        """Active seconds before the end its end-of-shift writing needs (its own waits)."""
        ...


class FakeWall:
    """A wall clock moved by hand: a run is the same on any machine, at any load."""

    def __init__(self, start: float = 1_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


def as_the_desk_sends(deck: Deck, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """What the desk adds to a send (web/src/workspace/composer.tsx): an e-mail goes with the
    subject its reply field starts with, « RE: <the contact's subject> »."""
    if kind != "send" or data.get("subject"):
        return data
    contact = deck.contact(data.get("contact_id", ""))
    if contact is None:
        return data
    written = contact.channel in ("email", "complaint")  # a complaint is answered by e-mail
    if data.get("channel", "email" if written else contact.channel) != "email":
        return data
    return {**data, "subject": f"RE: {contact.subject}" if contact.subject else "RE:"}


class Agenda:
    """What a scripted candidate will do and when (wall seconds), from what it has seen."""

    def __init__(self, candidate: Candidate, deck: Deck, now: float) -> None:
        self.candidate = candidate
        self.deck = deck
        self.finished = False
        self._heap: list[tuple[float, int, str, dict[str, Any]]] = []
        self._order = 0
        self._pace = candidate.pace if isinstance(candidate, Paced) else None
        # A paced candidate's reports take the time its writer gave them: it starts them early
        # enough to file them before the shift ends.
        lead = candidate.finish_before() if isinstance(candidate, Paced) else 0.0
        self._finish_at = deck.duration - max(FINISH_BEFORE, lead) * deck.time_factor
        self.plan([(0.0, "start", {})], now)

    def plan(self, steps: Iterable[Step], now: float) -> None:
        at = now
        for delay, kind, data in steps:
            at += delay
            self._order += 1
            heapq.heappush(self._heap, (at, self._order, kind, data))

    def see(self, shown: Iterable[dict[str, Any]], now: float) -> None:
        """Events as the candidate's browser gets them: each may call for steps."""
        for event in shown:
            self.plan(self.candidate.on_event(event), now)

    def due(self, now: float) -> list[tuple[str, dict[str, Any]]]:
        """The actions whose time has come, in the order planned."""
        out = []
        while self._heap and self._heap[0][0] <= now:
            _, _, kind, data = heapq.heappop(self._heap)
            out.append((kind, as_the_desk_sends(self.deck, kind, data)))
        return out

    def clock(self, sim: float, now: float) -> None:
        """Near the end of the shift, the candidate writes its reports (once); a candidate
        keeping its own pace is asked for what is due now."""
        if not self.finished and sim >= self._finish_at:
            self.finished = True
            self.plan(self.candidate.finish(), now)
        if self._pace is not None:
            self.plan(self._pace(sim, now), now)


def session_created(scenario: Scenario) -> ev.SessionCreated:
    """A rehearsal's first event: the deck played at its own pace, outside any exam."""
    deck = scenario.deck
    return ev.SessionCreated(
        deck.id,
        deck.title,
        deck.seed,
        deck.time_factor,
        deck.language,
        deck_hash=scenario.content_hash,
    )


class Desk:
    """One attempt's engine and log, in memory: what the live attempt does, minus the store."""

    def __init__(self, scenario: Scenario, wall: FakeWall) -> None:
        deck = scenario.deck
        self.engine = Engine(deck, deck.seed, rules=scenario.rules)
        self.wall = wall
        self.log: list[Event] = []
        self.shown: list[dict[str, Any]] = []  # pushed to the candidate, not yet read
        self._commit([Draft("system", session_created(scenario))])

    @property
    def ended(self) -> bool:
        return self.engine.state.ended

    def sim(self) -> float:
        return self.engine.state.clock.now(self.wall())

    def _commit(self, drafts: Sequence[Draft]) -> None:
        events = self.engine.stamp(STREAM, drafts, self.wall())
        for event in events:
            self.engine.apply(event)
        self.log += events
        self.shown += project_all("candidate", events)

    def tick(self) -> None:
        """Whatever the deck schedules up to now, step by step."""
        for _step in range(MAX_STEPS):
            drafts = self.engine.due(self.sim())
            if not drafts:
                return
            self._commit(drafts)

    def act(self, kind: str, data: dict[str, Any]) -> None:
        """A candidate's action; a refusal (the contact already gone, a text too long…) is
        part of life: the desk would say it to a person, who goes on."""
        self.tick()
        with contextlib.suppress(RefusalError):  # malformed, or declined by the engine
            self._commit(self.engine.act("candidate", parse_action(kind, data, "candidate")))

    def read(self) -> list[dict[str, Any]]:
        shown, self.shown = self.shown, []
        return shown


def play(scenario: Scenario, candidate: Candidate, step: float = STEP) -> list[Event]:
    """The whole deck played by ``candidate`` at full speed; the attempt's log.

    Pure CPU work, a second or two for a long deck: call it off the event loop.
    """
    wall = FakeWall()
    desk = Desk(scenario, wall)
    agenda = Agenda(candidate, scenario.deck, wall.t)
    while not desk.ended:
        agenda.see(desk.read(), wall.t)
        for kind, data in agenda.due(wall.t):
            desk.act(kind, data)
        agenda.clock(desk.sim(), wall.t)
        wall.t += step
        desk.tick()
    return desk.log
