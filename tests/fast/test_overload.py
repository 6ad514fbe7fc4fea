"""A saturated worker refuses arrivals with a retry hint, never drops whom it serves
(omnisim/web/socket/overload.py), over real sockets.

The saturation is the worker's own measure: the probe's lag (a loop really blocked), or a
lateness recorded into the same measure (enough probes' worth to make the window's median)
just before the step that reads it, with limits far above what this machine's real lag
reaches, so that only the recorded figure counts.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
import socketio

from omnisim.web.keys import GATEWAY
from tests.conftest import CONNECT_WAIT
from tests.fast.conftest import of_type

LIMIT_MS = 5000  # far above any real lag here: only the recorded lateness saturates


def overload(live: Any) -> Any:
    return live.app[GATEWAY].overload


def saturate(live: Any, times: float) -> None:
    """The loop late by ``times`` the limit, as the probe would have found it all along."""
    for _ in range(100):
        overload(live).record(times * LIMIT_MS / 1000)


def relieve(live: Any) -> None:
    """The load gone: the probe's next wake-ups are on time."""
    for _ in range(201):
        overload(live).record(0.0)


async def refused_connection(live: Any, token: str, lang: str) -> Any:
    sio = socketio.AsyncClient(reconnection=False)
    refusals: list[Any] = []
    sio.on("connect_error", refusals.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await sio.connect(
            live.url,
            auth={"token": token, "lang": lang},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
    assert not sio.connected
    return refusals[0]


@pytest.mark.loop_block_ok(0.5)  # the loop is blocked on purpose, 0.3 s then 0.2 s at a time
async def test_the_probe_measures_a_loop_kept_busy_not_one_pause(live):
    await asyncio.sleep(0.2)  # the probe runs
    time.sleep(0.3)  # noqa: ASYNC251 -- one pause: a collection, a large catch-up
    await asyncio.sleep(0.2)
    assert overload(live).lag < 0.1  # gone: not a lag the loop sustains
    began = time.monotonic()
    while time.monotonic() - began < 2.5:  # the loop kept busy: every wake-up is late
        time.sleep(0.2)  # noqa: ASYNC251 -- on purpose: each probe wakes about 0.15 s late
        await asyncio.sleep(0)
    assert overload(live).lag >= 0.1


@pytest.mark.settings(overload_lag_ms=LIMIT_MS)
async def test_past_capacity_arrivals_are_refused_and_the_connected_are_served(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    offered = await candidate.wait_for(of_type("contact.offered"), timeout=5)

    saturate(live, 1.2)  # past capacity: arrivals are refused
    said = await refused_connection(live, tokens.jury, "fr")
    assert said["message"].startswith("Serveur saturé, réessayez dans ")
    assert 1 <= said["data"]["retry_after"] <= 30
    assert f"dans {said['data']['retry_after']} s" in said["message"]

    saturate(live, 1.2)  # the connected candidate is served as before
    handle = offered["payload"]["contact_id"]  # the desk's handle (c1), not the deck's id
    picked = await candidate.act("pickup", {"contact_id": handle})
    assert picked["ok"] and picked["seq"]
    assert candidate.sio.connected


@pytest.mark.settings(overload_lag_ms=LIMIT_MS)
async def test_behind_actions_are_refused_before_anything_is_logged(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    before = await live.store.last_seq(tokens.session_id)

    saturate(live, 2.5)  # twice past capacity: actions wait too
    refused = await candidate.act("start", {"action_id": "a-1"})
    assert refused["ok"] is False
    assert refused["error"]["field"] == "server"
    assert refused["error"]["reason"].startswith("Serveur saturé, réessayez dans ")
    assert refused["retry_after"] >= 3
    joined = await candidate.act("join", {"last_seq": 0})
    assert joined["ok"] is False and joined["retry_after"] >= 3
    assert await live.store.last_seq(tokens.session_id) == before  # nothing was logged
    assert candidate.sio.connected  # refused, not dropped

    relieve(live)  # the load is gone: the same action goes through, once
    again = await candidate.act("start", {"action_id": "a-1"})
    assert again["ok"] and again["seq"]
    assert sum(overload(live).refused.values()) == 2


@pytest.mark.settings(overload_lag_ms=LIMIT_MS)
async def test_a_refusal_is_worded_in_the_client_language(live):
    tokens = await live.session()
    saturate(live, 1.5)
    said = await refused_connection(live, tokens.candidate, "en")
    assert said["message"].startswith("Server overloaded, try again in ")


@pytest.mark.settings(overload_lag_ms=LIMIT_MS)
async def test_the_board_hears_a_worker_saturate_and_recover(live):
    tokens = await live.session()
    heard: list[dict[str, Any]] = []
    sio = socketio.AsyncClient(reconnection=False)
    sio.on("load", heard.append)
    auth = {"token": tokens.trainer, "exam": tokens.exam_id, "board": True}
    await sio.connect(live.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    try:
        saturate(live, 1.5)
        deadline = asyncio.get_running_loop().time() + 5
        while not any(h["saturated"] for h in heard):
            assert asyncio.get_running_loop().time() < deadline, heard
            await asyncio.sleep(0.02)
        first = next(h for h in heard if h["saturated"])
        assert first["lag_ms"] >= LIMIT_MS and first["worker"]
        assert set(first) == {"worker", "saturated", "lag_ms", "depth", "refused"}
        relieve(live)
        while heard[-1]["saturated"]:
            assert asyncio.get_running_loop().time() < deadline + 5, heard
            await asyncio.sleep(0.02)
    finally:
        await sio.disconnect()


async def test_the_heartbeat_does_not_blame_a_client_for_the_worker_being_late(live):
    """A pong unread because the loop was late is not the client's silence: it stays
    connected; past the timeout on a loop that was on time, it is closed as before."""
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    sio = live.app[GATEWAY].sio
    sock = sio.eio.sockets[sio.manager.eio_sid_from_sid(candidate.sio.get_sid(), "/")]
    timeout = sio.eio.ping_timeout

    sock.last_ping = time.time() - timeout - 1.5  # a ping unanswered for longer than allowed…
    overload(live).record(2.0)  # … while the loop ran 2 s late
    assert await sock.check_ping_timeout()
    await asyncio.sleep(0.3)
    assert candidate.sio.connected and not sock.closed

    sock.last_ping = time.time() - timeout - 1.5  # the same silence, the loop on time
    assert not await sock.check_ping_timeout()
    deadline = asyncio.get_running_loop().time() + 5
    while candidate.sio.connected:
        assert asyncio.get_running_loop().time() < deadline
        await asyncio.sleep(0.05)


async def test_pings_keep_their_cadence_when_a_pong_is_read_late(live):
    """The next ping leaves ``ping_interval`` after the last one, not after its pong was
    read: a late loop no longer adds its lateness to every cycle (the client allows
    ``ping_interval + ping_timeout`` between two pings and closed connected candidates)."""
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    sio = live.app[GATEWAY].sio
    sock = sio.eio.sockets[sio.manager.eio_sid_from_sid(candidate.sio.get_sid(), "/")]
    interval = sio.eio.ping_interval

    sock._pinged_at = time.time() - (interval - 0.3)  # the last ping, its pong read late
    started = time.monotonic()
    await sock._send_ping()
    waited = time.monotonic() - started
    assert waited < 0.3 + 0.5 < interval, waited  # the rest of the interval, not all of it
    assert sock.last_ping and abs(sock.last_ping - time.time()) < 0.5  # a ping went out

    sock._pinged_at = time.time()  # a pong read on time: the whole interval, as before
    started = time.monotonic()
    await sock._send_ping()
    assert time.monotonic() - started >= interval - 0.05
    await asyncio.sleep(0.2)
    assert candidate.sio.connected and not sock.closed
