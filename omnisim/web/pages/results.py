"""The trainer's results across exams: the cohort (criterion × candidate, pass rates, the
criteria most often failed), a candidate's progress, and their exports.

The figures are omnisim/results/'s; each cell and rate links down to its cases and each
case to the moment of the attempt it rests on (the trainer's debrief,
omnisim/web/pages/debrief.py). Filters that match nothing say so in words.
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from aiohttp import web

from omnisim.documents.results_tables import calibration_tables, cohort_tables
from omnisim.documents.workbook import to_csv, to_xlsx
from omnisim.grading.grid import Grid
from omnisim.i18n import format_datetime
from omnisim.refusals import RefusalError
from omnisim.results.attempts import AttemptResult
from omnisim.results.calibration import Case, calibrate
from omnisim.results.cohort import CohortTable, Filters, case_of, cohort
from omnisim.results.progress import GridProgress, progress
from omnisim.web.pages.base import PageContext, page, refuse, render
from omnisim.web.pages.results_view import (
    SHORT,
    Found,
    day,
    filters,
    found,
    moment_href,
    query,
    share,
    status_words,
    typed,
)


@dataclass(frozen=True)
class Cell:
    short: str  # A, NA, ?
    css: str
    title: str  # the status and who said it (the jury, or the automatic proposal)
    href: str
    words: str = ""  # the status alone (the hatching says a proposal)


@dataclass(frozen=True)
class Row:
    name: str
    number: str
    exam_id: str
    exam_title: str
    day: str
    mode: str
    cells: list[Cell]
    met: int
    total: int
    result: str
    progress_href: str


@dataclass(frozen=True)
class Figure:
    """A figure and where it comes from."""

    text: str
    detail: str
    href: str


@dataclass(frozen=True)
class Failing:
    reference: str
    label: str
    figure: Figure
    typical: list[Figure]


@dataclass(frozen=True)
class TableView:
    grid_id: str
    grid_title: str
    headers: list[tuple[str, str]]  # (reference, label)
    rows: list[Row]
    rates: list[Figure]
    failing: list[Failing]
    exams: int
    exports: dict[str, str]
    total: int  # rows of the whole cohort (the table shows one page of them)
    pages: list[tuple[int, str]]  # (page number, link), when more than one


ROWS_PER_PAGE = 100  # a cohort of 500 exams is 10,000 rows: rates over all, rows by pages


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class ResultsContext:
    """The cohort's and the calibration's page: the filters as typed, and one view per grid."""

    page: PageContext
    form: dict[str, str]
    decks: list[Choice]
    grids: list[Choice]
    exams: list[Choice]
    chosen: list[str]
    tables: list[Any] = field(default_factory=list)  # TableView, or the calibration's GridView
    empty: str = ""
    error: str = ""
    error_field: str = ""


def _cell(c_status: str, source: str, href: str, lang: str) -> Cell:
    css = f"st-{c_status}" + (" by-proposal" if source == "proposal" else "")
    words = status_words(c_status, "", lang)
    return Cell(SHORT.get(c_status, "?"), css, status_words(c_status, source, lang), href, words)


def _table_view(
    request: web.Request, table: CohortTable, grid: Grid, lang: str, ctx: PageContext
) -> TableView:
    t = ctx.t
    result = {True: t("doc.passed"), False: t("doc.failed"), None: t("doc.pending")}
    rows = []
    number = _page_number(request, len(table.rows))
    shown = table.rows[(number - 1) * ROWS_PER_PAGE : number * ROWS_PER_PAGE]
    for a in shown:
        # Aligned on the table's criteria: one its deck did not grade (no sale) has its mark.
        by = {c.criterion_id: c for c in a.criteria}
        cells = [
            _cell(c.status, c.source, moment_href(case_of(a, c), lang), lang)
            if (c := by.get(cid)) is not None
            else _cell("not_graded", "", "", lang)
            for cid in table.criteria
        ]
        rows.append(
            Row(
                a.name,
                a.number,
                a.exam_id,
                a.exam_title,
                day(a.held_at, lang),
                t(f"mode.{a.mode}"),
                cells,
                a.met,
                len(a.criteria),
                result[a.passed],
                f"/results/candidates/{a.number}?lang={lang}",
            )
        )
    labels = {c.id: (c.reference or c.id, grid.label_for(c, lang)) for c in grid.criteria}
    headers = _short_headers([labels[cid] for cid in table.criteria])
    rates = [
        Figure(
            share(r.rate, lang),
            ctx.say("results.rate_detail", met=r.acquis, decided=r.decided),
            "/results/cases?"
            + query(request, grid=grid.id, criterion=r.criterion_id, kind="failed"),
        )
        for r in table.rates
    ]
    failing = []
    for f in table.failing:
        ref, label = labels[f.criterion_id]
        typical = [
            Figure(
                f"{ctx.t(f'measure.{x.measure}')} — {x.text.get(lang) or x.note}",
                ctx.say("results.seen_times", count=x.count),
                moment_href(x.first, lang),
            )
            for x in f.typical
        ]
        figure = Figure(
            ctx.say("results.failed_of", failed=f.failed, decided=f.decided),
            share(f.failed / f.decided if f.decided else None, lang),
            "/results/cases?"
            + query(request, grid=grid.id, criterion=f.criterion_id, kind="failed"),
        )
        failing.append(Failing(ref, label, figure, typical))
    exports = {
        fmt: f"/results/cohort.{fmt}?" + query(request, grid=grid.id) for fmt in ("csv", "xlsx")
    }
    return TableView(
        grid.id,
        grid.title_for(lang),
        headers,
        rows,
        rates,
        failing,
        len(table.exams),
        exports,
        len(table.rows),
        _pages(request, grid.id, len(table.rows)),
    )


def _short_headers(labels: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """« C.1.5 » for « CQP C.1.5 » when every reference starts with the same word: 17 columns
    fit a screen; the full reference and the label stay in the header's title."""
    firsts = {ref.split(" ", 1)[0] for ref, _ in labels if " " in ref}
    if len(firsts) != 1 or any(" " not in ref for ref, _ in labels):
        return labels
    return [(ref.split(" ", 1)[1], f"{ref} — {label}") for ref, label in labels]


