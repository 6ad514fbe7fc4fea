"""Decks through the API: the bundled and uploaded ones, and an upload as a zip."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from aiohttp import web

from omnisim.scenario.catalog import bundled_deck_infos
from omnisim.web.api import assess
from omnisim.web.api.base import MAX_ZIP, bearer_trainer, read_all
from omnisim.web.keys import LIBRARY
from omnisim.web.openapi import Endpoint


async def list_decks(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    uploaded = await request.app[LIBRARY].of_trainer(trainer.id)
    infos = await asyncio.to_thread(bundled_deck_infos)  # read once, then cached
    decks: list[dict[str, Any]] = [
        {
            "deck": f"bundled:{d.deck_id}",
            "title": d.title,
            "language": d.language,
            "grids": [c.grid_id for c in d.certifications],  # the certifications it prepares
        }
        for d in infos
    ]
    decks += [{"deck": f"upload:{d.deck_id}", "title": d.title} for d in uploaded]
    return web.json_response({"decks": decks})


async def upload_deck(request: web.Request) -> web.Response:
    trainer = await bearer_trainer(request)
    data = await read_all(request, MAX_ZIP)
    name = request.query.get("name", "deck.zip")[:200]
    uploaded, problems = await request.app[LIBRARY].upload(trainer.id, data, name)
    if uploaded is None:
        found = [dataclasses.asdict(p) for p in problems]
        return web.json_response({"error": {"field": "body", "problems": found}}, status=422)
    deck = {"deck": f"upload:{uploaded.deck_id}", "title": uploaded.title}
    return web.json_response(deck | {"hash": uploaded.content_hash}, status=201)


ENDPOINTS = (
    Endpoint("GET", "/api/decks", list_decks, "Bundled decks and the trainer's uploaded decks"),
    Endpoint(
        "POST", "/api/decks", upload_deck, "Upload a deck as a zip (validated)", "application/zip"
    ),
    Endpoint(
        "GET",
        "/api/decks/{deck}/coverage",
        assess.get_coverage,
        "What a deck can assess: each criterion of its grids (or ?grid=) against its contacts",
    ),
    Endpoint(
        "POST",
        "/api/decks/{deck}/dryrun",
        assess.post_dryrun,
        "Dry run: a careful and a careless scripted candidate, proposals per criterion",
        assess.DryRunRequest,
    ),
    Endpoint(
        "POST",
        "/api/decks/{deck}/try",
        assess.post_try,
        "A trial of the deck or one contact at the candidate's desk (no exam, no record)",
        assess.TrialRequest,
    ),
)
