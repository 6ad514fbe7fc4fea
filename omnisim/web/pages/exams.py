"""The trainer's exam pages: the list, a new exam (deck, mode, pace, roster), one exam's links
and controls, the printable links sheet, deck uploads and the export of the record.

Every form names the field at fault, in the page's language, and keeps what was typed.
"""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from aiohttp import web

from omnisim import events as ev
from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.exams.roster import RosterEntry
from omnisim.exams.state import ExamState, attempt_stream, grading_stream
from omnisim.grading import bundled_grids
from omnisim.i18n import pick_lang
from omnisim.live.accounts import Trainer
from omnisim.live.exam import ExamRuntime
from omnisim.live.library import scenario_of
from omnisim.paths import data_dir
from omnisim.scenario import Scenario, load_scenario
from omnisim.scenario.catalog import bundled_deck_infos
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.web.keys import EXAMS, LIBRARY, STORE
from omnisim.web.pages.base import PageContext, lang_query, link, page, refuse, render
from omnisim.web.signin import require_trainer

MODES = ("exam", "training")
EVALUATORS = {
    "interne": "internal",
    "internal": "internal",
    "externe": "external",
    "external": "external",
}


@cache
def bundled_decks() -> list[str]:
    """The decks shipped with the package (package data: read once)."""
    return sorted(p.parent.name for p in data_dir("decks").glob("*/deck.yaml"))


@dataclass(frozen=True)
class DeckChoice:
    value: str
    label: str
    detail: str = ""  # a bundled deck: the certifications it prepares


@dataclass(frozen=True)
class ExamsContext:
    page: PageContext
    exams: list[ExamState]


@dataclass(frozen=True)
class NewExamContext:
    page: PageContext
    decks: list[DeckChoice]
    grids: list[DeckChoice]
    form: dict[str, str] = field(default_factory=dict)
    error_field: str = ""
    error: str = ""
    problems: list[DeckProblem] = field(default_factory=list)


@dataclass(frozen=True)
class PersonRow:
    id: str
    role: str
    name: str
    detail: str
    url: str
    revoked: bool
    status: str = ""


@dataclass(frozen=True)
class ExamContext:
    page: PageContext
    exam: ExamState
    people: list[PersonRow]
    all_links: str
    error: str = ""
    rule_open: bool = False  # the grid's text states no pass rule: the trainer sets one
    grid_title: str = ""  # the grid as people name it, never its identifier


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


async def _choices(
    request: web.Request, trainer: Trainer
) -> tuple[list[DeckChoice], list[DeckChoice]]:
    uploaded = await request.app[LIBRARY].of_trainer(trainer.id)
    lang = pick_lang(request.query.get("lang"))
    infos = await asyncio.to_thread(bundled_deck_infos)  # read once, then cached
    decks = [DeckChoice(f"bundled:{d.deck_id}", d.deck_id, d.prepares(lang)) for d in infos]
    decks += [DeckChoice(f"upload:{d.deck_id}", f"{d.title} ({d.deck_id})") for d in uploaded]
    grids = await asyncio.to_thread(bundled_grids)  # parsed once, then cached
    return decks, [DeckChoice(g, grids[g].title_for(lang)) for g in sorted(grids)]


