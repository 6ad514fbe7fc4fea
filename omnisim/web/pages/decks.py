"""Trainer pages about decks: the list (which certification each prepares), one deck's
timeline beside the criteria grids it is graded on, and the upload of a deck as a zip.

Trainer-facing, so the answer key shows (urgency, scripts, traps, notes): signed-in only.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.deck import Deck, DeckProblem
from omnisim.deck.timeline import TimelineRow, timeline
from omnisim.grading import Grid, bundled_grids
from omnisim.paths import data_dir
from omnisim.scenario.catalog import DeckInfo, bundled_deck_infos, bundled_decks
from omnisim.scenario.check import check_deck
from omnisim.web.keys import LIBRARY
from omnisim.web.pages.base import PageContext, page, render
from omnisim.web.pages.exams import NewExamContext, choices
from omnisim.web.signin import require_trainer


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
class DeckListContext:
    page: PageContext
    decks: tuple[DeckInfo, ...]


async def deck_list(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    decks = await asyncio.to_thread(bundled_deck_infos)
    ctx = DeckListContext(page(request, "decks.title", trainer_name=trainer.name), decks)
    return render(request, "decks.html", ctx)


async def deck_preview(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    deck_id = request.match_info["deck_id"]
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


async def upload_deck(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    form = await request.post()
    upload: Any = form.get("deck_zip")
    ctx_page = page(request, "exam_new.title", trainer_name=trainer.name)
    if upload is None or isinstance(upload, str):
        decks, grids = await choices(request, trainer)
        error = ctx_page.say("err.no_zip")
        ctx = NewExamContext(ctx_page, decks, grids, {}, "deck_zip", error)
        return render(request, "exam_new.html", ctx, status=422)
    data = upload.file.read(20 * 1024 * 1024 + 1)
    uploaded, problems = await request.app[LIBRARY].upload(
        trainer.id, data, upload.filename or "deck.zip"
    )
    decks, grids = await choices(request, trainer)
    if uploaded is None:
        ctx = NewExamContext(
            ctx_page, decks, grids, {}, "deck_zip", ctx_page.say("err.deck_invalid"), problems
        )
        return render(request, "exam_new.html", ctx, status=422)
    chosen = {"deck": f"upload:{uploaded.deck_id}", "mode": "exam"}
    ctx = NewExamContext(ctx_page, decks, grids, chosen)
    return render(request, "exam_new.html", ctx, status=201)


def add_routes(app: web.Application) -> None:
    app.router.add_post("/decks/upload", upload_deck, name="deck_upload")
    app.router.add_get("/decks", deck_list, name="deck_list")
    app.router.add_get("/decks/{deck_id}", deck_preview, name="deck_preview")
