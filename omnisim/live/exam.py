"""One exam live in this process: its folded state, its frozen scenario, its attempts.

Trainer commands (start, pause, resume, stop for everyone), links (revoke,
reissue) and the jury's grading stream are carried out here (the ``*_here`` methods),
on the exam's owner, by the command table of omnisim/live/commands.py; each is an
event of the exam's or the grading stream before it changes anything.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from omnisim import events as ev
from omnisim.auth.tokens import token_hash
from omnisim.events import Draft, Event
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import ExamState, Person, attempt_stream, grading_stream
from omnisim.jury.workflow import grading_of, is_locked
from omnisim.live.attempt import SessionRuntime
from omnisim.live.owners import NOT_OWNER
from omnisim.scenario import Scenario
from omnisim.schema import SchemaError
from omnisim.store import ConflictError

if TYPE_CHECKING:
    from omnisim.live.exams import Exams


class ExamRuntime:
    """One exam in this process: its folded state, its scenario and its attempts."""

    def __init__(self, exams: Exams, state: ExamState, scenario: Scenario) -> None:
        self.exams = exams
        self.state = state
        self.scenario = scenario
        self.lock = asyncio.Lock()
        self.attempts: dict[str, SessionRuntime] = {}
        # The lease epoch on a shared store: > 0 while this worker owns the exam (it alone
        # ticks and appends to the attempts), NOT_OWNER otherwise. Unused (0) on SQLite.
        self.epoch = 0

    @property
    def owned(self) -> bool:
        return self.exams.owners is None or self.epoch > 0

    @property
    def fence(self) -> tuple[str, int] | None:
        return None if self.exams.owners is None else (self.exam_id, self.epoch)

    async def promote(self, epoch: int) -> None:
        """This worker now owns the exam: learn what the last owner appended, then tick."""
        self.epoch = epoch
        await self.catch_up()
        for runtime in list(self.attempts.values()):
            async with runtime.lock:
                runtime.fence = self.fence
                await runtime.catch_up()
            runtime.start_ticker(self.exams.scheduler)
        for person in self.state.candidates:  # every attempt ticks here now, loaded or not
            await self.attempt(person.id)

    async def demote(self) -> None:
        """Another worker owns the exam now: stop ticking; appends would be refused anyway."""
        self.epoch = NOT_OWNER
        for runtime in self.attempts.values():
            runtime.fence = self.fence
            await runtime.stop()

    @property
    def exam_id(self) -> str:
        return self.state.exam_id

    @property
    def created(self) -> ev.ExamCreated:
        assert self.state.created is not None
        return self.state.created

    # -- the exam's own streams -------------------------------------------------------
    async def append(
        self, stream: str, drafts: Sequence[Draft], check: Callable[[], None] | None = None
    ) -> list[Event]:
        """Append to the exam or grading stream (caller holds the lock), re-reading on a race.

        ``check`` is run again after a race: what held on the state before another worker
        (or a newer copy of this exam) appended may not hold any more (a record locked since).
        """

        def last() -> int:
            return self.state.last_seq if stream == self.exam_id else self.state.grading_seq

        async def again() -> None:
            await self.catch_up()
            if check is not None:
                check()

        try:
            events = await self.exams.store.append_drafts(
                stream, drafts, last, again, self.exams.wall(), fence=self.fence
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
            return await self.append(stream, drafts)

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
        runtime.fence = self.fence
        await runtime.catch_up()
        if person_id in self.attempts:  # loaded meanwhile by another task
            return self.attempts[person_id]
        self.attempts[person_id] = runtime
        if not self.owned:
            return runtime  # followed only: the owner ticks and appends
        if runtime.created is None and not self.state.locked:
            await runtime.record([Draft("system", self._attempt_created(person))])
        elif self.exams.exclusive:
            runtime.restarted = bool(await runtime.pause_orphaned())
        runtime.start_ticker(self.exams.scheduler)
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

    # -- the trainer's commands, on the exam's owner (reached through omnisim/live/commands.py)
    def unlocked(self) -> None:
        """Refuse any change once the record is locked (checked again under the exam's
        lock: a command waiting behind the lock must not append after it)."""
        if self.state.locked:
            raise ExamRefused("type", "err.record_locked")

    async def start_here(self, trainer_id: str) -> None:
        """Every candidate starts together (in exam mode, only this way)."""
        async with self.lock:
            self.unlocked()
            if self.state.status != "ready":
                raise ExamRefused("type", "err.exam_cannot_start", status=self.state.status)
            await self.append(self.exam_id, [Draft("trainer", ev.ExamStarted(), None, trainer_id)])

        def start(rt: SessionRuntime) -> list[Draft]:
            if rt.engine.state.started:
                return []
            return [Draft("trainer", ev.SessionStarted(), None, trainer_id)]

        await self._each_attempt(start)

    async def pause_here(self, trainer_id: str) -> None:
        async with self.lock:
            self.unlocked()
            # In training, candidates start on their own: the exam may never have "started".
            running = any(rt.engine.state.clock.running for rt in self.attempts.values())
            if self.state.status in ("paused", "stopped") or (
                self.state.status == "ready" and not running
            ):
                raise ExamRefused("type", "err.exam_not_running", status=self.state.status)
            paused = Draft("trainer", ev.ExamPaused("trainer"), None, trainer_id)
            await self.append(self.exam_id, [paused])

        def pause(rt: SessionRuntime) -> list[Draft]:
            s = rt.engine.state
            if not s.started or s.ended or not s.clock.running:
                return []
            return [Draft("trainer", ev.SessionPaused("trainer"), None, trainer_id)]

        await self._each_attempt(pause)

    async def resume_here(self, trainer_id: str) -> None:
        async with self.lock:
            self.unlocked()
            if self.state.status != "paused":
                raise ExamRefused("type", "err.exam_not_paused", status=self.state.status)
            await self.append(self.exam_id, [Draft("trainer", ev.ExamResumed(), None, trainer_id)])

        def resume(rt: SessionRuntime) -> list[Draft]:
            s = rt.engine.state
            if not s.started or s.ended or s.clock.running:
                return []
            return [Draft("trainer", ev.SessionResumed(), None, trainer_id)]

        await self._each_attempt(resume)

    async def stop_here(self, trainer_id: str) -> None:
        async with self.lock:
            self.unlocked()
            if self.state.status == "stopped":
                raise ExamRefused("type", "err.exam_stopped")
            await self.append(self.exam_id, [Draft("trainer", ev.ExamStopped(), None, trainer_id)])

        def stop(rt: SessionRuntime) -> list[Draft]:
            if rt.engine.state.ended:
                return []
            return [Draft("trainer", ev.SessionEnded("trainer_stopped"), None, trainer_id)]

        await self._each_attempt(stop)
        await self.exams.retire(self)

    async def revoke_here(self, trainer_id: str, person_id: str) -> None:
        async with self.lock:
            self.unlocked()
            if person_id not in self.state.people:
                raise SchemaError("person_id", "err.no_person", person=person_id)
            drafts = [Draft("trainer", ev.LinkRevoked(person_id), None, trainer_id)]
            await self.append(self.exam_id, drafts)

    async def reissue_here(self, trainer_id: str, person_id: str) -> str:
        async with self.lock:
            self.unlocked()
            person = self.state.people.get(person_id)
            if person is None:
                raise SchemaError("person_id", "err.no_person", person=person_id)
            token = self.exams.link(self.exam_id, person_id, person.generation + 1)
            issued = ev.LinkIssued(person_id, token_hash(token))
            await self.append(self.exam_id, [Draft("trainer", issued, None, trainer_id)])
            return token

    # -- grading: the jury's own stream ------------------------------------------------
    def _gradable(self, candidate_id: str, criterion_id: str = "") -> None:
        if self.state.locked:
            raise ExamRefused("type", "err.record_locked")
        person = self.state.people.get(candidate_id)
        if person is None or person.role != "candidate":
            raise SchemaError("candidate_id", "err.no_candidate", person=candidate_id)
        if is_locked(self.state, grading_of(self.state, candidate_id)):
            raise ExamRefused("candidate_id", "err.jury.locked")
        grid = self.scenario.grids.get(self.created.grid_id)
        if criterion_id and (grid is None or criterion_id not in {c.id for c in grid.criteria}):
            raise SchemaError("criterion_id", "err.no_criterion", criterion=criterion_id)

    async def grade(
        self, jury_id: str, command: Any, check: Callable[[ExamState], None] | None = None
    ) -> list[Event]:
        """Record a jury member's decision, comment, reconciliation or signature (on the owner:
        reached through omnisim/live/jury.py ``grade_here``).

        ``check`` (the jury's workflow, omnisim/jury/workflow.py) runs under the exam's
        lock on the state the event will follow, so two jury members cannot race past it.
        """
        self._gradable(command.candidate_id, getattr(command, "criterion_id", ""))
        if isinstance(command, ev.GradeCommented) and not command.text.strip():
            raise SchemaError("text", "err.empty_comment")

        def checks() -> None:
            self._gradable(command.candidate_id)  # locked meanwhile?
            if check is not None:
                check(self.state)

        async with self.lock:
            checks()
            return await self.append(
                grading_stream(self.exam_id), [Draft("jury", command, None, jury_id)], checks
            )

    async def pass_rule_here(self, trainer_id: str, rule: ev.PassRuleSet) -> list[Event]:
        grid = self.scenario.grids.get(self.created.grid_id)
        if grid is None:
            raise SchemaError("grid", "err.unknown_grid", grid=self.created.grid_id)
        if grid.pass_rule.stated:
            raise ExamRefused("kind", "err.jury.rule_stated")
        if rule.kind == "share_of_criteria" and not 0 < rule.min <= 1:
            raise SchemaError("min", "err.jury.rule_share")

        def unsigned() -> None:
            if self.state.locked or any(g.signatures for g in self.state.grading.values()):
                raise ExamRefused("kind", "err.jury.rule_after_signature")

        async with self.lock:
            unsigned()
            return await self.append(
                grading_stream(self.exam_id), [Draft("trainer", rule, None, trainer_id)], unsigned
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
                    await self.append(self.exam_id, [Draft("system", restart)])

    def links(self) -> dict[str, str]:
        """Every person's current link token (revoked ones left out)."""
        return {
            p.id: self.exams.link(self.exam_id, p.id, p.generation)
            for p in self.state.people.values()
            if not p.revoked
        }
