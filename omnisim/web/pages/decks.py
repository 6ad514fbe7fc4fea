"""Trainer pages about decks: the library (every deck a trainer may use, bundled and the
centre's), a bundled deck's preview (its timeline beside the grids it is graded on), and
what a trainer does from the list: write a new deck, import a zip, duplicate, archive,
delete, download. A library deck opens in the studio (omnisim/web/pages/studio.py).

Trainer-facing, so the answer key shows (urgency, scripts, traps, notes): signed-in only.
"""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from omnisim.deck import Deck, DeckProblem
from omnisim.deck.document import empty_document
from omnisim.deck.timeline import TimelineRow, timeline
from omnisim.grading import Grid, bundled_grids
from omnisim.i18n import format_datetime, format_decimal
from omnisim.library.state import LibraryDeck
from omnisim.live.library import choice_of
from omnisim.paths import data_dir
from omnisim.refusals import RefusalError
from omnisim.scenario.catalog import DeckInfo, bundled_deck_infos, bundled_decks
from omnisim.scenario.check import check_deck
from omnisim.web.api.studio import names
from omnisim.web.deckzip import deck_zip_response, file_name
from omnisim.web.keys import LIBRARY
from omnisim.web.pages.base import PageContext, lang_query, page, refuse, render
from omnisim.web.pages.exams import NewExamContext, choices
from omnisim.web.pages.studio import studio_page
from omnisim.web.signin import require_trainer

MAX_ZIP = 20 * 1024 * 1024


def new_document(title: str, lang: str) -> dict[str, Any]:
    """A deck from nothing, with settings a trainer only has to adjust (an hour simulated
    in fifteen real minutes); what is still missing, its check names beside the field."""
    doc = empty_document()
    doc["settings"] = {
        "id": file_name(title) if title else "nouveau-deck",
        "title": title,
        "language": lang,
        "duration_minutes": 60,
        "time_factor": 4,
        "seed": secrets.randbelow(10_000),
    }
    return doc


@dataclass(frozen=True)
class DeckPreviewContext:
    page: PageContext
    deck: Deck | None
    rows: list[TimelineRow]
    problems: list[DeckProblem]
    wall_minutes: float
    deck_id: str
    grids: list[Grid]  # the grids the deck names, shown beside its timeline


@dataclass(frozen=True)
class LibraryRow:
    """One deck of the list, as the trainer reads it."""

    deck: str  # the page's address part: a bundled deck's name or a library deck's id
    choice: str  # what the exam form names it
    title: str
    language: str
    grids: tuple[str, ...]
    duration_minutes: str  # "270", "—"
    contacts: int
    changed: str  # "12 mars 2026, 10:42", or "" for a bundled deck
    author: str
    status: str  # bundled, draft, published, archived
    published: int = 0
    version: int = 0


@dataclass(frozen=True)
class DeckListContext:
    page: PageContext
    rows: list[LibraryRow]
    archived: int  # how many are hidden (shown with ?archived=1)
    show_archived: bool
    error: str = ""
    problems: list[DeckProblem] = field(default_factory=list)


def _bundled_row(info: DeckInfo, lang: str) -> LibraryRow:
    grids = tuple(c.title_for(lang) for c in info.certifications)
    return LibraryRow(
        info.deck_id,
        f"bundled:{info.deck_id}",
        info.title,
        info.language,
        grids,
        _minutes(info.duration_minutes, lang),
        info.contacts,
        "",
        "OmniSim",
        "bundled" if info.valid else "invalid",
    )


def _minutes(value: Any, lang: str) -> str:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return format_decimal(value, lang) if number else ""


