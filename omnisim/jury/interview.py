"""Questions for the interview that follows the observation, drawn from the evidence.

The certification texts have the evaluators hold an interview with the candidate on what
they observed (seed 000, CP FFP; seed 002, CCS-RC "entretien"). For each criterion failed
or left "à apprécier", every measure that did not pass gives its evidence moments; each
moment becomes a question citing the scenario's clock ("À 10:32 vous avez pris l'appel de
M. Roche après le tchat : pourquoi cet ordre ?"). The wording is data (questions.yaml),
one template per evidence note, in French and English.

Written for a person: a question is asked once however many criteria it serves (it lists
their references), the notes of one moment make one question, and no internal id of the
deck reaches its text: contacts, staff, principals and CRM records are named, script steps
quoted; a note whose ids have no name (facts) is asked without them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from omnisim.deck.model import Deck
from omnisim.deck.scripts import DiagnosticScript
from omnisim.grading.grid import Grid
from omnisim.grading.verdicts import GradeSheet
from omnisim.i18n import Text, format_clock, localise
from omnisim.measures.result import Evidence
from omnisim.protocol.jury_view import EvidenceMoment

QUESTIONS = Path(__file__).with_name("questions.yaml")
PER_MEASURE = 2  # moments questioned per measure: the jury has minutes, not hours
QUOTES = {"fr": "« {} »", "en": "“{}”"}


@dataclass(frozen=True)
class Question:
    id: str  # "<criterion>/<measure>/<seq>" of its first moment: stable while the log grows
    criterion_id: str
    references: tuple[str, ...]  # every criterion it serves, as the grid names them
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


@dataclass(frozen=True)
class Names:
    """The deck's ids and what a person calls each: customers, staff, principals, CRM
    records by name, script steps by their question; an id without a name is never shown."""

    named: dict[str, str]
    ids: frozenset[str]

    @classmethod
    def of(cls, deck: Deck, lang: str, scripts: Mapping[str, DiagnosticScript]) -> Names:
        named: dict[str, str] = {}
        used = [c.key.script for c in deck.contacts if c.key.script in scripts]
        for script in [scripts[s] for s in dict.fromkeys(used)] + list(scripts.values()):
            for step in script.steps:
                named.setdefault(step.id, QUOTES[lang].format(script.question_for(step, lang)))
        for record in deck.crm:
            named[record.id] = f"{record.first_name} {record.last_name}".strip()
        for principal in deck.principals:
            named[principal.id] = principal.name
            named.update((s.id, s.name) for s in principal.staff)
        named.update((c.id, c.customer.name) for c in deck.contacts)
        ids = set(named)
        for c in deck.contacts:
            ids.update(f.id for f in c.facts)
            ids.update(c.key.expected_facts)
        ids.update(scripts)
        return cls(named, frozenset(ids))

    def say(self, value: Any, lang: str) -> str | None:
        """``value`` as a person reads it, or None when it is an id nobody named."""
        if isinstance(value, Text):
            return value.render(lang)
        if isinstance(value, tuple):
            said = [self.say(v, lang) for v in value]
            return None if None in said else ", ".join(str(i) for i in said)
        if isinstance(value, str):
            items = [v.strip() for v in value.split(",")] if "," in value else [value]
            if any(v in self.ids and v not in self.named for v in items):
                return None
            if any(v in self.named for v in items):
                return ", ".join(self.named.get(v) or v for v in items)
        return str(localise(value, lang))


class _Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _fill(template: Mapping[str, str] | None, lang: str, params: Mapping[str, str]) -> str | None:
    try:
        return template[lang].format_map(_Params(params)) if template else None
    except KeyError:
        return None


def _params(names: Names, e: Evidence, lang: str) -> dict[str, str]:
    """The note's parameters as a person reads them (an unnamed id is left out)."""
    out: dict[str, str] = {}
    for name, value in e.note.params:
        said = names.say(value, lang)
        if said is None:
            continue
        out[name] = said
        if isinstance(value, str) and value in names.named:
            out["customer" if name == "contact" else f"{name}_customer"] = said
    return out


