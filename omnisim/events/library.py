"""The decks of the library stream: each deck's creation, its saves as changes, publication,
archiving and deletion. Every event names who (``actor_id``) and when (``wall_time``);
a save keeps *what changed*, not the whole deck, so a 200-contact deck edited all day
stays small in the log (omnisim/library/changes.py folds it back)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

ChangeOp = Literal["set", "add", "remove", "order"]
Origin = Literal["new", "import", "duplicate"]


@dataclass(frozen=True)
class DeckChange:
    """One change of a deck document.

    ``path`` walks the document from its top: a key in an object, an ``id`` in a list
    whose items all have a distinct ``id`` (contacts, facts…); any other list is one
    value. ``set`` replaces ``before`` by ``after``; ``add`` and ``remove`` put or take an
    item or a key; ``order`` gives the ids of a list in their new order.
    """

    op: ChangeOp
    path: tuple[str, ...]
    before: Any = None
    after: Any = None


@dataclass(frozen=True)
class DeckCreated:
    """A deck enters the library as version 1: written from nothing, imported from a zip,
    or duplicated from another deck (``source`` names which: ``bundled:demo``…)."""

    deck_id: str
    trainer_id: str
    origin: Origin
    source: str
    document: dict[str, Any]
    problems: int = 0


@dataclass(frozen=True)
class DeckSaved:
    """A new version, made from ``base`` by ``changes``; ``problems`` counts what its check
    found (a draft with problems may be saved, not published); a restore names the version
    it brings back."""

    deck_id: str
    version: int
    base: int
    changes: tuple[DeckChange, ...]
    problems: int = 0
    restored_from: int = 0


@dataclass(frozen=True)
class DeckPublished:
    """Exams may use this version from now on (it passed every check when published)."""

    deck_id: str
    version: int


@dataclass(frozen=True)
class DeckArchived:
    """Set aside (``archived``) or brought back; an archived deck is offered to no exam."""

    deck_id: str
    archived: bool


@dataclass(frozen=True)
class DeckDeleted:
    """Gone from the library; exams made on it keep their own snapshot."""

    deck_id: str
