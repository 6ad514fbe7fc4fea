"""Graded exams for the results pages and their bench: scripted candidates and scripted jurors.

Each style of tests/scripted.py plays the demo deck once (``play_styles``); its automatic
proposals are computed from that log as the server does (measures, grid, grade.proposed).
A generated exam enrols candidates of a pool (the same number comes back across exams, as
people re-sit), gives each a style, and has two scripted jurors grade every sheet through
the grading stream's own events: each juror marks what the hand grading of that style says
(evalsets/golden/), bent by their leaning (a lenient juror turns some « non acquis » into
« acquis », a strict one the reverse) and a few slips; they hand in, reconcile where they
differ (on the hand grading), recommend, and sign the sheet's real hash. Written through the
store's own ``append``, stream by stream, so the pages and the calibration read them as
they read any exam.
"""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from omnisim import events as ev
from omnisim.events import Event
from omnisim.exams.state import ExamState, attempt_stream, grading_stream
from omnisim.grading.grid import Grid
from omnisim.grading.verdicts import grade
from omnisim.jury import workflow
from omnisim.jury.integrity import log_hash
from omnisim.measures import compute_all
from omnisim.results.proposals import recorded
from omnisim.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "decks" / "demo"
GOLDEN = ROOT / "evalsets" / "golden"
STYLES = ("careful", "careless", "disorganised", "hurried", "terse")
GRID = "cqp_telesecretaire"
DAY = 86400.0


@dataclass(frozen=True)
class Played:
    style: str
    log: list[Event]
    proposed: ev.GradeProposed  # for candidate "c0": re-addressed per candidate
    golden: dict[str, str]  # criterion -> the hand grading's decision


@dataclass(frozen=True)
class Juror:
    name: str
    leaning: float  # > 0 lenient, < 0 strict: the chance to bend a decision that way
    slip: float = 0.04  # the chance to mark the other way, either way


# Where juries see it otherwise than the hand grading: « Si je comprends bien, c'est noté ? »
# counts as a reformulation for the measure and for evalsets/golden/, but some juries want the
# caller's own words back (CQP C.1.5). Then both jurors mark it « non acquis »: the proposal
# is contradicted, and the calibration page must say so.
DISPUTED = {"cqp.c1_5": 0.75}

JURORS = (
    Juror("Mme Durand", 0.25),
    Juror("M. Petit", -0.25),
    Juror("Mme Roux", 0.0),
    Juror("M. Garnier", 0.05),
)


def golden(style: str) -> dict[str, str]:
    data = yaml.safe_load((GOLDEN / f"demo_{style}.yaml").read_text(encoding="utf-8"))
    marks = data["grids"][GRID]["criteria"]
    return {cid: m.get("decision") or "acquis" for cid, m in marks.items()}


async def play_styles(styles: tuple[str, ...] = STYLES) -> tuple[Scenario, dict[str, Played]]:
    from tests.scripted import play_direct

    scenario = await asyncio.to_thread(load_scenario, DEMO)
    grid = scenario.grids[GRID]
    out = {}
    for style in styles:
        log = await play_direct(DEMO, style, scenario=scenario)
        results = await asyncio.to_thread(compute_all, log, scenario)
        proposed = recorded(scenario.deck, grade(grid, results), "c0", log[-1].seq)
        out[style] = Played(style, log, proposed, golden(style))
    return scenario, out


def mark(juror: Juror, truth: str, rng: random.Random) -> str:
    other = "non_acquis" if truth == "acquis" else "acquis"
    if juror.leaning > 0 and truth == "non_acquis" and rng.random() < juror.leaning:
        return "acquis"
    if juror.leaning < 0 and truth == "acquis" and rng.random() < -juror.leaning:
        return "non_acquis"
    return other if rng.random() < juror.slip else truth


@dataclass
class _Streams:
    """Events of one exam, stream by stream, with their seqs."""

    wall: float
    events: dict[str, list[Event]] = field(default_factory=dict)

    def add(
        self, stream: str, actor: str, payload: Any, actor_id: str = "", sim: float = 0.0
    ) -> Event:
        found = self.events.setdefault(stream, [])
        event = Event(stream, len(found) + 1, self.wall, sim, actor, payload, actor_id=actor_id)  # type: ignore[arg-type]
        found.append(event)
        return event


