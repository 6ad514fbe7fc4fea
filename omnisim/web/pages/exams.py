"""The trainer's exams: the list, and a new exam (deck, mode, pace, roster).

One exam's own page is omnisim/web/pages/exam.py. Every form names the field at
fault, in the page's language, and keeps what was typed.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field, replace

from aiohttp import web

from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.exams.roster import RosterEntry
from omnisim.exams.state import ExamState
from omnisim.grading import bundled_grids
from omnisim.i18n import format_datetime, pick_lang
from omnisim.live.accounts import Trainer
from omnisim.refusals import RefusalError
from omnisim.scenario.catalog import bundled_deck_infos
from omnisim.schema import SchemaError
from omnisim.web.keys import EXAMS, LIBRARY
from omnisim.web.pages.assess import coverage_url, deck_warnings
from omnisim.web.pages.base import PageContext, lang_query, page, render
from omnisim.web.signin import require_trainer

MODES = ("exam", "training")

EVALUATORS = {
    "interne": "internal",
    "internal": "internal",
    "externe": "external",
    "external": "external",
}


@dataclass(frozen=True)
class DeckChoice:
    value: str
    label: str
    detail: str = ""  # a bundled deck: the certifications it prepares


@dataclass(frozen=True)
class ExamRow:
    state: ExamState
    created: str  # the day and time it was created, in the page's locale


@dataclass(frozen=True)
class ExamsContext:
    page: PageContext
    exams: list[ExamRow]
    archived: bool  # the archived exams are listed (else only those in use)
    hidden: int  # archived exams not listed


@dataclass(frozen=True)
class NewExamContext:
    page: PageContext
    decks: list[DeckChoice]
    grids: list[DeckChoice]
    form: dict[str, str] = field(default_factory=dict)
    error_field: str = ""
    error: str = ""
    problems: list[DeckProblem] = field(default_factory=list)
    # What the chosen deck cannot assess of the chosen grid, or a grid it does not prepare:
    # said before the exam is created, never refused (omnisim/scenario/coverage.py).
    warnings: list[str] = field(default_factory=list)
    coverage_url: str = ""


def parse_roster(text: str, kind: str) -> list[RosterEntry]:
    """One person per line: ``Nom ; numéro`` (candidates) or ``Nom ; interne|externe`` (jury)."""
    entries = []
    lines = [line for line in text.splitlines() if line.strip()]
    for n, line in enumerate(lines, start=1):
        name, _, rest = (part.strip() for part in line.partition(";"))
        if kind == "candidates":
            entries.append(RosterEntry(name, number=rest))
            continue
        evaluator = EVALUATORS.get(rest.lower())
        if evaluator is None:
            raise SchemaError(kind, "err.roster_evaluator", line=n)
        entries.append(RosterEntry(name, evaluator=evaluator))
    return entries


async def choices(
    request: web.Request, trainer: Trainer
) -> tuple[list[DeckChoice], list[DeckChoice]]:
    library = await request.app[LIBRARY].exam_choices()  # published decks only
    lang = pick_lang(request.query.get("lang"))
    infos = await asyncio.to_thread(bundled_deck_infos)  # read once, then cached
    decks = [DeckChoice(f"bundled:{d.deck_id}", d.deck_id, d.prepares(lang)) for d in infos]
    decks += [DeckChoice(f"library:{d.deck_id}", f"{d.title} ({d.deck_id})") for d in library]
    grids = await asyncio.to_thread(bundled_grids)  # parsed once, then cached
    return decks, [DeckChoice(g, grids[g].title_for(lang)) for g in sorted(grids)]


async def exams_list(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    exams = await request.app[EXAMS].of_trainer(trainer.id)
    ctx_page = page(request, "exams.title", trainer_name=trainer.name)
    archived = request.query.get("archived") == "1"
    rows = [
        ExamRow(s, format_datetime(s.created_at, ctx_page.lang))
        for s in exams
        if archived or not s.archived
    ]
    hidden = 0 if archived else sum(1 for s in exams if s.archived)
    return render(request, "exams.html", ExamsContext(ctx_page, rows, archived, hidden))


async def new_exam(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    decks, grids = await choices(request, trainer)
    form = {"deck": request.query.get("deck", ""), "grid": request.query.get("grid", "")}
    form["mode"] = "exam"
    if request.query.get("mode") in MODES:  # a candidate enrolled again (their progress page)
        form["mode"] = request.query["mode"]
    if request.query.get("candidates"):
        form["candidates"] = request.query["candidates"][:2000]
    ctx_page = page(request, "exam_new.title", trainer_name=trainer.name)
    ctx = await warned(request, trainer, NewExamContext(ctx_page, decks, grids, form))
    return render(request, "exam_new.html", ctx)


async def warned(request: web.Request, trainer: Trainer, ctx: NewExamContext) -> NewExamContext:
    """The form with what the chosen deck cannot assess of the chosen grid (the first deck
    offered when none is chosen yet); the page's script says it again at each choice."""
    ref = ctx.form.get("deck") or (ctx.decks[0].value if ctx.decks else "")
    grid_id, lang = ctx.form.get("grid", ""), ctx.page.lang
    said = await deck_warnings(request, trainer, ref, grid_id, lang) if ref else []
    url = coverage_url(ref, grid_id, lang) if ref else ""
    return replace(ctx, warnings=said, coverage_url=url)


