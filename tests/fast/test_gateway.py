"""The whole path over real sockets: aiohttp on loopback, python-socketio AsyncClient."""

from __future__ import annotations

import asyncio

import pytest
import socketio

from tests.conftest import CONNECT_WAIT
from tests.fast.conftest import of_type


async def test_one_chat_contact_end_to_end(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    jury = await live.connect(tokens.jury)

    assert (await candidate.act("start"))["ok"]
    # The mini deck injects its chat at sim 30 s, ×60: half a wall second later.
    opening = await candidate.wait_for(of_type("message.sent"), timeout=3)
    assert opening["actor"] == "customer"
    assert opening["payload"]["text"] == "Bonjour, ma commande n'est toujours pas arrivée."
    assert opening["sim_time"] == 30.0

    # The candidate's desk names the contact by its handle, the jury's by the deck's id.
    assert opening["payload"]["contact_id"] == "c1"
    reply = await candidate.act("pickup", {"contact_id": "c1"})
    assert reply["ok"] and len(reply["seq"]) == 1
    sent = await candidate.act("send", {"contact_id": "c1", "text": "Votre numéro de commande ?"})
    assert sent["ok"]
    answer = await candidate.wait_for(
        of_type("message.sent", text="Commande 4521, passée le 3 mars."), timeout=3
    )
    assert answer["actor"] == "customer"
    assert (await candidate.act("close", {"contact_id": "c1"}))["ok"]
    await jury.wait_for(of_type("contact.closed", contact_id="tchat-livraison"))

    logged = await live.store.read(tokens.session_id)
    types = [e.type for e in logged]
    assert types == [
        "session.created",
        "session.started",
        "contact.offered",
        "message.sent",
        "contact.picked_up",
        "message.sent",
        "customer.mood",
        "message.sent",
        "contact.closed",
    ]
    assert [e.actor for e in logged if e.type == "message.sent"] == [
        "customer",
        "candidate",
        "customer",
    ]
    named = {getattr(e.payload, "contact_id", None) for e in logged}
    assert named == {None, "tchat-livraison"}  # the log keeps the deck's ids
    # Every acknowledged seq is in the log.
    assert sent["seq"][0] in {e.seq for e in logged}


async def test_candidate_never_sees_session_secrets(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    trainer = await live.connect(tokens.trainer)
    await trainer.act("start")
    await trainer.wait_for(of_type("session.started"))
    await candidate.wait_for(of_type("session.started"))
    assert any(e["type"] == "session.created" for e in trainer.events)
    assert not any(e["type"] == "session.created" for e in candidate.events)


@pytest.mark.parametrize(
    ("kind", "data", "field", "reason"),
    [
        ("teleport", {}, "type", "unknown message type"),
        ("pickup", {}, "contact_id", "missing required field"),
        ("pickup", {"contact_id": 12}, "contact_id", "expected a string"),
        (
            "send",
            {"contact_id": "c1", "text": "x", "extra": 1},
            "extra",
            "unknown field",
        ),
        ("send", {"contact_id": "c1", "text": "   "}, "text", "empty message"),
        ("send", {"contact_id": "c1", "text": "a" * 5000}, "text", "longer than"),
        ("pickup", ["c1"], "data", "expected an object"),
        ("pause", {}, "type", "a candidate may not send 'pause'"),
        ("pickup", {"contact_id": "nobody"}, "contact_id", "not on your desk"),
        # The deck's own id is no handle: refused like any unknown name, never echoed.
        ("pickup", {"contact_id": "tchat-livraison"}, "contact_id", "not on your desk"),
    ],
)
async def test_bad_messages_are_refused_and_the_session_goes_on(live, kind, data, field, reason):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate, lang="en")
    await candidate.act("start")
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    before = await live.store.last_seq(tokens.session_id)

    refused = await candidate.act(kind, data)
    assert refused["ok"] is False
    assert refused["error"]["field"] == field
    assert reason in refused["error"]["reason"]
    assert await live.store.last_seq(tokens.session_id) == before

    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]


async def test_jury_observes_but_cannot_act(live):
    tokens = await live.session()
    jury = await live.connect(tokens.jury)
    refused = await jury.act("start")
    assert refused == {
        "ok": False,
        "error": {"field": "type", "reason": "Un jury ne peut pas envoyer « start »."},
    }


async def test_unknown_token_is_refused(live):
    client = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            live.url,
            auth={"token": "nope.nope"},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )


async def test_reconnect_receives_exactly_what_was_missed(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    await candidate.act("start")
    await candidate.wait_for(of_type("message.sent"), timeout=3)
    await candidate.act("pickup", {"contact_id": "c1"})
    seen = max(e["seq"] for e in candidate.events)
    await candidate.sio.disconnect()

    other = await live.connect(tokens.trainer)
    await other.act("pause")
    await other.wait_for(of_type("session.paused"))

    again = await live.connect(tokens.candidate, last_seq=seen)
    missed = await again.wait_for(of_type("session.paused"))
    await asyncio.sleep(0.2)
    assert [e["seq"] for e in again.events] == [missed["seq"]]


async def test_pause_freezes_the_simulated_clock(live):
    tokens = await live.session()
    trainer = await live.connect(tokens.trainer)
    await trainer.act("start")
    await trainer.act("pause")
    await asyncio.sleep(0.8)  # the chat is due at 0.5 s wall; paused, it must not come
    assert not any(e["type"] == "contact.offered" for e in trainer.events)
    await trainer.act("resume")
    offered = await trainer.wait_for(of_type("contact.offered"), timeout=3)
    assert offered["sim_time"] == 30.0


async def test_idle_exams_leave_memory_and_running_ones_stay(live):
    idle = await live.session()
    running = await live.session()
    trainer = await live.connect(running.trainer)
    assert (await trainer.act("start"))["ok"]
    first = await live.exams.get(idle.exam_id)
    assert await live.exams.sweep(idle_for=0) == 1  # only the exam whose clocks stand still
    assert idle.exam_id not in live.exams._live and running.exam_id in live.exams._live
    again = await live.exams.get(idle.exam_id)  # rebuilt from its log when asked for
    assert again is not first and again.state.people.keys() == first.state.people.keys()
    candidate = await live.connect(idle.candidate)  # and it plays on
    assert (await candidate.act("start"))["ok"]
