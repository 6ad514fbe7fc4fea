"""The deck library: decks trainers write in the studio, import as zips or duplicate, kept
in the ``library`` stream of the log (omnisim/library/state.py folds it).

The library is the training centre's: every trainer sees and may edit its decks, and
each save records who made it. A save names the version it was made from; when another
trainer saved since, it is refused as a :class:`DeckConflict` carrying their changes,
never written over them. Exams use a deck's *published* version only, and keep their
own snapshot of it whatever happens to the deck afterwards. A zip is read in memory
only (omnisim/deck/files.py): nothing of it is ever written to disk.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from omnisim import events as ev
from omnisim.deck.doccheck import DocProblem
from omnisim.deck.document import document_of, files_of
from omnisim.deck.files import DeckFiles, read_folder, read_zip
from omnisim.deck.yamlpos import DeckError, DeckProblem, located
from omnisim.events import Event
from omnisim.events.library import Origin
from omnisim.exams import streams
from omnisim.i18n import Text
from omnisim.library.changes import diff
from omnisim.library.state import STREAM, LibraryDeck, LibraryState
from omnisim.paths import data_dir
from omnisim.refusals import Declined
from omnisim.scenario import (
    Scenario,
    build_snapshot,
    bundled_data,
    check_snapshot,
    deck_hash,
    load_scenario,
)
from omnisim.scenario.catalog import bundled_decks
from omnisim.scenario.check import check_document_now
from omnisim.schema import SchemaError
from omnisim.store import ConflictError, EventStore

__all__ = [
    "STREAM",
    "Checked",
    "DeckConflict",
    "Imported",
    "Library",
    "Upload",
    "check_upload",
    "choice_of",
    "scenario_of",
]

P = TypeVar("P")


class DeckConflict(Exception):
    """Another trainer saved the deck after the version this save was made from."""

    def __init__(self, deck: LibraryDeck, base: int) -> None:
        super().__init__(f"{deck.deck_id}: saved since version {base}")
        self.deck, self.base = deck, base


def choice_of(text: str) -> tuple[str, str]:
    """(kind, name) of a deck choice: ``bundled:demo``, ``library:dk…`` (``upload:`` as the
    API once named it), or a bare name: a bundled deck's, else a library deck's id."""
    kind, sep, name = text.partition(":")
    if not sep:
        return ("bundled", text) if text in bundled_decks() else ("library", text)
    return ("library" if kind == "upload" else kind), name


def scenario_of(doc: Any, root: str) -> tuple[Scenario | None, list[DeckProblem]]:
    """A document played with today's bundled data (reads disk: call in a thread)."""
    return check_snapshot(build_snapshot(files_of(doc, root).files, bundled_data()))


def _files_scenario(files: DeckFiles) -> tuple[Scenario | None, list[DeckProblem]]:
    return check_snapshot(build_snapshot(files, bundled_data()))


MAX_PROBLEMS = 200  # listed back to the trainer; beyond, counted


def _first(problems: list[P], more: Callable[[Text], P]) -> list[P]:
    """The first :data:`MAX_PROBLEMS`, and how many more: a page of 50,000 helps nobody."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    beyond = Text("deckerr.more", count=len(problems) - MAX_PROBLEMS)
    return [*problems[:MAX_PROBLEMS], more(beyond)]


def bundled_document(name: str) -> dict[str, Any]:
    """A bundled deck as a document, to duplicate it (reads disk: call in a thread)."""
    files, _ = read_folder(data_dir("decks") / name)
    read = document_of(files)
    if read.document is None:
        raise DeckError(read.problems)
    return read.document


def _content(doc: Any) -> str:
    """What makes two documents the same deck: the hash of the files they are written as."""
    return deck_hash(files_of(doc).files)


@dataclass(frozen=True)
class Checked:
    """A deck's version and the problems of the document as saved (by document path)."""

    deck: LibraryDeck
    problems: list[DocProblem]


@dataclass(frozen=True)
class Imported:
    """What an imported zip became: the deck (new or already there), or why not."""

    deck: LibraryDeck | None
    new: bool
    unreadable: list[DeckProblem]  # the zip or a file in it could not be read
    problems: list[DocProblem]  # the deck's problems (a draft keeps them)
    hash: str  # the content's hash (two decks with the same are the same deck)
    located: list[DeckProblem] = field(default_factory=list)  # the same, by file and line


@dataclass(frozen=True)
class Upload:
    """A zip read and checked, before the library is asked about it."""

    document: dict[str, Any] | None  # None when it could not be read as a deck
    unreadable: list[DeckProblem]  # the zip, a file in it or its YAML could not be read
    problems: list[DocProblem]  # the deck's problems
    located: list[DeckProblem]  # the same, by file and line
    hash: str  # the content's hash