def exam_streams(
    exam_id: str,
    trainer_id: str,
    scenario: Scenario,
    played: dict[str, Played],
    people: list[tuple[str, str, str]],  # (number, name, style)
    jurors: tuple[Juror, Juror],
    wall: float,
    rng: random.Random,
    *,
    mode: str = "exam",
    with_logs: bool = False,
    signed: bool = True,
) -> dict[str, list[Event]]:
    """Every stream of one graded exam (the attempts' own logs only ``with_logs``)."""
    grid: Grid = scenario.grids[GRID]
    deck = scenario.deck
    s = _Streams(wall)
    created = ev.ExamCreated(
        f"Session n° {exam_id[-4:]}",
        trainer_id,
        mode,
        deck.time_factor,
        deck.language,  # type: ignore[arg-type]
        deck.seed,
        deck.id,
        deck.title,
        scenario.content_hash,
        dict(scenario.snapshot),
        GRID,
        grid.version,
    )
    s.add(exam_id, "trainer", created, trainer_id)
    for n, (number, name, _style) in enumerate(people, start=1):
        s.add(exam_id, "trainer", ev.CandidateEnrolled(f"c{n}", name, number, "x"), trainer_id)
    for n, juror in enumerate(jurors, start=1):
        evaluator = "external" if n == 2 else "internal"
        s.add(exam_id, "trainer", ev.JuryAppointed(f"j{n}", juror.name, evaluator, "x"), trainer_id)  # type: ignore[arg-type]
    s.add(exam_id, "trainer", ev.ExamStarted(), trainer_id)
    s.add(exam_id, "trainer", ev.ExamStopped(), trainer_id)
    state = ExamState(exam_id)
    for event in s.events[exam_id]:
        state.apply(event)
    g = grading_stream(exam_id)

    def grading(actor: str, payload: Any, actor_id: str = "") -> None:
        state.apply(s.add(g, actor, payload, actor_id))

    for n, (_number, _name, style) in enumerate(people, start=1):
        cid, p = f"c{n}", played[style]
        log = [
            Event(
                attempt_stream(exam_id, cid),
                e.seq,
                wall,
                e.sim_time,
                e.actor,
                e.payload,
                e.actor_id,
            )
            for e in p.log
        ]
        if with_logs:
            s.events[log[0].session_id] = log
        grading(
            "system",
            ev.GradeProposed(cid, p.proposed.log_seq, p.proposed.criteria, GRID, grid.version),
        )
        if not signed and rng.random() < 0.5:
            continue  # left ungraded: the cohort shows its proposals
        proposals = {c.criterion_id: c.proposal for c in p.proposed.criteria}
        truths = dict(p.golden)
        for criterion_id, chance in DISPUTED.items():
            if truths.get(criterion_id) == "acquis" and rng.random() < chance:
                truths[criterion_id] = "non_acquis"
        given: dict[str, list[str]] = {}
        for j, juror in enumerate(jurors, start=1):
            for criterion in grid.criteria:
                truth = truths.get(criterion.id, "acquis")
                decision = mark(juror, truth, rng)
                given.setdefault(criterion.id, []).append(decision)
                proposed = proposals.get(criterion.id, "a_apprecier")
                why = WHY.get(criterion.id, WHY)[decision]
                why = "" if proposed in (decision, "a_apprecier") else why
                grading("jury", ev.GradeDecided(cid, criterion.id, decision, why), f"j{j}")  # type: ignore[arg-type]
            grading("jury", ev.GradeSubmitted(cid), f"j{j}")
        for criterion in grid.criteria:
            if len(set(given[criterion.id])) > 1:
                truth = truths.get(criterion.id, "acquis")
                grading(
                    "jury",
                    ev.GradeReconciled(cid, criterion.id, truth, "Concertation sur la preuve."),
                    "j1",
                )  # type: ignore[arg-type]
        sheet = workflow.grading_of(state, cid)
        for criterion_id in workflow.missing_recommendations(state, sheet, grid):
            grading(
                "jury",
                ev.GradeRecommended(cid, criterion_id, "Retravailler ce point en entraînement."),
                "j2",
            )
        if not signed:
            continue
        hashed = log_hash(log, log[-1].seq) if with_logs else ""
        for j, juror in enumerate(jurors, start=1):
            current = workflow.current_sheet_hash(state, cid, grid)
            grading("jury", ev.SheetSigned(cid, current, juror.name, log[-1].seq, hashed), f"j{j}")
    return s.events


WHY: dict[str, Any] = {
    "acquis": "Observé à la réécoute : le critère est tenu.",
    "non_acquis": "Non observé à la réécoute.",
    "cqp.c1_5": {
        "acquis": "Reformulation entendue à la réécoute.",
        "non_acquis": "« C'est noté » ne reprend pas les mots de l'appelant.",
    },
}


def pool(size: int) -> list[tuple[str, str]]:
    """Candidates of a centre: (number, name)."""
    first = (
        "Claire",
        "Karim",
        "Élodie",
        "Hugo",
        "Inès",
        "Lucas",
        "Manon",
        "Nabil",
        "Océane",
        "Paul",
    )
    last = ("Roussel", "Benali", "Martin", "Lefèvre", "Moreau", "Garcia", "Fontaine", "Chevalier")
    return [
        (f"{n:04d}", f"{first[n % len(first)]} {last[n // len(first) % len(last)]}")
        for n in range(1, size + 1)
    ]


async def write_exams(
    store: Any,
    trainer_id: str,
    scenario: Scenario,
    played: dict[str, Played],
    *,
    exams: int,
    candidates: int,
    start: float,
    seed: int = 7,
    people: int = 60,
    with_logs: bool = False,
    every: float = 3 * DAY,
) -> list[str]:
    """``exams`` graded exams of ``candidates`` each, one every ``every`` seconds from ``start``."""
    rng = random.Random(seed)
    centre = pool(people)
    ids = []
    for n in range(exams):
        exam_id = f"ex{seed:02d}{n:06d}"
        chosen = rng.sample(centre, min(candidates, len(centre)))
        roster = [(number, name, rng.choice(list(played))) for number, name in chosen]
        pair = tuple(rng.sample(JURORS, 2))
        streams = exam_streams(
            exam_id,
            trainer_id,
            scenario,
            played,
            roster,
            pair,
            start + n * every,
            rng,  # type: ignore[arg-type]
            with_logs=with_logs,
        )
        for events in streams.values():
            for at in range(0, len(events), 2000):
                await store.append(events[at : at + 2000])
        ids.append(exam_id)
    return ids
