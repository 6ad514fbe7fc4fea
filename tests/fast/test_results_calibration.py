"""Calibration, cohort and progress on a small hand-written set of gradings, against figures
computed by hand (written in the comments before the code ran).

Two exams of a trainer, grid T (criteria C1, C2, thresholds 0.8). Exam 1 (November 2026),
jurors Mme Durand and M. Petit; exam 2 (December 2026), Mme Durand and Mme Roux.

| sheet | exam | C1 prop. | C1 jurors | C1 final    | C2 prop.    | C2 jurors | C2 final    |
|-------|------|----------|-----------|-------------|-------------|-----------|-------------|
| s1    | 1    | a        | a / a     | a           | à apprécier | a / a     | a           |
| s2    | 1    | a        | n / n     | n           | a           | a / n     | a (conc.)   |
| s3    | 2    | n        | n / n     | n           | a           | a / a     | a           |
| s4    | 2    | n        | a / n     | a (conc.)   | n           | n / n     | n           |
| s5    | 2    | a        | n / n     | n           | a           | a / a     | a           |
| s6    | 2    | a        | —         | —           | n           | —         | —           |

(jurors: Durand first). s1 and s3 are the same candidate (number N1) sitting twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.exams.state import ExamState, grading_stream
from omnisim.grading.grid import Competence, Criterion, Grid, PassRule
from omnisim.results.attempts import attempts_of
from omnisim.results.calibration import Leaning, calibrate
from omnisim.results.cohort import Filters, cohort
from omnisim.results.progress import progress

GRID = Grid(
    "t",
    "Grille de test",
    "",
    PassRule("share_of_criteria", 0.5),
    "",
    (Competence("k", "Compétence"),),
    (
        Criterion("C1", "k", "T C1", "Reformuler", ("reformulation",), calibration=0.8),
        Criterion("C2", "k", "T C2", "Valider", ("validation_question",), calibration=0.8),
    ),
)
GRIDS = {"t": GRID}
A, N, Q = "acquis", "non_acquis", "a_apprecier"


def wall(year: int, month: int, day: int) -> float:
    return datetime(year, month, day, 10, tzinfo=ZoneInfo("Europe/Paris")).timestamp()


class Exam:
    """An exam written as its two streams, event by event, then folded."""

    def __init__(self, exam_id: str, when: float, jurors: list[str], number_of: dict[str, str]):
        self.id, self.when = exam_id, when
        self.events: list[Event] = []
        self.seqs = {exam_id: 0, grading_stream(exam_id): 0}
        created = ev.ExamCreated(
            "Examen " + exam_id, "tr1", "exam", 1.0, "fr", 1, "demo", "Démo", "h", {}, "t", 1
        )
        self._add(exam_id, "trainer", created)
        for n, (cid, number) in enumerate(number_of.items(), start=1):
            enrolled = ev.CandidateEnrolled(cid, f"Candidat {n}", number, "x")
            self._add(exam_id, "trainer", enrolled)
        for n, name in enumerate(jurors, start=1):
            self._add(exam_id, "trainer", ev.JuryAppointed(f"j{n}", name, "internal", "x"))

    def _add(self, stream: str, actor: str, payload: Any, actor_id: str = "") -> None:
        self.seqs[stream] += 1
        event = Event(stream, self.seqs[stream], self.when, 0.0, actor, payload, actor_id=actor_id)  # type: ignore[arg-type]
        self.events.append(event)

    def sheet(
        self,
        cid: str,
        proposed: dict[str, str],
        marks: dict[str, tuple[str, str]] | None,
        reconciled: dict[str, str] | None = None,
        comments: dict[str, str] | None = None,
    ) -> None:
        g = grading_stream(self.id)
        moments = {
            k: (ev.ProposedMoment(10 + n, 5.0, "reformulation", "note.x", {"fr": "x"}),)
            for n, k in enumerate(proposed)
        }
        crits = tuple(ev.ProposedCriterion(k, v, (), moments[k]) for k, v in proposed.items())  # type: ignore[arg-type]
        self._add(g, "system", ev.GradeProposed(cid, 40, crits, "t", 1))
        if marks is None:
            return
        for criterion, pair in marks.items():
            for j, decision in zip(("j1", "j2"), pair, strict=True):
                why = (comments or {}).get(criterion, "") if decision != proposed[criterion] else ""
                self._add(g, "jury", ev.GradeDecided(cid, criterion, decision, why), j)  # type: ignore[arg-type]
        for j in ("j1", "j2"):
            self._add(g, "jury", ev.GradeSubmitted(cid), j)
        for criterion, decision in (reconciled or {}).items():
            self._add(
                g, "jury", ev.GradeReconciled(cid, criterion, decision, "Preuve réécoutée."), "j1"
            )  # type: ignore[arg-type]
        for j in ("j1", "j2"):
            self._add(g, "jury", ev.SheetSigned(cid, "h", j), j)

    def state(self) -> ExamState:
        state = ExamState(self.id)
        for e in self.events:
            state.apply(e)
        return state


@pytest.fixture(scope="module")
def attempts() -> list[Any]:
    e1 = Exam("ex1", wall(2026, 11, 20), ["Mme Durand", "M. Petit"], {"c1": "N1", "c2": "N2"})
    e1.sheet("c1", {"C1": A, "C2": Q}, {"C1": (A, A), "C2": (A, A)})
    e1.sheet(
        "c2",
        {"C1": A, "C2": A},
        {"C1": (N, N), "C2": (A, N)},
        {"C2": A},
        {"C1": "Pas de reformulation.", "C2": "Aucune validation."},
    )
    e2 = Exam(
        "ex2",
        wall(2026, 12, 4),
        ["Mme  Durand", "Mme Roux"],
        {"c1": "N1", "c2": "N4", "c3": "N5", "c4": "N6"},
    )
    e2.sheet("c1", {"C1": N, "C2": A}, {"C1": (N, N), "C2": (A, A)})
    e2.sheet("c2", {"C1": N, "C2": N}, {"C1": (A, N), "C2": (N, N)}, {"C1": A})
    e2.sheet(
        "c3",
        {"C1": A, "C2": A},
        {"C1": (N, N), "C2": (A, A)},
        comments={"C1": "pas de REFORMULATION"},
    )
    e2.sheet("c4", {"C1": A, "C2": N}, None)
    return attempts_of(e1.state(), GRID) + attempts_of(e2.state(), GRID)


def test_proposal_against_the_sheets(attempts: list[Any]) -> None:
    (cal,) = calibrate(attempts, GRIDS, keep=True)  # every case kept: the figures are the same
    (lean,) = calibrate(attempts, GRIDS)
    assert [c.proposal.counts for c in lean.criteria] == [c.proposal.counts for c in cal.criteria]
    assert lean.criteria[1].left_to_jury == () and lean.criteria[1].left == 1
    assert cal.sheets == 5  # s6 is not signed
    c1, c2 = cal.criteria
    # C1: (a,a) (a,n) (n,n) (n,a) (a,n): 2 of 5; p(prop a)=3/5, p(final a)=2/5,
    # pe = .6*.4 + .4*.6 = .48, kappa = (.4 - .48) / .52
    assert (c1.proposal.n, c1.proposal.agreed, len(c1.proposal.cases)) == (5, 2, 5)
    assert c1.proposal.agreement == pytest.approx(0.4)
    assert c1.proposal.kappa == pytest.approx((0.4 - 0.48) / 0.52)
    assert c1.overridden == pytest.approx(0.6) and c1.warned
    assert [(c.exam_id, c.candidate_id) for c in c1.raised] == [("ex2", "c2")]
    assert [(c.exam_id, c.candidate_id) for c in c1.lowered] == [("ex1", "c2"), ("ex2", "c3")]
    # Both jurors of s2 and the juror of s5 gave one reason in other cases: one group of two;
    # s4's reconciliation is its own.
    assert [(g.text, len(g.cases)) for g in c1.comments] == [
        ("Pas de reformulation.", 2),
        ("Preuve réécoutée.", 1),
    ]
    # C2: s1 left to the jury; (a,a) (a,a) (n,n) (a,a): all agree, kappa 1
    assert [c.candidate_id for c in c2.left_to_jury] == ["c1"]
    assert (c2.proposal.n, c2.proposal.agreed, c2.proposal.kappa) == (4, 4, 1.0)
    assert not c2.warned
    # Pooled: 6 of 9; p(prop a) = 6/9, p(final a) = 5/9; pe = 42/81; kappa = 12/39
    assert cal.proposal.agreement == pytest.approx(6 / 9)
    assert cal.proposal.kappa == pytest.approx(12 / 39)
    assert [c.criterion_id for c in cal.most_overruled] == ["C1"]
    assert [c.criterion_id for c in cal.warnings] == ["C1"]


def test_jurors_against_each_other(attempts: list[Any]) -> None:
    (cal,) = calibrate(attempts, GRIDS)
    pairs = {p.jurors: p.agreement for p in cal.pairs}
    # Durand/Petit: (a,a) (a,a) (n,n) (a,n): 3/4; p(D a)=.75, p(P a)=.5: pe=.5, kappa=.5
    dp = pairs[("m. petit", "mme durand")]
    assert (dp.n, dp.agreement) == (4, 0.75)
    assert dp.kappa == pytest.approx(0.5)
    # Durand/Roux: (n,n) (a,a) (a,n) (n,n) (n,n) (a,a): 5/6; p(D a)=1/2, p(R a)=1/3: pe=.5,
    # kappa = (5/6 - 1/2) / (1/2) = 2/3. « Mme  Durand » is the same juror.
    dr = pairs[("mme durand", "mme roux")]
    assert (dr.n, dr.agreed) == (6, 5)
    assert dr.kappa == pytest.approx(2 / 3)
    # Leanings are against the sheet's decision. C1: Durand marked as every final (5 sheets,
    # none lenient or strict); Roux said non acquis on s4, reconciled acquis: strict once.
    leanings = {x.juror: x for x in cal.criteria[0].leanings}
    durand, roux = leanings["mme durand"], leanings["mme roux"]
    assert (durand.n, len(durand.lenient), len(durand.strict), durand.lean) == (5, 0, 0, "")
    assert (roux.n, len(roux.strict), roux.lean) == (3, 1, "")  # too few sheets to say
    # C2: Petit's non acquis on s2 was reconciled acquis.
    assert [
        c.candidate_id for c in {x.juror: x for x in cal.criteria[1].leanings}["m. petit"].strict
    ] == ["c2"]
    six = tuple(roux.strict) * 6
    assert Leaning("x", "X", 6, six[:2], ()).lean == "lenient"  # 2 of 6: 0.33 >= LEAN
    assert (
        Leaning("x", "X", 10, (), six[:1]).lean == ""
        and Leaning("x", "X", 6, (), six).lean == "strict"
    )
    durand = {p.period: p.agreement for p in cal.over_time if p.juror == "mme durand"}
    assert {k: (a.n, a.agreed) for k, a in durand.items()} == {"2026-11": (4, 3), "2026-12": (6, 5)}


def test_cohort_and_progress(attempts: list[Any]) -> None:
    (table,) = cohort([a for a in attempts if Filters().admits(a)], GRIDS)
    rates = {r.criterion_id: r for r in table.rates}
    # C1: acquis s1, s4; non acquis s2, s3, s5; s6 counts its proposal (acquis)
    assert (rates["C1"].acquis, len(rates["C1"].non_acquis)) == (3, 3)
    assert rates["C1"].rate == pytest.approx(0.5)
    assert [f.criterion_id for f in table.failing] == ["C1", "C2"]
    assert table.exams == ["ex1", "ex2"]
    assert cohort([a for a in attempts if Filters(mode="training").admits(a)], GRIDS) == []
    (mine,) = progress(attempts, "N1", GRIDS)
    c1 = mine.criteria[0]
    assert [s.status for s in c1.steps] == ["acquis", "non_acquis"] and c1.trend == "down"
    assert c1.last_evidence is not None and c1.last_evidence.exam_id == "ex2"