def named(deck: Deck, e: Evidence) -> Text:
    """The evidence note with each contact id replaced by its customer's name (the results'
    proposals quote it: omnisim/results/proposals.py)."""
    customers = {c.id: c.customer.name for c in deck.contacts}
    params = {k: customers.get(v, v) if isinstance(v, str) else v for k, v in e.note.params}
    return Text(e.note.key, **params)


def _note(names: Names, e: Evidence, lang: str) -> str | None:
    """The note itself in words, without its contact (the question names the customer), or
    None when it holds an id nobody named."""
    params = _params(names, e, lang)
    if any(name not in params for name, _ in e.note.params):
        return None  # an id nobody named (a fact): the question is asked without the note
    text = Text(e.note.key, **(dict(e.note.params) | params)).render(lang)
    customer = params.get("contact")
    for prefix in (f"{customer} : ", f"{customer}: ") if customer else ():
        text = text.removeprefix(prefix)
    return text


def _word(
    data: dict[str, Any], deck: Deck, measure: str, seen: list[Evidence], names: Names, lang: str
) -> str:
    """The question for one moment (its notes, several when one measure noted several
    things then): its note's template, else its measure's, else the generic one."""
    first = seen[0]
    params = _params(names, first, lang) | {"clock": clock_at(deck, first.sim_time, lang)}
    notes = [_note(names, e, lang) for e in seen]
    if None not in notes:
        params["note"] = " ; ".join(dict.fromkeys(n for n in notes if n))
    by_note = data["by_note"].get(first.note.key) if len(seen) == 1 else None
    order = [by_note, data["by_measure"].get(measure)]
    if first.note.key in data["generic_notes"]:
        order.reverse()
    for template in [*order, data["generic"], data["generic_alone"], data["fallback"]]:
        text = _fill(template, lang, params)
        if text is not None:
            return text
    raise KeyError("questions.yaml: fallback needs only {clock}")


def questions(
    deck: Deck,
    grid: Grid,
    sheet: GradeSheet,
    decisions: Mapping[str, str | None],
    lang: str,
    scripts: Mapping[str, DiagnosticScript] | None = None,
) -> list[Question]:
    """Questions for the criteria failed (the jury's decision, else the proposal) or left
    "à apprécier", each citing its moment; in the grid's order, then the log's. A question
    two criteria share is asked once, under the first, naming both."""
    data = templates()
    names = Names.of(deck, lang, {s.id: s for s in deck.scripts} if scripts is None else scripts)
    out: list[Question] = []
    found: dict[str, int] = {}  # question text -> its place in ``out``
    for verdict in sheet.verdicts:
        cid = verdict.criterion.id
        ref = verdict.criterion.reference or cid
        decided = decisions.get(cid)
        state = decided if decided in ("acquis", "non_acquis") else verdict.proposed
        if state == "acquis":
            continue
        asked = False
        for result in verdict.measures:
            if result.passed is True:
                continue
            by_moment: dict[int, list[Evidence]] = {}
            for e in result.evidence:
                if e.seq in by_moment or len(by_moment) < PER_MEASURE:
                    same = by_moment.setdefault(e.seq, [])
                    if all(e.note != other.note for other in same):
                        same.append(e)
            for seq, seen in by_moment.items():
                text = _word(data, deck, result.measure, seen, names, lang)
                asked = True
                if text in found:  # the same question for another criterion: named there
                    q = out[found[text]]
                    if ref not in q.references:
                        out[found[text]] = replace(q, references=(*q.references, ref))
                    continue
                found[text] = len(out)
                clock = clock_at(deck, seen[0].sim_time, lang)
                qid = f"{cid}/{result.measure}/{seq}"
                out.append(
                    Question(qid, cid, (ref,), result.measure, seq, seen[0].sim_time, clock, text)
                )
        if not asked:
            label = grid.label_for(verdict.criterion, lang)
            text = _fill(data["unmeasured"], lang, {"label": label}) or label
            out.append(Question(cid, cid, (ref,), "", 0, 0.0, "", text))
    return out
