"""What a deck can assess: each criterion of a grid against the contacts that give evidence.

Each measure's occasion is read from the answer key and the contact (one rule per measure,
omnisim/scenario/occasion_rules.py), so a trainer knows before any exam which criteria the
deck lets a jury assess, and which it cannot: « Aucun contact ne permet d'évaluer CQP C.1.8 ».
tests/fast/test_coverage.py plays every bundled deck and checks that each contact a measure
cites as evidence is one these rules name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.deck.model import Contact, Deck
from omnisim.grading.grid import Criterion, Grid
from omnisim.i18n import Text
from omnisim.scenario import Scenario
from omnisim.scenario.occasion_rules import occasions
from omnisim.scenario.occasions import Occasions

Status = Literal["covered", "partial", "extra", "none", "jury"]


@dataclass(frozen=True)
class CriterionCoverage:
    """One criterion: which contacts give evidence for it, through which measure, and why."""

    criterion: Criterion
    by_measure: Mapping[str, tuple[str, ...]]  # measure -> contact ids (scheduled, then library)
    by_contact: Mapping[str, tuple[str, ...]]  # contact id -> occasions ("message", "trap"…)
    missing: tuple[str, ...]  # measures no scheduled contact gives an occasion to
    extras: tuple[str, ...]  # library contacts (injected by the trainer) giving evidence
    status: Status

    def sentence(self, grid: Grid, lang: str) -> Text:
        """What the trainer reads: « Aucun contact ne permet d'évaluer CQP C.1.8 (…). »"""
        crit = self.criterion
        named = {"reference": crit.reference or crit.id, "label": grid.label_for(crit, lang)}
        if self.status == "partial":
            gone = tuple(Text("cover.quoted", name=Text(f"measure.{m}")) for m in self.missing)
            return Text("cover.partial", measures=gone, **named)
        if self.status == "extra":
            return Text("cover.extra", contacts=", ".join(self.extras), **named)
        return Text(f"cover.{self.status}", **named)


@dataclass(frozen=True)
class Coverage:
    """A deck against one grid."""

    grid: Grid
    prepared: bool  # the deck names this grid (it prepares for that certification)
    contacts: tuple[Contact, ...]  # the matrix's columns: scheduled by arrival, then the library
    criteria: tuple[CriterionCoverage, ...]

    def with_status(self, *statuses: Status) -> list[CriterionCoverage]:
        return [c for c in self.criteria if c.status in statuses]

    @property
    def assessable(self) -> int:
        """Criteria some scheduled contact gives evidence for (in full or in part)."""
        return len(self.with_status("covered", "partial"))


def columns(deck: Deck) -> tuple[Contact, ...]:
    """The contacts as the matrix shows them: the day's by arrival, then the library's."""
    scheduled = sorted((c for c in deck.contacts if not c.extra), key=lambda c: (c.at, c.id))
    return (*scheduled, *(c for c in deck.contacts if c.extra))


def coverage(scenario: Scenario, grid: Grid, found: Occasions | None = None) -> Coverage:
    """The deck of ``scenario`` against ``grid``: pure, from the answer key alone."""
    deck = scenario.deck
    o = found or Occasions.of(scenario)
    contacts = columns(deck)
    criteria = []
    for criterion in grid.criteria:
        by_measure: dict[str, tuple[str, ...]] = {}
        by_contact: dict[str, list[str]] = {}
        for measure in criterion.measures:
            ids = []
            for contact in contacts:
                tag = occasions(o, contact, measure)
                if tag is None:
                    continue
                ids.append(contact.id)
                tags = by_contact.setdefault(contact.id, [])
                if tag not in tags:
                    tags.append(tag)
            by_measure[measure] = tuple(ids)
        extra = {c.id for c in contacts if c.extra}
        missing = tuple(m for m, ids in by_measure.items() if not set(ids) - extra)
        extras = tuple(i for i in by_contact if i in extra)
        status: Status
        if not criterion.measures:
            status = "jury"
        elif not missing:
            status = "covered"
        elif len(missing) < len(criterion.measures):
            status = "partial"
        else:
            status = "extra" if extras else "none"
        criteria.append(
            CriterionCoverage(
                criterion,
                by_measure,
                {k: tuple(v) for k, v in by_contact.items()},
                missing,
                extras,
                status,
            )
        )
    prepared = grid.id in deck.grid_ids
    return Coverage(grid, prepared, contacts, tuple(criteria))


def grid_warning(scenario: Scenario, grid: Grid, lang: str) -> Text | None:
    """A grid the deck does not prepare for: said, with the ones it does."""
    deck = scenario.deck
    if grid.id in deck.grid_ids:
        return None
    grids = scenario.grids
    names = tuple(grids[g].title_for(lang) if g in grids else g for g in deck.grid_ids)
    if not names:
        return Text("cover.grid_none", grid=grid.title_for(lang))
    return Text("cover.grid_other", grid=grid.title_for(lang), grids=names)


def warnings(scenario: Scenario, grid: Grid, lang: str) -> list[Text]:
    """What the exam form tells a trainer before creating an exam on this deck and grid: the
    grid not prepared, then each criterion no scheduled contact gives evidence for."""
    said = [w for w in (grid_warning(scenario, grid, lang),) if w is not None]
    found = coverage(scenario, grid)
    return said + [c.sentence(grid, lang) for c in found.with_status("none", "extra")]
