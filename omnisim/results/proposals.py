"""The automatic proposals of one attempt as the grading stream records them (pure)."""

from __future__ import annotations

from omnisim.deck.model import Deck
from omnisim.events.exam import GradeProposed, ProposedCriterion, ProposedMoment
from omnisim.grading.verdicts import GradeSheet
from omnisim.i18n import LANGS
from omnisim.jury.interview import named

MOMENTS_KEPT = 3  # per criterion not met: enough to link down and show what is typical
MOMENTS_MET = 1  # per criterion met or left to the jury: the moment a link opens on


def recorded(deck: Deck, sheet: GradeSheet, candidate_id: str, log_seq: int) -> GradeProposed:
    """``sheet``'s proposals, with the moments of the measures that did not pass first."""
    criteria = []
    for v in sheet.verdicts:
        failed = tuple(r.measure for r in v.measures if r.passed is False)
        moments = []
        for r in sorted(v.measures, key=lambda r: r.passed is not False):
            for e in r.evidence:
                note = named(deck, e)
                text = {lang: note.render(lang) for lang in LANGS}
                moments.append(ProposedMoment(e.seq, e.sim_time, r.measure, e.note.key, text))
        kept = MOMENTS_KEPT if failed else MOMENTS_MET
        criteria.append(
            ProposedCriterion(v.criterion.id, v.proposed, failed, tuple(moments[:kept]))
        )
    return GradeProposed(candidate_id, log_seq, tuple(criteria), sheet.grid.id, sheet.grid.version)


def same(a: GradeProposed | None, b: GradeProposed) -> bool:
    """Whether ``b`` says nothing ``a`` did not (the log position aside)."""
    return a is not None and a.criteria == b.criteria
