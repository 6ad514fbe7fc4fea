"""One exam, for its trainer: everyone's links and the controls (start, pause, resume, stop,
revoke or reissue a link, a candidate's status, the pass rule, lock), the printable links
sheet, the record's export.

A refused command shows on the page, in the page's language. Locking asks first: a page
says what the lock freezes (or who is still undecided), and only its own button locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim import events as ev
from omnisim.exams.state import ExamState
from omnisim.i18n import format_datetime
from omnisim.jury.record import STATUSES, Freeze, freezes
from omnisim.live import commands
from omnisim.live.accounts import Trainer
from omnisim.live.exam import ExamRuntime
from omnisim.refusals import RefusalError
from omnisim.schema import SchemaError
from omnisim.store import StoreUnavailable
from omnisim.web.export import stream_export
from omnisim.web.keys import EXAMS
from omnisim.web.pages.base import PageContext, lang_query, link, page, refuse, render
from omnisim.web.signin import require_trainer


@dataclass(frozen=True)
class PersonRow:
    id: str
    role: str
    name: str
    detail: str
    url: str
    revoked: bool
    status: str = ""
    number: str = ""  # a candidate's: their progress across exams
    record_status: str = ""  # a candidate the trainer recorded absent, abandoned, excluded
    record_reason: str = ""


@dataclass(frozen=True)
class ExamContext:
    page: PageContext
    exam: ExamState
    people: list[PersonRow]
    all_links: str
    error: str = ""
    rule_open: bool = False  # the grid's text states no pass rule: the trainer sets one
    grid_title: str = ""  # the grid as people name it, never its identifier
    locked_at: str = ""  # the procès-verbal's lock, in the page's language
    statuses: tuple[str, ...] = STATUSES
    freeze: Freeze | None = None  # the lock's confirmation: what it would freeze
    kept: dict[str, str] | None = None  # a refused form's typed values, given back


async def _own_exam(request: web.Request) -> tuple[Trainer, ExamRuntime]:
    trainer = await require_trainer(request)
    exam = await request.app[EXAMS].get(request.match_info["exam_id"])
    if exam is None or exam.created.trainer_id != trainer.id:
        raise refuse(request, 404, "error.no_exam")
    await exam.catch_up()
    await request.app[EXAMS].filing.marked(exam.state)
    return trainer, exam


def people_rows(request: web.Request, exam: ExamRuntime) -> list[PersonRow]:
    links = exam.links()
    rows = []
    for person in exam.state.people.values():
        token = links.get(person.id, "")
        if exam.state.locked and person.role != "jury":
            token = ""  # a locked record ends the candidates' links (live/exams.py): none shown
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
        recorded = exam.state.statuses.get(person.id)
        rows.append(
            PersonRow(
                person.id,
                person.role,
                person.name,
                detail,
                url,
                person.revoked,
                status,
                person.number,
                recorded.status if recorded else "",
                recorded.reason if recorded else "",
            )
        )
    return rows


async def exam_page(
    request: web.Request, error: str = "", status: int = 200, kept: dict[str, str] | None = None
) -> web.Response:
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
    locked_at = format_datetime(exam.state.locked_at, ctx_page.lang) if exam.state.locked else ""
    ctx = ExamContext(
        ctx_page, exam.state, rows, all_links, error, rule_open, grid_title, locked_at, kept=kept
    )
    return render(request, "exam.html", ctx, status=status)


async def lock_confirmation(request: web.Request) -> web.Response:
    """What locking would freeze, or who is still undecided: the trainer confirms here."""
    trainer, exam = await _own_exam(request)
    ctx_page = page(request, "exam.lock.title", exam.created.lang, trainer.name)
    rows = people_rows(request, exam)
    ctx = ExamContext(ctx_page, exam.state, rows, "", freeze=freezes(exam.state))
    return render(request, "exam_lock.html", ctx)


async def links_sheet(request: web.Request) -> web.Response:
    """One block per person, to print and hand out."""
    trainer, exam = await _own_exam(request)
    rows = people_rows(request, exam)
    ctx = ExamContext(
        page(request, "exam.sheet", exam.created.lang, trainer.name), exam.state, rows, ""
    )
    return render(request, "exam_links.html", ctx)


async def _command(
    request: web.Request, run: Any, kept: dict[str, str] | None = None
) -> web.StreamResponse:
    """Run a trainer's command; a refusal shows on the exam page, in the page's language,
    with what the form held (``kept``) given back."""
    trainer, exam = await _own_exam(request)
    try:
        await run(trainer, exam)
    except RefusalError as exc:
        lang = page(request, "exam.title").lang
        return await exam_page(request, exc.render(lang), 409, kept)
    except StoreUnavailable:
        return await exam_page(
            request, page(request, "exam.title").say("err.store_unavailable"), 503
        )
    if request.query.get("back") == "list":  # filed or brought back from the exams list
        raise web.HTTPSeeOther("/exams?" + lang_query(request))
    raise web.HTTPSeeOther(f"/exams/{exam.exam_id}" + "?" + lang_query(request))


async def exam_command(request: web.Request) -> web.StreamResponse:
    command = request.match_info["command"]
    if command not in commands.ON_EXAM:
        raise refuse(request, 404, "error.no_command")
    if command == "lock" and (await request.post()).get("confirm") != "yes":
        return await lock_confirmation(request)  # never locked by one click

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        await commands.run(exam, commands.ON_EXAM[command](trainer.id))

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
        rule = ev.PassRuleSet(kind, minimum)  # type: ignore[arg-type]
        await commands.run(exam, commands.PassRule(trainer.id, rule))

    return await _command(request, run)


async def filing_command(request: web.Request) -> web.StreamResponse:
    """File the exam away (``archived=1``) or bring it back (``archived=0``): allowed on a
    locked record, whose log it does not touch (omnisim/live/filing.py)."""
    archived = (await request.post()).get("archived") != "0"

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        await commands.run(exam, commands.Archive(trainer.id, archived))

    return await _command(request, run)


async def person_command(request: web.Request) -> web.StreamResponse:
    person_id, command = request.match_info["person_id"], request.match_info["command"]
    if command == "status":
        form = await request.post()
        status, reason = str(form.get("status", "")), str(form.get("reason", ""))

        async def record(trainer: Trainer, exam: ExamRuntime) -> None:
            await commands.run(exam, commands.Status(trainer.id, person_id, status, reason))

        kept = {"person": person_id, "status": status, "reason": reason}
        return await _command(request, record, kept)
    if command not in commands.ON_PERSON:
        raise refuse(request, 404, "error.no_command")

    async def run(trainer: Trainer, exam: ExamRuntime) -> None:
        await commands.run(exam, commands.ON_PERSON[command](trainer.id, person_id))

    return await _command(request, run)


async def export(request: web.Request) -> web.StreamResponse:
    """The whole record as JSON lines: the exam, its grading and every attempt, in order."""
    _trainer, exam = await _own_exam(request)
    disposition = f'attachment; filename="{exam.exam_id}.jsonl"'
    return await stream_export(request, exam, {"Content-Disposition": disposition})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/exams/{exam_id}", exam_page, name="exam")
    app.router.add_get("/exams/{exam_id}/links", links_sheet, name="exam_links")
    app.router.add_get("/exams/{exam_id}/export", export, name="exam_export")
    app.router.add_get("/exams/{exam_id}/lock", lock_confirmation, name="exam_lock")
    app.router.add_post("/exams/{exam_id}/pass_rule", pass_rule_command, name="pass_rule")
    app.router.add_post("/exams/{exam_id}/filing", filing_command, name="exam_filing")
    app.router.add_post("/exams/{exam_id}/{command}", exam_command, name="exam_command")
    app.router.add_post(
        "/exams/{exam_id}/people/{person_id}/{command}", person_command, name="person_command"
    )
