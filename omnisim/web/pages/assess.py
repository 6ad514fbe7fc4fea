"""A trainer checks a deck before any exam: what it can assess (criteria × contacts), a dry run
of a careful and a careless scripted candidate, and a trial at the candidate's own desk.

``{deck}`` is a deck choice as the exam form writes it (``bundled:demo``, a library deck),
URL-encoded; the scenario comes from the library (omnisim/live/library.py). Trainer pages,
so the answer key shows: signed-in only. The JSON twins are in omnisim/web/api/decks.py.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field, replace
from urllib.parse import quote

from aiohttp import web

from omnisim.deck import Deck
from omnisim.deck.timeline import TimelineRow, timeline
from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.grading import Grid
from omnisim.i18n import Num, Text, say
from omnisim.live.accounts import Trainer
from omnisim.live.sandbox import GRACE, Trial
from omnisim.refusals import RefusalError
from omnisim.rehearsal.dryrun import STYLES, GridRun
from omnisim.scenario import Scenario
from omnisim.scenario.coverage import (
    Coverage,
    CriterionCoverage,
    columns,
    coverage,
    grid_warning,
    warnings,
)
from omnisim.schema import SchemaError
from omnisim.web.keys import LIBRARY, REHEARSALS, SANDBOXES
from omnisim.web.pages.base import PageContext, lang_query, page, refuse, render
from omnisim.web.signin import require_trainer


@dataclass(frozen=True)
class Row:
    """One criterion of the matrix: its occasions per contact (words), and why not if none."""

    reference: str
    label: str
    status: str
    cells: list[list[str]]
    sentence: str


@dataclass(frozen=True)
class GridView:
    grid: Grid
    title: str
    warning: str  # the deck does not prepare for this grid
    coverage: Coverage
    competences: list[tuple[str, list[Row]]]
    gaps: list[str]  # every criterion not fully assessed, in words


@dataclass(frozen=True)
class AssessContext:
    """The coverage page, with the dry run's results when it was just run."""

    page: PageContext
    ref: str  # the deck choice
    quoted: str  # the same, for a URL path
    deck: Deck
    columns: list[TimelineRow]  # the contacts, as the deck preview lists them
    grids: list[GridView]
    choices: list[tuple[str, str]]  # every grid: (id, title)
    chosen: str
    dryrun: list[GridRun] = field(default_factory=list)
    dryrun_took: str = ""
    form: dict[str, str] = field(default_factory=dict)
    error_field: str = ""
    error: str = ""
    trial_minutes: int = int(GRACE // 60)


@dataclass(frozen=True)
class DeckErrorsContext:
    page: PageContext
    ref: str
    problems: list[DeckProblem]


async def scenario_of(request: web.Request, trainer: Trainer) -> Scenario:
    """The deck the path names, as this trainer may use it (DeckError, or a refusal naming
    ``deck``)."""
    return await request.app[LIBRARY].scenario_for(trainer.id, request.match_info["deck"])


def grids_of(scenario: Scenario, grid_id: str) -> list[Grid]:
    """The grid asked for (any grid, prepared or not), else every grid the deck prepares."""
    if grid_id:
        if grid_id not in scenario.grids:
            raise SchemaError("grid", "err.unknown_grid", grid=grid_id[:80])
        return [scenario.grids[grid_id]]
    return [scenario.grids[g] for g in scenario.deck.grid_ids if g in scenario.grids]


def grid_view(scenario: Scenario, grid: Grid, columns: list[TimelineRow], lang: str) -> GridView:
    found = coverage(scenario, grid)
    by_id = {c.criterion.id: c for c in found.criteria}
    competences = []
    for comp in grid.competences:
        rows = []
        for crit in (c for c in grid.criteria if c.competence == comp.id):
            cov = by_id[crit.id]
            cells = [
                [say(Text(f"cover.tag.{t}"), lang) for t in cov.by_contact.get(col.contact_id, ())]
                for col in columns
            ]
            said = "" if cov.status == "covered" else say(row_note(cov), lang)
            rows.append(
                Row(crit.reference or crit.id, grid.label_for(crit, lang), cov.status, cells, said)
            )
        competences.append((grid.label_for(comp, lang), rows))
    gaps = [say(c.sentence(grid, lang), lang) for c in found.criteria if c.status != "covered"]
    warning = say(grid_warning(scenario, grid, lang), lang)
    return GridView(grid, grid.title_for(lang), warning, found, competences, gaps)


def row_note(cov: CriterionCoverage) -> Text:
    """What a row of the matrix lacks, in a few words (the sentence is in the gaps above it)."""
    if cov.status == "extra":
        return Text("cover.row.extra", contacts=", ".join(cov.extras))
    if cov.status == "jury":
        return Text("cover.row.jury")
    return Text("cover.row.missing", measures=tuple(Text(f"measure.{m}") for m in cov.missing))


def _grids(scenario: Scenario, grid_id: str, lang: str) -> tuple[list[TimelineRow], list[GridView]]:
    """The deck's columns and each grid's coverage of them (SchemaError: an unknown grid)."""
    rows = {r.contact_id: r for r in timeline(scenario.deck)}
    shown = [rows[c.id] for c in columns(scenario.deck)]
    return shown, [grid_view(scenario, g, shown, lang) for g in grids_of(scenario, grid_id)]


async def _context(
    request: web.Request, trainer: Trainer, scenario: Scenario, grid_id: str
) -> AssessContext:
    deck = scenario.deck
    ctx_page = page(request, "cover.title", deck.language, trainer.name)
    lang = ctx_page.lang
    # A grid's coverage of a 40-contact deck is a few hundred cells: computed off the loop.
    shown, views = await asyncio.to_thread(_grids, scenario, grid_id, lang)
    every = sorted(scenario.grids.values(), key=lambda g: g.id)
    choices = [(g.id, g.title_for(lang)) for g in every]
    ref = request.match_info["deck"]
    return AssessContext(ctx_page, ref, quote(ref, safe=""), deck, shown, views, choices, grid_id)


async def _guarded(request: web.Request, trainer: Trainer) -> Scenario | web.Response:
    """The scenario, or the page that says why there is none (unknown deck, deck with errors)."""
    try:
        return await scenario_of(request, trainer)
    except DeckError as exc:
        ctx_page = page(request, "cover.title", trainer_name=trainer.name)
        ctx = DeckErrorsContext(ctx_page, request.match_info["deck"], list(exc.problems))
        return render(request, "deck_errors.html", ctx, status=422)
    except RefusalError as exc:
        raise refuse(
            request, 404, "err.unknown_deck", deck=request.match_info["deck"][:80]
        ) from exc


async def coverage_page(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    scenario = await _guarded(request, trainer)
    if isinstance(scenario, web.Response):
        return scenario
    grid_id = request.query.get("grid", "")
    try:
        ctx = await _context(request, trainer, scenario, grid_id)
    except SchemaError as exc:
        raise refuse(request, 404, "err.unknown_grid", grid=grid_id[:80]) from exc
    return render(request, "deck_coverage.html", ctx)


async def dryrun_page(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    form = await request.post()
    grid_id = str(form.get("grid", "") or request.query.get("grid", ""))
    scenario = await _guarded(request, trainer)
    if isinstance(scenario, web.Response):
        return scenario
    try:
        grids = grids_of(scenario, grid_id)
    except SchemaError as exc:
        raise refuse(request, 422, "err.unknown_grid", grid=grid_id[:80]) from exc
    timed = await request.app[REHEARSALS].dry_run(scenario, grids)
    careful, careless = (next(r.events for r in timed.run.runs if r.style == s) for s in STYLES)
    took = Text("dryrun.took", seconds=Num(timed.seconds, 1), careful=careful, careless=careless)
    ctx = await _context(request, trainer, scenario, grid_id)
    ctx = replace(ctx, dryrun=list(timed.run.grids), dryrun_took=say(took, ctx.page.lang))
    return render(request, "deck_coverage.html", ctx)


def parse_pace(text: str) -> float | None:
    """The pace typed (``6``, ``2,5``), None when empty; refused naming the field otherwise."""
    if not text.strip():
        return None
    try:
        return float(text.replace(",", ".").strip())
    except ValueError as exc:
        raise SchemaError("pace", "err.pace") from exc


async def open_trial(
    request: web.Request,
    trainer: Trainer,
    scenario: Scenario,
    contact: str,
    pace: float | None,
    lang: str,
) -> Trial:
    """A trial of the deck (or one contact) for this trainer (omnisim/live/sandbox.py)."""
    deck = scenario.deck
    tried = deck.contact(contact) if contact else None
    # Named by its customer, as the desk shows a contact (never by the deck's own id).
    title = (
        Text("try.title_contact", deck=deck.title, customer=tried.customer.name)
        if tried is not None
        else Text("try.title_whole", deck=deck.title)
    )
    return await request.app[SANDBOXES].open(
        trainer.id,
        say(Text("try.agent", name=trainer.name), lang),
        scenario,
        contact=contact,
        pace=pace,
        title=say(title, lang)[:200],
    )


async def try_page(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    form = {k: str(v) for k, v in (await request.post()).items() if isinstance(v, str)}
    form.pop("csrf_token", None)
    scenario = await _guarded(request, trainer)
    if isinstance(scenario, web.Response):
        return scenario
    lang = page(request, "cover.title", scenario.deck.language).lang
    try:
        pace = parse_pace(form.get("pace", ""))
        trial = await open_trial(request, trainer, scenario, form.get("contact", ""), pace, lang)
    except RefusalError as exc:
        ctx = await _context(request, trainer, scenario, form.get("grid", ""))
        ctx = replace(ctx, form=form, error_field=exc.field, error=exc.render(lang))
        return render(request, "deck_coverage.html", ctx, status=422)
    query = lang_query(request, token=trial.token)
    raise web.HTTPSeeOther(f"/candidate?{query}")


async def deck_warnings(
    request: web.Request, trainer: Trainer, ref: str, grid_id: str, lang: str
) -> list[str]:
    """What the exam form tells a trainer about this deck and grid (the deck's default when
    none is chosen); nothing for a deck it cannot read, which the form's own checks name."""
    try:
        scenario = await request.app[LIBRARY].scenario_for(trainer.id, ref)
    except (DeckError, RefusalError):
        return []
    grid = scenario.grids.get(grid_id or scenario.deck.grid)
    return [say(t, lang) for t in warnings(scenario, grid, lang)] if grid else []


def coverage_url(ref: str, grid_id: str, lang: str) -> str:
    query = f"grid={quote(grid_id)}&lang={lang}" if grid_id else f"lang={lang}"
    return f"/decks/{quote(ref, safe='')}/coverage?{query}"


async def warnings_json(request: web.Request) -> web.Response:
    """The exam form's warnings for the deck and grid just chosen (web/src/examform)."""
    trainer = await require_trainer(request)
    ref, grid_id = request.match_info["deck"], request.query.get("grid", "")
    lang = page(request, "exam_new.title").lang
    said = await deck_warnings(request, trainer, ref, grid_id, lang)
    return web.json_response({"warnings": said, "coverage": coverage_url(ref, grid_id, lang)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/decks/{deck}/warnings", warnings_json, name="deck_warnings")
    app.router.add_get("/decks/{deck}/coverage", coverage_page, name="deck_coverage")
    app.router.add_post("/decks/{deck}/dryrun", dryrun_page, name="deck_dryrun")
    app.router.add_post("/decks/{deck}/try", try_page, name="deck_try")
