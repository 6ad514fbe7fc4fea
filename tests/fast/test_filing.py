"""Filing an exam away and back (omnisim/live/filing.py): the trainer's organisation of their
own list, logged in the ``filing`` stream, never in the exam's. A locked certification is
filed and brought back with its log, its hashes and its sealed archive unchanged; the exams
list and the cohort leave it out unless asked; only its own trainer files it; filing an older
log recorded in the exam's own stream still reads."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from omnisim import events as ev
from omnisim.events import Draft
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import ExamState, attempt_stream, grading_stream
from omnisim.jury.integrity import log_hash
from omnisim.live import commands
from omnisim.live.filing import STREAM
from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.keys import EXAMS
from tests.conftest import MINI_DECK, open_exam
from tests.fast.test_record_archive import locked_exam


async def hashes(live: Any, exam: Any) -> dict[str, str]:
    """The log hash of every stream of the exam."""
    streams = [exam.exam_id, grading_stream(exam.exam_id)]
    streams += [attempt_stream(exam.exam_id, p.id) for p in exam.state.candidates]
    return {s: log_hash(await live.store.read(s)) for s in streams}


@pytest.mark.loop_block_ok(2.0)
async def test_a_locked_exam_is_filed_and_brought_back_its_record_unchanged(live):
    exam, api = await locked_exam(live)
    head = {"Authorization": f"Bearer {api}"}
    async with aiohttp.ClientSession(live.url, headers=head) as http:

        async def sealed() -> tuple[bytes, str]:
            async with http.get(f"/api/exams/{exam.exam_id}/archive") as r:
                assert r.status == 200
                return await r.read(), r.headers["X-Archive-Seal"]

        async def file(body: Any) -> tuple[int, Any]:
            async with http.post(f"/api/exams/{exam.exam_id}/filing", json=body) as r:
                return r.status, await r.json()

        async def cohort(query: str = "") -> list[str]:
            async with http.get(f"/api/results/cohort{query}") as r:
                body = await r.json()
            return sorted({row["exam_id"] for t in body["tables"] for row in t["rows"]})

        async def listed() -> dict[str, bool]:
            async with http.get("/api/exams") as r:
                return {s["exam_id"]: s["archived"] for s in (await r.json())["exams"]}

        record, seal = await sealed()
        logged = await hashes(live, exam)
        assert await cohort() == [exam.exam_id] and await listed() == {exam.exam_id: False}

        status, summary = await file({"archived": True})
        assert status == 200 and summary["archived"] is True and summary["locked"] is True
        assert await listed() == {exam.exam_id: True}
        assert await cohort() == []  # filed: out of the default cohort
        assert await cohort("?archived=1") == [exam.exam_id]  # « inclure les examens classés »
        assert await sealed() == (record, seal) and await hashes(live, exam) == logged
        status, refused = await file({"archived": True})
        assert status == 422 and "déjà classé" in refused["error"]["reason"]
        status, refused = await file({"archived": "oui"})
        assert status == 422 and refused["error"]["field"] == "archived"

        status, summary = await file({"archived": False})
        assert status == 200 and summary["archived"] is False
        assert await cohort() == [exam.exam_id] and await listed() == {exam.exam_id: False}
        assert await sealed() == (record, seal) and await hashes(live, exam) == logged
        # The old POST on the sealed archive's path files nothing any more.
        async with http.post(f"/api/exams/{exam.exam_id}/archive") as r:
            assert r.status == 404
    filed = await live.store.read(STREAM)
    assert [(e.payload, e.actor_id) for e in filed] == [
        (ev.ExamFiled(exam.exam_id, True), exam.created.trainer_id),
        (ev.ExamFiled(exam.exam_id, False), exam.created.trainer_id),
    ]


@pytest.mark.loop_block_ok(2.0)
async def test_only_the_exams_trainer_files_it(live):
    exam, _api = await locked_exam(live)
    other = await live.accounts.add_trainer("autre", "Autre Formateur", "un mot de passe très long")
    with pytest.raises(ExamRefused) as refused:
        await commands.run(exam, commands.Archive(other.id))
    assert refused.value.key == "err.filing_not_yours"
    assert "Seul le formateur qui a créé cet examen" in refused.value.render("fr")
    token = await live.accounts.new_api_token(other.id, "t")
    async with (
        aiohttp.ClientSession(live.url, headers={"Authorization": f"Bearer {token}"}) as http,
        http.post(f"/api/exams/{exam.exam_id}/filing", json={"archived": True}) as r,
    ):
        assert r.status == 404
    assert await live.store.read(STREAM) == [] and not exam.state.archived


@pytest.mark.loop_block_ok(2.0)
async def test_filing_an_older_log_wrote_in_the_exam_stream_still_reads(live):
    exam = await live.exams.get((await live.session()).exam_id)
    trainer_id = exam.created.trainer_id
    await exam.record([Draft("trainer", ev.ExamArchived(), None, trainer_id)])  # as v1 did
    folded = ExamState(exam.exam_id)
    for event in await live.store.read(exam.exam_id):
        folded.apply(event)
    assert folded.archived and folded.logged_archived
    assert [s.archived for s in await live.exams.index.exams(trainer_id)] == [True]
    with pytest.raises(ExamRefused, match="déjà classé|already"):
        await commands.run(exam, commands.Archive(trainer_id))
    await commands.run(exam, commands.Archive(trainer_id, archived=False))
    assert not exam.state.archived and exam.state.logged_archived  # the filing stream's word
    assert [s.archived for s in await live.exams.index.exams(trainer_id)] == [False]


@pytest.mark.redis
async def test_filed_from_the_worker_that_does_not_own_the_exam(aiohttp_server, redis_url):
    """Filing travels to the exam's owner like any command; the forwarder's copy learns it."""
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app, MINI_DECK)
    head = {"Authorization": f"Bearer {tokens.trainer}"}
    async with aiohttp.ClientSession(headers=head) as http:
        url = f"http://127.0.0.1:{b.port}/api/exams/{tokens.exam_id}"
        async with http.post(f"{url}/filing", json={"archived": True}) as r:
            assert r.status == 200 and (await r.json())["archived"] is True
        for server in (a, b):
            async with http.get(f"http://127.0.0.1:{server.port}/api/exams") as r:
                assert [s["archived"] for s in (await r.json())["exams"]] == [True]
    exam_a, exam_b = [await w.app[EXAMS].get(tokens.exam_id) for w in (a, b)]
    assert exam_a.owned and not exam_b.owned  # filed on A, asked of B
    assert exam_a.state.archived and exam_b.state.archived
    assert exam_a.state.last_seq == await a.app[EXAMS].store.last_seq(tokens.exam_id)
