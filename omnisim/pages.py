"""HTML pages. Each renders from a typed context; templates stay logic-light."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from aiohttp import web

from omnisim.deck import DeckError
from omnisim.events import Event
from omnisim.grading import (
    GradeSheet,
    PassOutcome,
    apply_pass_rule,
    bundled_grids,
    final_decisions,
    grade,
)
from omnisim.i18n import catalog, pick_lang, translator
from omnisim.measures import MeasureResult, compute_all
from omnisim.paths import data_dir
from omnisim.runtime import SessionRuntime
from omnisim.sessions import SessionTokens
from omnisim.views import candidate_workspace
from omnisim.web_app import SESSIONS, STORE, TEMPLATES


@dataclass(frozen=True)
class PageContext:
    lang: str
    t: Callable[[str], str]
    title: str
    other_lang_url: str


@dataclass(frozen=True)
class IndexContext:
    page: PageContext
    decks: list[str]
    created: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkspaceContext:
    """Candidate and trainer pages: the browser script does the rest over socket.io."""

    page: PageContext
    deck_title: str
    boot_json: str
    links: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EventRow:
    seq: int
    sim_clock: str
    actor: str
    type: str
    detail: str


@dataclass(frozen=True)
class JuryContext:
    page: PageContext
    deck_title: str
    rows: list[EventRow]
    measures: list[MeasureResult]
    sheet: GradeSheet | None
    outcome: PassOutcome | None
    show: Callable[[Any], str] = field(default=lambda v: show(v))


def show(value: Any) -> str:
    """A measure's value as a jury reads it: no Python reprs."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        return " ; ".join(f"{k} : {show(v)}" for k, v in value.items()) or "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(show(v) for v in value) or "—"
    return str(value)


def sim_clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _page(request: web.Request, title_key: str, session_lang: str | None = None) -> PageContext:
    lang = pick_lang(request.query.get("lang"), session_lang)
    other = "en" if lang == "fr" else "fr"
    query = dict(request.query) | {"lang": other}
    t = translator(lang)
    return PageContext(lang, t, t(title_key), str(request.rel_url.with_query(query)))


def _render(request: web.Request, template: str, context: Any, status: int = 200) -> web.Response:
    env = request.app[TEMPLATES]
    html = env.get_template(template).render(ctx=context)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def _links(request: web.Request, tokens: SessionTokens) -> dict[str, str]:
    base = f"{request.scheme}://{request.host}"
    return {
        "candidate": f"{base}/candidate?token={tokens.candidate}",
        "trainer": f"{base}/trainer?token={tokens.trainer}",
        "jury": f"{base}/jury?token={tokens.jury}",
    }


def bundled_decks() -> list[str]:
    return sorted(p.parent.name for p in data_dir("decks").glob("*/deck.yaml"))


async def index(request: web.Request) -> web.Response:
    return _render(
        request, "index.html", IndexContext(_page(request, "index.title"), bundled_decks())
    )


async def create_session(request: web.Request) -> web.Response:
    form = await request.post()
    deck = str(form.get("deck", ""))
    if deck not in bundled_decks():
        raise web.HTTPBadRequest(text=f"deck: unknown deck {deck!r}")
    try:
        tokens = await request.app[SESSIONS].create(data_dir("decks") / deck)
    except DeckError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from exc
    ctx = IndexContext(_page(request, "index.title"), bundled_decks(), _links(request, tokens))
    return _render(request, "index.html", ctx, status=201)


async def _runtime_for(request: web.Request, role: str) -> SessionRuntime:
    found = await request.app[SESSIONS].authenticate(request.query.get("token", ""))
    if found is None or found[1] != role:
        t = translator(pick_lang(request.query.get("lang")))
        raise web.HTTPForbidden(text=t("error.token"))
    return found[0]


async def candidate(request: web.Request) -> web.Response:
    runtime = await _runtime_for(request, "candidate")
    page = _page(request, "candidate.title", runtime.engine.deck.language)
    boot = {
        "token": request.query["token"],
        "texts": catalog(page.lang),
        "workspace": candidate_workspace(runtime.engine.deck),
    }
    ctx = WorkspaceContext(page, runtime.engine.deck.title, _script_json(boot))
    return _render(request, "candidate.html", ctx)


async def trainer(request: web.Request) -> web.Response:
    runtime = await _runtime_for(request, "trainer")
    page = _page(request, "trainer.title", runtime.engine.deck.language)
    deck = runtime.engine.deck
    boot = {
        "token": request.query["token"],
        "texts": catalog(page.lang),
        "contacts": [
            {"id": c.id, "customer": c.customer.name, "channel": c.channel} for c in deck.contacts
        ],
    }
    ctx = WorkspaceContext(page, deck.title, _script_json(boot))
    return _render(request, "trainer.html", ctx)


def _script_json(data: Any) -> str:
    """JSON safe inside <script>: a deck line containing "</script>" cannot close the tag."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def _detail(event: Event) -> str:
    data = asdict(event.payload)
    if "text" in data:
        return f"{data.get('contact_id', '')} — {data['text']}"
    return ", ".join(f"{k}={v}" for k, v in data.items() if not k.endswith("_hash"))


async def jury(request: web.Request) -> web.Response:
    runtime = await _runtime_for(request, "jury")
    events = await request.app[STORE].read(runtime.session_id)
    page = _page(request, "jury.title", runtime.engine.deck.language)
    t = page.t
    rows = [
        EventRow(e.seq, sim_clock(e.sim_time), t(f"actor.{e.actor}"), e.type, _detail(e))
        for e in events
    ]
    deck = runtime.engine.deck
    results = await asyncio.to_thread(compute_all, events, deck)  # CPU-bound on long sessions
    grid = bundled_grids().get(deck.grid)
    sheet = grade(grid, results) if grid else None
    outcome = apply_pass_rule(grid, final_decisions(sheet, {})) if grid and sheet else None
    ctx = JuryContext(page, deck.title, rows, list(results.values()), sheet, outcome)
    return _render(request, "jury.html", ctx)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/", index, name="index")
    app.router.add_post("/sessions", create_session, name="create_session")
    app.router.add_get("/candidate", candidate, name="candidate")
    app.router.add_get("/trainer", trainer, name="trainer")
    app.router.add_get("/jury", jury, name="jury")
