"""Calibration for a quality manager: the automatic proposals against the juries' final
decisions, and the jurors against each other before they reconcile, per grid and criterion
(omnisim/results/calibration.py); and the cases behind any figure (``/results/cases``), each
linked to its exam and to the moment of the attempt it rests on.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from aiohttp import web

from omnisim.grading.grid import Grid
from omnisim.i18n import format_month, format_percent
from omnisim.refusals import RefusalError
from omnisim.results.attempts import AttemptResult
from omnisim.results.calibration import Agreement, Case, GridCalibration, calibrate
from omnisim.results.cohort import cohort
from omnisim.web.pages.base import PageContext, page, render
from omnisim.web.pages.results import Figure, ResultsContext, choices, selected
from omnisim.web.pages.results_view import (
    day,
    filters,
    found,
    kappa,
    moment_href,
    query,
    share,
    status_words,
    typed,
)


@dataclass(frozen=True)
class AgreementView:
    n: Figure
    agreement: Figure
    kappa: str


@dataclass(frozen=True)
class CriterionRow:
    reference: str
    label: str
    proposal: AgreementView
    overridden: Figure
    raised: Figure
    lowered: Figure
    left: Figure
    threshold: str
    warned: bool
    jurors: AgreementView


@dataclass(frozen=True)
class Overruled:
    reference: str
    label: str
    figure: Figure
    comments: list[Figure]


@dataclass(frozen=True)
class Leanings:
    """One juror's leaning one way, with the criteria it shows on."""

    text: str
    items: list[Figure]


@dataclass(frozen=True)
class GridView:
    grid_id: str
    title: str
    sheets: int
    exams: int
    overall: AgreementView
    warnings: list[str]
    criteria: list[CriterionRow]
    overruled: list[Overruled]
    pairs: list[tuple[str, AgreementView]]
    over_time: list[tuple[str, str, AgreementView]]
    leanings: list[Leanings]
    exports: dict[str, str]


def _href(request: web.Request, grid: str, kind: str, criterion: str = "", **more: str) -> str:
    return "/results/cases?" + query(request, grid=grid, kind=kind, criterion=criterion, **more)


def _agreement(
    request: web.Request,
    a: Agreement,
    grid: str,
    criterion: str,
    lang: str,
    kind: str = "",
    **more: str,
) -> AgreementView:
    compared = kind or "compared"
    differing = (kind + "_differ") if kind else "differing"
    return AgreementView(
        Figure(str(a.n), "", _href(request, grid, compared, criterion, **more)),
        Figure(share(a.agreement, lang), "", _href(request, grid, differing, criterion, **more)),
        kappa(a.kappa, lang),
    )


def _view(request: web.Request, cal: GridCalibration, grid: Grid, ctx: PageContext) -> GridView:
    lang, g = ctx.lang, grid.id
    labels = {c.id: (c.reference or c.id, grid.label_for(c, lang)) for c in grid.criteria}
    rows, warnings = [], []
    for c in cal.criteria:
        ref, label = labels[c.criterion_id]
        cid = c.criterion_id

        def fig(cases: Sequence[Case], kind: str, cid: str = cid) -> Figure:
            return Figure(str(len(cases)), "", _href(request, g, kind, cid))

        rows.append(
            CriterionRow(
                ref,
                label,
                _agreement(request, c.proposal, g, cid, lang),
                Figure(share(c.overridden, lang), "", _href(request, g, "differing", cid)),
                fig(c.raised, "raised"),
                fig(c.lowered, "lowered"),
                Figure(str(c.left), "", _href(request, g, "left", cid)),
                share(c.threshold, lang),
                c.warned,
                _agreement(request, c.jurors, g, cid, lang, "jurors"),
            )
        )
        if c.warned:
            warnings.append(
                ctx.say(
                    "calibration.warning",
                    reference=ref,
                    share=format_percent(c.overridden or 0.0, lang),
                    threshold=format_percent(c.threshold or 0.0, lang),
                    n=c.proposal.n,
                )
            )
    overruled = []
    for c in cal.most_overruled[:5]:
        ref, label = labels[c.criterion_id]
        comments = [
            Figure(
                group.text,
                ctx.say("results.seen_times", count=len(group.cases)),
                moment_href(group.cases[0], lang),
            )
            for group in c.comments[:5]
        ]
        figure = Figure(
            share(c.overridden, lang),
            ctx.say("calibration.overruled_of", n=len(c.proposal.differing), of=c.proposal.n),
            _href(request, g, "differing", c.criterion_id),
        )
        overruled.append(Overruled(ref, label, figure, comments))
    pairs = [
        (
            " — ".join(p.names),
            _agreement(request, p.agreement, g, "", lang, "pair", pair="|".join(p.jurors)),
        )
        for p in cal.pairs
    ]
    over_time = [
        (
            p.name,
            format_month(p.period, lang),
            _agreement(request, p.agreement, g, "", lang, "juror", juror=p.juror, period=p.period),
        )
        for p in cal.over_time
    ]
    grouped: dict[tuple[str, str], list[Figure]] = {}
    names: dict[str, str] = {}
    for c in cal.criteria:
        for x in c.leanings:
            if not x.lean:
                continue
            names[x.juror] = x.name
            cases = x.lenient if x.lean == "lenient" else x.strict
            figure = Figure(
                labels[c.criterion_id][0],
                ctx.say("calibration.lean_item", count=len(cases), n=x.n),
                _href(request, g, x.lean, c.criterion_id, juror=x.juror),
            )
            grouped.setdefault((x.juror, x.lean), []).append(figure)
    leanings = [
        Leanings(ctx.say(f"calibration.lean.{lean}", juror=names[juror]), items)
        for (juror, lean), items in sorted(grouped.items())
    ]
    exports = {
        fmt: f"/results/calibration.{fmt}?" + query(request, grid=g) for fmt in ("csv", "xlsx")
    }
    return GridView(
        g,
        grid.title_for(lang),
        cal.sheets,
        len(cal.exams),
        _agreement(request, cal.proposal, g, "", lang),
        warnings,
        rows,
        overruled,
        pairs,
        over_time,
        leanings,
        exports,
    )


