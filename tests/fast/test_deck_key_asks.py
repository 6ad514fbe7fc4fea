"""Three things writers kept saying in key `notes` that no field carried (fmt22b, issue 26 item
6): an answer point owed only once the customer asks (``answer_points[].when_asked``), a
forbidden item judged only on the channels named (``forbidden[].channels``, « never confirm this
by this channel »), and a colleague to consult during the contact (``key.consult``). Read by the
loader, each mistake refused at its field in French and English, offered by the studio's schema
and labels, and the colleague's answer said on the consultation. Measures: labelled cases in
evalsets/measures/*/fmt22b_key_fields.yaml."""

from __future__ import annotations

from omnisim.deck.jsonschema import deck_schema
from omnisim.engine.calls import answer
from omnisim.engine.state import CallState
from omnisim.i18n import message
from omnisim.measures import compute_all
from omnisim.rehearsal.candidate import DeckCandidate
from omnisim.rehearsal.player import play
from omnisim.scenario import load_scenario
from omnisim.scenario.check import check_deck
from tests.fast.test_decks import GOOD, deck_dir

BASE = (
    "at: 10\nchannel: phone\nprincipal: p\ncustomer: {name: Paul Henry, phone: 06 20 30 40 50}\n"
    "opening: Ma voiture est prête ?\n"
)
LINE = GOOD.replace(
    '    sector: "avocats"\n', '    sector: "avocats"\n    phone: "01 23 45 67 89"\n'
)


def test_the_three_fields_are_read(tmp_path):
    key = (
        "key:\n"
        "  answer_points:\n"
        "    - {label: Prête à 18 h, accepts: [18 h]}\n"
        "    - {label: Délai des pièces, accepts: [jeudi],"
        " when_asked: [pièces, combien de temps]}\n"
        "  forbidden:\n"
        "    - {label: Le prix par SMS, kind: promise, words: [prix garanti], channels: [sms]}\n"
        "  consult: [{staff: boss, answer: Elle sera prête à 18 h.}]\n"
    )
    (tmp_path / "ok").mkdir()
    deck, problems = check_deck(deck_dir(tmp_path / "ok", LINE, contacts__c2_yaml=BASE + key))
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None
    assert contact.key.answer_points[0].when_asked == ()
    assert contact.key.answer_points[1].when_asked == ("pièces", "combien de temps")
    assert contact.key.forbidden[0].channels == ("sms",)
    assert contact.key.consult[0].staff == "boss"
    assert contact.key.consult[0].answer == "Elle sera prête à 18 h."


def test_each_mistake_is_refused_at_its_field_in_both_languages(tmp_path):
    reachable = LINE.replace(
        '      - {id: boss, name: "Mme Roux", role: "superviseure"}\n',
        '      - {id: boss, name: "Mme Roux", role: "superviseure"}\n'
        '      - {id: away, name: "M. Blanc", role: "gérant", reachable: false}\n',
    )
    key = (
        "key:\n"
        "  answer_points:\n"
        "    - {label: Délai, accepts: [jeudi], when_asked: ['  ']}\n"
        "  forbidden:\n"
        "    - {label: Pas de RDV, kind: action, action: appointment, channels: [phone]}\n"
        "  consult: [{staff: ghost}, {staff: away}]\n"
    )
    (tmp_path / "bad").mkdir()
    _, problems = check_deck(deck_dir(tmp_path / "bad", reachable, contacts__c2_yaml=BASE + key))
    assert sorted(p.field for p in problems) == [
        "key.answer_points[0].when_asked[0]",
        "key.consult[0].staff",
        "key.consult[1].staff",
        "key.forbidden[0].channels",
    ]
    fax = (
        "key: {forbidden: [{label: Rien par fax, kind: promise, words: [prix], channels: [fax]}]}\n"
    )
    (tmp_path / "fax").mkdir()
    _, problems = check_deck(deck_dir(tmp_path / "fax", LINE, contacts__c2_yaml=BASE + fax))
    assert [p.field for p in problems] == ["key.forbidden[0].channels[0]"]
    for lang in ("fr", "en"):
        for name in ("when_asked_empty", "forbidden_channels_action", "consult_unreachable"):
            said = message(lang, f"deckerr.{name}", staff="M. Blanc")
            assert not said.startswith("deckerr.")
    assert "M. Blanc" in message("fr", "deckerr.consult_unreachable", staff="M. Blanc")


def test_a_handover_point_is_never_owed_on_a_question():
    """The hand-over is not asked for by the customer: the field is an answer point's only."""
    key = deck_schema("contact")["properties"]["key"]["properties"]
    assert "when_asked" in key["answer_points"]["items"]["properties"]
    assert "when_asked" not in key["handover_points"]["items"]["properties"]


def test_the_studio_form_gets_the_fields_from_the_schema_with_their_labels():
    key = deck_schema("contact")["properties"]["key"]["properties"]
    assert key["answer_points"]["items"]["properties"]["when_asked"]["type"] == "array"
    assert key["forbidden"]["items"]["properties"]["channels"]["items"]["enum"]
    assert key["consult"]["items"]["required"] == ["staff"]
    for lang in ("fr", "en"):
        for name in (
            "answer_points.when_asked",
            "forbidden.channels",
            "consult",
            "consult.staff",
            "consult.answer",
        ):
            assert not message(lang, f"studio.f.{name}").startswith("studio.")
        assert not message(lang, "studio.add_one.consult").startswith("studio.")


def test_the_colleague_consulted_says_what_the_key_has_them_say(tmp_path):
    key = "key:\n  consult: [{staff: boss, answer: L'atelier finit à 18 h.}]\n"
    (tmp_path / "d").mkdir()
    deck, problems = check_deck(
        deck_dir(tmp_path / "d", LINE, contacts__c2_yaml=BASE + key, contacts__c3_yaml=BASE)
    )
    assert problems == [] and deck is not None

    class Open:
        open = True

    class State:
        contacts = {"c2": Open(), "c3": Open()}

    said = answer(deck, State(), CallState("boss", "staff", "c2"), "call-1")  # type: ignore[arg-type]
    assert said[0].payload.text == "L'atelier finit à 18 h."
    stock = answer(deck, State(), CallState("boss", "staff", "c3"), "call-2")  # type: ignore[arg-type]
    assert stock[0].payload.text != "L'atelier finit à 18 h."  # no consult in c3's key


def test_the_careful_candidate_of_the_dry_run_consults_and_the_careless_does_not(tmp_path):
    """The dry run separates them on a consultation: the careful one calls the colleague about
    the caller and comes back to them; the careless one answers alone."""
    key = "key:\n  consult: [{staff: boss, answer: Elle sera prête à 18 h.}]\n"
    (tmp_path / "d").mkdir()
    folder = deck_dir(tmp_path / "d", LINE, contacts__c2_yaml=BASE + key)
    s = load_scenario(folder)
    verdicts = {}
    for careful in (True, False):
        results = compute_all(play(s, DeckCandidate(s.deck, s.scripts, careful)), s)
        verdicts[careful] = results["colleague_consulted"].passed
    assert verdicts == {True: True, False: False}
