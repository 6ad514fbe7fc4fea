"""The demo deck end to end over real socket.io, played well and played badly."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.scripted import play_socket

pytestmark = pytest.mark.server
DEMO = ROOT / "decks" / "demo"
FAST = 600.0  # the deck's 270 simulated minutes in 27 wall seconds: margin for a loaded CI


def reasons(events, reason):
    return {
        e["payload"]["contact_id"]
        for e in events
        if e["type"] == "message.sent" and e.get("reason") == reason
    }


# 100 times the deck's pace: the bot's pauses shrink too, so lift the per-connection rate limit.
@pytest.mark.settings(rate_limit=10_000)
async def test_careful_candidate_over_sockets(live):
    events = await play_socket(live, DEMO, careful=True, time_factor=FAST)
    offered = {e["payload"]["channel"] for e in events if e["type"] == "contact.offered"}
    assert offered == {"phone", "chat", "email", "sms", "complaint"}
    assert not [e for e in events if e["type"] == "contact.escalated"]
    said = {
        e["payload"]["text"]
        for e in events
        if e["type"] == "message.sent" and e["actor"] == "customer"
    }
    assert "Bon. Merci de votre écoute, j'attends la facture corrigée." in said  # complaint calmed
    assert "D'accord, j'appelle le 15 tout de suite, merci." in said  # urgent caller reassured
    assert all("reason" not in e["payload"] for e in events if e["type"] == "message.sent")


@pytest.mark.settings(rate_limit=10_000)
async def test_careless_candidate_over_sockets(live):
    events = await play_socket(live, DEMO, careful=False, time_factor=FAST)
    levels = {
        (e["payload"]["contact_id"], e["payload"]["level"])
        for e in events
        if e["type"] == "contact.escalated"
    }
    assert ("reclamation-facture", "complaint") in levels
    said = {
        e["payload"]["text"]
        for e in events
        if e["type"] == "message.sent" and e["actor"] == "customer"
    }
    assert "Puisque c'est comme ça, je saisis le médiateur de la consommation." in said
