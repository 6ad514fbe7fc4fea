"""Pushes and joins carry log positions (docs/protocol.md): a client sees gaps and duplicates,
even when every event of a batch is hidden from its role."""

from __future__ import annotations

import asyncio
from typing import Any

import socketio

import omnisim.web.app  # noqa: F401  imported here, not in the first test's setup on the loop
from omnisim.deck.markdown import render_markdown
from tests.conftest import CONNECT_WAIT


async def raw_client(live, token: str) -> tuple[socketio.AsyncClient, list[dict[str, Any]]]:
    batches: list[dict[str, Any]] = []
    client = socketio.AsyncClient(reconnection=False)
    client.on("events", lambda batch: batches.append(batch))
    await client.connect(
        live.url, auth={"token": token}, transports=["websocket"], wait_timeout=CONNECT_WAIT
    )
    return client, batches


async def test_batches_chain_without_gaps_and_cover_hidden_events(live):
    tokens = await live.session()
    client, batches = await raw_client(live, tokens.candidate)
    try:
        joined = await client.call("join", {"last_seq": 0}, timeout=5)
        assert joined["ok"] and joined["after"] == 0 and joined["stream"] == tokens.session_id
        # session.created is the candidate's to skip (it holds the deck's settings), yet covered.
        assert joined["upto"] >= 1 and all(e["type"] != "session.created" for e in joined["events"])
        assert (await client.call("start", {}, timeout=5))["ok"]
        for _ in range(100):
            if any(e["type"] == "contact.offered" for b in batches for e in b["events"]):
                break
            await asyncio.sleep(0.05)
        pickup = {"contact_id": "c1"}  # the desk's handle of the deck's one contact
        assert (await client.call("pickup", pickup, timeout=5))["ok"]
        send = pickup | {"text": "Bonjour, que puis-je faire pour vous ?"}
        assert (await client.call("send", send, timeout=5))["ok"]
        await asyncio.sleep(0.5)  # the customer's mood (hidden from a candidate) is covered too
        pos = joined["upto"]
        for batch in batches:
            assert batch["after"] == pos, (pos, batch)
            assert all(pos < e["seq"] <= batch["upto"] for e in batch["events"])
            pos = batch["upto"]
        delivered = sum(len(batch["events"]) for batch in batches)
        assert delivered < pos - joined["upto"]  # the moods were covered, not sent
        again = await client.call("join", {"last_seq": pos}, timeout=5)
        assert (again["after"], again["upto"], again["events"]) == (pos, pos, [])
    finally:
        await client.disconnect()


def test_deck_markdown_is_rendered_without_raw_html_or_unsafe_links():
    html = render_markdown("# Titre\n\n<script>alert(1)</script> [x](javascript:alert(1)) **gras**")
    assert "<h1>Titre</h1>" in html and "<strong>gras</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
