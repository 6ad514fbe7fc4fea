"""``omnisim serve`` runs on uvloop: a candidate plays over a real socket on that loop.

The rest of the suite serves the app in-process on asyncio's own loop, which the loop
guard (tests/conftest.py) times; this test covers the loop users get.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.server.test_restart import connect, wait_for

pytestmark = pytest.mark.server


async def test_a_candidate_plays_on_the_served_uvloop(server, tmp_path):
    proc = await server.start(tmp_path / "events.db")
    assert "Boucle d'événements : uvloop" in proc.said  # the loop running, not the setting
    inbox: list[dict[str, Any]] = []
    client = await connect(proc.url, proc.token("candidate"), inbox)
    try:
        assert (await client.call("start", {}, timeout=5))["ok"]
        offered = await wait_for(inbox, "contact.offered")
        assert offered["payload"]["channel"] == "chat"
        assert (await client.call("pickup", {"contact_id": "c1"}, timeout=5))["ok"]
        line = "Bonjour Mme Dubois, quel est le numéro de votre commande, s'il vous plaît ?"
        sent = await client.call("send", {"contact_id": "c1", "text": line}, timeout=5)
        assert sent["ok"] and sent["seq"]
        for _ in range(100):  # the customer's answer, pushed (reply_delay: 0.1 s at ×60)
            said = [
                e["payload"]["text"]
                for e in inbox
                if e["type"] == "message.sent" and e["actor"] == "customer"
            ]
            if len(said) > 1:
                break
            await asyncio.sleep(0.05)
        mine = [e for e in inbox if e["type"] == "message.sent" and e["actor"] == "candidate"]
        assert [e["payload"]["text"] for e in mine] == [line]  # accents intact on the wire
        assert said[1:] == ["Commande 4521, passée le 3 mars."]
        seqs = [e["seq"] for e in inbox]
        assert seqs == sorted(set(seqs))  # no duplicate, in order
    finally:
        await client.disconnect()
