"""Serving the jury's documents: result sheets and procès-verbal (HTML, PDF) and the CSV.

Reached with a jury member's link (``?token=…``) or, for the exam's trainer, signed in
(``/exams/<id>/documents/…``). Logs are read here; the documents are built by the pure
omnisim/documents/sheets.py and rendered by omnisim/web/printing.py, PDF in a thread.
"""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

from aiohttp import web

from omnisim.documents.grading_csv import grading_csv
from omnisim.documents.sheets import needed_seqs, result_sheet, session_record
from omnisim.events import Event
from omnisim.exams.state import attempt_stream
from omnisim.i18n import pick_lang, translator
from omnisim.jury.integrity import log_hashes
from omnisim.live.exam import ExamRuntime
from omnisim.live.jury import grid_of
from omnisim.schema import SchemaError
from omnisim.web import printing as render
from omnisim.web.keys import EXAMS
from omnisim.web.pages.base import refuse
from omnisim.web.signin import require_trainer


async def _exam(request: web.Request) -> tuple[ExamRuntime, dict[str, str]]:
    """The exam, and the query that reaches it again (the jury's token, or none for a trainer)."""
    exams = request.app[EXAMS]
    if "exam_id" in request.match_info:
        trainer = await require_trainer(request)
        exam = await exams.get(request.match_info["exam_id"])
        if exam is None or exam.created.trainer_id != trainer.id:
            raise refuse(request, 404, "error.no_exam")
        await exam.catch_up()
        return exam, {}
    identity = await exams.authenticate(request.query.get("token", ""))
    if identity is None or identity.role != "jury":
        raise refuse(request, 403, "error.token")
    return identity.exam, {"token": request.query["token"]}


async def _held_at(exam: ExamRuntime) -> float:
    first = await exam.exams.store.read(exam.exam_id, 0)
    return first[0].wall_time if first else time.time()


async def _log(exam: ExamRuntime, candidate_id: str) -> list[Event]:
    return await exam.exams.store.read(attempt_stream(exam.exam_id, candidate_id))


async def _hashed(exam: ExamRuntime, logs: dict[str, list[Event]]) -> dict[str, dict[int, str]]:
    """Each log re-hashed where its sheet needs it: CPU work on long logs, off the loop."""
    wanted = {i: needed_seqs(exam.state, i, log) for i, log in logs.items()}

    def work() -> dict[str, dict[int, str]]:
        return {i: log_hashes(log, wanted[i]) for i, log in logs.items()}

    return await asyncio.to_thread(work)


def _lang(request: web.Request, exam: ExamRuntime) -> str:
    return pick_lang(request.query.get("lang"), exam.created.lang)


def _url(request: web.Request, path: str, keep: dict[str, str], **more: str) -> str:
    base = (
        request.path.rsplit("/documents/", 1)[0] + "/documents"
        if "exam_id" in request.match_info
        else "/jury"
    )
    return f"{base}/{path}?{urlencode(keep | more)}"


def _pdf(request: web.Request) -> bool:
    return request.query.get("format") == "pdf"


async def _answer(request: web.Request, html: str, name: str) -> web.Response:
    if _pdf(request):
        pdf = await asyncio.to_thread(render.to_pdf, html)
        return web.Response(
            body=pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
        )
    return web.Response(text=html, content_type="text/html", charset="utf-8")


async def sheet(request: web.Request) -> web.Response:
    exam, keep = await _exam(request)
    lang = _lang(request, exam)
    candidate_id = request.query.get("candidate", "")
    person = exam.state.people.get(candidate_id)
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    try:
        grid = grid_of(exam)
    except SchemaError:
        raise refuse(request, 404, "error.no_exam") from None
    log, held = await _log(exam, candidate_id), await _held_at(exam)
    hashed = await _hashed(exam, {candidate_id: log})
    doc = result_sheet(exam.state, grid, candidate_id, log, lang, held, hashed[candidate_id])
    t = translator(lang)
    keep = keep | {"lang": lang}
    links = {
        t("doc.link.sheet_pdf"): _url(request, "sheet", keep, candidate=candidate_id, format="pdf"),
        t("doc.link.record_html"): _url(request, "record", keep),
    }
    return await _answer(
        request, render.sheet_html(doc, links, _pdf(request)), f"fiche-{person.number}"
    )


async def record(request: web.Request) -> web.Response:
    exam, keep = await _exam(request)
    lang = _lang(request, exam)
    try:
        grid = grid_of(exam)
    except SchemaError:
        raise refuse(request, 404, "error.no_exam") from None
    logs = {p.id: await _log(exam, p.id) for p in exam.state.candidates}
    held, hashed = await _held_at(exam), await _hashed(exam, logs)
    doc = session_record(exam.state, grid, logs, lang, held, time.time(), hashed)
    t = translator(lang)
    keep = keep | {"lang": lang}
    links = {
        t("doc.link.record_pdf"): _url(request, "record", keep, format="pdf"),
        t("doc.link.csv"): _url(request, "grading.csv", keep),
    }
    return await _answer(
        request, render.record_html(doc, links, _pdf(request)), f"proces-verbal-{exam.exam_id}"
    )


async def csv_export(request: web.Request) -> web.Response:
    exam, _keep = await _exam(request)
    lang = _lang(request, exam)
    try:
        grid = grid_of(exam)
    except SchemaError:
        raise refuse(request, 404, "error.no_exam") from None
    held = await _held_at(exam)
    logs = {p.id: await _log(exam, p.id) for p in exam.state.candidates}
    hashed = await _hashed(exam, logs)
    sheets = [
        result_sheet(exam.state, grid, i, log, lang, held, hashed[i]) for i, log in logs.items()
    ]
    return web.Response(
        text=grading_csv(sheets, lang),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="notation-{exam.exam_id}.csv"'},
    )


def add_routes(app: web.Application) -> None:
    for prefix in ("/jury", "/exams/{exam_id}/documents"):
        app.router.add_get(f"{prefix}/sheet", sheet)
        app.router.add_get(f"{prefix}/record", record)
        app.router.add_get(f"{prefix}/grading.csv", csv_export)
