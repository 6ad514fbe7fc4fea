"""Events are closed-schema records: undeclared is refused, stored comes back equal."""

from __future__ import annotations

import json

import pytest

from omnisim import events as ev
from omnisim.events import PAYLOADS, Event
from omnisim.schema import SchemaError

ROOT_DOCS = __import__("pathlib").Path(__file__).resolve().parents[2] / "docs" / "events.md"


def stored(**overrides):
    data = {
        "session_id": "s1",
        "seq": 3,
        "wall_time": 1.5,
        "sim_time": 30,
        "type": "message.sent",
        "actor": "customer",
        "version": 1,
        "payload": {"contact_id": "c1", "channel": "chat", "text": "Bonjour"},
    }
    data.update(overrides)
    return data


def test_round_trip_through_json():
    event = Event("s1", 3, 1.5, 30.0, "customer", ev.MessageSent("c1", "chat", "Ça « marche »"))
    assert Event.from_dict(json.loads(json.dumps(event.to_dict()))) == event


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (stored(type="message.teleported"), "type", "unknown event type"),
        (stored(actor="robot"), "actor", "unknown actor"),
        (stored(extra=1), "extra", "unknown field"),
        (stored(payload={"contact_id": "c1", "channel": "chat"}), "payload.text", "missing"),
        (
            stored(payload={"contact_id": "c1", "channel": "fax", "text": "x"}),
            "payload.channel",
            "expected one of",
        ),
        (
            stored(payload={"contact_id": "c1", "channel": "chat", "text": "x", "mood": 1}),
            "payload.mood",
            "unknown field",
        ),
        (stored(seq="3"), "seq", "expected int"),
        (stored(sim_time=True), "sim_time", "expected a number"),
        (stored(version=99), "version", "unsupported version"),
    ],
)
def test_anything_undeclared_is_refused(data, field, reason):
    with pytest.raises(SchemaError) as info:
        Event.from_dict(data)
    assert info.value.field == field
    assert reason in info.value.reason
    assert info.value.key.startswith("err.")  # a catalog key: the refusal reads in French too
    assert info.value.render("fr") and info.value.render("fr") != info.value.render("en")


def test_a_refused_stored_event_reads_in_french():
    with pytest.raises(SchemaError) as info:
        Event.from_dict(stored(version=99))
    assert info.value.reason == "unsupported version 99 of message.sent"
    assert info.value.render("fr") == "Version 99 de message.sent non prise en charge."
    with pytest.raises(SchemaError) as info:
        Event.from_dict(stored(actor="robot"))
    assert info.value.render("fr").startswith("Auteur inconnu : 'robot' (auteurs possibles : ")


def test_every_event_type_is_documented():
    text = ROOT_DOCS.read_text(encoding="utf-8")
    missing = [name for name in PAYLOADS if f"`{name}`" not in text]
    assert missing == []


def test_a_message_taken_before_the_no_number_box_reads_as_before():
    """message.taken v1 (no ``no_number``) is read with it false; v2 keeps it."""
    old = {"principal": "p", "for_whom": "x", "caller": "y", "phone": "06 12 45 78 90", "text": "t"}
    event = Event.from_dict(stored(type="message.taken", actor="candidate", payload=old))
    assert event.payload.no_number is False and event.payload.phone == "06 12 45 78 90"
    taken = ev.MessageTaken("p", "x", "y", "", "t", no_number=True)
    again = Event.from_dict(
        json.loads(json.dumps(Event("s1", 3, 1.5, 3.0, "candidate", taken).to_dict()))
    )
    assert again.payload == taken and again.to_dict()["version"] == 2
