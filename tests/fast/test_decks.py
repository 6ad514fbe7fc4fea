"""Bundled decks load; malformed decks are reported with exact file, line, column and field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from omnisim.deck.jsonschema import deck_schema
from omnisim.measures.slots import accepted
from omnisim.scenario.check import check_deck, check_deck_warned, load_deck
from tests.conftest import ROOT

DECKS = ROOT / "decks"
GOOD = """\
id: t
title: "Test « guillemets »\u00a0!"
language: fr
duration_minutes: 60
time_factor: 6
seed: 1
principals:
  - id: p
    name: "Cabinet Durand"
    sector: "avocats"
    staff:
      - {id: boss, name: "Mme Roux", role: "superviseure"}
contacts:
  - id: c1
    at: "05:00"
    channel: chat
    principal: p
    customer: {name: "Élodie Lefèvre"}
    opening: "Bonjour, c'est à propos de ma facture."
    facts:
      - {id: f1, answer: "La F-12.", ask: ["numéro facture"]}
"""


SMS_CONTACT = (
    "at: 10\nchannel: sms\ncustomer: {name: X}\nopening: Bonjour\n"
    "key: {script: nope, transfer_to: ghost, sla_minutes: 600}\n"
)


def deck_dir(tmp_path: Path, text: str = GOOD, **files: str) -> Path:
    folder = tmp_path / "deck"
    folder.mkdir()
    (folder / "deck.yaml").write_text(text, encoding="utf-8")
    for name, body in files.items():
        path = folder / name.replace("__", "/").replace("_yaml", ".yaml").replace("_md", ".md")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    return folder


def located(problems) -> list[tuple[str, int, int, str]]:
    return [(Path(p.file).name, p.line, p.column, p.field) for p in problems]


@pytest.mark.parametrize("name", ["demo", "english", "mini"])
def test_bundled_decks_are_valid(name):
    deck, problems = check_deck(DECKS / name)
    assert problems == [] and deck is not None


def test_the_demo_deck_is_a_dossier_ecole():
    deck = load_deck(DECKS / "demo")
    assert deck.language == "fr" and deck.duration / deck.time_factor == 45 * 60
    assert len([p for p in deck.principals if p.id != "omnisecretariat"]) >= 3
    assert {c.channel for c in deck.contacts} == {"phone", "chat", "email", "sms", "complaint"}
    assert len(deck.contacts) >= 6
    assert any(c.key.urgent for c in deck.contacts) and any(c.key.traps for c in deck.contacts)
    assert any(
        i.valid_from for p in deck.principals for i in p.instructions
    )  # a temporary instruction
    assert {"Dupont", "Dupond"} <= {r.last_name for r in deck.crm}  # the near-duplicate trap
    assert deck.templates and all(t.variables for t in deck.templates) and deck.knowledge
    english = load_deck(DECKS / "english")
    assert english.language == "en" and english.duration / english.time_factor == 10 * 60


def test_french_text_round_trips_untouched(tmp_path):
    deck = load_deck(deck_dir(tmp_path))
    assert deck.title == "Test « guillemets »\u00a0!"
    assert deck.contacts[0].customer.name == "Élodie Lefèvre"
    assert deck.contacts[0].at == 300.0


@pytest.mark.parametrize(
    ("written", "at"),
    [('"05:00"', 300.0), ('"45:30"', 2730.0), ('"0:45:30"', 2730.0), ("45:30", 2730.0)],
)
def test_an_arrival_is_minutes_and_seconds_past_the_hour_too(tmp_path, written, at):
    """A trainer counts « 65:00 » as 65 minutes: quoted or not, it reads as « 1:05:00 »."""
    text = GOOD.replace("duration_minutes: 60", "duration_minutes: 90")
    deck = load_deck(deck_dir(tmp_path, text.replace('at: "05:00"', f"at: {written}")))
    assert deck.contacts[0].at == at
    for name in ("late", "odd"):
        (tmp_path / name).mkdir()
    late = text.replace('at: "05:00"', 'at: "65:00"')
    assert load_deck(deck_dir(tmp_path / "late", late)).contacts[0].at == 3900.0
    odd = text.replace('at: "05:00"', 'at: "65:75"')
    _, found = check_deck(deck_dir(tmp_path / "odd", odd))
    assert [p.field for p in found] == ["contacts[0].at"]


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (("    channel: chat\n", "   channel: chat\n"), ("deck.yaml", 16, 4, ""), "invalid YAML"),
        (
            ("seed: 1\n", "seed: 1\ncolour: blue\n"),
            ("deck.yaml", 7, 9, "colour"),
            "unknown field, expected one of",
        ),
        (
            ("time_factor: 6", "time_factor: fast"),
            ("deck.yaml", 5, 14, "time_factor"),
            "expected a number",
        ),
        (
            ("channel: chat", "channel: fax"),
            ("deck.yaml", 16, 14, "contacts[0].channel"),
            "expected one of",
        ),
        (
            ("principal: p\n", "principal: nobody\n"),
            ("deck.yaml", 17, 16, "contacts[0].principal"),
            "unknown principal 'nobody'",
        ),
        (
            ('at: "05:00"', 'at: "02:00:00"'),
            ("deck.yaml", 15, 9, "contacts[0].at"),
            "after the end of the session",
        ),
        (
            ('ask: ["numéro facture"]', "ask: []"),
            ("deck.yaml", 21, 38, "contacts[0].facts[0].ask"),
            "no question can reach",
        ),
        (
            ('answer: "La F-12."', 'answer: "La F-12.", after: f9'),
            ("deck.yaml", 21, 45, "contacts[0].facts[0].after"),
            "unknown fact 'f9'",
        ),
        (
            ('    customer: {name: "Élodie Lefèvre"}\n', ""),
            ("deck.yaml", 14, 5, "contacts[0].customer"),
            "missing required field",
        ),
    ],
)
def test_one_mistake_is_located_exactly(tmp_path, change, where, message):
    assert change[0] in GOOD
    deck, problems = check_deck(deck_dir(tmp_path, GOOD.replace(*change)))
    assert deck is None and len(problems) == 1, [str(p) for p in problems]
    assert located(problems)[0] == where
    assert message in problems[0].message


def test_every_problem_is_reported_at_once(tmp_path):
    text = GOOD.replace("time_factor: 6", "time_factor: fast").replace(
        "channel: chat", "channel: fax"
    )
    contact = SMS_CONTACT
    _, problems = check_deck(
        deck_dir(tmp_path, text, contacts__c2_yaml=contact.replace("at: 10", "at: 10\nmood: 3"))
    )
    fields = {p.field for p in problems}
    assert {"time_factor", "contacts[0].channel", "mood"} <= fields, [str(p) for p in problems]


def test_cross_references_in_a_contact_file(tmp_path):
    contact = SMS_CONTACT
    _, problems, warnings = check_deck_warned(deck_dir(tmp_path, contacts__c2_yaml=contact))
    found = {(Path(p.file).name, p.field): p for p in problems}
    assert set(found) == {("c2.yaml", "key.script"), ("c2.yaml", "key.transfer_to")}
    assert found[("c2.yaml", "key.script")].line == 5
    # A deadline longer than the session only narrows grading: a warning (fmt18).
    warned = {(Path(w.file).name, w.field): w for w in warnings}
    assert "longer than the session" in warned[("c2.yaml", "key.sla_minutes")].message


def test_problems_name_each_file_by_the_path_it_was_read_from(tmp_path):
    folder = deck_dir(tmp_path, contacts__c2_yaml=SMS_CONTACT)
    for path in (folder, folder / "deck.yaml"):
        _, problems = check_deck(path)
        assert {p.file for p in problems} == {str(folder / "contacts" / "c2.yaml")}


def test_duplicate_ids_and_keys(tmp_path):
    twin = "id: c1\nat: 10\nchannel: sms\ncustomer: {name: X}\nopening: Bonjour\n"
    _, problems = check_deck(
        deck_dir(
            tmp_path, GOOD.replace("seed: 1\n", "seed: 1\nseed: 2\n"), contacts__twin_yaml=twin
        )
    )
    messages = {(Path(p.file).name, p.line, p.message.split(" (")[0]) for p in problems}
    assert ("deck.yaml", 7, "duplicate key, each field once") in messages
    assert ("twin.yaml", 1, "duplicate contact id 'c1'") in messages


def test_too_many_calls_at_once(tmp_path):
    calls = "".join(
        f"  - {{id: call{n}, at: {n}, channel: phone, customer: {{name: C{n}}}, opening: Allô}}\n"
        for n in range(5)
    )
    text = GOOD.replace("contacts:\n", "phone_lines: 4\ncontacts:\n" + calls, 1)
    _, problems = check_deck(deck_dir(tmp_path, text))
    assert [p.field for p in problems] == ["contacts[4].at"]
    assert "more simultaneous phone calls than the deck's 4 lines" in problems[0].message


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("", 1, "empty file"),
        ("   \n\n", 1, "empty file"),
        (b"id: x\n\x00\x01binary", 2, "binary file"),
        (b"id: caf\xe9\n", 1, "not UTF-8"),
    ],
)
def test_empty_binary_and_non_utf8_files(tmp_path, content, line, message):
    folder = tmp_path / "deck"
    folder.mkdir()
    path = folder / "deck.yaml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    deck, problems = check_deck(folder)
    assert deck is None and located(problems) == [("deck.yaml", line, 1, "")]
    assert message in problems[0].message


def test_a_ten_megabyte_file_is_refused_without_parsing(tmp_path):
    folder = deck_dir(tmp_path)
    (folder / "contacts").mkdir()
    (folder / "contacts" / "huge.yaml").write_text("opening: " + "a" * 10_000_000, encoding="utf-8")
    _, problems = check_deck(folder)
    assert located(problems) == [("huge.yaml", 1, 1, "")]
    assert "at most 1048576" in problems[0].message


def test_unknown_template_variable(tmp_path):
    template = (
        "---\ntitle: Relance\nchannel: email\n---\n"
        "Bonjour {{ client.nom }},\nvotre {{ client.pointure }}.\n"
    )
    _, problems = check_deck(deck_dir(tmp_path, templates__relance_md=template))
    assert located(problems) == [("relance.md", 6, 1, "body")]
    assert "unknown variable {{ client.pointure }}" in problems[0].message


def test_check_command_prints_problems_or_a_summary(tmp_path):
    bad = deck_dir(tmp_path, GOOD.replace("time_factor: 6", "time_factor: fast"))
    run = subprocess.run(
        [sys.executable, "-m", "omnisim", "deck", "check", str(bad)], capture_output=True, text=True
    )
    assert run.returncode == 1
    said = "deck.yaml:5:14: time_factor: Un nombre est attendu (reçu : un texte)."
    assert run.stdout.strip().endswith(said)  # in French unless OMNISIM_LANG=en
    english = subprocess.run(
        [sys.executable, "-m", "omnisim", "deck", "check", str(bad)],
        capture_output=True,
        text=True,
        env=os.environ | {"OMNISIM_LANG": "en"},
    )
    assert english.stdout.strip().endswith("time_factor: expected a number, got str")
    good = subprocess.run(
        [sys.executable, "-m", "omnisim", "deck", "check", str(DECKS / "demo")],
        capture_output=True,
        text=True,
    )
    assert (
        good.returncode == 0
        and "Contacts par canal" in good.stdout
        and "urgence-cabinet" in good.stdout
    )


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "fr",
            ("— fr, grille cqp_telesecretaire", "Durée : 270 min simulées, ×6 → 45 min réelles"),
        ),
        ("en", ("— fr, grid cqp_telesecretaire", "Length: 270 simulated min, ×6 → 45 wall min")),
    ],
)
def test_the_deck_summary_and_problem_count_follow_the_help_language(
    tmp_path, monkeypatch, lang, lines
):
    from click.testing import CliRunner

    from omnisim.cli.deck import deck, summary

    monkeypatch.setenv("OMNISIM_LANG", lang)
    text = summary(load_deck(DECKS / "demo"))
    assert all(line in text for line in lines), text
    assert ("Contacts par canal" in text) == (lang == "fr")
    bad = deck_dir(tmp_path, GOOD.replace("time_factor: 6", "time_factor: fast"))
    run = CliRunner().invoke(deck, ["check", str(bad)])
    assert run.exit_code == 1
    assert run.output.strip().endswith("1 problème(s)." if lang == "fr" else "1 problem(s).")


def test_a_deck_may_override_a_channel_rule_but_not_its_name(tmp_path):
    overrides = "channel_overrides:\n  phone: {pickup_seconds: 20, label: Tel, label_en: Tel}\n"
    _, problems = check_deck(deck_dir(tmp_path, GOOD + overrides))
    assert sorted(p.field for p in problems) == [
        "channel_overrides.phone.label",
        "channel_overrides.phone.label_en",
    ]
    assert all("unknown rule" in p.message and "pickup_seconds" in p.message for p in problems)


def test_the_json_schema_validates_the_demo_deck_files():
    run = subprocess.run(
        [sys.executable, "-m", "omnisim", "deck", "schema", "--part", "contact"],
        capture_output=True,
        text=True,
        check=True,
    )
    contact_schema = json.loads(run.stdout)
    for path in sorted((DECKS / "demo" / "contacts").glob("*.yaml")):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), contact_schema)
    jsonschema.validate(
        yaml.safe_load((DECKS / "demo" / "principals.yaml").read_text(encoding="utf-8")),
        deck_schema("principals"),
    )
    jsonschema.validate(
        yaml.safe_load((DECKS / "demo" / "crm.yaml").read_text(encoding="utf-8")),
        deck_schema("crm"),
    )
    jsonschema.validate(
        yaml.safe_load((DECKS / "english" / "deck.yaml").read_text(encoding="utf-8")),
        deck_schema("deck"),
    )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"at": "soon", "channel": "fax"}, contact_schema)


def test_a_needed_reply_channel_is_another_accepted_channel(tmp_path):
    """key.reply_channel_needed names a channel the request also needs: not the contact's
    own, and one of key.reply_channels when the key lists them."""
    base = "at: 10\nchannel: chat\ncustomer: {name: X}\nopening: Bonjour\n"
    cases = {
        "key: {reply_channel_needed: chat}\n": "the contact's own channel",
        "key: {reply_channels: [chat, sms], reply_channel_needed: email}\n": "not one of",
        "key: {reply_channel_needed: fax}\n": "expected 'chat' | 'email'",
    }
    for n, (key, message) in enumerate(cases.items()):
        (tmp_path / str(n)).mkdir()
        folder = deck_dir(tmp_path / str(n), contacts__c2_yaml=base + key)
        _, problems = check_deck(folder)
        assert [p.field for p in problems] == ["key.reply_channel_needed"], key
        assert message in problems[0].message
    (tmp_path / "ok").mkdir()
    folder = deck_dir(
        tmp_path / "ok",
        contacts__c2_yaml=base + "key: {reply_channels: [chat, email], "
        "reply_channel_needed: email}\n",
    )
    assert check_deck(folder)[1] == []


def test_a_contact_names_a_template_of_the_deck(tmp_path):
    """key.template is the id of one of the deck's templates (templates/<id>.md), or the
    check refuses it on that field."""
    base = "at: 10\nchannel: email\ncustomer: {name: X}\nopening: Bonjour\n"
    letter = '---\ntitle: "Accord"\nchannel: email\n---\nBonjour {{ client.nom }},\n'
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=base + "key: {template: refus}\n",
        templates__accord_md=letter,
    )
    _, problems = check_deck(folder)
    assert [p.field for p in problems] == ["key.template"]
    assert "refus" in problems[0].message
    (tmp_path / "ok").mkdir()
    folder = deck_dir(
        tmp_path / "ok",
        contacts__c2_yaml=base + "key: {template: accord}\n",
        templates__accord_md=letter,
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    assert deck.contact("c2").key.template == "accord"  # type: ignore[union-attr]


def test_a_key_says_what_its_template_variables_hold(tmp_path):
    """MC ACVD C3.3 « Les variables correctes »: key.variables gives, per variable of the
    contact's template, the value or the accepted values; a variable the template lacks,
    values with no template or a value that is not text are refused at the field, in the
    contact's file."""
    base = "at: 10\nchannel: email\ncustomer: {name: X}\nopening: Bonjour\n"
    letter = '---\ntitle: "Accord"\nchannel: email\n---\nRetour {{ reference }} ({{ objet }}).\n'
    bad = (
        "key:\n  template: accord\n  variables:\n    reference: CMD-1\n    objett: Vélo\n"
        "    objet: [12]\n"
    )
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=base + bad,
        contacts__c3_yaml=base + "key: {variables: {objet: Vélo}}\n",
        templates__accord_md=letter,
    )
    _, problems = check_deck(folder)
    found = sorted((p.file.rsplit("/", 1)[-1], p.field, p.line) for p in problems)
    assert found == [
        ("c2.yaml", "key.variables.objet", 10),
        ("c2.yaml", "key.variables.objett", 9),
        ("c3.yaml", "key.variables.objet", 5),
    ]
    said = " ".join(p.message for p in problems)
    assert "'objett'" in said and "reference, objet" in said and "key.template" in said
    (tmp_path / "ok").mkdir()
    good = "key: {template: accord, variables: {reference: CMD-1, objet: [Vélo, VTT]}}\n"
    folder = deck_dir(tmp_path / "ok", contacts__c2_yaml=base + good, templates__accord_md=letter)
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    key = deck.contact("c2").key  # type: ignore[union-attr]
    assert [accepted(key, v) for v in ("reference", "objet", "date")] == [
        ("CMD-1",),
        ("Vélo", "VTT"),
        (),
    ]


