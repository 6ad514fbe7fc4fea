"""The two skeleton measures on hand-built logs, edge cases included."""

from __future__ import annotations

from omnisim import events as ev
from omnisim.events import Event
from omnisim.measures.chat import chat_words_per_send
from omnisim.measures.timing import pickup_times


def log(*items):
    created = ev.SessionCreated("d", "D", "", 1, 8.0, "fr", "a", "b", "c")
    events = [Event("s", 1, 0.0, 0.0, "system", created)]
    for seq, (sim, actor, payload) in enumerate(items, start=2):
        events.append(Event("s", seq, 0.0, sim, actor, payload))
    return events


def test_pickup_is_measured_in_active_seconds():
    events = log(
        (0.0, "system", ev.ContactOffered("call", "phone", "M. Martin")),
        (96.0, "candidate", ev.ContactPickedUp("call")),  # 96 sim s at ×8 = 12 s
        (100.0, "system", ev.ContactOffered("chat", "chat", "Mme Roy")),
        (260.0, "candidate", ev.ContactPickedUp("chat")),  # 20 s: too slow
    )
    result = pickup_times(events, 15.0)
    assert result.value == {"call": 12.0, "chat": 20.0}
    assert result.passed is False
    assert [e.seq for e in result.evidence] == [2, 3, 4, 5]


def test_a_call_never_picked_up_fails_and_is_evidenced():
    events = log((10.0, "system", ev.ContactOffered("call", "phone", "M. Martin")))
    result = pickup_times(events)
    assert result.value == {"call": None}
    assert result.passed is False
    assert "jamais décroché" in result.evidence[0].note


def test_e_mails_have_no_pickup_and_nothing_to_judge():
    events = log((10.0, "system", ev.ContactOffered("mail", "email", "Mme Roy")))
    assert pickup_times(events).passed is None


def test_words_per_chat_send_counts_only_the_candidates_chat():
    events = log(
        (1.0, "customer", ev.MessageSent("c", "chat", "Bonjour j'ai un souci avec ma commande")),
        (2.0, "candidate", ev.MessageSent("c", "chat", "Bonjour, je regarde.")),
        (
            3.0,
            "candidate",
            ev.MessageSent("c", "chat", "Votre commande partira demain matin sans faute"),
        ),
        (
            4.0,
            "candidate",
            ev.MessageSent("m", "email", "Madame, suite à votre appel de ce jour, voici"),
        ),
    )
    result = chat_words_per_send(events, 5)
    assert result.value == [3, 7]
    assert result.passed is False
    assert [e.seq for e in result.evidence] == [3, 4]


def test_no_chat_means_nothing_to_judge():
    assert chat_words_per_send(log()).passed is None
