"""The debrief a candidate reads when a training attempt ends (pure).

Per criterion: the automatic proposal (or the jury's decision, once signed), the moments it
rests on, and, for a criterion not met, what to do differently: the advice of each measure
that did not pass (catalog ``advice.<measure>``, written for a learner), the candidate's own
line at that moment, and the référentiel's words the measure answers to (the grid's
``cites``).

It goes to the candidate's browser, so it names nothing of the answer key: a moment is its
clock, the customer's name and the measure's label, never the measure's note (a note may
name an expected fact, a transfer target or a record).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from omnisim.deck.model import Deck
from omnisim.events import Event, MessageSent
from omnisim.grading.grid import Grid
from omnisim.grading.verdicts import CriterionVerdict, GradeSheet
from omnisim.i18n import message
from omnisim.jury.interview import clock_at

MOMENTS_SHOWN = 4  # per criterion
QUOTE_MAX = 240  # characters of the candidate's own line


@dataclass(frozen=True)
class Moment:
    seq: int
    sim: float
    clock: str
    label: str  # the measure, in words
    customer: str  # "" when the moment is no contact's


@dataclass(frozen=True)
class Advice:
    measure: str
    label: str  # the measure, in words
    text: str  # what to do differently
    quote: str  # the candidate's own line at that moment ("" when none)
    quote_seq: int
    cites: str  # the référentiel's words


@dataclass(frozen=True)
class DebriefCriterion:
    criterion_id: str
    reference: str
    label: str
    proposed: str  # acquis, non_acquis or a_apprecier
    decided: str  # the jury's decision once signed, else ""
    moments: tuple[Moment, ...]
    advice: tuple[Advice, ...]

    @property
    def status(self) -> str:
        return self.decided or self.proposed


@dataclass(frozen=True)
class Debrief:
    criteria: tuple[DebriefCriterion, ...]
    met: int
    total: int


def _lines(events: Sequence[Event]) -> list[tuple[int, str, str]]:
    """The candidate's own messages: (seq, contact id, text)."""
    return [
        (e.seq, e.payload.contact_id, e.payload.text)
        for e in events
        if e.actor == "candidate" and isinstance(e.payload, MessageSent)
    ]


def _contact_at(events_by_seq: Mapping[int, Event], seq: int) -> str:
    event = events_by_seq.get(seq)
    contact = getattr(event.payload, "contact_id", "") if event is not None else ""
    return contact if isinstance(contact, str) else ""


def _quote(lines: list[tuple[int, str, str]], contact: str, seq: int) -> tuple[str, int]:
    """The candidate's line at ``seq``, else their last one on that contact before it."""
    best: tuple[str, int] = ("", 0)
    for at, cid, text in lines:
        if at > seq:
            break
        if at == seq or (contact and cid == contact):
            best = (text, at)
    text, at = best
    return (text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"), at


def _criterion(
    v: CriterionVerdict,
    grid: Grid,
    deck: Deck,
    lines: list[tuple[int, str, str]],
    by_seq: Mapping[int, Event],
    decided: str,
    lang: str,
) -> DebriefCriterion:
    customers = {c.id: c.customer.name for c in deck.contacts}
    failed = [r for r in v.measures if r.passed is False]
    shown = [e for r in failed for e in r.evidence] or list(v.evidence)
    labels = {e.seq: r.measure for r in v.measures for e in r.evidence}
    moments = []
    for e in sorted({e.seq: e for e in shown}.values(), key=lambda e: e.seq)[:MOMENTS_SHOWN]:
        contact = _contact_at(by_seq, e.seq)
        moments.append(
            Moment(
                e.seq,
                e.sim_time,
                clock_at(deck, e.sim_time, lang),
                message(lang, f"measure.{labels.get(e.seq, '')}"),
                customers.get(contact, ""),
            )
        )
    advice = []
    if (decided or v.proposed) != "acquis":
        for r in failed:
            first = r.evidence[0].seq if r.evidence else 0
            quote, at = _quote(lines, _contact_at(by_seq, first), first) if first else ("", 0)
            advice.append(
                Advice(
                    r.measure,
                    message(lang, f"measure.{r.measure}"),
                    message(lang, f"advice.{r.measure}"),
                    quote,
                    at,
                    v.criterion.cites.get(r.measure, ""),
                )
            )
    return DebriefCriterion(
        v.criterion.id,
        v.criterion.reference,
        grid.label_for(v.criterion, lang),
        v.proposed,
        decided,
        tuple(moments),
        tuple(advice),
    )


def debrief(
    deck: Deck,
    sheet: GradeSheet,
    events: Sequence[Event],
    lang: str,
    decided: Mapping[str, str | None] | None = None,
) -> Debrief:
    """``decided``: the jury's signed decisions per criterion, when there are any."""
    lines = _lines(events)
    by_seq = {e.seq: e for e in events}
    criteria = tuple(
        _criterion(
            v, sheet.grid, deck, lines, by_seq, (decided or {}).get(v.criterion.id) or "", lang
        )
        for v in sheet.verdicts
    )
    met = sum(1 for c in criteria if c.status == "acquis")
    return Debrief(criteria, met, len(criteria))
