"""A parsed deck with the sources that locate its problems (file, line, column)."""

from __future__ import annotations

from dataclasses import dataclass, field

from omnisim.deck.files import DeckFiles
from omnisim.deck.model import Deck
from omnisim.deck.yamlpos import DeckProblem, Source
from omnisim.i18n import Text


@dataclass
class Loaded:
    """A parsed deck, with the sources needed to locate later problems."""

    deck: Deck | None
    problems: list[DeckProblem]
    settings: Source | None = None
    sections: dict[str, tuple[Source, str]] = field(
        default_factory=dict
    )  # name -> (source, prefix)
    contacts: dict[str, tuple[Source, str]] = field(default_factory=dict)  # id -> (source, prefix)
    files: DeckFiles = field(default_factory=lambda: DeckFiles("", {}))

    def locate(self, where: tuple[Source, str], path: str, message: Text) -> DeckProblem:
        src, prefix = where
        return src.problem(
            f"{prefix}{path}" if path.startswith("[") or not prefix else f"{prefix}.{path}", message
        )
