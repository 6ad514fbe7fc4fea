"""The urgent call ringing during a routine one (omnisim/measures/handling.py
``_urgent_during_call``): only work on the routine contact more than 15 s into the ring breaks
the order; a wrap-up within 15 s then a slow pickup is ``pickup_time``'s to judge (the
hand-written demo's mixed candidate, whose jury grants CQP C.1.6)."""

from __future__ import annotations

from typing import Any

from tests.measure_cases import Case, run

CONTACTS = [
    {
        "id": "n",
        "channel": "chat",
        "opening": "Bonjour, ma fenêtre ne ferme plus.",
        "key": {"priority": 2},
    },
    {
        "id": "u",
        "channel": "phone",
        "opening": "Allô ! Mon père a très mal à la poitrine !",
        "key": {"urgent": True, "priority": 1},
    },
]


def _priority(log: list[list[Any]]) -> Any:
    data = {"time_factor": 6, "contacts": CONTACTS, "log": log}
    return run(Case("inline", "inline", "urgent_during_call", "priority_order", None, data))


def _around(wrap_up: list[list[Any]]) -> Any:
    return _priority(
        [
            ["offer", "n"],
            ["pick", "n"],
            ["say", "n", "Bonjour, je regarde votre commande."],
            ["wait", 60],
            ["say", "n", "Une intervention est prévue sous 48 h. Bonne journée, Madame."],
            ["wait", 30],
            ["offer", "u"],
            *wrap_up,
            ["pick", "u"],
            ["say", "u", "Cabinet du docteur Martin, bonjour."],
        ]
    )


def test_a_wrap_up_within_15_s_then_a_slow_pickup_is_no_order_broken():
    # Traced 11 s, closed 13 s into the ring, picked at 18 s (active): nothing to judge here.
    result = _around(
        [
            ["wait", 66],
            ["trace", "n", "Fenêtre bloquée, SAV sous 48 h."],
            ["wait", 12],
            ["close", "n"],
            ["wait", 30],
        ]
    )
    assert result.passed is None and result.value == {}


def test_the_routine_contact_worked_on_beyond_15_s_of_the_ring_breaks_the_order():
    result = _around(
        [
            ["wait", 120],
            ["trace", "n", "Fenêtre bloquée, SAV sous 48 h."],
            ["close", "n"],
            ["wait", 6],
        ]
    )
    assert result.passed is False and result.value == {"u>n": False}
    assert [e.note.key for e in result.evidence] == ["note.priority_busy"]


def test_the_urgent_call_taken_with_the_routine_one_held_keeps_the_order():
    result = _around([["wait", 30], ["hold", "n", "Un instant, je reviens vers vous."]])
    assert result.passed is True and result.value == {"u>n": True}
