"""Dry runs on this worker: one at a time, off the event loop, remembered by deck version.

A dry run is a few seconds of CPU (omnisim/rehearsal/dryrun.py); live exams share the
worker, so trainers' dry runs wait for each other rather than pile up in threads. A deck's
version (its content hash) with the same grids always gives the same run: it is kept.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from omnisim.grading import Grid
from omnisim.rehearsal.dryrun import DryRun, dry_run
from omnisim.scenario import Scenario

KEEP = 16  # dry runs remembered


@dataclass(frozen=True)
class Timed:
    run: DryRun
    seconds: float  # CPU time it took (both candidates played, measured and graded)


class Rehearsals:
    def __init__(self, keep: int = KEEP) -> None:
        self.keep = keep
        self._lock = asyncio.Lock()
        self._done: OrderedDict[tuple[str, tuple[tuple[str, int], ...]], Timed] = OrderedDict()

    async def dry_run(self, scenario: Scenario, grids: Sequence[Grid]) -> Timed:
        key = (scenario.content_hash, tuple((g.id, g.version) for g in grids))
        async with self._lock:
            if key not in self._done:
                self._done[key] = await asyncio.to_thread(_timed, scenario, grids)
                while len(self._done) > self.keep:
                    self._done.popitem(last=False)
            self._done.move_to_end(key)
            return self._done[key]


def _timed(scenario: Scenario, grids: Sequence[Grid]) -> Timed:
    started = time.perf_counter()
    run = dry_run(scenario, grids)
    return Timed(run, time.perf_counter() - started)
