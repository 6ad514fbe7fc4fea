"""The deck studio's page: a library deck edited in the browser, with no YAML.

The page is the studio application (web/src/studio/, bundled to web/static/app/studio.js);
it boots with the deck's document and problems, the document's JSON Schema (its forms
are made from it, so a field added to the format appears here with no other change),
what its references may name (grids, bundled scripts, template variables) and which
of the assessment pages exist (coverage, dry run, try: omnisim/web/pages on another
branch). Everything after that goes through the API (omnisim/web/api/studio.py) with
the trainer's session and the page's CSRF token.
"""

from __future__ import annotations

import asyncio
import dataclasses
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.deck.channel_rules import ChannelRules, channel_rules
from omnisim.deck.jsonschema import document_schema
from omnisim.deck.scripts import load_scripts
from omnisim.deck.variables import TEMPLATE_VARIABLES
from omnisim.grading import bundled_grids
from omnisim.i18n import catalog
from omnisim.scenario.check import check_document_warned_now
from omnisim.web.api.studio import deck_json, names, problems_json
from omnisim.web.keys import LIBRARY
from omnisim.web.pages.base import PageContext, page, refuse, render, script_json
from omnisim.web.signin import require_trainer

# The assessment pages the studio links to, when this build serves them.
TOOLS = {"coverage": ("GET", "coverage"), "dryrun": ("POST", "dryrun"), "try": ("POST", "try")}


@dataclass(frozen=True)
class StudioContext:
    page: PageContext
    title: str
    boot_json: str


def _tools(app: web.Application) -> dict[str, bool]:
    """Which of /decks/{deck}/coverage, /dryrun and /try this server answers."""
    served = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
    }
    return {
        name: any(
            m == method and path.startswith("/decks/{") and path.endswith(f"/{end}")
            for m, path in served
        )
        for name, (method, end) in TOOLS.items()
    }


def _choices(lang: str) -> dict[str, Any]:
    """What the deck's references may name, from the bundled data (read once, cached)."""
    grids = bundled_grids()
    rule_fields = [
        f.name for f in dataclasses.fields(ChannelRules) if f.name not in ("channel", "label")
    ]
    return {
        "grids": [{"id": g, "title": grids[g].title_for(lang)} for g in sorted(grids)],
        "scripts": [{"id": s.id, "title": s.title_for(lang)} for s in load_scripts().values()],
        "variables": sorted(TEMPLATE_VARIABLES),
        "channels": sorted(channel_rules()),
        "rules": rule_fields,
    }


async def studio_page(request: web.Request, deck_id: str) -> web.Response:
    trainer = await require_trainer(request)
    deck = await request.app[LIBRARY].state_deck(deck_id)
    if deck is None:
        raise refuse(request, 404, "deck.unknown")
    ctx_page = page(request, "studio.title", trainer_name=trainer.name)
    _deck, problems, warnings = await asyncio.to_thread(check_document_warned_now, deck.document)
    choices = await asyncio.to_thread(_choices, ctx_page.lang)
    boot = {
        "texts": catalog(ctx_page.lang),
        "lang": ctx_page.lang,
        "csrf": ctx_page.csrf,
        "deck": deck_json(deck, await names(request)),
        "document": deck.document,
        "problems": problems_json(problems, ctx_page.lang),
        "warnings": problems_json(warnings, ctx_page.lang),  # the deck plays; grading is weaker
        "schema": document_schema(),
        "choices": choices,
        "tools": _tools(request.app),
        "imported": request.query.get("imported", ""),
    }
    ctx = StudioContext(ctx_page, deck.title, script_json(boot))
    response = render(request, "studio.html", ctx)
    response.enable_compression()  # the boot data holds the deck: a tenth of it gzipped
    return response