async def exams_list(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    exams = await request.app[EXAMS].of_trainer(trainer.id)
    ctx = ExamsContext(page(request, "exams.title", trainer_name=trainer.name), exams)
    return render(request, "exams.html", ctx)


async def new_exam(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    decks, grids = await _choices(request, trainer)
    form = {"deck": request.query.get("deck", ""), "mode": "exam"}
    ctx = NewExamContext(
        page(request, "exam_new.title", trainer_name=trainer.name), decks, grids, form
    )
    return render(request, "exam_new.html", ctx)


async def _scenario_for(request: web.Request, trainer: Trainer, choice: str) -> Scenario:
    kind, _, name = choice.partition(":")
    if kind == "bundled" and name in bundled_decks():
        return await asyncio.to_thread(load_scenario, data_dir("decks") / name)
    if kind == "upload":
        uploaded = await request.app[LIBRARY].get(trainer.id, name)
        if uploaded is not None:
            scenario, problems = await asyncio.to_thread(scenario_of, uploaded.files)
            if scenario is None:
                raise DeckError(problems)
            return scenario
    raise SchemaError("deck", "err.unknown_deck", deck=choice)


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
        scenario = await _scenario_for(request, trainer, form.get("deck", ""))
        exam, _tokens = await request.app[EXAMS].create(
            trainer.id,
            scenario,
            parse_roster(form.get("candidates", ""), "candidates"),
            parse_roster(form.get("jury", ""), "jury"),
            title=form.get("title", "")[:200],
            mode=mode,
            time_factor=_pace(form.get("time_factor", "")),
            grid_id=form.get("grid") or None,
        )
    except SchemaError as exc:
        decks, grids = await _choices(request, trainer)
        error = _where(ctx_page, exc.field) + exc.render(ctx_page.lang)
        ctx = NewExamContext(ctx_page, decks, grids, form, _form_field(exc.field), error)
        return render(request, "exam_new.html", ctx, status=422)
    except DeckError as exc:
        decks, grids = await _choices(request, trainer)
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


async def _own_exam(request: web.Request) -> tuple[Trainer, ExamRuntime]:
    trainer = await require_trainer(request)
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise refuse(request, 404, "error.no_exam")
    await exam.catch_up()
    return trainer, exam


def people_rows(request: web.Request, exam: ExamRuntime) -> list[PersonRow]:
    links = exam.links()
    rows = []
    for person in exam.state.people.values():
        token = links.get(person.id, "")
        path = "/candidate" if person.role == "candidate" else "/jury"
        url = link(request, f"{path}?token={token}") if token else ""
        detail = f"n° {person.number}" if person.role == "candidate" else person.evaluator
        status = ""
        runtime = exam.attempts.get(person.id)
        if runtime is not None:
            s = runtime.engine.state
            status = (
                "ended"
                if s.ended
                else "running"
                if s.clock.running
                else "paused"
                if s.started
                else "ready"
            )
        rows.append(
            PersonRow(person.id, person.role, person.name, detail, url, person.revoked, status)
        )
    return rows


async def exam_page(request: web.Request, error: str = "", status: int = 200) -> web.Response:
    trainer, exam = await _own_exam(request)
    rows = people_rows(request, exam)
    ctx_page = page(request, "exam.title", exam.created.lang, trainer.name)

    # A jury member's detail is internal/external: said in the page's language, like the table.
    def detail(r: PersonRow) -> str:
        return ctx_page.t(f"evaluator.{r.detail}") if r.role == "jury" else r.detail

    all_links = "\n".join(f"{r.name}\t{detail(r)}\t{r.url}" for r in rows if r.url)
    grid = exam.scenario.grids.get(exam.created.grid_id)
    rule_open = grid is not None and not grid.pass_rule.stated
    grid_title = grid.title_for(ctx_page.lang) if grid is not None else exam.created.grid_id
    ctx = ExamContext(ctx_page, exam.state, rows, all_links, error, rule_open, grid_title)
    return render(request, "exam.html", ctx, status=status)


async def links_sheet(request: web.Request) -> web.Response:
    """One block per person, to print and hand out."""
    trainer, exam = await _own_exam(request)
    rows = people_rows(request, exam)
    ctx = ExamContext(
        page(request, "exam.sheet", exam.created.lang, trainer.name), exam.state, rows, ""
    )
    return render(request, "exam_links.html", ctx)


async def _command(request: web.Request, run: Any) -> web.StreamResponse:
    """Run a trainer's command; a refusal shows on the exam page, in the page's language."""
    trainer, exam = await _own_exam(request)
    try:
        await run(trainer, exam)
    except SchemaError as exc:
        return await exam_page(request, exc.render(page(request, "exam.title").lang), 409)
    except StoreUnavailable:
        return await exam_page(
            request, page(request, "exam.title").say("err.store_unavailable"), 503
        )
    raise web.HTTPSeeOther(f"/exams/{exam.exam_id}" + "?" + lang_query(request))


async def exam_command(request: web.Request) -> web.StreamResponse:
    command = request.match_info["command"]
    if command not in ("start", "pause", "resume", "stop", "lock"):
        raise refuse(request, 404, "error.no_command")

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        if command == "lock":
            await exam.lock_record(trainer.id)
        else:
            await getattr(exam, command)(trainer.id)

    return await _command(request, run)


async def pass_rule_command(request: web.Request) -> web.StreamResponse:
    """The trainer's pass rule where the certification's text states none (MC ACVD…)."""
    form = await request.post()
    kind = str(form.get("kind", ""))
    share = str(form.get("min", "")).strip().replace(",", ".").rstrip("%").strip()

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        if kind not in ("share_of_criteria", "all_criteria", "all_competences"):
            raise SchemaError("kind", "err.pass_rule_kind")
        minimum = 1.0
        if kind == "share_of_criteria":
            try:
                minimum = float(share) / 100
            except ValueError:
                minimum = -1.0
            if not 0 < minimum <= 1:
                raise SchemaError("min", "err.pass_rule_percent")
        await exam.set_pass_rule(trainer.id, ev.PassRuleSet(kind, minimum))  # type: ignore[arg-type]

    return await _command(request, run)


async def person_command(request: web.Request) -> web.StreamResponse:
    person_id, command = request.match_info["person_id"], request.match_info["command"]
    if command not in ("revoke", "reissue"):
        raise refuse(request, 404, "error.no_command")

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        await getattr(exam, command)(trainer.id, person_id)

    return await _command(request, run)


async def export(request: web.Request) -> web.StreamResponse:
    """The whole record as JSON lines: the exam, its grading and every attempt, in order."""
    _trainer, exam = await _own_exam(request)
    disposition = f'attachment; filename="{exam.exam_id}.jsonl"'
    return await stream_export(request, exam, {"Content-Disposition": disposition})


EXPORT_CHUNK = 500  # lines per write: the answer is sent as it is read, never held whole


async def stream_export(
    request: web.Request, exam: ExamRuntime, headers: dict[str, str] | None = None
) -> web.StreamResponse:
    """Send the record as it is read, one stream after the other, in chunks.

    A download is one file (a script saves it, ``log_hash`` checks it against a
    signature), so it is streamed rather than paged: the server holds one stream's
    events at a time, never the whole exam's record as one text.
    """
    store = request.app[STORE]
    streams = [exam.exam_id, grading_stream(exam.exam_id)]
    streams += [attempt_stream(exam.exam_id, p.id) for p in exam.state.candidates]
    events = await store.read(streams[0])  # read before answering: an outage is still a 503
    response = web.StreamResponse(headers=headers or {})
    response.content_type = "application/x-ndjson"
    response.charset = "utf-8"
    await response.prepare(request)
    for n, stream in enumerate(streams):
        if n:
            events = await store.read(stream)
        for start in range(0, len(events), EXPORT_CHUNK):
            chunk = events[start : start + EXPORT_CHUNK]
            lines = "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in chunk)
            await response.write(lines.encode())
    await response.write_eof()
    return response


async def upload_deck(request: web.Request) -> web.Response:
    trainer = await require_trainer(request)
    form = await request.post()
    upload: Any = form.get("deck_zip")
    ctx_page = page(request, "exam_new.title", trainer_name=trainer.name)
    if upload is None or isinstance(upload, str):
        decks, grids = await _choices(request, trainer)
        error = ctx_page.say("err.no_zip")
        ctx = NewExamContext(ctx_page, decks, grids, {}, "deck_zip", error)
        return render(request, "exam_new.html", ctx, status=422)
    data = upload.file.read(20 * 1024 * 1024 + 1)
    uploaded, problems = await request.app[LIBRARY].upload(
        trainer.id, data, upload.filename or "deck.zip"
    )
    decks, grids = await _choices(request, trainer)
    if uploaded is None:
        ctx = NewExamContext(
            ctx_page, decks, grids, {}, "deck_zip", ctx_page.say("err.deck_invalid"), problems
        )
        return render(request, "exam_new.html", ctx, status=422)
    chosen = {"deck": f"upload:{uploaded.deck_id}", "mode": "exam"}
    ctx = NewExamContext(ctx_page, decks, grids, chosen)
    return render(request, "exam_new.html", ctx, status=201)


def add_routes(app: web.Application) -> None:
    app.router.add_get("/exams", exams_list, name="exams")
    app.router.add_get("/exams/new", new_exam, name="exam_new")
    app.router.add_post("/exams", create_exam, name="exam_create")
    app.router.add_post("/decks/upload", upload_deck, name="deck_upload")
    app.router.add_get("/exams/{exam_id}", exam_page, name="exam")
    app.router.add_get("/exams/{exam_id}/links", links_sheet, name="exam_links")
    app.router.add_get("/exams/{exam_id}/export", export, name="exam_export")
    app.router.add_post("/exams/{exam_id}/pass_rule", pass_rule_command, name="pass_rule")
    app.router.add_post("/exams/{exam_id}/{command}", exam_command, name="exam_command")
    app.router.add_post(
        "/exams/{exam_id}/people/{person_id}/{command}", person_command, name="person_command"
    )