def test_internal_contacts_anomalies_and_civility_are_read_and_checked(tmp_path):
    """Issue 26: a contact may be internal (a colleague, a manager), declare the anomalies a
    good incident report names, and a CRM record its civility; each is checked at its field."""
    base = "at: 10\nchannel: phone\ncustomer: {name: X}\nopening: Bonjour\n"
    crm = "- {id: r1, last_name: Roy, civility: Madame}\n"
    (tmp_path / "ok").mkdir()
    folder = deck_dir(
        tmp_path / "ok",
        contacts__c2_yaml=base
        + "internal: true\nkey: {anomalies: [{label: Colis abîmé, names: [cassé, abîmé]}]}\n",
        crm_yaml=crm,
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    contact = deck.contact("c2")
    assert contact is not None and contact.internal and not deck.contact("c1").internal  # type: ignore[union-attr]
    assert contact.key.anomalies[0].names == ("cassé", "abîmé")
    assert deck.crm[0].civility == "Madame"
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=base + "key: {anomalies: [{label: '', names: ['  ']}]}\n",
        crm_yaml="- {id: r1, last_name: Roy, civility: Majesté}\n",
    )
    _, problems = check_deck(folder)
    fields = sorted(p.field for p in problems)
    assert fields == ["[0].civility", "key.anomalies[0].label", "key.anomalies[0].names"]
    assert any("Majesté" in p.message for p in problems)
    schema = deck_schema("contact")
    assert schema["properties"]["internal"] == {"type": "boolean", "default": False}
    anomaly = schema["properties"]["key"]["properties"]["anomalies"]["items"]
    assert anomaly["required"] == ["label", "names"]
    assert "civility" in deck_schema("crm")["items"]["properties"]
    jsonschema.validate(
        yaml.safe_load(
            (DECKS / "mc_acvd_fibre" / "contacts" / "08-reclamation-routeur.yaml").read_text(
                encoding="utf-8"
            )
        ),
        schema,
    )


