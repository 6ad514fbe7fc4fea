"""A cohort: the attempts of a chosen set of exams, per grid: a criterion × candidate table,
each criterion's pass rate, and the criteria most often failed with their typical evidence
(pure).

A cell is the sheet's decision where the jury has decided, else the automatic proposal
(said so): a training attempt nobody grades still counts, and the trainer sees which is which.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from omnisim.grading.grid import Grid
from omnisim.results.attempts import AttemptResult, CriterionResult
from omnisim.results.calibration import Case

FAILING_SHOWN = 5  # criteria listed as most often failed
EVIDENCE_SHOWN = 3  # typical moments per failing criterion


@dataclass(frozen=True)
class Filters:
    """Which attempts a cohort reads; every field empty reads all but the archived exams."""

    exams: tuple[str, ...] = ()
    deck: str = ""
    grid: str = ""
    mode: str = ""
    start: float | None = None  # Unix seconds, inclusive
    end: float | None = None  # exclusive
    archived: bool = False  # include archived exams

    def admits(self, a: AttemptResult) -> bool:
        return (
            (not self.exams or a.exam_id in self.exams)
            and (not self.deck or a.deck_id == self.deck)
            and (not self.grid or a.grid_id == self.grid)
            and (not self.mode or a.mode == self.mode)
            and (self.start is None or a.held_at >= self.start)
            and (self.end is None or a.held_at < self.end)
            and (self.archived or not a.archived or a.exam_id in self.exams)
        )


@dataclass(frozen=True)
class Rate:
    criterion_id: str
    acquis: int
    non_acquis: tuple[Case, ...]  # the cases a « failed » figure opens
    pending: int  # left to the jury, or not ended

    @property
    def decided(self) -> int:
        return self.acquis + len(self.non_acquis)

    @property
    def rate(self) -> float | None:
        return self.acquis / self.decided if self.decided else None


@dataclass(frozen=True)
class Typical:
    """A kind of evidence seen on failed attempts of a criterion: its measure and note, how
    often, and the moments it was seen at."""

    measure: str
    note: str  # the note's catalog key
    text: Mapping[str, str]  # the first occurrence's words, per language
    count: int  # attempts it was seen on
    first: Case  # where it was first seen (the figure's link)


@dataclass(frozen=True)
class Failing:
    criterion_id: str
    failed: int
    decided: int
    typical: tuple[Typical, ...]


@dataclass(frozen=True)
class CohortTable:
    grid_id: str
    criteria: tuple[str, ...]
    rows: tuple[AttemptResult, ...]  # by exam date, then candidate number
    rates: tuple[Rate, ...]
    failing: tuple[Failing, ...]

    @property
    def exams(self) -> list[str]:
        return list(dict.fromkeys(a.exam_id for a in self.rows))


def case_of(a: AttemptResult, c: CriterionResult, seq: int | None = None) -> Case:
    return Case(
        a.exam_id, a.candidate_id, c.criterion_id, c.first_seq if seq is None else seq, a.held_at
    )


@dataclass
class _Acc:
    rows: list[AttemptResult] = field(default_factory=list)
    acquis: Counter[str] = field(default_factory=Counter)
    non_acquis: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    pending: Counter[str] = field(default_factory=Counter)
    typical: dict[str, dict[tuple[str, str], list[Any]]] = field(
        default_factory=lambda: defaultdict(dict)
    )  # criterion -> (measure, note) -> [first moment, count, first case]


def _typical(acc: _Acc, a: AttemptResult, c: CriterionResult) -> None:
    seen: set[tuple[str, str]] = set()
    for m in c.evidence:
        if m.measure not in c.failed:
            continue
        key = (m.measure, m.note)
        if key in seen:  # one count per attempt: the same note twice is one kind of failure
            continue
        seen.add(key)
        found = acc.typical[c.criterion_id].get(key)
        if found is None:
            acc.typical[c.criterion_id][key] = [m, 1, case_of(a, c, m.seq)]
        else:
            found[1] += 1


def cohort(attempts: Iterable[AttemptResult], grids: Mapping[str, Grid]) -> list[CohortTable]:
    """One table per grid met in ``attempts`` (already filtered), grids in id order."""
    acc: dict[str, _Acc] = defaultdict(_Acc)
    for a in attempts:
        if a.grid_id not in grids:
            continue
        g = acc[a.grid_id]
        g.rows.append(a)
        for c in a.criteria:
            status = c.status
            if status == "acquis":
                g.acquis[c.criterion_id] += 1
            elif status == "non_acquis":
                g.non_acquis[c.criterion_id].append(case_of(a, c))
                _typical(g, a, c)
            else:
                g.pending[c.criterion_id] += 1
    tables = []
    for grid_id, g in sorted(acc.items()):
        ids = tuple(c.id for c in grids[grid_id].criteria)
        rates = tuple(
            Rate(cid, g.acquis[cid], tuple(g.non_acquis[cid]), g.pending[cid]) for cid in ids
        )
        failing: list[Failing] = []
        for r in sorted(rates, key=lambda r: (-len(r.non_acquis), r.rate or 0.0)):
            if not r.non_acquis or len(failing) == FAILING_SHOWN:
                continue
            kinds = sorted(g.typical[r.criterion_id].values(), key=lambda t: -t[1])
            typical = tuple(
                Typical(m.measure, m.note, m.text, count, first)
                for m, count, first in kinds[:EVIDENCE_SHOWN]
            )
            failing.append(Failing(r.criterion_id, len(r.non_acquis), r.decided, typical))
        rows = tuple(sorted(g.rows, key=lambda a: (a.held_at, a.exam_id, a.number)))
        tables.append(CohortTable(grid_id, ids, rows, rates, tuple(failing)))
    return tables