def _pace(text: str) -> float | None:
    if not text.strip():
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError as exc:
        raise SchemaError("time_factor", "err.pace") from exc


async def create_exam(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    form = {k: str(v) for k, v in (await request.post()).items() if isinstance(v, str)}
    form.pop("csrf_token", None)
    ctx_page = page(request, "exam_new.title", trainer_name=trainer.name)
    try:
        mode = form.get("mode", "")
        if mode not in MODES:
            raise SchemaError("mode", "err.mode")
        choice = form.get("deck", "")
        scenario = await request.app[LIBRARY].scenario_for(trainer.id, choice, exam=True)
        exam, _tokens = await request.app[EXAMS].create(
            trainer.id,
            scenario,
            parse_roster(form.get("candidates", ""), "candidates"),
            parse_roster(form.get("jury", ""), "jury"),
            title=form.get("title", ""),
            mode=mode,
            time_factor=_pace(form.get("time_factor", "")),
            grid_id=form.get("grid") or None,
        )
    except RefusalError as exc:  # malformed, or refused by the exam (busy)
        decks, grids = await choices(request, trainer)
        error = _where(ctx_page, exc.field) + exc.render(ctx_page.lang)
        ctx = NewExamContext(ctx_page, decks, grids, form, _form_field(exc.field), error)
        return render(request, "exam_new.html", await warned(request, trainer, ctx), status=422)
    except DeckError as exc:
        decks, grids = await choices(request, trainer)
        ctx = NewExamContext(ctx_page, decks, grids, form, "deck", "", exc.problems)
        return render(request, "exam_new.html", ctx, status=422)
    raise web.HTTPSeeOther(f"/exams/{exam.exam_id}" + "?" + lang_query(request))


def _where(ctx_page: PageContext, field: str) -> str:
    """ "Candidats, ligne 3 : " for a roster line, so the trainer finds the line to fix."""
    found = re.match(r"(candidates|jury)\[(\d+)\]", field)
    if not found:
        return ""
    label = ctx_page.t(f"exam.{found.group(1)}")
    return ctx_page.say("exam.line", field=label, line=int(found.group(2)) + 1)


def _form_field(name: str) -> str:
    """The form field a schema path belongs to (``candidates[2].number`` → candidates)."""
    return name.split("[", 1)[0].split(".", 1)[0]


def add_routes(app: web.Application) -> None:
    app.router.add_get("/exams", exams_list, name="exams")
    app.router.add_get("/exams/new", new_exam, name="exam_new")
    app.router.add_post("/exams", create_exam, name="exam_create")
