"""What a trainer sees of the bundled decks before choosing one: title, language and the
certifications (grids) each prepares. Read from disk once, off the event loop by the callers."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from omnisim.grading import bundled_grids
from omnisim.paths import data_dir
from omnisim.scenario.check import check_deck


@cache
def bundled_decks() -> list[str]:
    """The names of the decks shipped with the package (package data: read once)."""
    return sorted(p.parent.name for p in data_dir("decks").glob("*/deck.yaml"))


@dataclass(frozen=True)
class Certification:
    grid_id: str
    title: str  # French, from the grid; ``title_en`` from the catalog
    title_en: str

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" else self.title


@dataclass(frozen=True)
class DeckInfo:
    deck_id: str
    title: str
    language: str
    certifications: tuple[Certification, ...]
    valid: bool = True
    duration_minutes: float = 0.0
    contacts: int = 0

    def prepares(self, lang: str) -> str:
        """The certifications, named in ``lang`` (" · " between them)."""
        return " · ".join(c.title_for(lang) for c in self.certifications)


@cache
def bundled_deck_infos() -> tuple[DeckInfo, ...]:
    """Every bundled deck with the certifications it names (a broken deck is listed as such)."""
    grids = bundled_grids()
    infos = []
    for folder in sorted(p.parent for p in data_dir("decks").glob("*/deck.yaml")):
        deck, _ = check_deck(folder)
        if deck is None:
            infos.append(DeckInfo(folder.name, folder.name, "", (), valid=False))
            continue
        certifications = tuple(
            Certification(g, grids[g].title, grids[g].title_for("en"))
            for g in deck.grid_ids
            if g in grids
        )
        infos.append(
            DeckInfo(
                folder.name,
                deck.title,
                deck.language,
                certifications,
                duration_minutes=deck.duration_minutes,
                contacts=len(deck.contacts),
            )
        )
    return tuple(infos)
