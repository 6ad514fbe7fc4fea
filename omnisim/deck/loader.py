"""Read a deck folder into a validated :class:`Deck`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from omnisim.deck.model import Deck
from omnisim.schema import SchemaError, build


class DeckError(ValueError):
    """A deck problem, located as ``file:line:column: field: reason``."""

    def __init__(self, file: str, line: int, column: int, field: str, reason: str) -> None:
        super().__init__(f"{file}:{line}:{column}: {field}: {reason}")
        self.file, self.line, self.column, self.field, self.reason = (
            file,
            line,
            column,
            field,
            reason,
        )


def load_deck(path: str | Path) -> Deck:
    folder = Path(path)
    main = folder / "deck.yaml" if folder.is_dir() else folder
    try:
        data = yaml.safe_load(main.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise DeckError(str(main), line, col, "", f"invalid YAML: {exc}") from exc
    try:
        deck = build(Deck, data)
    except SchemaError as exc:
        raise DeckError(str(main), 1, 1, exc.field, exc.reason) from exc
    return dataclasses.replace(deck, path=str(folder.resolve()))
