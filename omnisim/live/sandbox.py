"""Trial attempts: a trainer plays a deck, or one of its contacts, at the desk of a candidate.

Each trial is a one-candidate training exam held by its own :class:`Exams` on its own
in-memory store: it belongs to no exam and to no record (never in a trainer's exams, never
exported, never graded, gone with the process). Its link is a capability like a candidate's,
known only to the trainer who opened it; it expires once its session would have ended, and
a trainer keeps a few trials at most, the oldest closed first.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from omnisim.auth.tokens import split_token
from omnisim.exams.roster import RosterEntry
from omnisim.live.attempt import Publisher
from omnisim.live.exam import ExamRuntime
from omnisim.live.exams import Exams, Identity
from omnisim.refusals import Declined
from omnisim.scenario import Scenario
from omnisim.scenario.trial import one_contact
from omnisim.schema import SchemaError
from omnisim.store import open_store

log = logging.getLogger(__name__)

GRACE = 30 * 60.0  # seconds a trial stays open after its session would have ended
LONGEST = 6 * 3600.0  # seconds a trial lives at most, whatever its pace
PER_TRAINER = 3  # trials a trainer keeps open; a fourth closes the oldest
MOST = 50  # trials open at once on a worker


@dataclass
class Trial:
    trainer_id: str
    exams: Exams  # its own, on its own in-memory store
    exam: ExamRuntime
    token: str  # the candidate's link
    contact: str  # the contact tried alone, "" for the whole deck
    expires: float  # monotonic seconds


class Sandboxes:
    """Every trial open on this worker, by exam id."""

    def __init__(
        self,
        wall: Callable[[], float] = time.time,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._subscribers: list[Publisher] = []
        self.wall = wall
        self.clock = clock
        self.link_key = secrets.token_bytes(32)  # links die with the process, as the trials
        self._trials: dict[str, Trial] = {}
        self._lock = asyncio.Lock()

    def __len__(self) -> int:
        return len(self._trials)

    def subscribe(self, publisher: Publisher) -> None:
        """Have ``publisher`` told of every trial's events once logged (as omnisim/live/exams.py
        tells its subscribers): the socket feed subscribes when it is built."""
        self._subscribers.append(publisher)

    async def open(
        self,
        trainer_id: str,
        agent: str,
        scenario: Scenario,
        contact: str = "",
        pace: float | None = None,
        title: str = "",
    ) -> Trial:
        """A new trial of the deck (or of ``contact`` alone) at ``pace`` (the deck's by default)."""
        factor = scenario.deck.time_factor if pace is None else pace
        if not 0 < factor <= 1000:
            raise SchemaError("pace", "err.pace")
        played = one_contact(scenario, contact, factor) if contact else scenario
        async with self._lock:
            await self.sweep()
            mine = sorted(
                (t for t in self._trials.values() if t.trainer_id == trainer_id),
                key=lambda t: t.expires,
            )
            for old in mine[: max(0, len(mine) - PER_TRAINER + 1)]:
                await self._close(old)
            if len(self._trials) >= MOST:
                raise Declined("try", "err.try_busy")
            exams = Exams(open_store(":memory:"), wall=self.wall, link_key=self.link_key)
            for publisher in self._subscribers:
                exams.subscribe(publisher)
            try:
                exam, tokens = await exams.create(
                    trainer_id,
                    played,
                    [RosterEntry(agent.strip() or "-", number="0")],
                    title=title,
                    mode="training",
                    time_factor=factor,
                )
            except BaseException:
                await _shut(exams)
                raise
            life = min(scenario.deck.duration / factor + GRACE, LONGEST)
            trial = Trial(trainer_id, exams, exam, tokens["c1"], contact, self.clock() + life)
            self._trials[exam.exam_id] = trial
            return trial

    def _live(self, exam_id: str) -> Trial | None:
        trial = self._trials.get(exam_id)
        return trial if trial is not None and trial.expires > self.clock() else None

    async def authenticate(self, token: str) -> Identity | None:
        """Who a trial's link is (its candidate), or None: not a trial's, or expired."""
        parts = split_token(token) if isinstance(token, str) else None
        if parts is None:
            return None
        exam_id = parts[0].rpartition("-")[0]
        trial = self._live(exam_id)
        return await trial.exams.authenticate(token) if trial is not None else None

    async def get(self, exam_id: str) -> ExamRuntime | None:
        """A live trial's exam, or None once it has expired."""
        trial = self._live(exam_id)
        return trial.exam if trial is not None else None

    def of_trainer(self, trainer_id: str) -> list[Trial]:
        return [
            t
            for t in self._trials.values()
            if t.trainer_id == trainer_id and self._live(t.exam.exam_id)
        ]

    async def sweep(self) -> int:
        """Close expired trials: their attempts stop and their stores are dropped."""
        gone = [t for t in self._trials.values() if t.expires <= self.clock()]
        for trial in gone:
            await self._close(trial)
        return len(gone)

    async def sweeping(self, every: float = 60.0) -> None:
        """Sweep forever (a background task of the app)."""
        while True:
            await asyncio.sleep(every)
            async with self._lock:
                await self.sweep()

    async def _close(self, trial: Trial) -> None:
        self._trials.pop(trial.exam.exam_id, None)
        await _shut(trial.exams)

    async def close(self) -> None:
        for trial in list(self._trials.values()):
            await self._close(trial)


async def _shut(exams: Exams) -> None:
    try:
        await exams.close()
    except Exception:  # one trial's end must not keep the others open: logged, then dropped
        log.exception("closing a trial")
    await exams.store.close()
