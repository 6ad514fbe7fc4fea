"""What the deck format now says (issue 26 item 6, round 17): a question the principal's procedure
requires (``key.must_ask``) and what the desk must neither promise nor advise (``key.forbidden``).
Read by the loader (each mistake named at its field), the schema, the scenario snapshot and the
measures (tests in evalsets/measures/*/r17_*.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

from omnisim.deck.files import read_folder
from omnisim.deck.jsonschema import deck_schema
from omnisim.scenario import build_snapshot, bundled_data, scenario_from_snapshot
from omnisim.scenario.check import check_deck
from tests.conftest import ROOT
from tests.fast.test_decks import deck_dir

BASE = (
    "at: 10\nchannel: phone\ncustomer: {name: X}\nsubject: Panne\nopening: Plus de chauffage.\n"
    "facts:\n  - {id: gaz, answer: Non., ask: [odeur gaz]}\n"
)


def test_required_questions_and_forbidden_items_are_read_and_each_mistake_located(tmp_path):
    (tmp_path / "ok").mkdir()
    item = "{label: Remboursement, kind: promise, words: [rembourser]}"
    folder = deck_dir(
        tmp_path / "ok",
        contacts__c2_yaml=BASE + f"key: {{must_ask: [gaz], forbidden: [{item}]}}\n",
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    key = deck.contact("c2").key  # type: ignore[union-attr]
    assert key.must_ask == ("gaz",) and key.forbidden[0].words == ("rembourser",)
    assert key.forbidden[0].kind == "promise"
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=BASE
        + "key:\n  must_ask: [gaz, fumee]\n  forbidden:\n"
        + "    - {label: '', words: ['  ']}\n",
    )
    _, problems = check_deck(folder)
    where = sorted((Path(p.file).name, p.field) for p in problems)
    assert where == [
        ("c2.yaml", "key.forbidden[0].label"),
        ("c2.yaml", "key.forbidden[0].words"),
        ("c2.yaml", "key.must_ask[1]"),
    ]
    assert any("fumee" in p.message and "gaz" in p.message for p in problems)
    (tmp_path / "kind").mkdir()
    folder = deck_dir(
        tmp_path / "kind",
        contacts__c3_yaml=BASE + "key: {forbidden: [{label: X, kind: peut-etre, words: [y]}]}\n",
    )
    _, problems = check_deck(folder)
    assert [(Path(p.file).name, p.field) for p in problems] == [
        ("c3.yaml", "key.forbidden[0].kind")
    ]
    key_schema = deck_schema("contact")["properties"]["key"]["properties"]
    # Round 20: an action forbidden has no words (fmt20, tests/fast/test_deck_forbidden.py).
    assert key_schema["forbidden"]["items"]["required"] == ["label"]
    assert key_schema["must_ask"]["type"] == "array"


def test_the_new_fields_are_carried_in_the_scenario_snapshot():
    folder = ROOT / "decks" / "cqp_telesecretariat_sud"
    stored = json.loads(json.dumps(build_snapshot(read_folder(folder)[0], bundled_data())))
    deck = scenario_from_snapshot(stored).deck
    assert deck.contact("04-appel-panne-chauffage").key.must_ask == ("gaz",)  # type: ignore[union-attr]
    refund = deck.contact("08-reclamation-double-facture").key.forbidden[0]  # type: ignore[union-attr]
    assert refund.kind == "promise" and "rembourser" in refund.words
