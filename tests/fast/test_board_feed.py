"""The board's feed over real sockets: one room per exam, per-stream batches, presence, targets."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

# The app's page modules, imported at collection rather than in the served loop's setup.
from omnisim.web import app  # noqa: F401
from tests.conftest import CONNECT_WAIT, ROOT

DEMO = ROOT / "decks" / "demo"


async def board_socket(live: Any, tokens: Any) -> tuple[socketio.AsyncClient, list, list]:
    sio = socketio.AsyncClient(reconnection=False)
    batches: list[dict[str, Any]] = []
    presence: list[dict[str, Any]] = []
    sio.on("events", batches.append)
    sio.on("presence", presence.append)
    auth = {"token": tokens.trainer, "exam": tokens.exam_id, "board": True}
    await sio.connect(live.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    return sio, batches, presence


async def until(predicate, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_the_board_follows_every_attempt_from_one_room(live):
    tokens = await live.session(DEMO)
    sio, batches, presence = await board_socket(live, tokens)
    exam = await sio.call("join", {"stream": tokens.exam_id, "last_seq": 0})
    assert exam["ok"] and exam["after"] == 0 and exam["upto"] == len(exam["events"])
    assert [p["id"] for p in exam["candidates"]] == ["c1"]
    assert exam["presence"] == {"c1": False}
    assert all("snapshot" not in e["payload"] for e in exam["events"])
    stream = tokens.session_id
    joined = await sio.call("join", {"stream": stream, "last_seq": 0})
    assert joined["stream"] == stream and joined["events"][0]["type"] == "session.created"

    candidate = await live.connect(tokens.candidate)
    await until(lambda: presence == [{"candidate": "c1", "online": True}])
    assert (await candidate.act("start"))["ok"]
    await until(lambda: any(b["stream"] == stream for b in batches))
    batch = next(b for b in batches if b["stream"] == stream)
    assert batch["after"] == joined["upto"] and batch["upto"] >= batch["after"] + 1
    assert [e["type"] for e in batch["events"]][0] == "session.started"

    # Acting on a named candidate; "all" only for injections; unknown ones refused.
    injected = await sio.call("inject", {"candidate": "all", "contact_id": "extra-appel-relance"})
    assert injected == {"ok": True, "injected": ["c1"], "refused": {}}
    again = await sio.call("inject", {"candidate": "c1", "contact_id": "extra-appel-relance"})
    assert again["ok"] is False and again["error"]["field"] == "contact_id"
    assert "déjà été proposé" in again["error"]["reason"]
    nobody = await sio.call("pause", {"candidate": "c9"})
    assert nobody["ok"] is False and nobody["error"]["field"] == "candidate"
    assert (await sio.call("pause", {"candidate": "all"}))["ok"] is False
    paused = await sio.call("pause", {"candidate": "c1"})
    assert paused["ok"], paused
    await until(lambda: any(e["type"] == "session.paused" for e in candidate.events))
    assert (await live.exams.get(tokens.exam_id)).state.status != "paused"  # only Claire

    await candidate.sio.disconnect()
    await until(lambda: presence[-1] == {"candidate": "c1", "online": False})
    bad = await sio.call("join", {"stream": "ex000-c1", "last_seq": 0})
    assert bad["ok"] is False and bad["error"]["field"] == "stream"
    await sio.disconnect()


async def test_a_candidate_cannot_name_another_candidate_nor_watch_the_board(live):
    tokens = await live.session(DEMO)
    sio = socketio.AsyncClient(reconnection=False)
    pushed: list[Any] = []
    sio.on("events", pushed.append)
    auth = {"token": tokens.candidate, "board": True}
    await sio.connect(live.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    refused = await sio.call("join", {"stream": tokens.exam_id, "last_seq": 0})
    assert refused["ok"] is False  # a candidate's join takes no stream
    named = await sio.call("pickup", {"candidate": "c1", "contact_id": "x"})
    assert named["ok"] is False and named["error"]["field"] == "candidate"
    await sio.disconnect()


async def test_a_candidate_with_two_tabs_is_online_until_both_close(live):
    tokens = await live.session(DEMO)
    sio, _batches, presence = await board_socket(live, tokens)
    first = await live.connect(tokens.candidate)
    second = await live.connect(tokens.candidate)
    await until(lambda: presence == [{"candidate": "c1", "online": True}])
    await first.sio.disconnect()
    exam = await sio.call("join", {"stream": tokens.exam_id, "last_seq": 0})
    assert exam["presence"] == {"c1": True} and len(presence) == 1
    await second.sio.disconnect()
    await until(lambda: presence[-1] == {"candidate": "c1", "online": False})
    await sio.disconnect()


async def catch_up(
    sio: socketio.AsyncClient, after: int = 0, **more: Any
) -> tuple[dict[str, list], int]:
    """Every page of the board's catch-up from ``after``: per-stream events, last position."""
    streams: dict[str, list] = {}
    while True:
        page = await sio.call("join", {"all": True, "after": after, **more})
        assert page["ok"] and page["after"] == after, page
        for batch in page["batches"]:
            got = streams.setdefault(batch["stream"], [])
            upto = got[-1]["seq"] if got else 0
            assert batch["after"] == max(upto, batch["after"])  # contiguous per stream
            got += batch["events"]
        after = page["position"]
        if not page["more"]:
            return streams, after


async def test_the_board_opens_with_one_read_of_the_exam_paged_and_catches_up(live, monkeypatch):
    from omnisim.web.socket import feed

    monkeypatch.setattr(feed, "CATCH_UP_PAGE", 6)  # many pages from a short exam
    tokens = await live.session(DEMO, time_factor=600)
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    offered = await candidate.wait_for(lambda e: e["type"] == "contact.offered", timeout=5)
    sio, _batches, _presence = await board_socket(live, tokens)
    first = await sio.call("join", {"all": True, "after": 0})
    assert first["more"] is True and first["presence"] == {"c1": True}
    assert [p["id"] for p in first["candidates"]] == ["c1"]
    streams, position = await catch_up(sio)
    assert set(streams) == {tokens.exam_id, tokens.session_id}  # no grading stream
    for stream in streams:  # the same events, through the same trainer's view, as a join
        joined = await sio.call("join", {"stream": stream, "last_seq": 0})
        assert streams[stream] == joined["events"]
    # After a reconnection: only what was logged after the position read up to.
    sent = await candidate.act("pickup", {"contact_id": offered["payload"]["contact_id"]})
    assert sent["ok"], sent
    later, _ = await catch_up(sio, position)
    assert list(later) == [tokens.session_id]
    seqs = [e["seq"] for e in later[tokens.session_id]]
    assert seqs[0] > streams[tokens.session_id][-1]["seq"] and set(sent["seq"]) <= set(seqs)
    # Reconnecting with its positions from the start: only what the board lacks travels.
    had = streams[tokens.session_id][-1]["seq"]
    have = {tokens.exam_id: streams[tokens.exam_id][-1]["seq"], tokens.session_id: had}
    lacking, _ = await catch_up(sio, 0, positions=have)
    assert list(lacking) == [tokens.session_id]
    got = [e["seq"] for e in lacking[tokens.session_id]]
    assert got[: len(seqs)] == seqs and min(got) > had  # the same as from the position
    bad = await sio.call("join", {"all": True, "after": -1})
    assert bad["ok"] is False and bad["error"]["field"] == "after"
    bad = await sio.call("join", {"all": True, "after": 0, "positions": {"x": -1}})
    assert bad["ok"] is False and bad["error"]["field"] == "positions"
    await sio.disconnect()
    await candidate.sio.disconnect()
