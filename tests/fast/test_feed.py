"""The feed's one contract (docs/protocol.md): stream names read in one place, and every
join (a desk's attempt, a board's streams, a jury's grading) paged the same way."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest
import socketio

from omnisim.exams.streams import Stream, attempt_stream, family_of, grading_stream, parse

# The app's page modules, imported at collection rather than in the served loop's setup.
from omnisim.web import app  # noqa: F401
from omnisim.web.socket import feed
from tests.conftest import CONNECT_WAIT
from tests.fast.conftest import of_type


@pytest.mark.parametrize(
    ("name", "stream"),
    [
        ("exa1b2c3", Stream("exa1b2c3", "exam")),
        (attempt_stream("exa1b2c3", "c12"), Stream("exa1b2c3", "attempt", "c12")),
        (grading_stream("exa1b2c3"), Stream("exa1b2c3", "grading")),
        ("accounts", None),
        ("library", None),
        ("ex1-", None),
        ("ex1-c1-x", None),
        ("xa1-c1", None),
        ("ex" + "1" * 40, None),  # longer than any exam id
    ],
)
def test_a_stream_name_is_read_back_as_what_made_it(name: str, stream: Stream | None) -> None:
    assert parse(name) == stream


def test_a_streams_family_is_its_exam() -> None:
    assert family_of(attempt_stream("ex1", "c1")) == family_of(grading_stream("ex1")) == "ex1"
    assert family_of("accounts") == "accounts"


async def pages(sio: socketio.AsyncClient, ask: dict[str, Any]) -> list[dict[str, Any]]:
    """Every page of one stream's join from 0, checked to chain by its positions."""
    answers, after = [], 0
    while True:
        page = await sio.call("join", {**ask, "last_seq": after}, timeout=5)
        assert page["ok"] and page["after"] == after, page
        assert len(page["events"]) <= feed.JOIN_PAGE
        answers.append(page)
        after = page["upto"]
        if not page["more"]:
            return answers


async def test_every_join_is_paged_the_same_way(live, monkeypatch):
    monkeypatch.setattr(feed, "JOIN_PAGE", 2)
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=5)
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {tokens.jury}"}
        for n in range(3):
            body = {"candidate_id": "c1", "text": f"avis {n}"}
            async with http.post("/api/grading/comment", json=body, headers=head) as r:
                assert r.status == 201, await r.json()
    desk = socketio.AsyncClient(reconnection=False)
    await desk.connect(
        live.url,
        auth={"token": tokens.candidate},
        transports=["websocket"],
        wait_timeout=CONNECT_WAIT,
    )
    jury = socketio.AsyncClient(reconnection=False)
    await jury.connect(
        live.url, auth={"token": tokens.jury}, transports=["websocket"], wait_timeout=CONNECT_WAIT
    )
    board = socketio.AsyncClient(reconnection=False)
    auth = {"token": tokens.trainer, "exam": tokens.exam_id, "board": True}
    await board.connect(live.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    grading = grading_stream(tokens.exam_id)
    for sio, ask, stream in (
        (desk, {}, tokens.session_id),
        (board, {"stream": tokens.session_id}, tokens.session_id),
        (board, {"stream": tokens.exam_id}, tokens.exam_id),
        (jury, {"stream": grading}, grading),
    ):
        answers = await pages(sio, ask)
        assert len(answers) >= 2 and answers[0]["more"] is True, (stream, answers)
        assert {a["stream"] for a in answers} == {stream}
        assert answers[-1]["upto"] == await live.store.last_seq(stream)
    texts = [
        e["payload"]["text"]
        for a in await pages(jury, {"stream": grading})
        for e in a["events"]
        if "text" in e["payload"]
    ]
    assert texts == ["avis 0", "avis 1", "avis 2"]  # the member's own comments, in order
    # A position past the log is refused by every join alike.
    for sio, ask in ((desk, {}), (board, {"stream": tokens.exam_id}), (jury, {"stream": grading})):
        ahead = await sio.call("join", {**ask, "last_seq": 10_000}, timeout=5)
        assert ahead["ok"] is False and ahead["error"]["field"] == "last_seq", ahead
    for sio in (desk, jury, board):
        await sio.disconnect()
