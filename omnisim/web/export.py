"""The whole record of an exam as JSON lines, streamed: for the exam page and the API alike."""

from __future__ import annotations

import json

from aiohttp import web

from omnisim.exams.state import attempt_stream, grading_stream
from omnisim.live.exam import ExamRuntime
from omnisim.web.keys import STORE
from omnisim.web.limits import PDF_COST, person_of, spend_for

EXPORT_CHUNK = 500  # lines per write: the answer is sent as it is read, never held whole


async def stream_export(
    request: web.Request, exam: ExamRuntime, headers: dict[str, str] | None = None
) -> web.StreamResponse:
    """Send the record as it is read, one stream after the other, in chunks.

    A download is one file (a script saves it, ``log_hash`` checks it against a
    signature), so it is streamed rather than paged: the server holds one stream's
    events at a time, never the whole exam's record as one text.
    """
    # A whole record read: from the trainer's reading budget, as several pages.
    trainer = person_of(exam.exam_id, exam.created.trainer_id, "trainer")
    await spend_for(request, "read", trainer, PDF_COST)
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
