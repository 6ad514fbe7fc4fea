"""Exams live: creating them, finding them again after a restart, telling who a link is.

The roster's rules and link tokens are in omnisim/exams/roster.py, one live exam in
omnisim/live/exam.py.

The edge between the pure exam state (omnisim/exams/state.py), the attempts'
runtimes (omnisim/live/attempt.py) and the log. An exam's attempts are played from
the scenario frozen in its first event, never from the deck files on disk.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from omnisim import events as ev
from omnisim.auth.tokens import matches, split_token, token_hash
from omnisim.events import Draft, Event
from omnisim.exams.roster import (
    MAX_TITLE,
    ExamRefused,
    RosterEntry,
    check_exam_jury,
    check_roster,
    link_token,
)
from omnisim.exams.state import ExamState, Person
from omnisim.exams.streams import grading_stream, is_exam_id, parse
from omnisim.language import analysers
from omnisim.live import commands, results
from omnisim.live.attempt import Publisher
from omnisim.live.exam import ExamRuntime
from omnisim.live.filing import Filing
from omnisim.live.index import ExamIndex
from omnisim.live.owners import NOT_OWNER, Owners
from omnisim.live.scheduler import Scheduler
from omnisim.scenario import Scenario, scenario_from_snapshot
from omnisim.schema import SchemaError
from omnisim.store import EventStore

IDLE_EXAM_SECONDS = 15 * 60.0  # an exam untouched this long, its clocks stopped, leaves memory
OWNER_TRUSTED = 1.0  # seconds an owner found elsewhere is trusted without asking Redis (route)


@dataclass(frozen=True)
class Identity:
    """Who a capability link is: the exam, the person, their role."""

    exam: ExamRuntime
    person: Person

    @property
    def role(self) -> Literal["candidate", "jury"]:
        return self.person.role


class Exams:
    """Every exam of the store that this process has touched, by id."""

    def __init__(
        self,
        store: EventStore,
        *,
        wall: Callable[[], float] = time.time,
        exclusive: bool = True,
        link_key: bytes = b"",
        owners: Owners | None = None,
    ) -> None:
        self.store = store
        self.link_key = link_key or secrets.token_bytes(32)
        self._subscribers: list[Publisher] = []
        self.wall = wall
        # One process owns the store (the embedded SQLite file): a clock found
        # running when an exam is loaded ran under a process that is gone.
        self.exclusive = exclusive
        self._live: dict[str, ExamRuntime] = {}
        self._loading = asyncio.Lock()  # one for all: per-id locks would grow with forged ids
        self._scenarios: dict[str, Scenario] = {}
        self.scheduler = Scheduler()  # ticks the attempts of every exam this worker owns
        self._used: dict[str, float] = {}  # exam id -> when last asked for (monotonic)
        self.owners = owners  # leases and forwarding between workers (Redis), or None
        # exam id -> (its owner elsewhere, until when it is trusted): see route()
        self._owner_seen: dict[str, tuple[str, float]] = {}
        self._proposing: set[asyncio.Task[None]] = set()  # proposals of attempts just ended
        # Every exam folded once, for the lists and the results; with one process on the
        # store, only the exams a published batch touched are read again.
        self.filing = Filing(store, wall)  # the trainers' filing, out of the exams' records
        self.index = ExamIndex(store, self.filing, exhaustive=exclusive and owners is None)

    def subscribe(self, publisher: Publisher) -> None:
        """Have ``publisher`` told of every batch of events once it is durably logged (the
        socket feeds subscribe as they are built: the exams know nothing of them)."""
        self._subscribers.append(publisher)

    async def publish(self, events: Sequence[Event]) -> None:
        self.index.touched(events)
        for publisher in self._subscribers:
            await publisher(events)
        for exam_id, candidate_id in results.ended(events):  # measured apart: nobody waits
            exam = self._live.get(exam_id)  # held now: a stop retires the exam right after
            if exam is None:
                continue
            task = asyncio.create_task(results.record_proposals(exam, candidate_id))
            self._proposing.add(task)
            task.add_done_callback(self._proposing.discard)

    async def start(self) -> None:
        """With other workers: answer the commands they forward to this one (the owner of
        their exam) and hear of the leases this worker lost."""
        if self.owners is not None:
            await self.owners.start(self._answer, self._lost)

    async def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        return await commands.answer(self, body)

    async def _lost(self, exam_id: str) -> None:
        exam = self._live.get(exam_id)
        if exam is not None:
            await exam.demote()

    async def route(self, exam: ExamRuntime, *, fresh: bool = False) -> str | None:
        """None when this worker owns the exam (taking it if nobody does), else the owner.

        An owner found elsewhere is trusted for OWNER_TRUSTED seconds: a forwarded action
        then costs no lease round trip (two per action, a third of the forwarding's cost).
        A lease outlives that trust, and a forward that finds the owner gone or no longer
        owning routes again ``fresh`` (commands.run)."""
        if self.owners is None or exam.epoch > 0:
            return None
        seen = self._owner_seen.get(exam.exam_id)
        if seen is not None and not fresh and seen[1] > time.monotonic():
            return seen[0]
        for _attempt in range(3):
            epoch = await self.owners.claim(exam.exam_id)
            if epoch:
                self._owner_seen.pop(exam.exam_id, None)
                await exam.promote(epoch)
                return None
            owner = await self.owners.owner_of(exam.exam_id)
            if owner is not None:
                self._owner_seen[exam.exam_id] = (owner, time.monotonic() + OWNER_TRUSTED)
                return owner
        raise ExamRefused("type", "err.busy")

    def distrust(self, exam_id: str) -> bool:
        """Forget the owner trusted for ``exam_id``; whether there was one."""
        return self._owner_seen.pop(exam_id, None) is not None

    def idle(self, now: float, idle_for: float) -> list[ExamRuntime]:
        """Exams untouched for ``idle_for`` seconds whose clocks all stand still."""
        return [
            exam
            for exam in self._live.values()
            if now - self._used.get(exam.exam_id, now) >= idle_for
            and not any(rt.engine.state.clock.running for rt in exam.attempts.values())
        ]

    async def sweep(self, idle_for: float = IDLE_EXAM_SECONDS) -> int:
        """Retire idle exams: memory stays bounded by the exams in use, not those ever seen."""
        retired = self.idle(time.monotonic(), idle_for)
        for exam in retired:
            await self.retire(exam)
        return len(retired)

    async def sweeping(self, every: float = 60.0) -> None:
        """Sweep forever (a background task of the app)."""
        while True:
            await asyncio.sleep(every)
            await self.sweep()

    async def retire(self, exam: ExamRuntime) -> None:
        """A stopped exam leaves memory (and its lease); it is rebuilt from the log if asked for."""
        for runtime in exam.attempts.values():
            await runtime.stop()
        if self._live.get(exam.exam_id) is exam:
            del self._live[exam.exam_id]
            self._used.pop(exam.exam_id, None)
            self._owner_seen.pop(exam.exam_id, None)
        if self.owners is not None and exam.epoch > 0:
            await self.owners.release(exam.exam_id)

    async def create(
        self,
        trainer_id: str,
        scenario: Scenario,
        candidates: Sequence[RosterEntry],
        jury: Sequence[RosterEntry] = (),
        *,
        title: str = "",
        mode: str = "exam",
        time_factor: float | None = None,
        seed: int | None = None,
        grid_id: str | None = None,
    ) -> tuple[ExamRuntime, dict[str, str]]:
        """Record a new exam and its roster; returns it and each person's link token."""
        check_roster(candidates, jury)
        if len(title) > MAX_TITLE:  # refused in words, never cut
            raise SchemaError("title", "err.too_long", limit=MAX_TITLE)
        if mode not in ("exam", "training"):
            raise SchemaError("mode", "err.mode")
        deck = scenario.deck
        factor = deck.time_factor if time_factor is None else time_factor
        if not 0 < factor <= 1000:
            raise SchemaError("time_factor", "err.pace")
        grid_id = grid_id or deck.grid
        grid = scenario.grids.get(grid_id) if grid_id else None
        if grid_id and grid is None:
            raise SchemaError("grid", "err.unknown_grid", grid=grid_id)
        if mode == "exam":
            check_exam_jury(jury, grid)
        exam_id = "ex" + secrets.token_hex(5)
        created = ev.ExamCreated(
            title=title.strip() or deck.title,
            trainer_id=trainer_id,
            mode=mode,  # type: ignore[arg-type]
            time_factor=factor,
            lang=deck.language,
            seed=deck.seed if seed is None else seed,
            deck_id=deck.id,
            deck_title=deck.title,
            deck_hash=scenario.content_hash,
            snapshot=dict(scenario.snapshot),
            grid_id=grid.id if grid else "",  # a practice deck may have no grid
            grid_version=grid.version if grid else 0,
            analysers=analysers(),
        )
        drafts = [Draft("trainer", created, None, trainer_id)]
        tokens: dict[str, str] = {}
        for n, entry in enumerate(candidates, start=1):
            person_id = f"c{n}"
            tokens[person_id] = self.link(exam_id, person_id, 0)
            enrolled = ev.CandidateEnrolled(
                person_id, entry.name.strip(), entry.number.strip(), token_hash(tokens[person_id])
            )
            drafts.append(Draft("trainer", enrolled, None, trainer_id))
        for n, entry in enumerate(jury, start=1):
            person_id = f"j{n}"
            tokens[person_id] = self.link(exam_id, person_id, 0)
            appointed = ev.JuryAppointed(
                person_id,
                entry.name.strip(),
                entry.evaluator,  # type: ignore[arg-type]
                token_hash(tokens[person_id]),
            )
            drafts.append(Draft("trainer", appointed, None, trainer_id))
        exam = ExamRuntime(self, ExamState(exam_id), scenario)
        if self.owners is not None:
            exam.epoch = await self.owners.claim(exam_id) or NOT_OWNER
        await exam.record(drafts)
        self._live[exam_id] = exam
        self._used[exam_id] = time.monotonic()
        for person in exam.state.candidates:
            await exam.attempt(person.id)
        return exam, tokens

    def link(self, exam_id: str, person_id: str, generation: int) -> str:
        return link_token(self.link_key, exam_id, person_id, generation)

    def _scenario(self, created: ev.ExamCreated) -> Scenario:
        """Scenarios are parsed once per content hash: 60 attempts share one."""
        canonical = json.dumps(created.snapshot, sort_keys=True, ensure_ascii=False)
        key = hashlib.sha256(canonical.encode()).hexdigest()
        if key not in self._scenarios:
            self._scenarios[key] = scenario_from_snapshot(created.snapshot)
        return self._scenarios[key]

    async def get(self, exam_id: str) -> ExamRuntime | None:
        """The live exam, rebuilt from its streams if this process has not seen it yet."""
        if exam_id in self._live:
            self._used[exam_id] = time.monotonic()
            return self._live[exam_id]
        if not is_exam_id(exam_id):
            return None
        async with self._loading:
            if exam_id in self._live:
                return self._live[exam_id]
            state = ExamState(exam_id)
            for event in await self.store.read(exam_id):
                state.apply(event)
            if state.created is None:
                return None
            for event in await self.store.read(grading_stream(exam_id)):
                state.apply(event)
            scenario = await asyncio.to_thread(self._scenario, state.created)
            exam = ExamRuntime(self, self.filing.mark(state), scenario)
            epoch = 0
            if self.owners is not None:
                exam.epoch = NOT_OWNER
                if state.status != "stopped":  # a stopped exam is only read
                    epoch = await self.owners.claim(exam_id)
            self._live[exam_id] = exam
            self._used[exam_id] = time.monotonic()
        if epoch:
            await exam.promote(epoch)  # nobody held it: its attempts tick here
        if self.exclusive:
            await exam.recover()
        return exam

    async def authenticate(self, token: str) -> Identity | None:
        """Who a link is, or None: unknown, revoked, or a candidate's once the record is
        locked (a jury member's still reads the documents and signs errata)."""
        parts = split_token(token) if isinstance(token, str) else None
        if parts is None:
            return None
        scope = parse(parts[0])  # named as the person's attempt: <exam id>-<person id>
        if scope is None or scope.kind != "attempt":
            return None
        exam = await self.get(scope.exam_id)
        if exam is None:
            return None
        await exam.catch_up()  # a revocation made on another worker counts at once
        person = exam.state.people.get(scope.person)
        if person is None or person.revoked or (exam.state.locked and person.role != "jury"):
            return None
        if not matches(person.token_hash, token):
            return None
        return Identity(exam, person)

    async def of_trainer(self, trainer_id: str) -> list[ExamState]:
        """The trainer's exams, newest first: folded once by the index, nothing loaded live."""
        return await self.index.exams(trainer_id)

    async def settled(self) -> None:
        """Wait for the proposals of the attempts that ended to be recorded."""
        while self._proposing:
            await asyncio.gather(*self._proposing, return_exceptions=True)

    async def close(self) -> None:
        await self.settled()
        for exam in self._live.values():
            for runtime in exam.attempts.values():
                await runtime.stop()
        self._live.clear()
        await self.scheduler.close()
