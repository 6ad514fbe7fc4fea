"""What the desk must never ask for and what it must not do on a contact (round 20, fmt20):
``key.forbidden`` of kind ``ask`` and ``action``. A deck using each kind loads and plays; its
measure (``forbidden_request``, ``forbidden_action``) fires on a candidate who asks or does it
and not on one who warns or refuses; the deck check names the field of each mistake, in French
and English."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from omnisim.i18n import message
from omnisim.measures import compute_all
from omnisim.scenario import load_scenario
from omnisim.scenario.check import check_deck
from tests.fast.test_decks import deck_dir
from tests.transcripts import play_transcript

DECK = """\
id: gaz
title: "Permanence d'un chauffagiste"
language: fr
duration_minutes: 12
time_factor: 6
seed: 3
today: "2026-03-12"
start_time: "18:00"
principals:
  - id: p
    name: "Chauffage Martel"
    sector: "chauffage"
    phone: "02 40 00 00 00"
    staff:
      - {id: martel, name: "M. Martel", role: "gérant"}
"""
CONTACT = """\
at: "00:20"
channel: phone
principal: p
customer: {name: "Inès Carré", phone: "06 11 22 33 44", patience: 120}
opening: "Bonsoir, ça sent le gaz chez moi, quelqu'un peut passer demain ? Je peux payer par carte."
facts:
  - {id: adresse, answer: "3 rue Haute, à Nantes.", ask: ["adresse"]}
key:
  urgent: true
  forbidden:
    - label: "Le code de la carte : jamais demandé"
      kind: ask
      words: ["code secret", "code confidentiel"]
    - label: "Un rendez-vous pour une odeur de gaz : sortir, appeler le numéro d'urgence"
      kind: action
      action: appointment