def test_answer_points_are_read_and_each_mistake_located(tmp_path):
    """key.answer_points says what a written answer must give (CP FFP C2 « pertinente au regard
    de la demande », CQP C.1.10): a label and the wordings a jury accepts, in the answer's words,
    never the customer's (an acknowledgement repeating them would pass), on a contact answered in
    writing; each mistake named at its file, line and field."""
    base = "at: 10\nchannel: email\ncustomer: {name: X}\nsubject: Prêt\n"
    base += "opening: Quels justificatifs faut-il ?\n"
    (tmp_path / "ok").mkdir()
    point = "{label: Pièces, accepts: [avis d'imposition, RIB]}"
    folder = deck_dir(
        tmp_path / "ok", contacts__c2_yaml=base + f"key: {{answer_points: [{point}]}}\n"
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    assert deck.contact("c2").key.answer_points[0].accepts == ("avis d'imposition", "RIB")  # type: ignore[union-attr]
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml=base
        + "key:\n  answer_points:\n"
        + "    - {label: '', accepts: ['  ']}\n"
        + "    - {label: Pièces, accepts: [justificatifs, le M]}\n",
        contacts__c3_yaml="at: 20\nchannel: phone\ncustomer: {name: Y}\nopening: Allô\n"
        + "key: {answer_points: [{label: Délai, accepts: [dix jours]}]}\n",
    )
    _, problems, warnings = check_deck_warned(folder)
    where = sorted((Path(p.file).name, p.field) for p in problems)
    assert where == [
        ("c2.yaml", "key.answer_points[0].accepts"),
        ("c2.yaml", "key.answer_points[0].label"),
        ("c2.yaml", "key.answer_points[1].accepts[1]"),  # no content word
    ]
    assert all(p.line > 1 for p in problems if p.file.endswith("c2.yaml"))
    # Only grading is narrowed (fmt18): the customer's own word counts outside an echo of it, a
    # call kept on the phone is answered by what is said on it.
    warned = sorted((Path(w.file).name, w.field) for w in warnings)
    assert warned == [
        ("c2.yaml", "key.answer_points[1].accepts[0]"),
        ("c3.yaml", "key.answer_points"),
    ]
    assert any("justificatifs" in w.message for w in warnings)
    point_schema = deck_schema("contact")["properties"]["key"]["properties"]["answer_points"]
    assert point_schema["items"]["required"] == ["label", "accepts"]


