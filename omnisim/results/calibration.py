"""Calibration: the automatic proposals against the juries' final decisions, and the jurors
against each other before they reconcile, per grid and per criterion (pure).

Only signed sheets count (omnisim/jury/workflow.py says what is final); a proposal left
« à apprécier » is the jury's to decide and is counted apart, never as a disagreement.
Juror against juror reads each juror's own marks as handed in, before any reconciliation.
Agreement and Cohen's kappa are omnisim/grading/agreement.py's, the one piece the
validity bench (bench/validity.py) uses too. Every figure keeps its cases, so a page links
down to the exams and moments it is made of.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from zoneinfo import ZoneInfo

from omnisim.grading.agreement import cohen_kappa
from omnisim.grading.grid import Grid
from omnisim.i18n import TIME_ZONE
from omnisim.results.attempts import AttemptResult, CriterionResult

MIN_CASES = 5  # below this, a criterion's figure is shown but not warned about
LEAN = 0.15  # a juror leans (lenient or strict) when they differ one way this much more often


@dataclass(frozen=True)
class Case:
    """Where a figure comes from: one criterion of one candidate's attempt, and its moment."""

    exam_id: str
    candidate_id: str
    criterion_id: str
    seq: int  # the first evidence moment of the attempt's log (0: none)
    held_at: float


@dataclass
class Agreement:
    """Paired labels of two raters, with the cases behind each pair."""

    pairs: list[tuple[str, str]] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    differing: list[Case] = field(default_factory=list)

    def add(self, a: str, b: str, case: Case) -> None:
        self.pairs.append((a, b))
        self.cases.append(case)
        if a != b:
            self.differing.append(case)

    @property
    def n(self) -> int:
        return len(self.pairs)

    @property
    def agreed(self) -> int:
        return self.n - len(self.differing)

    @property
    def agreement(self) -> float | None:
        return self.agreed / self.n if self.n else None

    @property
    def kappa(self) -> float | None:
        return cohen_kappa(self.pairs)


@dataclass(frozen=True)
class CommentGroup:
    """The jury's comments on the overrides of one criterion, grouped by their words."""

    text: str
    cases: tuple[Case, ...]


@dataclass(frozen=True)
class Leaning:
    """How one juror's own marks on one criterion differ from the sheets' final decisions:
    where the pair reconciled, the one who gave way is the one who leaned."""

    juror: str
    name: str
    n: int  # sheets with the juror's mark and a final decision
    lenient: tuple[Case, ...]  # acquis where the sheet says non acquis
    strict: tuple[Case, ...]  # non acquis where the sheet says acquis

    @property
    def lean(self) -> str:
        """ "lenient", "strict" or "" (no clear tendency, or too few sheets)."""
        if self.n < MIN_CASES:
            return ""
        gap = (len(self.lenient) - len(self.strict)) / self.n
        return "lenient" if gap >= LEAN else "strict" if gap <= -LEAN else ""


@dataclass(frozen=True)
class CriterionCalibration:
    criterion_id: str
    threshold: float | None  # the grid's calibration threshold for this criterion
    proposal: Agreement  # proposal (acquis / non acquis) vs the sheet's decision
    left_to_jury: tuple[Case, ...]  # proposal « à apprécier », decided by the jury
    raised: tuple[Case, ...]  # proposed non acquis, decided acquis
    lowered: tuple[Case, ...]  # proposed acquis, decided non acquis
    comments: tuple[CommentGroup, ...]  # the overrides' comments, most frequent first
    jurors: Agreement  # juror vs juror on this criterion
    leanings: tuple[Leaning, ...]

    @property
    def overridden(self) -> float | None:
        """Share of the decided proposals the juries overruled."""
        a = self.proposal.agreement
        return None if a is None else 1.0 - a

    @property
    def warned(self) -> bool:
        """Below the grid's threshold, on enough sheets to say so."""
        a = self.proposal.agreement
        return (
            self.threshold is not None
            and a is not None
            and self.proposal.n >= MIN_CASES
            and a < self.threshold
        )


@dataclass(frozen=True)
class PairCalibration:
    jurors: tuple[str, str]  # juror keys, in order
    names: tuple[str, str]
    agreement: Agreement


@dataclass(frozen=True)
class JurorPeriod:
    """One juror's agreement with their co-jurors over one month."""

    juror: str
    name: str
    period: str  # "2026-11", on the exam room's clock
    agreement: Agreement


@dataclass(frozen=True)
class GridCalibration:
    grid_id: str
    exams: tuple[str, ...]
    sheets: int  # signed sheets counted
    proposal: Agreement  # every criterion pooled
    criteria: tuple[CriterionCalibration, ...]  # in the grid's order
    pairs: tuple[PairCalibration, ...]
    over_time: tuple[JurorPeriod, ...]  # by juror, then month

    @property
    def most_overruled(self) -> list[CriterionCalibration]:
        """Criteria whose proposals juries overrule most (decided ones only)."""
        found = [c for c in self.criteria if c.proposal.n and c.proposal.differing]
        return sorted(found, key=lambda c: (-(c.overridden or 0.0), -c.proposal.n))

    @property
    def warnings(self) -> list[CriterionCalibration]:
        return [c for c in self.criteria if c.warned]


