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
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations
from typing import NamedTuple
from zoneinfo import ZoneInfo

from omnisim.grading.agreement import kappa_of_counts
from omnisim.grading.grid import Grid
from omnisim.i18n import TIME_ZONE
from omnisim.results.attempts import AttemptResult, CriterionResult, JurorMark

MIN_CASES = 5  # below this, a criterion's figure is shown but not warned about
LEAN = 0.15  # a juror leans (lenient or strict) when they differ one way this much more often


class Case(NamedTuple):
    """Where a figure comes from: one criterion of one candidate's attempt, and its moment."""

    exam_id: str
    candidate_id: str
    criterion_id: str
    seq: int  # the first evidence moment of the attempt's log (0: none)
    held_at: float


@dataclass
class Agreement:
    """Two raters' labels counted by pair; the cases where they differ; every case compared
    only when asked (``calibrate(keep=True)``, for a page listing them: 10,000 sheets are
    170,000 cases)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    differing: list[Case] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def agreed(self) -> int:
        return sum(k for (a, b), k in self.counts.items() if a == b)

    @property
    def agreement(self) -> float | None:
        n = self.n
        return self.agreed / n if n else None

    @property
    def kappa(self) -> float | None:
        return kappa_of_counts(self.counts)


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
    left: int  # proposal « à apprécier », decided by the jury
    left_to_jury: tuple[Case, ...]  # those cases (kept with ``keep``)
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


Mark = tuple[str, str, str, str, str, str]  # (juror a, juror b, criterion, month, a's, b's)


@dataclass
class _Grid:
    """Counts keyed by tuples (one increment per criterion of a sheet: 10,000 sheets of 17
    criteria are 170,000), and the cases of every figure that differs."""

    exams: dict[str, None] = field(default_factory=dict)
    sheets: int = 0
    proposed: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (crit, prop, final)
    marks: Counter[Mark] = field(default_factory=Counter)
    leaning: Counter[tuple[str, str, bool]] = field(
        default_factory=Counter
    )  # (crit, juror, =final)
    left: Counter[str] = field(default_factory=Counter)
    differing: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    compared: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))  # keep
    left_cases: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))  # keep
    raised: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    lowered: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    comments: dict[str, list[tuple[str, Case]]] = field(default_factory=lambda: defaultdict(list))
    split: dict[tuple[str, str, str, str], list[Case]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (juror a, juror b, criterion, month) -> where they differed
    together: dict[tuple[str, str, str, str], list[Case]] = field(
        default_factory=lambda: defaultdict(list)
    )  # the same, every case (keep)
    leaned: dict[tuple[str, str, str], list[Case]] = field(
        default_factory=lambda: defaultdict(list)
    )  # (criterion, juror, "lenient"|"strict")
    names: dict[str, str] = field(default_factory=dict)
    months: dict[float, str] = field(default_factory=dict)


def _attempt(acc: _Grid, attempt: AttemptResult, keep: bool) -> None:
    exam_id, candidate, held = attempt.exam_id, attempt.candidate_id, attempt.held_at
    acc.exams[exam_id] = None
    acc.sheets += 1
    period = acc.months.get(held) or acc.months.setdefault(held, month(held))
    for c in attempt.criteria:
        cid, final, proposed = c.criterion_id, c.final, c.proposed
        if final is None:
            continue
        case = None
        if proposed is not None:
            if proposed == "a_apprecier":
                acc.left[cid] += 1
                if keep:
                    case = Case(exam_id, candidate, cid, c.first_seq, held)
                    acc.left_cases[cid].append(case)
            else:
                acc.proposed[(cid, proposed, final)] += 1
                if keep or proposed != final:
                    case = Case(exam_id, candidate, cid, c.first_seq, held)
                    if keep:
                        acc.compared[cid].append(case)
                    if proposed != final:
                        acc.differing[cid].append(case)
                        (acc.raised if final == "acquis" else acc.lowered)[cid].append(case)
                        acc.comments[cid] += [(text, case) for text in _why(c)]
        marks = c.marks
        if not marks:
            continue
        for m in marks:
            acc.names[m.juror] = m.name
            same = m.decision == final
            acc.leaning[(cid, m.juror, same)] += 1
            if not same:
                case = case or Case(exam_id, candidate, cid, c.first_seq, held)
                lean = "lenient" if m.decision == "acquis" else "strict"
                acc.leaned[(cid, m.juror, lean)].append(case)
        if len(marks) == 2:  # the usual pair: ordered by hand, no sort per criterion
            first, second = marks
            pairs: Iterable[tuple[JurorMark, JurorMark]] = (
                [(first, second)] if first.juror <= second.juror else [(second, first)]
            )
        else:
            pairs = combinations(sorted(marks, key=lambda m: m.juror), 2)
        for a, b in pairs:
            acc.marks[(a.juror, b.juror, cid, period, a.decision, b.decision)] += 1
            if a.decision != b.decision or keep:
                case = case or Case(exam_id, candidate, cid, c.first_seq, held)
                if a.decision != b.decision:
                    acc.split[(a.juror, b.juror, cid, period)].append(case)
                if keep:
                    acc.together[(a.juror, b.juror, cid, period)].append(case)


def _agreements(
    acc: _Grid,
) -> tuple[
    dict[str, Agreement], dict[tuple[str, str], Agreement], dict[tuple[str, str], Agreement]
]:
    """From the juror marks' counts: per criterion, per pair, per juror and month."""
    by_criterion: dict[str, Agreement] = defaultdict(Agreement)
    by_pair: dict[tuple[str, str], Agreement] = defaultdict(Agreement)
    by_period: dict[tuple[str, str], Agreement] = defaultdict(Agreement)
    for (ja, jb, cid, period, da, db), k in acc.marks.items():
        by_criterion[cid].counts[(da, db)] += k
        by_pair[(ja, jb)].counts[(da, db)] += k
        by_period[(ja, period)].counts[(da, db)] += k
        by_period[(jb, period)].counts[(db, da)] += k
    for found, attribute in ((acc.split, "differing"), (acc.together, "cases")):
        for (ja, jb, cid, period), cases in found.items():
            for target in (
                by_criterion[cid],
                by_pair[(ja, jb)],
                by_period[(ja, period)],
                by_period[(jb, period)],
            ):
                getattr(target, attribute).extend(cases)
    return by_criterion, by_pair, by_period