def check_upload(data: bytes, name: str) -> Upload:
    """Read and check a zip against today's bundled data, every list of problems cut at
    :data:`MAX_PROBLEMS` (CPU and disk: call in a thread). Whatever the zip holds, its cost
    is bounded (omnisim/deck/files.py, omnisim/deck/yamlpos.py)."""
    files, unreadable = read_zip(data, name)
    at_zip: Callable[[Text], DeckProblem] = lambda text: located(name, 1, 1, "", text)  # noqa: E731
    if files is None or unreadable:
        return Upload(None, _first(unreadable, at_zip), [], [], "")
    read = document_of(files)
    if read.document is None:
        return Upload(None, _first(read.problems, at_zip), [], [], "")
    _d, problems = check_document_now(read.document)
    found: list[DeckProblem] = []
    if problems:  # said by file and line too, for the trainer who wrote the files
        _s, found = _files_scenario(files)
    whole: Callable[[Text], DocProblem] = lambda text: DocProblem("", text)  # noqa: E731
    return Upload(
        read.document,
        [],
        _first(problems, whole),
        _first(found, at_zip),
        _content(read.document),
    )


class Library:
    def __init__(self, store: EventStore, wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.wall = wall
        self.state = LibraryState()
        self.lock = asyncio.Lock()

    async def refresh(self) -> LibraryState:
        for event in await self.store.read(STREAM, self.state.last_seq):
            self.state.apply(event)
        return self.state

    async def _append(self, trainer_id: str, make: Callable[[LibraryState], Any]) -> None:
        """Append the event ``make(state)`` decides on the stream as it is now (it raises
        when the change no longer holds, returns None when there is nothing to record):
        a race with another worker is decided again, never written over."""
        async with self.lock:
            for _attempt in range(5):
                state = await self.refresh()
                payload = make(state)
                if payload is None:
                    return
                last = state.last_seq
                event = Event(STREAM, last + 1, self.wall(), 0.0, "trainer", payload, trainer_id)
                try:
                    await self.store.append([event])
                except ConflictError:
                    continue
                await self.refresh()
                return
        raise Declined("deck", "err.library_busy")

    # -- reading --------------------------------------------------------------------

    async def decks(self) -> list[LibraryDeck]:
        """Every deck of the library not deleted, the last changed first."""
        await self.refresh()
        alive = [d for d in self.state.decks.values() if not d.deleted]
        return sorted(alive, key=lambda d: d.versions[-1].wall_time, reverse=True)

    async def deck(self, deck_id: str) -> LibraryDeck:
        """The deck, or LookupError("deck") (unknown or deleted)."""
        await self.refresh()
        deck = self.state.decks.get(deck_id)
        if deck is None or deck.deleted:
            raise LookupError("deck")
        return deck

    async def state_deck(self, deck_id: str) -> LibraryDeck | None:
        """The deck, or None (unknown or deleted): for pages, which answer 404 themselves."""
        try:
            return await self.deck(deck_id)
        except LookupError:
            return None

    async def document(self, choice: str) -> tuple[dict[str, Any], str, LibraryDeck | None]:
        """The document a deck choice names now, its title, and the library deck (None for a
        bundled one); LookupError("deck") when it names none."""
        kind, name = choice_of(choice)
        if kind == "bundled" and name in bundled_decks():
            return await asyncio.to_thread(bundled_document, name), name, None
        if kind != "library":
            raise LookupError("deck")
        deck = await self.deck(name)
        return deck.document, deck.title, deck

    async def exam_choices(self) -> list[LibraryDeck]:
        """The decks an exam may be made on: published and not archived."""
        return [d for d in await self.decks() if d.published and not d.archived]

    # -- writing --------------------------------------------------------------------

    async def create(
        self, trainer_id: str, doc: Any, origin: Origin = "new", source: str = ""
    ) -> Checked:
        _deck, problems = await asyncio.to_thread(check_document_now, doc)
        deck_id = "dk" + secrets.token_hex(5)
        created = ev.DeckCreated(deck_id, trainer_id, origin, source, doc, len(problems))
        await self._append(trainer_id, lambda _state: created)
        return Checked(self.state.decks[deck_id], problems)

    async def save(
        self, trainer_id: str, deck_id: str, base: int, doc: Any, restored_from: int = 0
    ) -> Checked:
        """A new version from ``base``; DeckConflict when someone saved since ``base``.

        Saving what the deck already holds records nothing. A draft with problems is
        saved (nothing typed is lost); it cannot be published.
        """
        await self.deck(deck_id)
        _deck, problems = await asyncio.to_thread(check_document_now, doc)

        def make(state: LibraryState) -> ev.DeckSaved | None:
            current = state.decks[deck_id]
            if current.deleted:
                raise LookupError("deck")
            if current.version != base:
                raise DeckConflict(current, base)
            changes = tuple(diff(current.document, doc))
            if not changes and not restored_from:
                return None
            return ev.DeckSaved(deck_id, base + 1, base, changes, len(problems), restored_from)

        await self._append(trainer_id, make)
        return Checked(self.state.decks[deck_id], problems)

    async def restore(self, trainer_id: str, deck_id: str, version: int, base: int) -> Checked:
        deck = await self.deck(deck_id)
        old = deck.document_at(version)
        if old is None:
            raise SchemaError("version", "err.no_version", version=version)
        return await self.save(trainer_id, deck_id, base, old, restored_from=version)

    async def publish(self, trainer_id: str, deck_id: str, version: int) -> list[DocProblem]:
        """Exams use ``version`` from now on; refused (its problems returned) unless it
        passes every check."""
        deck = await self.deck(deck_id)
        doc = deck.document_at(version)
        if doc is None:
            raise SchemaError("version", "err.no_version", version=version)
        _deck, problems = await asyncio.to_thread(check_document_now, doc)
        if problems:
            return problems

        def make(state: LibraryState) -> ev.DeckPublished:
            if state.decks[deck_id].deleted:
                raise LookupError("deck")
            return ev.DeckPublished(deck_id, version)

        await self._append(trainer_id, make)
        return []

    async def archive(self, trainer_id: str, deck_id: str, archived: bool) -> LibraryDeck:
        deck = await self.deck(deck_id)
        if deck.archived != archived:
            await self._append(trainer_id, lambda _state: ev.DeckArchived(deck_id, archived))
        return self.state.decks[deck_id]

    async def delete(self, trainer_id: str, deck_id: str) -> None:
        """Only a deck no exam was made on: an exam's record names the deck it was played on."""
        await self.deck(deck_id)
        if await self.used_by(deck_id):
            raise Declined("deck", "err.deck_used")
        await self._append(trainer_id, lambda _state: ev.DeckDeleted(deck_id))

    async def used_by(self, deck_id: str) -> list[str]:
        """The exams made on this deck (their snapshot names it; older ones, its content)."""
        deck = await self.deck(deck_id)
        used = []
        for stream in await self.store.session_ids():
            parsed = streams.parse(stream)
            if parsed is None or parsed.kind != "exam":
                continue
            first = await self.store.read(stream, 0, limit=1)
            created = first[0].payload if first else None
            if not isinstance(created, ev.ExamCreated):
                continue
            root = created.snapshot.get("deck_root", "")
            if root == f"library:{deck_id}" or created.deck_hash == deck.uploaded_hash:
                used.append(stream)
        return used

    async def duplicate(
        self, trainer_id: str, choice: str, rename: Callable[[str], str]
    ) -> Checked:
        """A copy of any deck (a bundled one included) to start from, titled
        ``rename(its title)``."""
        kind, name = choice_of(choice)
        if kind == "bundled" and name in bundled_decks():
            doc = await asyncio.to_thread(bundled_document, name)
        elif kind == "library":
            doc = (await self.deck(name)).document
        else:
            raise SchemaError("deck", "err.unknown_deck", deck=choice)
        settings = doc.get("settings")
        settings = dict(settings) if isinstance(settings, dict) else {}
        title = settings.get("title")
        settings["title"] = rename(title if isinstance(title, str) and title else name)
        copy = {**doc, "settings": settings}
        return await self.create(trainer_id, copy, "duplicate", f"{kind}:{name}")

    async def import_zip(
        self, trainer_id: str, data: bytes, name: str, drafts: bool = True
    ) -> Imported:
        """A zip as a new deck: published when it has no problem, else a draft (or, without
        ``drafts``, not kept); the deck already holding the same content when there is one."""
        upload = await asyncio.to_thread(check_upload, data, name)
        doc, same, problems, found = upload.document, upload.hash, upload.problems, upload.located
        if doc is None:
            return Imported(None, False, upload.unreadable, [], "")
        for deck in await self.decks():
            if await asyncio.to_thread(_content, deck.document) == same:
                _d, theirs = await asyncio.to_thread(check_document_now, deck.document)
                return Imported(deck, False, [], theirs, same)
        if problems and not drafts:
            return Imported(None, False, [], problems, same, found)
        made = await self.create(trainer_id, doc, "import", name)
        if not made.problems:
            await self.publish(trainer_id, made.deck.deck_id, 1)
        deck = self.state.decks[made.deck.deck_id]
        return Imported(deck, True, [], made.problems, same, found)

    # -- playing --------------------------------------------------------------------

    async def scenario_for(self, trainer_id: str, choice: str, *, exam: bool = False) -> Scenario:
        """The scenario a deck choice names: ``bundled:<name>`` or ``library:<deck id>``.

        A library deck gives its latest version (what the studio is writing: its coverage,
        a dry run, a trial), or with ``exam`` its published version, the only one an exam
        may be made on. DeckError when that version does not pass the checks with today's
        bundled data; a refusal naming ``deck`` when the choice names no deck, or, for an
        exam, an unpublished or archived one.
        """
        kind, name = choice_of(choice)
        if kind == "bundled" and name in bundled_decks():
            return await asyncio.to_thread(load_scenario, data_dir("decks") / name)
        if kind == "library":
            deck = (await self.refresh()).decks.get(name)
            if deck is not None and not deck.deleted:
                if exam and (not deck.published or deck.archived):
                    raise Declined("deck", "err.deck_not_published", deck=deck.title)
                doc = deck.document_at(deck.published) if exam else deck.document
                scenario, problems = await asyncio.to_thread(scenario_of, doc, f"library:{name}")
                if scenario is None:
                    raise DeckError(problems)
                return scenario
        raise SchemaError("deck", "err.unknown_deck", deck=choice)