def test_a_call_to_place_is_a_phone_call_with_a_number(tmp_path):
    """`outbound: true` marks a call the candidate places (MC ACVD C1.3, C2.2 « de lancement »):
    a phone contact with the customer's number (its own or its record's); read by the schema,
    the studio and the measure, each mistake refused at its field."""
    (tmp_path / "ok").mkdir()
    folder = deck_dir(
        tmp_path / "ok",
        contacts__c2_yaml="at: 10\nchannel: phone\noutbound: true\nsubject: Rappel\n"
        "customer: {name: X, record: r1}\nopening: Allô ?\n",
        crm_yaml="- {id: r1, last_name: Roy, phone: 06 11 22 33 44}\n",
    )
    deck, problems = check_deck(folder)
    assert problems == [] and deck is not None
    assert deck.contact("c2").to_place and not deck.contact("c1").to_place  # type: ignore[union-attr]
    (tmp_path / "bad").mkdir()
    folder = deck_dir(
        tmp_path / "bad",
        contacts__c2_yaml="at: 10\nchannel: email\noutbound: true\ncustomer: {name: X}\n"
        "opening: Bonjour\n",
        contacts__c3_yaml="at: 20\nchannel: phone\noutbound: true\ncustomer: {name: Y}\n"
        "opening: Allô ?\n",
    )
    _, problems = check_deck(folder)
    assert sorted((p.file.rsplit("/", 1)[-1], p.field) for p in problems) == [
        ("c2.yaml", "outbound"),
        ("c3.yaml", "customer.phone"),
    ]
    assert any("email" in p.message for p in problems)
    assert deck_schema("contact")["properties"]["outbound"] == {"type": "boolean", "default": False}