def calibrate(
    attempts: Iterable[AttemptResult], grids: Mapping[str, Grid], keep: bool = False
) -> tuple[GridCalibration, ...]:
    """Per grid (of ``grids``, which also gives each criterion's threshold): every signed sheet
    of ``attempts`` compared, proposal against decision and juror against juror. The cases
    that differ are always kept; ``keep`` keeps every case compared too (a page that lists
    them)."""
    acc: dict[str, _Grid] = defaultdict(_Grid)
    for attempt in attempts:
        if attempt.signed and attempt.grid_id in grids:
            _attempt(acc[attempt.grid_id], attempt, keep)
    out = []
    for grid_id, g in sorted(acc.items()):
        grid = grids[grid_id]
        jurors, pairs, periods = _agreements(g)
        pooled = Agreement()
        criteria = []
        for criterion in grid.criteria:
            cid = criterion.id
            proposal = Agreement(
                Counter({(p, f): k for (c, p, f), k in g.proposed.items() if c == cid}),
                g.differing.get(cid, []),
                g.compared.get(cid, []),
            )
            pooled.counts.update(proposal.counts)
            pooled.differing += proposal.differing
            pooled.cases += proposal.cases
            leanings = tuple(
                Leaning(
                    juror,
                    g.names.get(juror, juror),
                    g.leaning[(cid, juror, True)] + g.leaning[(cid, juror, False)],
                    tuple(g.leaned.get((cid, juror, "lenient"), ())),
                    tuple(g.leaned.get((cid, juror, "strict"), ())),
                )
                for juror in sorted({j for (c, j, _same) in g.leaning if c == cid})
            )
            criteria.append(
                CriterionCalibration(
                    cid,
                    criterion.calibration,
                    proposal,
                    g.left[cid],
                    tuple(g.left_cases.get(cid, ())),
                    tuple(g.raised.get(cid, ())),
                    tuple(g.lowered.get(cid, ())),
                    _group(g.comments.get(cid, [])),
                    jurors.get(cid) or Agreement(),
                    leanings,
                )
            )
        out.append(
            GridCalibration(
                grid_id,
                tuple(g.exams),
                g.sheets,
                pooled,
                tuple(criteria),
                tuple(
                    PairCalibration(key, (g.names[key[0]], g.names[key[1]]), a)
                    for key, a in sorted(pairs.items())
                ),
                tuple(
                    JurorPeriod(juror, g.names.get(juror, juror), period, a)
                    for (juror, period), a in sorted(periods.items())
                ),
            )
        )
    return tuple(out)
