"""The deck library as a fold of its stream: every deck, its versions, what is published.

Pure: omnisim/live/library.py reads the ``library`` stream and folds it here. A deck's
versions share what they did not change (a save copies only the path it changed), so
every version stays at hand for the history, a difference or a restore.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omnisim import events as ev
from omnisim.deck.document import document_of
from omnisim.deck.files import DeckFiles
from omnisim.events import Event
from omnisim.events.library import DeckChange
from omnisim.library.changes import apply

STREAM = "library"


@dataclass(frozen=True)
class Version:
    """One save: who, when, from which version, what changed, and how many problems it had."""

    number: int
    wall_time: float
    author: str
    base: int
    changes: tuple[DeckChange, ...]
    problems: int
    restored_from: int = 0


@dataclass
class LibraryDeck:
    deck_id: str
    owner: str  # the trainer who created it (or imported it)
    origin: str  # new, import or duplicate
    source: str  # what it was imported or duplicated from
    versions: list[Version] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)  # by version, from 1
    published: int = 0  # the version exams use; 0: never published
    published_at: float = 0.0
    published_by: str = ""
    archived: bool = False
    deleted: bool = False
    uploaded_hash: str = ""  # a zip uploaded before the studio: the hash its exams name

    @property
    def version(self) -> int:
        return len(self.versions)

    @property
    def document(self) -> dict[str, Any]:
        return self.documents[-1]

    def document_at(self, number: int) -> dict[str, Any] | None:
        return self.documents[number - 1] if 1 <= number <= len(self.documents) else None

    def since(self, base: int) -> list[Version]:
        """The versions saved after ``base`` (what a trainer saving from ``base`` missed)."""
        return self.versions[base:]

    @property
    def settings(self) -> dict[str, Any]:
        settings = self.document.get("settings")
        return settings if isinstance(settings, dict) else {}

    @property
    def title(self) -> str:
        title = self.settings.get("title")
        return title if isinstance(title, str) and title.strip() else self.deck_id


@dataclass
class LibraryState:
    decks: dict[str, LibraryDeck] = field(default_factory=dict)
    last_seq: int = 0

    def apply(self, event: Event) -> None:
        self.last_seq = event.seq
        p = event.payload
        if isinstance(p, ev.DeckCreated):
            deck = LibraryDeck(p.deck_id, p.trainer_id, p.origin, p.source)
            self._first(deck, event, p.document, p.problems)
        elif isinstance(p, ev.DeckUploaded):  # before the studio: a valid zip, usable at once
            read = document_of(DeckFiles(p.title, dict(p.files)))
            deck = LibraryDeck(p.deck_id, p.trainer_id, "import", p.title)
            deck.uploaded_hash = p.content_hash
            self._first(deck, event, read.document or {}, 0)
            deck.published, deck.published_at, deck.published_by = 1, event.wall_time, p.trainer_id
        elif (known := self.decks.get(getattr(p, "deck_id", ""))) is None:
            return
        else:
            self._change(known, event)

    def _change(self, deck: LibraryDeck, event: Event) -> None:
        p = event.payload
        if isinstance(p, ev.DeckSaved):
            # Saves are made against their exact base; never strict here: reading the log
            # must not fail on a version another build of the studio wrote.
            deck.documents.append(apply(deck.document, p.changes, strict=False))
            deck.versions.append(
                Version(
                    len(deck.versions) + 1,
                    event.wall_time,
                    event.actor_id,
                    p.base,
                    p.changes,
                    p.problems,
                    p.restored_from,
                )
            )
        elif isinstance(p, ev.DeckPublished):
            deck.published, deck.published_at = p.version, event.wall_time
            deck.published_by = event.actor_id
        elif isinstance(p, ev.DeckArchived):
            deck.archived = p.archived
        elif isinstance(p, ev.DeckDeleted):
            deck.deleted = True

    def _first(
        self, deck: LibraryDeck, event: Event, document: dict[str, Any], problems: int
    ) -> None:
        deck.documents.append(document)
        deck.versions.append(Version(1, event.wall_time, event.actor_id, 0, (), problems))
        self.decks[deck.deck_id] = deck
