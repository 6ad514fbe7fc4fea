"""How far automatic proposals agree with a jury's hand grading (validity checks).

A hand grading gives, per criterion, the jury's decision and whether the session's log
showed anything to judge. Agreement and Cohen's kappa are computed on the criteria both
sides decided; coverage is the share of log-judgeable criteria the software decided;
pass/fail takes the proposals where decided and the jury's decision elsewhere (the jury
always has the last word on what is left to it).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from omnisim.grading.grid import Grid
from omnisim.grading.pass_rule import evaluate
from omnisim.grading.verdicts import Decision, Proposal


@dataclass(frozen=True)
class JuryMark:
    decision: Decision | None  # None: the text leaves it to the jury's interview or dossier
    from_log: bool = True  # False: nothing in this session's log to judge it on


@dataclass(frozen=True)
class Comparison:
    grid: str
    decided: int  # criteria decided by both the jury (from the log) and the software
    agreed: int
    kappa: float | None
    coverage: float  # decided / criteria the log could show
    passed: bool | None  # the outcome with the software's proposals
    jury_passed: bool | None  # None: the text gives no rule, the jury decides (MC ACVD)
    disagreements: tuple[tuple[str, Proposal, Decision | None], ...]
    pairs: tuple[tuple[str, str], ...] = ()  # (proposed, jury) on the criteria both decided
    # Criteria of the grid the hand grading does not hold (written before the criterion was:
    # MC ACVD C1.6 on a deck whose sale a later key made gradable): neither compared nor
    # counted in the pass rule; the jury did not grade them, nothing disagrees.
    ungraded: tuple[str, ...] = ()

    @property
    def agreement(self) -> float:
        return self.agreed / self.decided if self.decided else 1.0


def cohen_kappa(pairs: list[tuple[str, str]]) -> float | None:
    """Cohen's kappa of two raters' labels; None without any pair, 1.0 when both agree on
    one label throughout (no chance term to correct)."""
    return kappa_of_counts(Counter(pairs))


def kappa_of_counts(counts: Mapping[tuple[str, str], int]) -> float | None:
    """Cohen's kappa from how often each (first rater's, second rater's) pair of labels
    occurs: what the results' calibration keeps for 10,000 sheets (omnisim/results/)."""
    n = sum(counts.values())
    if not n:
        return None
    observed = sum(k for (a, b), k in counts.items() if a == b) / n
    first: Counter[str] = Counter()
    second: Counter[str] = Counter()
    for (a, b), k in counts.items():
        first[a] += k
        second[b] += k
    expected = sum((first[lab] / n) * (second[lab] / n) for lab in first.keys() | second.keys())
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return (observed - expected) / (1.0 - expected)


def compare(
    grid: Grid,
    proposals: Mapping[str, Proposal],
    jury: Mapping[str, JuryMark],
    jury_passed: bool | None,
) -> Comparison:
    pairs: list[tuple[str, str]] = []
    wrong: list[tuple[str, Proposal, Decision | None]] = []
    judgeable = 0
    decisions: dict[str, Decision | None] = {}
    # Only a criterion some decks lack (an occasion) may be missing: any other is an error.
    ungraded = tuple(c.id for c in grid.criteria if c.occasion and c.id not in jury)
    if ungraded:
        grid = replace(grid, criteria=tuple(c for c in grid.criteria if c.id in jury))
    for criterion in grid.criteria:
        mark = jury[criterion.id]
        proposed = proposals[criterion.id]
        decisions[criterion.id] = mark.decision if proposed == "a_apprecier" else proposed
        if not mark.from_log or mark.decision is None:
            if proposed != "a_apprecier" and proposed != mark.decision:
                wrong.append((criterion.id, proposed, mark.decision))
            continue
        judgeable += 1
        if proposed == "a_apprecier":
            continue
        pairs.append((proposed, mark.decision))
        if proposed != mark.decision:
            wrong.append((criterion.id, proposed, mark.decision))
    outcome = evaluate(grid, decisions)
    return Comparison(
        grid.id,
        len(pairs),
        sum(1 for a, b in pairs if a == b),
        cohen_kappa(pairs),
        len(pairs) / judgeable if judgeable else 1.0,
        outcome.passed,
        jury_passed,
        tuple(wrong),
        tuple(pairs),
        ungraded,
    )
