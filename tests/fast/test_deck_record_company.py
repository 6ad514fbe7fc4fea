"""A CRM record's company (fmt22c, issue 26 item 6): two writers (a hotel's buyer, a works
council's secretary) had to write it in ``notes``. It is part of who the customer is: read by
the loader (a record's and a customer card's ``company``), refused at its field when not a
text, offered by the studio's schema with its label, given to the desk with the record, and
said by the customer asked « pour quelle société ? » (tests/fast/test_customers_talk.py)."""

from __future__ import annotations

import pytest

from omnisim.deck.channel_rules import channel_rules
from omnisim.deck.jsonschema import deck_schema
from omnisim.engine.turn import card
from omnisim.i18n import message
from omnisim.protocol.views import candidate_workspace
from omnisim.scenario.check import check_deck
from tests.fast.test_decks import DECKS, deck_dir

CALL = "at: 10\nchannel: phone\ncustomer: {name: Inès Morel, record: r1}\nopening: Bonjour\n"
CRM = "- {id: r1, last_name: Morel, first_name: Inès, company: Hôtel des Dunes}\n"


def test_a_records_company_is_read_shown_and_on_the_customers_card(tmp_path):
    deck, problems = check_deck(deck_dir(tmp_path, contacts__c2_yaml=CALL, crm_yaml=CRM))
    assert problems == [] and deck is not None
    assert deck.crm[0].company == "Hôtel des Dunes"
    contact = deck.contact("c2")
    assert contact is not None and card(deck, contact)["company"] == "Hôtel des Dunes"
    shown = candidate_workspace(deck, channel_rules(), "fr")
    assert shown["crm"][0]["company"] == "Hôtel des Dunes"


def test_a_customer_card_may_name_its_own_company_and_a_list_is_refused_at_its_field(tmp_path):
    own = CALL.replace("record: r1}", "company: CSE Transports Azur}")
    (tmp_path / "ok").mkdir()
    deck, problems = check_deck(deck_dir(tmp_path / "ok", contacts__c2_yaml=own))
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None and card(deck, contact)["company"] == "CSE Transports Azur"
    (tmp_path / "bad").mkdir()
    bad = CRM.replace("company: Hôtel des Dunes", "company: [Hôtel, Dunes]")
    _, problems = check_deck(deck_dir(tmp_path / "bad", contacts__c2_yaml=CALL, crm_yaml=bad))
    assert [p.field for p in problems] == ["[0].company"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_studio_and_the_desk_label_the_company(lang):
    assert deck_schema("crm")["items"]["properties"]["company"]["type"] == "string"
    customer = deck_schema("contact")["properties"]["customer"]["properties"]
    assert customer["company"]["type"] == "string"
    for key in ("studio.f.company", "dossier.company"):
        assert not message(lang, key).startswith(key.split(".")[0] + ".")


def test_every_bundled_deck_still_loads():
    for folder in sorted(p for p in DECKS.iterdir() if (p / "deck.yaml").exists()):
        deck, problems = check_deck(folder)
        assert problems == [] and deck is not None, (folder.name, [str(p) for p in problems])