def month(wall: float) -> str:
    return datetime.fromtimestamp(wall, ZoneInfo(TIME_ZONE)).strftime("%Y-%m")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _group(comments: list[tuple[str, Case]]) -> tuple[CommentGroup, ...]:
    groups: dict[str, tuple[str, list[Case]]] = {}
    for text, case in comments:
        key = _words(text)
        if not key:
            continue
        groups.setdefault(key, (text.strip(), []))[1].append(case)
    ordered = sorted(groups.values(), key=lambda g: (-len(g[1]), g[0]))
    return tuple(CommentGroup(text, tuple(cases)) for text, cases in ordered)


def _why(c: CriterionResult) -> list[str]:
    """The words that justify an override, once each: the reconciliation's, or each
    juror's own (two jurors writing the same reason count once)."""
    texts = [c.comment] if c.how == "reconciled" else [m.comment for m in c.marks] or [c.comment]
    return list({_words(t): t for t in texts if _words(t)}.values())


@dataclass
class _Criterion:
    proposal: Agreement = field(default_factory=Agreement)
    left: list[Case] = field(default_factory=list)
    raised: list[Case] = field(default_factory=list)
    lowered: list[Case] = field(default_factory=list)
    comments: list[tuple[str, Case]] = field(default_factory=list)
    jurors: Agreement = field(default_factory=Agreement)
    # juror -> [n, lenient cases, strict cases]
    lean: dict[str, tuple[list[int], list[Case], list[Case]]] = field(default_factory=dict)


@dataclass
class _Grid:
    exams: dict[str, None] = field(default_factory=dict)
    sheets: int = 0
    proposal: Agreement = field(default_factory=Agreement)
    criteria: dict[str, _Criterion] = field(default_factory=lambda: defaultdict(_Criterion))
    pairs: dict[tuple[str, str], Agreement] = field(default_factory=lambda: defaultdict(Agreement))
    periods: dict[tuple[str, str], Agreement] = field(
        default_factory=lambda: defaultdict(Agreement)
    )
    names: dict[str, str] = field(default_factory=dict)


def _attempt(acc: _Grid, attempt: AttemptResult) -> None:
    acc.exams[attempt.exam_id] = None
    acc.sheets += 1
    period = month(attempt.held_at)
    for c in attempt.criteria:
        case = Case(
            attempt.exam_id, attempt.candidate_id, c.criterion_id, c.first_seq, attempt.held_at
        )
        crit = acc.criteria[c.criterion_id]
        if c.final is not None and c.proposed is not None:
            if c.proposed == "a_apprecier":
                crit.left.append(case)
            else:
                crit.proposal.add(c.proposed, c.final, case)
                acc.proposal.add(c.proposed, c.final, case)
                if c.proposed != c.final:
                    (crit.raised if c.final == "acquis" else crit.lowered).append(case)
                    crit.comments += [(text, case) for text in _why(c)]
        for m in c.marks if c.final is not None else ():
            acc.names[m.juror] = m.name
            n, lenient, strict = crit.lean.setdefault(m.juror, ([0], [], []))
            n[0] += 1
            if m.decision == "acquis" and c.final == "non_acquis":
                lenient.append(case)
            elif m.decision == "non_acquis" and c.final == "acquis":
                strict.append(case)
        for a, b in combinations(sorted(c.marks, key=lambda m: m.juror), 2):
            acc.names[a.juror], acc.names[b.juror] = a.name, b.name
            crit.jurors.add(a.decision, b.decision, case)
            acc.pairs[(a.juror, b.juror)].add(a.decision, b.decision, case)
            acc.periods[(a.juror, period)].add(a.decision, b.decision, case)
            acc.periods[(b.juror, period)].add(b.decision, a.decision, case)


def calibrate(
    attempts: Iterable[AttemptResult], grids: Mapping[str, Grid]
) -> tuple[GridCalibration, ...]:
    """Per grid (of ``grids``, which also gives each criterion's threshold): every signed sheet
    of ``attempts`` compared, proposal against decision and juror against juror."""
    acc: dict[str, _Grid] = defaultdict(_Grid)
    for attempt in attempts:
        if attempt.signed and attempt.grid_id in grids:
            _attempt(acc[attempt.grid_id], attempt)
    out = []
    for grid_id, g in sorted(acc.items()):
        grid = grids[grid_id]
        criteria = []
        for criterion in grid.criteria:
            c = g.criteria.get(criterion.id) or _Criterion()
            leanings = tuple(
                Leaning(juror, g.names.get(juror, juror), n[0], tuple(lenient), tuple(strict))
                for juror, (n, lenient, strict) in sorted(c.lean.items())
            )
            criteria.append(
                CriterionCalibration(
                    criterion.id,
                    criterion.calibration,
                    c.proposal,
                    tuple(c.left),
                    tuple(c.raised),
                    tuple(c.lowered),
                    _group(c.comments),
                    c.jurors,
                    leanings,
                )
            )
        pairs = tuple(
            PairCalibration(key, (g.names[key[0]], g.names[key[1]]), a)
            for key, a in sorted(g.pairs.items())
        )
        periods = tuple(
            JurorPeriod(juror, g.names.get(juror, juror), period, a)
            for (juror, period), a in sorted(g.periods.items())
        )
        out.append(
            GridCalibration(
                grid_id, tuple(g.exams), g.sheets, g.proposal, tuple(criteria), pairs, periods
            )
        )
    return tuple(out)
