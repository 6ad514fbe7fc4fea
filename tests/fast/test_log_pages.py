"""The jury's log and the export by pages or streamed: every event exactly once, in order;
``limit`` caps a page; a bad ``after`` or ``limit`` is refused naming the field."""

from __future__ import annotations

import json

import aiohttp

from omnisim import events as ev
from omnisim.events import Draft
from omnisim.protocol.views import project_all
from omnisim.web.pages.log import MAX_LIMIT
from tests.conftest import MINI_DECK

LONG_ATTEMPT = 2 * MAX_LIMIT + 500  # more than two pages of events


async def long_attempt(live, drafts: int = LONG_ATTEMPT):
    """An attempt whose log holds ``drafts`` saved drafts, as a long exam's would."""
    tokens = await live.session(deck=MINI_DECK)
    exam = await live.exams.get(tokens.exam_id)
    runtime = await exam.attempt("c1")
    for start in range(0, drafts, 500):
        await runtime.record(
            [
                Draft("candidate", ev.DraftSaved("crm:new", f"brouillon {n}"), None, "c1")
                for n in range(start, min(start + 500, drafts))
            ]
        )
    return tokens


async def test_the_jury_log_comes_by_pages_each_event_once_in_order(live):
    tokens = await long_attempt(live)
    stored = await live.store.read(tokens.session_id)
    assert len(stored) > 2 * MAX_LIMIT
    async with aiohttp.ClientSession(live.url) as http:
        pages, after, seen = 0, 0, []
        while True:
            params = {"token": tokens.jury, "after": str(after)}
            async with http.get("/jury/log", params=params) as r:
                assert r.status == 200
                page = await r.json()
            pages += 1
            assert page["after"] == after and len(page["events"]) <= MAX_LIMIT
            seen += page["events"]
            if not page["more"]:
                assert page["upto"] == stored[-1].seq
                break
            assert page["upto"] > after
            after = page["upto"]
        assert pages == 3
        assert seen == project_all("jury", stored)  # every event once, in order
        assert [e["seq"] for e in seen] == sorted({e["seq"] for e in seen})

        params = {"token": tokens.jury, "after": "10", "limit": "7"}
        async with http.get("/jury/log", params=params) as r:
            page = await r.json()
        assert [e["seq"] for e in page["events"]] == list(range(11, 18))
        assert page["upto"] == 17 and page["more"] is True

        after_all = {"token": tokens.jury, "after": str(stored[-1].seq)}
        async with http.get("/jury/log", params=after_all) as r:
            page = await r.json()
        assert page == {
            "after": stored[-1].seq,
            "upto": stored[-1].seq,
            "more": False,
            "events": [],
        }


async def test_bad_paging_is_refused_naming_the_field_in_the_users_language(live):
    tokens = await live.session(deck=MINI_DECK)
    async with aiohttp.ClientSession(live.url) as http:
        for field, value in (
            ("after", "-1"),
            ("after", "deux"),
            ("after", str(2**60)),
            ("limit", "0"),
            ("limit", str(MAX_LIMIT + 1)),
            ("limit", "1.5"),
        ):
            for lang, word in (("fr", "entier"), ("en", "integer")):
                params = {"token": tokens.jury, field: value, "lang": lang}
                async with http.get("/jury/log", params=params) as r:
                    assert r.status == 422, (field, value)
                    error = (await r.json())["error"]
                assert error["field"] == field
                assert error["reason"].startswith(field) and word in error["reason"], error


async def test_the_export_streams_every_stream_whole(live):
    tokens = await long_attempt(live, 1200)
    head = {"Authorization": f"Bearer {tokens.trainer}"}
    async with (
        aiohttp.ClientSession(live.url) as http,
        http.get(f"/api/exams/{tokens.exam_id}/export", headers=head) as r,
    ):
        assert r.status == 200 and r.content_type == "application/x-ndjson"
        assert "Content-Length" not in r.headers  # sent as read, not built whole first
        lines = [json.loads(line) for line in (await r.text()).splitlines()]
    attempt = [e for e in lines if e["session_id"] == tokens.session_id]
    stored = await live.store.read(tokens.session_id)
    assert attempt == [e.to_dict() for e in stored]
    assert lines[0]["session_id"] == tokens.exam_id and lines[0]["type"] == "exam.created"