async def calibration_page(request: web.Request) -> web.Response:
    f = await found(request)
    ctx_page = page(request, "calibration.title", trainer_name=f.trainer.name)
    decks, grids, exams = choices(f, ctx_page.lang, ctx_page)
    chosen = request.query.getall("exam", [])
    base = ResultsContext(ctx_page, typed(request), decks, grids, exams, chosen)
    try:
        wanted = filters(request.query, chosen)
    except RefusalError as exc:
        error = exc.render(ctx_page.lang)
        ctx = replace(base, error=error, error_field=exc.field)
        return render(request, "calibration.html", ctx, status=422)
    cals = f.memo(("calibration", wanted), lambda: calibrate(selected(f, wanted), f.grids))
    views = [_view(request, cal, f.grids[cal.grid_id], ctx_page) for cal in cals]
    empty = "" if views else ctx_page.t("calibration.empty")
    return render(request, "calibration.html", replace(base, tables=views, empty=empty))


# -- the cases behind a figure ---------------------------------------------------------
@dataclass(frozen=True)
class CaseRow:
    exam: Figure  # title, day, the exam's page
    candidate: str
    proposal: str
    marks: str
    final: str
    comment: str
    moment: str  # the debrief at the moment


@dataclass(frozen=True)
class CasesContext:
    page: PageContext
    heading: str
    back: str
    rows: list[CaseRow]
    empty: str = ""


def _cases(attempts: list[AttemptResult], grids: dict[str, Grid], q: dict[str, str]) -> list[Case]:
    grid, kind, criterion = q.get("grid", ""), q.get("kind", ""), q.get("criterion", "")
    if kind == "failed":
        tables = [t for t in cohort(attempts, grids) if t.grid_id == grid]
        return [
            c for t in tables for r in t.rates if r.criterion_id == criterion for c in r.non_acquis
        ]
    cal = next((c for c in calibrate(attempts, grids, keep=True) if c.grid_id == grid), None)
    if cal is None:
        return []
    if kind in ("pair", "pair_differ"):
        pair = next((p for p in cal.pairs if "|".join(p.jurors) == q.get("pair")), None)
        if pair is None:
            return []
        return pair.agreement.differing if kind == "pair_differ" else pair.agreement.cases
    if kind in ("juror", "juror_differ"):
        key = (q.get("juror"), q.get("period"))
        found_ = next((p for p in cal.over_time if (p.juror, p.period) == key), None)
        if found_ is None:
            return []
        return found_.agreement.differing if kind == "juror_differ" else found_.agreement.cases
    if not criterion:
        return cal.proposal.differing if kind == "differing" else cal.proposal.cases
    c = next((x for x in cal.criteria if x.criterion_id == criterion), None)
    if c is None:
        return []
    picks: dict[str, Sequence[Case]] = {
        "compared": c.proposal.cases,
        "differing": c.proposal.differing,
        "raised": c.raised,
        "lowered": c.lowered,
        "left": c.left_to_jury,
        "jurors": c.jurors.cases,
        "jurors_differ": c.jurors.differing,
    }
    if kind in ("lenient", "strict"):
        lean = next((x for x in c.leanings if x.juror == q.get("juror")), None)
        return list(lean.lenient if kind == "lenient" and lean else lean.strict if lean else [])
    return list(picks.get(kind, []))


async def cases_page(request: web.Request) -> web.Response:
    f = await found(request)
    ctx_page = page(request, "cases.title", trainer_name=f.trainer.name)
    lang = ctx_page.lang
    try:
        wanted = filters(request.query, request.query.getall("exam", []))
    except RefusalError:
        wanted = filters({}, [])
    attempts = selected(f, wanted)
    q = {
        k: request.query.get(k, "")
        for k in ("grid", "kind", "criterion", "pair", "juror", "period")
    }
    found_cases = _cases(attempts, f.grids, q)
    by_key = {(a.exam_id, a.candidate_id): a for a in attempts}
    grid = f.grids.get(q["grid"])
    rows = []
    for case in found_cases:
        a = by_key.get((case.exam_id, case.candidate_id))
        c = a.criterion(case.criterion_id) if a else None
        if a is None or c is None:
            continue
        ref = (
            next((x.reference for x in grid.criteria if x.id == c.criterion_id), "") if grid else ""
        )
        rows.append(
            CaseRow(
                Figure(a.exam_title, day(a.held_at, lang), f"/exams/{a.exam_id}?lang={lang}"),
                f"{a.name} · n° {a.number} · {ref}",
                status_words(c.proposed, "", lang) if c.proposed else "—",
                " / ".join(f"{m.name} : {status_words(m.decision, '', lang)}" for m in c.marks),
                status_words(c.final, "", lang) if c.final else "—",
                c.comment,
                moment_href(case, lang),
            )
        )
    heading = ctx_page.say(f"cases.kind.{q['kind'] or 'compared'}", count=len(rows))
    back = "/results/calibration?" + query(request)
    empty = "" if rows else ctx_page.t("cases.empty")
    return render(request, "cases.html", CasesContext(ctx_page, heading, back, rows, empty))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/results/calibration", calibration_page, name="calibration")
    app.router.add_get("/results/cases", cases_page, name="cases")