def _page_number(request: web.Request, rows: int) -> int:
    text = request.query.get("page", "1")
    last = max(1, -(-rows // ROWS_PER_PAGE))
    return min(max(int(text), 1), last) if text.isdigit() and len(text) < 6 else 1


def _pages(request: web.Request, grid_id: str, rows: int) -> list[tuple[int, str]]:
    count = -(-rows // ROWS_PER_PAGE)
    if count <= 1:
        return []
    link = "/results?" + query(request, grid=grid_id)
    return [(n, f"{link}&page={n}") for n in range(1, count + 1)]


def choices(
    f: Found, lang: str, ctx: PageContext
) -> tuple[list[Choice], list[Choice], list[Choice]]:
    decks = sorted({(a.deck_id, a.deck_title) for a in f.attempts})
    grids = [Choice(g, f.grids[g].title_for(lang)) for g in sorted(f.grids)]
    exams = [
        Choice(
            exam_id,
            f"{title} · {day(at, lang)}" + (f" · {ctx.t('exams.archived')}" if archived else ""),
        )
        for exam_id, title, at, archived in f.exams
    ]
    return [Choice(d, t) for d, t in decks], grids, exams


def selected(f: Found, chosen: Filters) -> list[AttemptResult]:
    return [a for a in f.attempts if chosen.admits(a)]


async def cohort_page(request: web.Request) -> web.Response:
    f = await found(request)
    ctx_page = page(request, "results.title", trainer_name=f.trainer.name)
    lang = ctx_page.lang
    decks, grids, exams = choices(f, lang, ctx_page)
    chosen = request.query.getall("exam", [])
    base = ResultsContext(ctx_page, typed(request), decks, grids, exams, chosen)
    try:
        wanted = filters(request.query, chosen)
    except RefusalError as exc:
        error = exc.render(lang)
        return render(
            request, "results.html", replace(base, error=error, error_field=exc.field), status=422
        )
    tables = f.memo(("cohort", wanted), lambda: cohort(selected(f, wanted), f.grids))
    views = [_table_view(request, t, f.grids[t.grid_id], lang, ctx_page) for t in tables]
    empty = "" if views else ctx_page.t("results.empty" if f.attempts else "results.none_yet")
    return render(request, "results.html", replace(base, tables=views, empty=empty))


# -- a candidate's progress -----------------------------------------------------------
@dataclass(frozen=True)
class ProgressRow:
    reference: str
    label: str
    cells: list[Cell]
    trend: str  # up, down, same or ""
    last: Figure | None


@dataclass(frozen=True)
class ProgressGrid:
    grid_title: str
    attempts: list[Figure]  # one per attempt: its exam, day and mode
    rows: list[ProgressRow]


@dataclass(frozen=True)
class ProgressContext:
    page: PageContext
    name: str
    number: str
    grids: list[ProgressGrid]
    viewer: str  # trainer or candidate
    enrol_href: str = ""
    empty: str = ""


def progress_view(
    found_grids: list[GridProgress],
    grids: dict[str, Grid],
    ctx: PageContext,
    href: Callable[[Case], str],
) -> list[ProgressGrid]:
    """``href(case)`` links a moment (the trainer's debrief; the candidate's own, or none)."""
    lang = ctx.lang
    out = []
    for gp in found_grids:
        grid = grids[gp.grid_id]
        attempts = [
            Figure(
                a.exam_title, f"{format_datetime(a.held_at, lang)} · {ctx.t(f'mode.{a.mode}')}", ""
            )
            for a in gp.attempts
        ]
        rows = []
        for cp in gp.criteria:
            criterion = next(c for c in grid.criteria if c.id == cp.criterion_id)
            cells = [
                _cell(s.status, s.source, href(s.case) if s.case.seq else "", lang)
                for s in cp.steps
            ]
            last = None
            if cp.last_evidence is not None:
                link = href(cp.last_evidence)
                last = Figure(day(cp.last_evidence.held_at, lang), "", link)
            rows.append(
                ProgressRow(
                    criterion.reference or criterion.id,
                    grid.label_for(criterion, lang),
                    cells,
                    cp.trend,
                    last,
                )
            )
        out.append(ProgressGrid(grid.title_for(lang), attempts, rows))
    return out


async def progress_page(request: web.Request) -> web.Response:
    f = await found(request)
    number = request.match_info["number"]
    ctx_page = page(request, "progress.title", trainer_name=f.trainer.name)
    mine = [a for a in f.attempts if a.number.strip() == number.strip()]
    if not mine:
        raise refuse(request, 404, "error.no_candidate")
    grids = progress(f.attempts, number, f.grids, "trainer")
    name = mine[-1].name
    views = progress_view(grids, f.grids, ctx_page, lambda c: moment_href(c, ctx_page.lang))
    roster = f"{name} ; {number}"
    enrol = f"/exams/new?mode=training&candidates={_quote(roster)}&lang={ctx_page.lang}"
    empty = "" if views else ctx_page.t("progress.none_ended")
    ctx = ProgressContext(ctx_page, name, number, views, "trainer", enrol, empty)
    return render(request, "progress.html", ctx)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


# -- exports ---------------------------------------------------------------------------
def _download(body: bytes | str, fmt: str, name: str) -> web.Response:
    kinds = {
        "csv": "text/csv",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    data = body.encode("utf-8") if isinstance(body, str) else body
    return web.Response(
        body=data,
        content_type=kinds[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


async def export(request: web.Request) -> web.Response:
    """``/results/cohort.csv``, ``.xlsx``, ``/results/calibration.csv``, ``.xlsx``."""
    what, fmt = request.match_info["what"], request.match_info["fmt"]
    if what not in ("cohort", "calibration") or fmt not in ("csv", "xlsx"):
        raise refuse(request, 404, "err.not_found")
    f = await found(request)
    lang = page(request, "results.title").lang
    try:
        wanted = filters(request.query, request.query.getall("exam", []))
    except RefusalError as exc:
        raise refuse(request, 422, exc.key, **exc.params) from exc
    attempts = selected(f, wanted)
    if what == "cohort":
        found_ = f.memo(("cohort", wanted), lambda: cohort(attempts, f.grids))
        tables = cohort_tables(found_, f.grids, lang)
    else:
        cals = f.memo(("calibration", wanted), lambda: calibrate(attempts, f.grids))
        tables = calibration_tables(cals, f.grids, lang)
    body = await asyncio.to_thread(to_xlsx, tables, lang) if fmt == "xlsx" else to_csv(tables, lang)
    return _download(body, fmt, f"omnisim-{what}")


def add_routes(app: web.Application) -> None:
    app.router.add_get("/results", cohort_page, name="results")
    app.router.add_get("/results/candidates/{number}", progress_page, name="progress")
    app.router.add_get(r"/results/{what:cohort|calibration}.{fmt:csv|xlsx}", export)
