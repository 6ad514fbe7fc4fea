"""Exams live: creating them, finding them again after a restart, telling who a link is.

The edge between the pure exam state (omnisim/exams/state.py), the attempts'
runtimes (omnisim/runtime.py) and the log. An exam's attempts are played from
the scenario frozen in its first event, never from the deck files on disk.

A link is a capability token ``<exam id>-<person id>.<secret>``: one exam, one
person, one role. The secret is derived from the store's key, the person and
the link's generation, so the trainer can print the links again at any time;
the exam's log keeps only its hash, so reading a log (an export, a jury) cannot
impersonate anyone. Revoking bumps the generation: the old link is refused; so
is any link once the record is locked.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from omnisim import events as ev
from omnisim.auth.tokens import make_token, matches, split_token, token_hash
from omnisim.events import Draft, Event
from omnisim.exams.state import ExamState, Person, attempt_stream, grading_stream
from omnisim.language import analysers
from omnisim.runtime import Publisher, SessionRuntime
from omnisim.scenario import Scenario, scenario_from_snapshot
from omnisim.schema import SchemaError
from omnisim.store import ConflictError, EventStore

MAX_CANDIDATES = 500
MAX_JURY = 10
MAX_NAME = 120


def link_token(key: bytes, exam_id: str, person_id: str, generation: int) -> str:
    """The person's link token: reproducible by the server, unguessable without its key."""
    scope = attempt_stream(exam_id, person_id)
    mac = hmac.new(key, f"omnisim.link.v1|{scope}|{generation}".encode(), hashlib.sha256)
    return make_token(scope, base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")[:32])


class ExamRefused(SchemaError):
    """A well-formed exam command that is not possible now (start twice, grade when locked…)."""


@dataclass(frozen=True)
class RosterEntry:
    name: str
    number: str = ""  # candidates: their candidate number
    evaluator: str = ""  # jury: "internal" or "external"


@dataclass(frozen=True)
class Identity:
    """Who a capability link is: the exam, the person, their role."""

    exam: ExamRuntime
    person: Person

    @property
    def role(self) -> str:
        return self.person.role


def check_roster(candidates: Sequence[RosterEntry], jury: Sequence[RosterEntry]) -> None:
    """Refuse a roster a jury could not sign: names, unique numbers, two evaluators at most…"""
    if not candidates:
        raise SchemaError("candidates", "err.roster_empty")
    if len(candidates) > MAX_CANDIDATES:
        raise SchemaError("candidates", "err.roster_too_many", limit=MAX_CANDIDATES)
    if len(jury) > MAX_JURY:
        raise SchemaError("jury", "err.jury_too_many", limit=MAX_JURY)
    numbers: set[str] = set()
    for kind, people in (("candidates", candidates), ("jury", jury)):
        for n, person in enumerate(people):
            where = f"{kind}[{n}]"
            if not person.name.strip():
                raise SchemaError(f"{where}.name", "err.name_required")
            if len(person.name) > MAX_NAME:
                raise SchemaError(f"{where}.name", "err.too_long", limit=MAX_NAME)
            if kind == "candidates":
                number = person.number.strip()
                if not number:
                    raise SchemaError(f"{where}.number", "err.number_required")
                if number in numbers:
                    raise SchemaError(f"{where}.number", "err.number_twice", number=number)
                numbers.add(number)
            elif person.evaluator not in ("internal", "external"):
                raise SchemaError(f"{where}.evaluator", "err.evaluator")


class ExamRuntime:
    """One exam in this process: its folded state, its scenario and its attempts."""

    def __init__(self, exams: Exams, state: ExamState, scenario: Scenario) -> None:
        self.exams = exams
        self.state = state
        self.scenario = scenario
        self.lock = asyncio.Lock()
        self.attempts: dict[str, SessionRuntime] = {}

    @property
    def exam_id(self) -> str:
        return self.state.exam_id

    @property
    def created(self) -> ev.ExamCreated:
        assert self.state.created is not None
        return self.state.created

    # -- the exam's own streams -------------------------------------------------------
    async def _append(self, stream: str, drafts: Sequence[Draft]) -> list[Event]:
        """Append to the exam or grading stream (caller holds the lock), re-reading on a race."""

        def last() -> int:
            return self.state.last_seq if stream == self.exam_id else self.state.grading_seq

        try:
            events = await self.exams.store.append_drafts(
                stream, drafts, last, self.catch_up, self.exams.wall()
            )
        except ConflictError as exc:
            raise ExamRefused("type", "err.busy") from exc
        for event in events:
            self.state.apply(event)
        await self.exams.publish(events)
        return events

    async def catch_up(self) -> None:
        store = self.exams.store
        for event in await store.read(self.exam_id, self.state.last_seq):
            self.state.apply(event)
        for event in await store.read(grading_stream(self.exam_id), self.state.grading_seq):
            self.state.apply(event)

    async def record(self, drafts: Sequence[Draft], grading: bool = False) -> list[Event]:
        async with self.lock:
            stream = grading_stream(self.exam_id) if grading else self.exam_id
            return await self._append(stream, drafts)

    # -- attempts --------------------------------------------------------------------
    async def attempt(self, person_id: str) -> SessionRuntime:
        """The candidate's attempt, loaded from its stream the first time it is asked for."""
        if person_id in self.attempts:
            return self.attempts[person_id]
        person = self.state.people.get(person_id)
        if person is None or person.role != "candidate":
            raise SchemaError("candidate", "err.no_candidate", person=person_id)
        stream = attempt_stream(self.exam_id, person_id)
        runtime = SessionRuntime(
            stream,
            self.scenario,
            self.exams.store,
            self.exams.publish,
            self.exams.wall,
            self.created.seed,
        )
        await runtime.catch_up()
        if person_id in self.attempts:  # loaded meanwhile by another task
            return self.attempts[person_id]
        self.attempts[person_id] = runtime
        if runtime.created is None:
            await runtime.record([Draft("system", self._attempt_created(person))])
        elif self.exams.exclusive:
            runtime.restarted = bool(await runtime.pause_orphaned())
        runtime.start_ticker()
        return runtime

    def _attempt_created(self, person: Person) -> ev.SessionCreated:
        c = self.created
        return ev.SessionCreated(
            deck_id=c.deck_id,
            deck_title=c.deck_title,
            seed=c.seed,
            time_factor=c.time_factor,
            lang=c.lang,
            exam_id=self.exam_id,
            candidate_id=person.id,
            deck_hash=c.deck_hash,
            mode=c.mode,
        )

    async def _each_attempt(self, drafts_for: Callable[[SessionRuntime], list[Draft]]) -> None:
        for person in self.state.candidates:
            runtime = await self.attempt(person.id)
            drafts = drafts_for(runtime)
            if drafts:
                await runtime.record(drafts)

    # -- the trainer's commands ------------------------------------------------------
    async def start(self, trainer_id: str) -> None:
        """Every candidate starts together (in exam mode, only this way)."""
        async with self.lock:
            if self.state.status != "ready":
                raise ExamRefused("type", "err.exam_cannot_start", status=self.state.status)
            await self._append(self.exam_id, [Draft("trainer", ev.ExamStarted(), None, trainer_id)])

        def start(rt: SessionRuntime) -> list[Draft]:
            if rt.engine.state.started:
                return []
            return [Draft("trainer", ev.SessionStarted(), None, trainer_id)]

        await self._each_attempt(start)

    async def pause(self, trainer_id: str, reason: str = "trainer") -> None:
        async with self.lock:
            # In training, candidates start on their own: the exam may never have "started".
            running = any(rt.engine.state.clock.running for rt in self.attempts.values())
            if self.state.status in ("paused", "stopped") or (
                self.state.status == "ready" and not running
            ):
                raise ExamRefused("type", "err.exam_not_running", status=self.state.status)
            paused = ev.ExamPaused("server_restart" if reason == "server_restart" else "trainer")
            actor: Any = "system" if reason == "server_restart" else "trainer"
            await self._append(self.exam_id, [Draft(actor, paused, None, trainer_id)])

        def pause(rt: SessionRuntime) -> list[Draft]:
            s = rt.engine.state
            if not s.started or s.ended or not s.clock.running:
                return []
            return [Draft("trainer", ev.SessionPaused("trainer"), None, trainer_id)]

        await self._each_attempt(pause)

    async def resume(self, trainer_id: str) -> None:
        async with self.lock:
            if self.state.status != "paused":
                raise ExamRefused("type", "err.exam_not_paused", status=self.state.status)
            await self._append(self.exam_id, [Draft("trainer", ev.ExamResumed(), None, trainer_id)])

        def resume(rt: SessionRuntime) -> list[Draft]:
            s = rt.engine.state
            if not s.started or s.ended or s.clock.running:
                return []
            return [Draft("trainer", ev.SessionResumed(), None, trainer_id)]

        await self._each_attempt(resume)

    async def stop(self, trainer_id: str) -> None:
        async with self.lock:
            if self.state.status == "stopped":
                raise ExamRefused("type", "err.exam_stopped")
            await self._append(self.exam_id, [Draft("trainer", ev.ExamStopped(), None, trainer_id)])

        def stop(rt: SessionRuntime) -> list[Draft]:
            if rt.engine.state.ended:
                return []
            return [Draft("trainer", ev.SessionEnded("trainer_stopped"), None, trainer_id)]

        await self._each_attempt(stop)

    async def revoke(self, trainer_id: str, person_id: str) -> None:
        async with self.lock:
            if person_id not in self.state.people:
                raise SchemaError("person_id", "err.no_person", person=person_id)
            drafts = [Draft("trainer", ev.LinkRevoked(person_id), None, trainer_id)]
            await self._append(self.exam_id, drafts)

    async def reissue(self, trainer_id: str, person_id: str) -> str:
        """A new link for this person; the old one stops working."""
        async with self.lock:
            if self.state.locked:
                raise ExamRefused("person_id", "err.record_locked")
            person = self.state.people.get(person_id)
            if person is None:
                raise SchemaError("person_id", "err.no_person", person=person_id)
            token = self.exams.link(self.exam_id, person_id, person.generation + 1)
            issued = ev.LinkIssued(person_id, token_hash(token))
            await self._append(self.exam_id, [Draft("trainer", issued, None, trainer_id)])
            return token

    # -- grading: the jury's own stream ------------------------------------------------
    def _gradable(self, candidate_id: str, criterion_id: str = "") -> None:
        if self.state.locked:
            raise ExamRefused("type", "err.record_locked")
        person = self.state.people.get(candidate_id)
        if person is None or person.role != "candidate":
            raise SchemaError("candidate_id", "err.no_candidate", person=candidate_id)
        grid = self.scenario.grids.get(self.created.grid_id)
        if criterion_id and (grid is None or criterion_id not in {c.id for c in grid.criteria}):
            raise SchemaError("criterion_id", "err.no_criterion", criterion=criterion_id)

    async def grade(self, jury_id: str, command: Any) -> list[Event]:
        """Record a jury member's decision, comment, reconciliation or signature."""
        self._gradable(command.candidate_id, getattr(command, "criterion_id", ""))
        if isinstance(command, ev.GradeReconciled) and not command.comment.strip():
            raise SchemaError("comment", "err.reconcile_comment")
        if isinstance(command, ev.GradeCommented) and not command.text.strip():
            raise SchemaError("text", "err.empty_comment")
        async with self.lock:
            return await self._append(
                grading_stream(self.exam_id), [Draft("jury", command, None, jury_id)]
            )

    async def lock_record(self, trainer_id: str) -> list[Event]:
        """Close the procès-verbal: grading ends and every link of the exam dies."""
        async with self.lock:
            if self.state.locked:
                raise ExamRefused("type", "err.record_locked")
            return await self._append(
                grading_stream(self.exam_id),
                [Draft("trainer", ev.RecordLocked(), None, trainer_id)],
            )

    async def recover(self) -> None:
        """After a restart: every clock found running is paused, and so is the exam.

        Only where this process owns the store (see ``Exams.exclusive``): the clocks ran
        under a process that is gone, and the trainer resumes when the room is ready.
        """
        orphaned = False
        for person in self.state.candidates:
            runtime = await self.attempt(person.id)  # pauses an orphaned clock as it loads
            orphaned = orphaned or runtime.restarted
        if (orphaned or self.state.status == "running") and self.state.status != "stopped":
            async with self.lock:
                if self.state.status != "paused":
                    restart = ev.ExamPaused("server_restart")
                    await self._append(self.exam_id, [Draft("system", restart)])

    def links(self) -> dict[str, str]:
        """Every person's current link token (revoked ones left out)."""
        return {
            p.id: self.exams.link(self.exam_id, p.id, p.generation)
            for p in self.state.people.values()
            if not p.revoked
        }


class Exams:
    """Every exam of the store that this process has touched, by id."""

    def __init__(
        self,
        store: EventStore,
        publish: Publisher,
        wall: Callable[[], float] = time.time,
        exclusive: bool = True,
        link_key: bytes = b"",
    ) -> None:
        self.store = store
        self.link_key = link_key or secrets.token_bytes(32)
        self.publish = publish
        self.wall = wall
        # One process owns the store (the embedded SQLite file): a clock found
        # running when an exam is loaded ran under a process that is gone.
        self.exclusive = exclusive
        self._live: dict[str, ExamRuntime] = {}
        self._loading: dict[str, asyncio.Lock] = {}
        self._scenarios: dict[str, Scenario] = {}

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
        await exam.record(drafts)
        self._live[exam_id] = exam
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
            return self._live[exam_id]
        if not exam_id.startswith("ex") or not exam_id.isalnum():
            return None
        async with self._loading.setdefault(exam_id, asyncio.Lock()):
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
            exam = ExamRuntime(self, state, scenario)
            self._live[exam_id] = exam
        if self.exclusive:
            await exam.recover()
        return exam

    async def authenticate(self, token: str) -> Identity | None:
        """Who a link is, or None: unknown, revoked, or the record is locked."""
        parts = split_token(token) if isinstance(token, str) else None
        if parts is None:
            return None
        scope, _secret = parts
        exam_id, _, person_id = scope.rpartition("-")
        exam = await self.get(exam_id)
        if exam is None:
            return None
        await exam.catch_up()  # a revocation made on another worker counts at once
        person = exam.state.people.get(person_id)
        if person is None or person.revoked or exam.state.locked:
            return None
        if not matches(person.token_hash, token):
            return None
        return Identity(exam, person)

    async def of_trainer(self, trainer_id: str) -> list[ExamState]:
        """The trainer's exams, newest first: folded from their streams, nothing loaded live."""
        found = []
        for stream in await self.store.session_ids():
            if not stream.startswith("ex") or "-" in stream:
                continue
            live = self._live.get(stream)
            state = live.state if live is not None else ExamState(stream)
            if live is None:
                for event in await self.store.read(stream):
                    state.apply(event)
            if state.created is None or state.created.trainer_id != trainer_id:
                continue
            if live is None:
                for event in await self.store.read(grading_stream(stream)):
                    state.apply(event)
            found.append(state)
        return found[::-1]

    async def close(self) -> None:
        for exam in self._live.values():
            for runtime in exam.attempts.values():
                await runtime.stop()
        self._live.clear()
