"""Serving the jury's documents: result sheets and procès-verbal (HTML, PDF), the CSV, and
the exam's sealed archive.

Reached with a jury member's link (``?token=…``) or, for the exam's trainer, signed in
(``/exams/<id>/documents/…``). Logs are read here; the documents are built by the pure
omnisim/documents/ from the exam as the reader may see it (omnisim/jury/sent.py
``seen_by``: a jury member sees only their own marks until every member handed in), and
rendered by omnisim/web/printing.py, PDF in a thread.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from aiohttp import web

from omnisim.documents.archive import Sealed, seal
from omnisim.documents.grading_csv import grading_csv
from omnisim.documents.sheets import (
    ResultSheet,
    SessionRecord,
    needed_seqs,
    result_sheet,
    session_record,
)
from omnisim.events import Event
from omnisim.exams.state import ExamState, attempt_stream, grading_stream
from omnisim.grading.grid import Grid
from omnisim.i18n import pick_lang, translator
from omnisim.jury.integrity import log_hashes
from omnisim.jury.sent import seen_by
from omnisim.live import jury as service
from omnisim.live.exam import ExamRuntime
from omnisim.live.jury import grid_of
from omnisim.schema import SchemaError
from omnisim.web import printing as render
from omnisim.web.keys import EXAMS
from omnisim.web.limits import PDF_COST, person_of, spend_for
from omnisim.web.pages.base import refuse
from omnisim.web.signin import require_trainer


@dataclass(frozen=True)
class Reader:
    """The exam, who reads its documents (a jury member's id, or None for its trainer), and
    the query that reaches them again (the jury's token, or none)."""

    exam: ExamRuntime
    viewer: str | None
    keep: dict[str, str]

    @property
    def state(self) -> ExamState:
        return seen_by(self.exam.state, self.viewer)


async def _reader(request: web.Request) -> Reader:
    exams = request.app[EXAMS]
    if "exam_id" in request.match_info:
        trainer = await require_trainer(request)
        exam = await exams.get(request.match_info["exam_id"])
        if exam is None or exam.created.trainer_id != trainer.id:
            raise refuse(request, 404, "error.no_exam")
        reader = person_of(exam.exam_id, trainer.id, "trainer")
        await spend_for(request, "read", reader, _cost(request))
        await exam.catch_up()
        return Reader(exam, None, {})
    identity = await exams.authenticate(request.query.get("token", ""))
    if identity is None or identity.role != "jury":
        raise refuse(request, 403, "error.token")
    reader = person_of(identity.exam.exam_id, identity.person.id, "jury")
    await spend_for(request, "read", reader, _cost(request))
    return Reader(identity.exam, identity.person.id, {"token": request.query["token"]})


def _cost(request: web.Request) -> float:
    """A document read costs a page; rendered as a PDF, several (omnisim/web/limits.py)."""
    return PDF_COST if _pdf(request) else 1.0


async def _held_at(exam: ExamRuntime) -> float:
    first = await exam.exams.store.read(exam.exam_id, 0)
    return first[0].wall_time if first else time.time()


async def _logs(exam: ExamRuntime) -> dict[str, list[Event]]:
    store = exam.exams.store
    return {
        p.id: await store.read(attempt_stream(exam.exam_id, p.id)) for p in exam.state.candidates
    }


async def _hashed(state: ExamState, logs: dict[str, list[Event]]) -> dict[str, dict[int, str]]:
    """Each log re-hashed where its sheet needs it: CPU work on long logs, off the loop."""
    wanted = {i: needed_seqs(state, i, log) for i, log in logs.items()}

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


def _grid(request: web.Request, exam: ExamRuntime) -> Grid:
    try:
        return grid_of(exam)
    except SchemaError:
        raise refuse(request, 404, "error.no_exam") from None


async def _answer(request: web.Request, html: str, name: str) -> web.Response:
    if _pdf(request):
        pdf = await asyncio.to_thread(render.to_pdf, html)
        return web.Response(
            body=pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}.pdf"'},
        )
    return web.Response(text=html, content_type="text/html", charset="utf-8")


async def _record(
    reader: Reader, grid: Grid, lang: str, now: float | None = None
) -> tuple[SessionRecord, dict[str, list[Event]]]:
    state, logs = reader.state, await _logs(reader.exam)
    held, hashed = await _held_at(reader.exam), await _hashed(state, logs)
    produced = time.time() if now is None else now
    return session_record(state, grid, logs, lang, held, produced, hashed), logs


async def _sheets(reader: Reader, grid: Grid, lang: str) -> list[ResultSheet]:
    """Every candidate's sheet with the automatic proposals and measures (the CSV's)."""
    state, logs = reader.state, await _logs(reader.exam)
    held, hashed = await _held_at(reader.exam), await _hashed(state, logs)
    out = []
    for i, log in logs.items():
        machine = (await service.review(reader.exam, i)).sheet
        out.append(result_sheet(state, grid, i, log, lang, held, hashed[i], machine))
    return out


async def sheet(request: web.Request) -> web.Response:
    reader = await _reader(request)
    lang = _lang(request, reader.exam)
    candidate_id = request.query.get("candidate", "")
    person = reader.exam.state.people.get(candidate_id)
    if person is None or person.role != "candidate":
        raise refuse(request, 404, "error.no_candidate")
    grid = _grid(request, reader.exam)
    log = await reader.exam.exams.store.read(attempt_stream(reader.exam.exam_id, candidate_id))
    state, held = reader.state, await _held_at(reader.exam)
    hashed = await _hashed(state, {candidate_id: log})
    doc = result_sheet(state, grid, candidate_id, log, lang, held, hashed[candidate_id])
    t = translator(lang)
    keep = reader.keep | {"lang": lang}
    links = {
        t("doc.link.sheet_pdf"): _url(request, "sheet", keep, candidate=candidate_id, format="pdf"),
        t("doc.link.record_html"): _url(request, "record", keep),
    }
    return await _answer(
        request, render.sheet_html(doc, links, _pdf(request)), f"fiche-{person.number}"
    )


async def record(request: web.Request) -> web.Response:
    reader = await _reader(request)
    lang = _lang(request, reader.exam)
    doc, _logs_read = await _record(reader, _grid(request, reader.exam), lang)
    t = translator(lang)
    keep = reader.keep | {"lang": lang}
    links = {
        t("doc.link.record_pdf"): _url(request, "record", keep, format="pdf"),
        t("doc.link.csv"): _url(request, "grading.csv", keep),
    }
    name = f"proces-verbal-{reader.exam.exam_id}"
    return await _answer(request, render.record_html(doc, links, _pdf(request)), name)


async def csv_export(request: web.Request) -> web.Response:
    reader = await _reader(request)
    lang = _lang(request, reader.exam)
    sheets = await _sheets(reader, _grid(request, reader.exam), lang)
    exam_id = reader.exam.exam_id
    return web.Response(
        text=grading_csv(sheets, reader.exam.state.jury, lang),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="notation-{exam_id}.csv"'},
    )


async def sealed(reader: Reader, lang: str) -> Sealed:
    """The exam's sealed archive: the exported log, the procès-verbal and every sheet in
    PDF, the grading CSV, and a manifest of their hashes (omnisim/documents/archive.py)."""
    exam = reader.exam
    grid = grid_of(exam)
    at = exam.state.locked_at or time.time()  # a locked record's archive reads the same later
    record_doc, logs = await _record(reader, grid, lang, at)
    store = exam.exams.store
    streams = [exam.exam_id, grading_stream(exam.exam_id)]
    journal: list[Event] = []
    for stream in streams:
        journal += await store.read(stream)
    for person in exam.state.candidates:
        journal += logs[person.id]
    lines = "".join(json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in journal)
    csv_text = grading_csv(await _sheets(reader, grid, lang), exam.state.jury, lang)

    def pdfs() -> dict[str, bytes]:
        files = {"proces-verbal.pdf": render.to_pdf(render.record_html(record_doc, pdf=True))}
        for s in record_doc.sheets:
            html = render.sheet_html(s, pdf=True)
            files[f"fiche-{s.candidate.number}-{s.candidate.id}.pdf"] = render.to_pdf(html)
        return files

    files = {"journal.jsonl": lines.encode(), "notation.csv": csv_text.encode()}
    files |= await asyncio.to_thread(pdfs)
    return await asyncio.to_thread(seal, exam.state, files, at)


async def archive(request: web.Request) -> web.Response:
    """The sealed archive, for the trainer (``omnisim record verify`` checks it)."""
    reader = await _reader(request)
    _grid(request, reader.exam)
    done = await sealed(reader, _lang(request, reader.exam))
    name = f"archive-{reader.exam.exam_id}.zip"
    return web.Response(
        body=done.data,
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "X-Archive-Seal": done.seal,
        },
    )


def add_routes(app: web.Application) -> None:
    for prefix in ("/jury", "/exams/{exam_id}/documents"):
        app.router.add_get(f"{prefix}/sheet", sheet)
        app.router.add_get(f"{prefix}/record", record)
        app.router.add_get(f"{prefix}/grading.csv", csv_export)
    app.router.add_get("/exams/{exam_id}/documents/archive.zip", archive)