"""
ASKS_AND_BOOKS = {
    "about": "asks for the card's code and books a visit",
    "turns": [
        {
            "contact": "odeur",
            "when": "offered",
            "do": [
                {"pickup": {}},
                {
                    "send": {
                        "text": "Chauffage Martel, bonsoir. Pour régler, pouvez-vous me "
                        "donner votre code secret ?"
                    }
                },
                {"agenda_book": {"principal": "p", "start": "2026-03-13T09:00"}},
                {"send": {"text": "Le technicien passe demain à 9 h."}},
                {"close": {}},
            ],
        }
    ],
}
WARNS_AND_REFUSES = {
    "about": "warns, refuses the booking, sends to the emergency number",
    "turns": [
        {
            "contact": "odeur",
            "when": "offered",
            "do": [
                {"pickup": {}},
                {
                    "send": {
                        "text": "Chauffage Martel, bonsoir. Ne me donnez jamais votre code secret. "
                        "Sortez tout de suite et appelez le numéro d'urgence gaz."
                    }
                },
                {
                    "take_message": {
                        "principal": "p",
                        "for_whom": "M. Martel",
                        "caller": "Inès Carré",
                        "phone": "06 11 22 33 44",
                        "text": "URGENT odeur de gaz, 3 rue Haute",
                        "urgent": True,
                    }
                },
                {"close": {}},
            ],
        }
    ],
}


def _deck(tmp_path: Path) -> Path:
    return deck_dir(tmp_path, DECK, contacts__odeur_yaml=CONTACT)


def _measures(tmp_path: Path, transcript: dict[str, Any]) -> dict[str, Any]:
    folder = _deck(tmp_path)
    path = tmp_path / "candidate.yaml"
    path.write_text(yaml.safe_dump(transcript, allow_unicode=True), encoding="utf-8")
    scenario = load_scenario(folder)
    log, candidate = asyncio.run(play_transcript(folder, path, scenario=scenario))
    assert candidate.refusals == []
    return compute_all(log, scenario)


def test_a_deck_with_a_forbidden_request_and_action_loads_with_both(tmp_path):
    deck, problems = check_deck(_deck(tmp_path))
    assert problems == [] and deck is not None
    ask, action = deck.contact("odeur").key.forbidden  # type: ignore[union-attr]
    assert (ask.kind, ask.words) == ("ask", ("code secret", "code confidentiel"))
    assert (action.kind, action.action, action.target) == ("action", "appointment", "")


def test_the_measures_fire_on_who_asks_and_books(tmp_path):
    results = _measures(tmp_path, ASKS_AND_BOOKS)
    asked, done = results["forbidden_request"], results["forbidden_action"]
    assert asked.passed is False and done.passed is False
    said = asked.evidence[0].render("fr")
    assert "pouvez-vous me donner votre code secret" in said and "jamais demandé" in said
    assert "un rendez-vous pris" in done.evidence[0].render("fr")
    assert "an appointment booked" in done.evidence[0].render("en")
    # What the candidate said is no promise or advice: out_of_remit has nothing to judge.
    assert results["out_of_remit"].passed is None


def test_the_measures_pass_who_warns_and_refuses(tmp_path):
    results = _measures(tmp_path, WARNS_AND_REFUSES)
    assert results["forbidden_request"].passed is True
    assert results["forbidden_action"].passed is True


BAD_ITEMS = [
    ("{label: '', kind: ask, words: [code secret]}", "key.forbidden[0].label", "forbidden_label"),
    ("{label: Code, kind: ask, words: ['  ']}", "key.forbidden[0].words", "forbidden_ask_words"),
    ("{label: Code, kind: demander, words: [code]}", "key.forbidden[0].kind", "value_not_one_of"),
    ("{label: RDV, kind: action}", "key.forbidden[0].action", "forbidden_action_missing"),
    ("{label: RDV, kind: action, action: reserver}", "key.forbidden[0].action", "value_not_one_of"),
    (
        "{label: RDV, kind: action, action: appointment, target: ailleurs}",
        "key.forbidden[0].target",
        "forbidden_target_unknown",
    ),
    (
        "{label: Lettre, kind: action, action: template}",
        "key.forbidden[0].target",
        "forbidden_template_missing",
    ),
    (
        "{label: Fiche, kind: action, action: update, target: mail}",
        "key.forbidden[0].target",
        "forbidden_target_unknown",
    ),
    (
        "{label: Code, kind: ask, words: [code], action: update}",
        "key.forbidden[0].action",
        "forbidden_not_action",
    ),
]


@pytest.mark.parametrize(
    ("item", "field", "key"), BAD_ITEMS, ids=[b[2] + str(i) for i, b in enumerate(BAD_ITEMS)]
)
def test_each_mistake_is_refused_at_its_field_in_both_languages(tmp_path, item, field, key):
    body = CONTACT.split("key:")[0] + f"key:\n  forbidden:\n    - {item}\n"
    _, problems = check_deck(deck_dir(tmp_path, DECK, contacts__odeur_yaml=body))
    assert [(Path(p.file).name, p.field) for p in problems] == [("odeur.yaml", field)]
    if key.startswith("forbidden"):
        for lang in ("fr", "en"):
            said = message(lang, f"deckerr.{key}", known="x", target="t", kind="ask")
            assert said and not said.startswith("deckerr."), (lang, key)


def _case(log: list[Any]) -> Any:
    from tests.measure_cases import Case

    contact = {
        "id": "p",
        "opening": "J'ai mal dans la poitrine, je peux voir un médecin cet après-midi ?",
        "customer": {"name": "Roger Vial", "record": "r-vial"},
        "key": {
            "forbidden": [
                {"label": "Pas de rendez-vous : le 15", "kind": "action", "action": "appointment"}
            ]
        },
    }
    data = {
        "id": "open",
        "measure": "forbidden_action",
        "expect": "fail",
        "contacts": [contact],
        "log": log,
    }
    return Case("inline", "open", "forbidden_action", "forbidden_action", False, data)


@pytest.mark.parametrize(("closed_first", "flagged"), [(False, True), (True, False)])
def test_an_action_on_the_customers_record_counts_while_the_contact_is_open(closed_first, flagged):
    """Booked on the customer's record from nowhere (no contact named): while the contact is
    open it is the contact's action; once it is closed, it is another matter."""
    from omnisim import events as ev
    from omnisim.deck.channel_rules import channel_rules
    from omnisim.events import Event
    from omnisim.measures import MEASURES
    from omnisim.measures.context import MeasureContext
    from omnisim.projection.workspace import project
    from tests.measure_cases import deck_of, log_of

    steps = [["offer", "p"], ["pick", "p"], ["say", "p", "Je regarde."]]
    case = _case(steps + ([["close", "p"]] if closed_first else []))
    deck = deck_of(case)
    events = log_of(case, deck)
    booked = ev.AgendaBooked("societe", "2026-05-12T16:00", "r-vial", "")
    events.append(Event("case", len(events) + 1, 0.0, 99.0, "candidate", booked))
    ctx = MeasureContext(project(events), deck, channel_rules(), {})
    assert MEASURES["forbidden_action"](ctx).passed is (not flagged)
