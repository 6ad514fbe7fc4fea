"""A certification's criteria grid, read from ``grids/<id>.yaml``.

Labels are French, word for word from the certification's text; their English is in
``web/i18n/en.data.yaml`` (:meth:`Grid.title_for`, :meth:`Grid.label_for`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from omnisim.deck.frozen import FrozenDict
from omnisim.i18n import data_text, without_legacy_english
from omnisim.measures import MEASURES  # the one list of measure ids
from omnisim.paths import data_dir
from omnisim.schema import SchemaError, build


@dataclass(frozen=True)
class PassRule:
    kind: Literal["share_of_criteria", "all_criteria", "all_competences"]
    min: float = 1.0
    # False where the certification's text gives no rule (MC ACVD): the rule above is only
    # a default, the sheet says so, and the trainer may set another (``pass_rule.set``).
    stated: bool = True


@dataclass(frozen=True)
class JuryRule:
    """Who grades an exam on this grid (RNCP: « un binôme de jurés … dont un/une extérieur(e) »):
    ``members`` to ``max`` jury members (0: no maximum), ``external`` of them from outside."""

    members: int = 2
    external: int = 1
    text: str = ""  # the text's words (or, ``stated: false``, why this rule is the default)
    max: int = 0
    stated: bool = True  # False where the text says nothing of the jury (MC ACVD)


#: Where a grid names no jury (a grid frozen before grids did): what every référentiel of
#: the relation client asks, two evaluators, one of them from outside the centre.
DEFAULT_JURY = JuryRule(2, 1, "", 0, False)


@dataclass(frozen=True)
class Competence:
    id: str
    label: str


#: What a deck may give a criterion that only some decks can grade (Criterion.occasion):
#: ``sale``, a contact whose key is a sale (key.sale; MC ACVD C1.6 « VENDRE »).
OCCASIONS = ("sale",)


@dataclass(frozen=True)
class Criterion:
    id: str
    competence: str
    reference: str
    label: str
    measures: tuple[str, ...] = ()
    combine: Literal["all", "any"] = "all"
    # For each measure, the words of the référentiel's text that justify it (word for word
    # from the grid's source; tests/fast/test_grid_citations.py checks them).
    cites: dict[str, str] = field(default_factory=dict)
    # Calibration: below this share of agreement between the automatic proposal and the
    # juries' final decisions, the calibration page warns (omnisim/results/calibration.py).
    calibration: float | None = None
    # Graded only where the deck gives its occasion (one of :data:`OCCASIONS`: ``sale``, a
    # contact whose key is a sale, MC ACVD C1.6); on a deck without it the criterion is not on
    # the deck's sheet (:meth:`Grid.for_occasions`). Empty: graded on every deck.
    occasion: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "cites", FrozenDict(self.cites))


@dataclass(frozen=True)
class Grid:
    id: str
    title: str
    source: str
    pass_rule: PassRule
    pass_rule_text: str
    competences: tuple[Competence, ...]
    criteria: tuple[Criterion, ...]
    version: int = 1  # raised when a criterion changes meaning: an exam records id and version
    # Competences of the text a simulated desk cannot show (graded elsewhere), with the text's words
    not_simulated: tuple[str, ...] = ()
    jury: JuryRule | None = None  # checked when an exam (not a training) is created

    def for_occasions(self, occasions: Collection[str]) -> Grid:
        """The grid as a deck giving ``occasions`` is graded on: a criterion whose occasion the
        deck never gives (no sale to make) is left off, neither failed nor left to the jury."""
        kept = tuple(c for c in self.criteria if not c.occasion or c.occasion in occasions)
        return self if len(kept) == len(self.criteria) else replace(self, criteria=kept)

    def title_for(self, lang: str) -> str:
        """The grid's title in ``lang``: the data's French, or its English from the catalog."""
        return data_text(lang, self.text_key(), self.title)

    def label_for(self, item: Competence | Criterion, lang: str) -> str:
        """A competence's or criterion's label in ``lang`` (French from the data)."""
        return data_text(lang, self.text_key(item), item.label)

    def not_simulated_for(self, lang: str) -> list[str]:
        """What the simulation cannot show, in ``lang`` (French from the data)."""
        return [
            data_text(lang, f"grid.{self.id}.not_simulated.{n}", line)
            for n, line in enumerate(self.not_simulated, start=1)
        ]

    def text_key(self, item: Competence | Criterion | None = None) -> str:
        """The catalog key of the title's English (no item) or of a competence's or criterion's."""
        if item is None:
            return f"grid.{self.id}.title"
        kind = "criterion" if isinstance(item, Criterion) else "competence"
        return f"grid.{self.id}.{kind}.{item.id}"


class GridError(ValueError):
    """A malformed grid: ``file: field: reason``."""


def parse_grid(text: str, name: str) -> Grid:
    """A grid from its YAML text; ``name`` (its file) prefixes every error."""
    try:
        # Grids frozen by older exams still carry label_en/title_en: ignored, not refused.
        grid = build(Grid, without_legacy_english(yaml.safe_load(text)))
    except yaml.YAMLError as exc:
        raise GridError(f"{name}: invalid YAML: {exc}") from exc
    except SchemaError as exc:
        raise GridError(f"{name}: {exc.field}: {exc.reason}") from exc
    competences = {c.id for c in grid.competences}
    seen: set[str] = set()
    for n, criterion in enumerate(grid.criteria):
        where = f"{name}: criteria[{n}]"
        if criterion.id in seen:
            raise GridError(f"{where}.id: duplicate criterion {criterion.id!r}")
        seen.add(criterion.id)
        if criterion.competence not in competences:
            raise GridError(f"{where}.competence: unknown competence {criterion.competence!r}")
        for measure in criterion.measures:
            if measure not in MEASURES:
                raise GridError(f"{where}.measures: unknown measure {measure!r}")
        if criterion.occasion and criterion.occasion not in OCCASIONS:
            raise GridError(f"{where}.occasion: unknown occasion {criterion.occasion!r}")
        if criterion.calibration is not None and not 0 < criterion.calibration <= 1:
            raise GridError(f"{where}.calibration: expected a share in (0, 1]")
        for measure, words in criterion.cites.items():
            if measure not in criterion.measures:
                raise GridError(f"{where}.cites.{measure}: not one of the criterion's measures")
            if not words.strip():
                raise GridError(f"{where}.cites.{measure}: empty citation")
    if grid.pass_rule.kind == "share_of_criteria" and not 0 < grid.pass_rule.min <= 1:
        raise GridError(f"{name}: pass_rule.min: expected a share in (0, 1]")
    if grid.jury is not None and not 0 <= grid.jury.external <= grid.jury.members:
        raise GridError(f"{name}: jury.external: expected between 0 and jury.members")
    if grid.jury is not None and grid.jury.max and grid.jury.max < grid.jury.members:
        raise GridError(f"{name}: jury.max: expected 0 (no maximum) or at least jury.members")
    if grid.version < 1:
        raise GridError(f"{name}: version: expected a whole number from 1")
    return grid


def load_grid(path: str | Path) -> Grid:
    path = Path(path)
    return parse_grid(path.read_text(encoding="utf-8"), str(path))


@cache
def bundled_grids() -> dict[str, Grid]:
    """The bundled grids by id (their file name)."""
    return {p.stem: load_grid(p) for p in sorted(data_dir("grids").glob("*.yaml"))}
