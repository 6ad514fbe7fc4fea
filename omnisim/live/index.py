"""Every exam of the store, folded and kept: the exams list and the results read it.

An exam's stream opens with its frozen scenario (60 KB for the demo): folding 500 exams
from scratch at each page would decode 30 MB. The index folds each exam once, keeps its
state without the snapshot (only the grid is kept, parsed once per text), and on each
read only asks the store what follows the positions it has seen. Attempts' results are
recomputed only for an exam whose grading stream moved.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from omnisim.events import Event
from omnisim.exams.state import ExamState
from omnisim.exams.streams import grading_stream, logged, parse
from omnisim.grading.grid import Grid, parse_grid
from omnisim.live.filing import Filing
from omnisim.results.attempts import AttemptResult, attempts_of
from omnisim.store import EventStore

T = TypeVar("T")
MEMO_KEPT = 32  # figures kept (per trainer and filters)


def is_exam_stream(stream: str) -> bool:
    found = parse(stream)
    return found is not None and found.kind == "exam"


@dataclass(frozen=True)
class Held:
    """A trainer's exams (newest first), every attempt of them, the grids they froze by id."""

    exams: list[ExamState]
    attempts: list[AttemptResult]
    grids: dict[str, Grid]


@dataclass
class _Kept:
    state: ExamState
    grid: Grid | None = None
    attempts: list[AttemptResult] | None = None
    seen: tuple[int, int, bool] = (-1, -1, False)  # (exam seq, grading seq, filed) made at


class ExamIndex:
    """The store's exams, folded once, caught up on each read."""

    def __init__(self, store: EventStore, filing: Filing, exhaustive: bool = False) -> None:
        self.store = store
        self.filing = filing  # the trainers' filing stream: what is archived, marked on states
        # True where this process appends every event of the store (the embedded SQLite file):
        # then an exam no published batch touched since its last read is not read again.
        self.exhaustive = exhaustive
        self._dirty: set[str] = set()
        self._kept: dict[str, _Kept] = {}
        self._grids: dict[tuple[str, str], Grid] = {}  # (grid id, its text) -> parsed
        self._lock = asyncio.Lock()
        self.changes = 0  # bumped whenever an exam's attempts are folded again
        self._memo: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()

    async def _grid(self, state: ExamState) -> Grid | None:
        created = state.created
        if created is None or not created.grid_id:
            return None
        text = created.snapshot.get("grids", {}).get(f"{created.grid_id}.yaml")
        if not isinstance(text, str):
            return None
        key = (created.grid_id, text)
        if key not in self._grids:  # once per grid text, off the loop (a grid is 20 KB of YAML)
            self._grids[key] = await asyncio.to_thread(parse_grid, text, f"{created.grid_id}.yaml")
        return self._grids[key]

    def touched(self, events: Sequence[Event]) -> None:
        """Told of every durable batch: the exams whose own or grading stream moved."""
        for event in events:
            found = logged(event.session_id)
            if found is not None and found.kind != "attempt":
                self._dirty.add(found.exam_id)

    async def _catch_up(self, exam_id: str) -> _Kept:
        self._dirty.discard(exam_id)
        kept = self._kept.get(exam_id)
        if kept is None:
            kept = _Kept(ExamState(exam_id))
        state = kept.state
        fresh = await self.store.read(exam_id, state.last_seq)
        for event in fresh:
            state.apply(event)
        if state.created is not None and state.created.snapshot:
            kept.grid = await self._grid(state)
            state.created = dataclasses.replace(
                state.created, snapshot={}
            )  # memory: the grid is kept
        if state.created is not None:
            for event in await self.store.read(grading_stream(exam_id), state.grading_seq):
                state.apply(event)
            self._kept[exam_id] = kept
        self.filing.mark(state)
        return kept

    async def exams(self, trainer_id: str | None = None) -> list[ExamState]:
        """Every exam (of ``trainer_id``), newest first, caught up with the store."""
        return [k.state for k in await self._all(trainer_id)]

    async def _all(self, trainer_id: str | None) -> list[_Kept]:
        async with self._lock:
            await self.filing.refresh()
            streams = [s for s in await self.store.session_ids() if is_exam_stream(s)]
            found = []
            for stream in streams:
                known = self._kept.get(stream)
                if known is not None and trainer_id is not None:
                    created = known.state.created
                    if created is not None and created.trainer_id != trainer_id:
                        continue  # another trainer's: not read again
                fresh = known is not None and self.exhaustive and stream not in self._dirty
                kept = known if fresh and known is not None else await self._catch_up(stream)
                self.filing.mark(kept.state)
                created = kept.state.created
                if created is None or (trainer_id is not None and created.trainer_id != trainer_id):
                    continue
                found.append(kept)
        found.sort(key=lambda k: k.state.created_at, reverse=True)
        return found

    async def state(self, exam_id: str) -> ExamState | None:
        async with self._lock:
            await self.filing.refresh()
            kept = await self._catch_up(exam_id) if is_exam_stream(exam_id) else None
        return kept.state if kept is not None and kept.state.created is not None else None

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its last value for ``key`` while no exam changed since: a cohort
        or a calibration of 10,000 sheets is read again at each page, rarely recomputed."""
        found = self._memo.get(key)
        if found is not None and found[0] == self.changes:
            self._memo.move_to_end(key)
            return cast(T, found[1])
        value = compute()
        self._memo[key] = (self.changes, value)
        self._memo.move_to_end(key)
        while len(self._memo) > MEMO_KEPT:
            self._memo.popitem(last=False)
        return value

    def grid(self, exam_id: str) -> Grid | None:
        kept = self._kept.get(exam_id)
        return kept.grid if kept else None

    async def results(self, trainer_id: str) -> Held:
        """The trainer's exams, their candidates' attempts and each exam's grid, at once."""
        held = Held([], [], {})
        for kept in await self._all(trainer_id):
            held.exams.append(kept.state)
            if kept.grid is None:
                continue
            at = (kept.state.last_seq, kept.state.grading_seq, kept.state.archived)
            if kept.attempts is None or kept.seen != at:
                kept.attempts, kept.seen = attempts_of(kept.state, kept.grid), at
                self.changes += 1
            held.attempts.extend(kept.attempts)
            held.grids[kept.grid.id] = kept.grid
        return held