def _library_row(
    deck: LibraryDeck, who: dict[str, str], lang: str, known: dict[str, Grid]
) -> LibraryRow:
    settings = deck.settings
    contacts = deck.document.get("contacts")
    listed = settings.get("grids")
    grids = [settings.get("grid"), *(listed if isinstance(listed, list) else [])]
    last = deck.versions[-1]
    status = "archived" if deck.archived else "published" if deck.published else "draft"
    return LibraryRow(
        deck.deck_id,
        f"library:{deck.deck_id}",
        deck.title,
        str(settings.get("language", "")),
        tuple(dict.fromkeys(_grid_title(g, known, lang) for g in grids if g)),
        _minutes(settings.get("duration_minutes"), lang),
        len(contacts) if isinstance(contacts, list) else 0,
        format_datetime(last.wall_time, lang),
        who.get(last.author, last.author),
        status,
        deck.published,
        deck.version,
    )


def _grid_title(grid: Any, known: dict[str, Grid], lang: str) -> str:
    return known[grid].title_for(lang) if isinstance(grid, str) and grid in known else str(grid)


async def _list(
    request: web.Request, error: str = "", problems: list[DeckProblem] | None = None
) -> web.Response:
    trainer = await require_trainer(request)
    ctx_page = page(request, "decks.title", trainer_name=trainer.name)
    infos = await asyncio.to_thread(bundled_deck_infos)
    library, who = await request.app[LIBRARY].decks(), await names(request)
    show = request.query.get("archived") == "1"
    known = await asyncio.to_thread(bundled_grids)
    rows = [_library_row(d, who, ctx_page.lang, known) for d in library if show or not d.archived]
    rows += [_bundled_row(i, ctx_page.lang) for i in infos]
    hidden = sum(1 for d in library if d.archived)
    ctx = DeckListContext(ctx_page, rows, hidden, show, error, problems or [])
    return render(request, "decks.html", ctx, status=422 if error else 200)


async def deck_list(request: web.Request) -> web.Response:
    return await _list(request)


async def deck_page(request: web.Request) -> web.Response:
    """A bundled deck's preview, or a library deck in the studio."""
    kind, name = choice_of(request.match_info["deck_id"])
    if kind == "library":
        return await studio_page(request, name)
    return await _preview(request, name)


async def _preview(request: web.Request, deck_id: str) -> web.Response:
    trainer = await require_trainer(request)
    if deck_id not in bundled_decks():
        t = page(request, "deck.title").t
        raise web.HTTPNotFound(text=t("deck.unknown") + f" : {deck_id}")
    deck, problems = await asyncio.to_thread(check_deck, data_dir("decks") / deck_id)
    lang = deck.language if deck else None
    ctx_page = page(request, "deck.title", lang, trainer.name)
    rows = timeline(deck) if deck else []
    wall = deck.duration / deck.time_factor / 60 if deck else 0.0
    known = await asyncio.to_thread(bundled_grids)
    grids = [known[g] for g in deck.grid_ids if g in known] if deck else []
    ctx = DeckPreviewContext(ctx_page, deck, rows, problems, wall, deck_id, grids)
    return render(request, "deck_preview.html", ctx, status=200 if deck else 422)


