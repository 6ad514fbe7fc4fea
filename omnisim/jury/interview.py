"""Questions for the interview that follows the observation, drawn from the evidence.

The certification texts have the evaluators hold an interview with the candidate on what
they observed (seed 000, CP FFP; seed 002, CCS-RC "entretien"). For each criterion failed
or left "à apprécier", every measure that did not pass gives its evidence moments; each
moment becomes a question citing the scenario's clock ("À 10:32 vous avez pris l'appel de
M. Roche après le tchat : pourquoi cet ordre ?"). The wording is data (questions.yaml),
one template per evidence note, in French and English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from omnisim.deck.model import Deck
from omnisim.grading.grid import Grid
from omnisim.grading.verdicts import GradeSheet
from omnisim.i18n import Text, format_clock, localise
from omnisim.measures.result import Evidence
from omnisim.protocol.jury_view import EvidenceMoment

QUESTIONS = Path(__file__).with_name("questions.yaml")
PER_MEASURE = 2  # moments questioned per measure: the jury has minutes, not hours


@dataclass(frozen=True)
class Question:
    criterion_id: str
    measure: str  # "" for a criterion no measure establishes
    seq: int  # the moment in the log (0: none)
    sim: float
    clock: str
    text: str


@cache
def templates() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    return data


def clock_at(deck: Deck, sim_time: float, lang: str) -> str:
    """The scenario's clock at ``sim_time``: the deck's start time plus the simulated seconds."""
    hours, _, minutes = deck.start_time.partition(":")
    start = int(hours) * 3600 + int(minutes or 0) * 60
    return format_clock(start + sim_time, lang)


def moments(deck: Deck, evidence: Iterable[Evidence], lang: str) -> tuple[EvidenceMoment, ...]:
    """Evidence as the jury's pages show it: each moment with the scenario's clock and its note."""
    return tuple(
        EvidenceMoment(e.seq, e.sim_time, clock_at(deck, e.sim_time, lang), e.render(lang))
        for e in evidence
    )


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _fill(template: Mapping[str, str], lang: str, params: Mapping[str, str]) -> str | None:
    try:
        return template[lang].format_map(_Params(params))
    except KeyError:
        return None


def _params(deck: Deck, note_params: Mapping[str, Any], lang: str) -> dict[str, str]:
    customers = {c.id: c.customer.name for c in deck.contacts}
    out: dict[str, str] = {}
    for name, value in note_params.items():
        out[name] = str(localise(value, lang))
        if (
            isinstance(value, str) and value in customers
        ):  # a contact id means nothing to a candidate
            out[name] = customers[value]
            out["customer" if name == "contact" else f"{name}_customer"] = customers[value]
    return out


def named(deck: Deck, e: Evidence) -> Text:
    """The evidence note with each contact id replaced by its customer's name: a note
    quoted in a question (the generic template) must not show an id either."""
    customers = {c.id: c.customer.name for c in deck.contacts}
    params = {k: customers.get(v, v) if isinstance(v, str) else v for k, v in e.note.params}
    return Text(e.note.key, **params)


def _word(data: dict[str, Any], measure: str, e: Evidence, deck: Deck, lang: str) -> str:
    """The question for one moment: its note's template, else its measure's, else generic."""
    params = _params(deck, dict(e.note.params), lang)
    params |= {"clock": clock_at(deck, e.sim_time, lang), "note": named(deck, e).render(lang)}
    order = [data["by_note"].get(e.note.key), data["by_measure"].get(measure)]
    if e.note.key in data["generic_notes"]:
        order.reverse()
    for template in [*order, data["generic"]]:
        text = _fill(template, lang, params) if template else None
        if text is not None:
            return text
    return e.render(lang)


def questions(
    deck: Deck,
    grid: Grid,
    sheet: GradeSheet,
    decisions: Mapping[str, str | None],
    lang: str,
) -> list[Question]:
    """Questions for the criteria failed (the jury's decision, else the proposal) or left
    "à apprécier", each citing its moment; in the grid's order, then the log's."""
    data = templates()
    out: list[Question] = []
    for verdict in sheet.verdicts:
        cid = verdict.criterion.id
        decided = decisions.get(cid)
        state = decided if decided in ("acquis", "non_acquis") else verdict.proposed
        if state == "acquis":
            continue
        asked: set[str] = set()
        for result in verdict.measures:
            if result.passed is True:
                continue
            taken = 0
            for e in result.evidence:
                if taken == PER_MEASURE:
                    break
                text = _word(data, result.measure, e, deck, lang)
                if text in asked:  # the same moment seen by two measures: asked once
                    continue
                asked.add(text)
                taken += 1
                clock = clock_at(deck, e.sim_time, lang)
                out.append(Question(cid, result.measure, e.seq, e.sim_time, clock, text))
        if not asked:
            label = grid.label_for(verdict.criterion, lang)
            text = _fill(data["unmeasured"], lang, {"label": label}) or label
            out.append(Question(cid, "", 0, 0.0, "", text))
    return out
