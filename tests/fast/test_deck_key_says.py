"""What the key now says in fields rather than in `notes` (issue 26 item 6, round 21, fmt21): a
contact that calls for no CRM work (``key.no_crm``). Read by the loader (a contradiction refused
at its field, in French and English), the schema the studio builds its form from, and the
measures (labelled cases in evalsets/measures/*/r21_general_enquiry.yaml)."""

from __future__ import annotations

from pathlib import Path

from omnisim.deck.jsonschema import deck_schema
from omnisim.i18n import message
from omnisim.measures.crm import trace_expected
from omnisim.scenario.check import check_deck
from tests.fast.test_decks import deck_dir

BASE = (
    "at: 10\nchannel: sms\ncustomer: {name: Inès Carpentier}\nopening: Vous êtes ouverts lundi ?\n"
)


def test_no_crm_is_read_and_lifts_the_trace_a_silent_key_expects(tmp_path):
    (tmp_path / "ok").mkdir()
    folder = deck_dir(
        tmp_path / "ok", contacts__c2_yaml=BASE + "key: {no_crm: true}\n", contacts__c3_yaml=BASE
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    quiet, silent = deck.contact("c2"), deck.contact("c3")
    assert quiet is not None and silent is not None
    assert quiet.key.no_crm and not silent.key.no_crm
    assert not trace_expected(deck, quiet)
    assert trace_expected(deck, silent)  # a key silent on the CRM still expects a trace


def test_no_crm_beside_crm_work_is_refused_at_its_field_in_both_languages(tmp_path):
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=BASE + "key: {no_crm: true, crm: [{action: trace}]}\n",
    )
    _, problems = check_deck(folder)
    assert [(Path(p.file).name, p.field) for p in problems] == [("c2.yaml", "key.no_crm")]
    for lang in ("fr", "en"):
        said = message(lang, "deckerr.no_crm_with_crm")
        assert "no_crm" in said and "key.crm" in said and not said.startswith("deckerr.")
    (tmp_path / "typed").mkdir()
    folder = deck_dir(tmp_path / "typed", contacts__c2_yaml=BASE + "key: {no_crm: maybe}\n")
    _, problems = check_deck(folder)
    assert [p.field for p in problems] == ["key.no_crm"]


def test_the_studio_form_gets_the_field_from_the_schema():
    key = deck_schema("contact")["properties"]["key"]["properties"]
    assert key["no_crm"] == {"type": "boolean", "default": False}
    for lang in ("fr", "en"):
        assert not message(lang, "studio.f.no_crm").startswith("studio.")
        assert not message(lang, "studio.h.no_crm").startswith("studio.")


def test_an_expected_message_marked_urgent_is_read_and_only_a_message_may_be(tmp_path):
    (tmp_path / "ok").mkdir()
    asked = "key: {crm: [{action: message, urgent: true, fields: {for_whom: Dr Ravel}}]}\n"
    folder = deck_dir(tmp_path / "ok", contacts__c2_yaml=BASE + asked)
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None and contact.key.crm[0].urgent
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad", contacts__c2_yaml=BASE + "key: {crm: [{action: trace, urgent: true}]}\n"
    )
    _, problems = check_deck(folder)
    assert [(Path(p.file).name, p.field) for p in problems] == [("c2.yaml", "key.crm[0].urgent")]
    for lang in ("fr", "en"):
        said = message(lang, "deckerr.urgent_not_message")
        assert "message" in said and "key.urgent" in said
    crm = deck_schema("contact")["properties"]["key"]["properties"]["crm"]["items"]
    assert crm["properties"]["urgent"] == {"type": "boolean", "default": False}


def test_handover_points_are_read_and_each_mistake_named_at_its_field(tmp_path):
    (tmp_path / "ok").mkdir()
    point = "{label: Pas de rendez-vous de 14 h à 15 h, accepts: [pas de rendez-vous 14 h 15 h]}"
    folder = deck_dir(
        tmp_path / "ok", contacts__c2_yaml=BASE + f"key: {{handover_points: [{point}]}}\n"
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None
    assert contact.key.handover_points[0].accepts == ("pas de rendez-vous 14 h 15 h",)
    (tmp_path / "bad").mkdir()
    bad = (
        "key:\n  handover_points:\n"
        "    - {label: '', accepts: []}\n    - {label: X, accepts: [de la]}\n"
    )
    folder = deck_dir(tmp_path / "bad", contacts__c2_yaml=BASE + bad)
    _, problems = check_deck(folder)
    assert sorted(p.field for p in problems) == [
        "key.handover_points[0].accepts",
        "key.handover_points[0].label",
        "key.handover_points[1].accepts[0]",
    ]
    for lang in ("fr", "en"):
        for what in ("label", "accepts", "no_words"):
            said = message(lang, f"deckerr.handover_point_{what}", wording="de la")
            assert not said.startswith("deckerr.")
    key = deck_schema("contact")["properties"]["key"]["properties"]
    assert key["handover_points"]["items"]["required"] == ["label", "accepts"]


def test_a_sale_is_read_and_each_mistake_named_at_its_field(tmp_path):
    """key.sale (MC ACVD C1.6 « VENDRE »): the need is the contact's facts, the offer, the
    objections and the add-on say what they are in words the matcher finds."""
    (tmp_path / "ok").mkdir()
    facts = "facts:\n  - {id: usage, answer: Deux cafés par jour., ask: [combien de cafés]}\n"
    sale = (
        "key:\n  sale:\n    need: [usage]\n"
        "    offer: {label: Duo Intense, accepts: [Duo Intense]}\n"
        "    objections: [{prompt: Je ne veux pas m'engager., answers: [sans engagement]}]\n"
        "    addon: {label: Détartrant, accepts: [détartrant], accepted: true}\n"
    )
    folder = deck_dir(tmp_path / "ok", contacts__c2_yaml=BASE + facts + sale)
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None and contact.key.sale is not None
    assert contact.key.sale.addon is not None and contact.key.sale.addon.accepted
    assert contact.key.sale.objections[0].answers == ("sans engagement",)
    (tmp_path / "bad").mkdir()
    bad = (
        "key:\n  sale:\n    need: [budget]\n"
        "    offer: {label: '', accepts: []}\n"
        "    objections: [{prompt: '', answers: [de la]}]\n"
        "    addon: {label: '', accepts: []}\n"
    )
    folder = deck_dir(tmp_path / "bad", contacts__c2_yaml=BASE + bad)
    _, problems = check_deck(folder)
    assert sorted(p.field for p in problems) == [
        "key.sale.addon.accepts",
        "key.sale.addon.label",
        "key.sale.need[0]",
        "key.sale.objections[0].answers[0]",
        "key.sale.objections[0].prompt",
        "key.sale.offer.accepts",
        "key.sale.offer.label",
    ]
    for lang in ("fr", "en"):
        for what in (
            "need_unknown",
            "offer_label",
            "offer_accepts",
            "addon_label",
            "addon_accepts",
            "objection_prompt",
            "objection_answers",
            "no_words",
        ):
            said = message(lang, f"deckerr.sale_{what}", wording="de la", fact="x", known="y")
            assert not said.startswith("deckerr.")
        assert not message(lang, "studio.f.sale").startswith("studio.")
    key = deck_schema("contact")["properties"]["key"]["properties"]
    assert key["sale"]["anyOf"][0]["required"] == ["offer"]