def _to_studio(request: web.Request, deck_id: str, **extra: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(f"/decks/{deck_id}?{lang_query(request, **extra)}")


async def new_deck(request: web.Request) -> web.Response:
    """A deck from nothing: the studio opens on its settings."""
    trainer = await require_trainer(request)
    form = await request.post()
    title = str(form.get("title", "")).strip()[:200]
    made = await request.app[LIBRARY].create(
        trainer.id, new_document(title, page(request, "").lang)
    )
    raise _to_studio(request, made.deck.deck_id)


async def duplicate(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    kind, name = choice_of(request.match_info["deck_id"])
    ctx_page = page(request, "decks.title")

    def rename(title: str) -> str:
        return ctx_page.say("studio.copy_of", title=title)

    try:
        made = await request.app[LIBRARY].duplicate(trainer.id, f"{kind}:{name}", rename)
    except (LookupError, RefusalError):
        raise refuse(request, 404, "deck.unknown") from None
    raise _to_studio(request, made.deck.deck_id)


async def import_deck(request: web.Request) -> web.Response:
    """A zip into the library: the studio opens on it, saying whether it is new, a draft to
    fix, or the deck already in the library with the same content."""
    trainer = await require_trainer(request)
    upload: Any = (await request.post()).get("deck_zip")
    ctx_page = page(request, "decks.title")
    if upload is None or isinstance(upload, str):
        return await _list(request, ctx_page.say("err.no_zip"))
    data = upload.file.read(MAX_ZIP + 1)
    imported = await request.app[LIBRARY].import_zip(
        trainer.id, data, upload.filename or "deck.zip"
    )
    if imported.deck is None:
        return await _list(request, ctx_page.say("err.deck_unreadable"), imported.unreadable)
    how = "new" if imported.new else "existing"
    raise _to_studio(request, imported.deck.deck_id, imported=how)


async def upload_deck(request: web.Request) -> web.Response:
    """The exam form's upload: a usable deck comes back chosen in the form; one with
    problems is kept as a draft, and the form says where to fix it."""
    trainer = await require_trainer(request)
    form = await request.post()
    upload: Any = form.get("deck_zip")
    ctx_page = page(request, "exam_new.title", trainer_name=trainer.name)
    if upload is None or isinstance(upload, str):
        decks, grids = await choices(request, trainer)
        error = ctx_page.say("err.no_zip")
        ctx = NewExamContext(ctx_page, decks, grids, {}, "deck_zip", error)
        return render(request, "exam_new.html", ctx, status=422)
    data = upload.file.read(MAX_ZIP + 1)
    imported = await request.app[LIBRARY].import_zip(
        trainer.id, data, upload.filename or "deck.zip"
    )
    decks, grids = await choices(request, trainer)
    deck = imported.deck
    if deck is None or not deck.published:
        error = ctx_page.say("err.deck_invalid")
        if deck is not None:
            error = ctx_page.say("err.deck_kept_as_draft", title=deck.title, deck=deck.deck_id)
        found = list(imported.unreadable or imported.located)
        ctx = NewExamContext(ctx_page, decks, grids, {}, "deck_zip", error, found)
        return render(request, "exam_new.html", ctx, status=422)
    chosen = {"deck": f"library:{deck.deck_id}", "mode": "exam"}
    ctx = NewExamContext(ctx_page, decks, grids, chosen)
    return render(request, "exam_new.html", ctx, status=201 if imported.new else 200)


async def archive(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    kind, name = choice_of(request.match_info["deck_id"])
    if kind != "library":
        raise refuse(request, 404, "deck.unknown")
    archived = (await request.post()).get("archived") != "0"
    try:
        await request.app[LIBRARY].archive(trainer.id, name, archived)
    except LookupError:
        raise refuse(request, 404, "deck.unknown") from None
    raise web.HTTPSeeOther(f"/decks?{lang_query(request)}")


async def delete(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    kind, name = choice_of(request.match_info["deck_id"])
    if kind != "library":
        raise refuse(request, 404, "deck.unknown")
    try:
        await request.app[LIBRARY].delete(trainer.id, name)
    except LookupError:
        raise refuse(request, 404, "deck.unknown") from None
    except RefusalError as exc:
        return await _list(request, exc.render(page(request, "decks.title").lang))
    raise web.HTTPSeeOther(f"/decks?{lang_query(request)}")


async def download(request: web.Request) -> web.StreamResponse:
    await require_trainer(request)
    try:
        doc, title, _deck = await request.app[LIBRARY].document(request.match_info["deck_id"])
    except LookupError:
        raise refuse(request, 404, "deck.unknown") from None
    return await deck_zip_response(request, doc, title)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/decks/upload", upload_deck, name="deck_upload")
    app.router.add_post("/decks/import", import_deck, name="deck_import")
    app.router.add_post("/decks/new", new_deck, name="deck_new")
    app.router.add_get("/decks", deck_list, name="deck_list")
    app.router.add_get("/decks/{deck_id}", deck_page, name="deck_preview")
    app.router.add_get("/decks/{deck_id}/zip", download, name="deck_zip")
    app.router.add_post("/decks/{deck_id}/duplicate", duplicate, name="deck_duplicate")
    app.router.add_post("/decks/{deck_id}/archive", archive, name="deck_archive")
    app.router.add_post("/decks/{deck_id}/delete", delete, name="deck_delete")
