"""Decks through the API: every deck a trainer may use (bundled and the library's), and a
zip imported into the library. The studio's routes are omnisim/web/api/studio.py."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from omnisim.scenario.catalog import bundled_deck_infos
from omnisim.schema import SchemaError
from omnisim.web.api import assess
from omnisim.web.api.base import MAX_ZIP, api_trainer, lang, problem_json, read_all
from omnisim.web.api.studio import deck_json, names, problems_json
from omnisim.web.keys import LIBRARY
from omnisim.web.openapi import Endpoint

MAX_NAME = 200  # the uploaded file's name (?name=), as the upload form takes it


async def list_decks(request: web.Request) -> web.Response:
    await api_trainer(request)
    library = await request.app[LIBRARY].decks()
    infos = await asyncio.to_thread(bundled_deck_infos)  # read once, then cached
    decks: list[dict[str, Any]] = [
        {
            "deck": f"bundled:{d.deck_id}",
            "choice": f"bundled:{d.deck_id}",
            "title": d.title,
            "language": d.language,
            "grids": [c.grid_id for c in d.certifications],  # the certifications it prepares
            "read_only": True,
        }
        for d in infos
    ]
    who = await names(request)
    decks += [deck_json(d, who) for d in library]
    return web.json_response({"decks": decks})


async def upload_deck(request: web.Request) -> web.Response:
    """A zip as a library deck: published when it passes every check; with ``?draft=true``
    kept as a draft when it does not (else refused with its problems). The same content
    imported again is the deck already there (200), not a twin."""
    trainer = await api_trainer(request)
    data = await read_all(request, MAX_ZIP)
    name = request.query.get("name", "deck.zip")
    if len(name) > MAX_NAME:
        raise SchemaError("name", "err.too_long", limit=MAX_NAME)
    language = lang(request)
    drafts = request.query.get("draft") == "true"
    imported = await request.app[LIBRARY].import_zip(trainer.id, data, name, drafts)
    problems = problems_json(imported.problems, language)
    if imported.deck is None:
        found = [problem_json(p, language) for p in imported.unreadable] or problems
        return web.json_response({"error": {"field": "body", "problems": found}}, status=422)
    answer = deck_json(imported.deck, await names(request))
    answer |= {"hash": imported.hash, "problems": problems, "existing": not imported.new}
    return web.json_response(answer, status=201 if imported.new else 200)


ENDPOINTS = (
    Endpoint("GET", "/api/decks", list_decks, "Bundled decks and the library's decks"),
    Endpoint(
        "POST",
        "/api/decks",
        upload_deck,
        "Import a deck as a zip (?draft=true keeps one with problems as a draft);"
        " ?name= the file's name, 200 characters at most",
        "application/zip",
        body_limit=MAX_ZIP,
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