def test_a_staff_members_absence_and_a_slots_practitioner_are_read_and_checked(tmp_path):
    """One person of a practice away (``absent`` with ``staff``), slots saying whose they are;
    an unknown person, or a person on a plain instruction, refused at its field."""
    practice = """\
    instructions:
      - {text: "M. Leroy en formation.", valid_from: "2026-03-12T14:00",
         valid_until: "2026-03-12T18:00", absent: true, staff: boss}
      - {text: "Consigne.", staff: boss}
      - {text: "Absent.", valid_from: "2026-03-12T14:00",
         valid_until: "2026-03-12T18:00", absent: true, staff: ghost}
    agenda:
      - {start: "2026-03-12T14:30", end: "2026-03-12T15:00", staff: boss}
      - {start: "2026-03-12T15:00", end: "2026-03-12T15:30", staff: nobody}
"""
    text = GOOD.replace("    staff:\n", practice + "    staff:\n")
    _, problems = check_deck(deck_dir(tmp_path, text))
    fields = sorted((p.field, p.message) for p in problems)
    assert [f for f, _ in fields] == [
        "principals[0].agenda[1].staff",
        "principals[0].instructions[1].staff",
        "principals[0].instructions[2].staff",
    ], fields
    assert "unknown staff 'nobody'" in fields[0][1]
    assert "absent: true" in fields[1][1]
    assert "unknown staff 'ghost'" in fields[2][1]
    good = text.replace('      - {text: "Consigne.", staff: boss}\n', "").replace("ghost", "boss")
    good = good.replace("staff: nobody", "staff: boss")
    (tmp_path / "good").mkdir()
    deck = load_deck(deck_dir(tmp_path / "good", good))
    principal = deck.principals[0]
    assert principal.instructions[0].staff == "boss" and principal.agenda[0].staff == "boss"
