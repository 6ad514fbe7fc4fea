"""The deck fields customers read (#13): each checked where it is written, and read somewhere."""

from __future__ import annotations

import dataclasses
import re
import shutil

import pytest

from omnisim.deck import model
from omnisim.scenario.check import check_deck, check_deck_warned
from tests.conftest import ROOT

FR = ROOT / "tests" / "decks" / "conversing"


def problems_with(tmp_path, old: str, new: str) -> list[str]:
    shutil.copytree(FR, tmp_path / "deck")
    path = tmp_path / "deck" / "deck.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    _, found = check_deck(tmp_path / "deck")
    return [f"{p.line}:{p.field}: {p.message}" for p in found]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "after: fact, fact: motif",
            "after: fact, fact: inconnu",
            "37:contacts[0].key.traps[1].fact",
        ),
        ("after: fact, fact: motif", "after: fact", "37:contacts[0].key.traps[1].fact"),
        ("after: refusal}", "after: refusal, fact: motif}", "36:contacts[0].key.traps[0].fact"),
        ("after: refusal}", "after: refusal, at_turn: 2}", "36:contacts[0].key.traps[0].at_turn"),
        ("after: refusal}", "after: soon}", "36:contacts[0].key.traps[0].after"),
        ("after: refusal}", "at_turn: 0}", "36:contacts[0].key.traps[0].at_turn"),
        (
            "complaint_deadline_minutes: 30",
            "complaint_deadline_minutes: 0",
            "75:contacts[3].key.complaint_deadline_minutes",
        ),
        ('awaits: ["vous rappellera"', 'awaits: [" "', "46:contacts[1].awaits[0]"),
        ("patience: 120}", "patience: 0}", "42:contacts[1].customer.patience"),
    ],
)
def test_customer_fields_are_checked_where_written(tmp_path, old, new, where):
    found = problems_with(tmp_path, old, new)
    assert any(p.startswith(where) for p in found), found


def test_a_deadline_past_the_session_is_a_warning(tmp_path):
    """A complaint deadline ending after the session only narrows grading (it never turns
    formal): the deck loads, and the check says why at the field (fmt18)."""
    shutil.copytree(FR, tmp_path / "deck")
    path = tmp_path / "deck" / "deck.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("complaint_deadline_minutes: 30", "complaint_deadline_minutes: 200")
    )
    deck, found, warnings = check_deck_warned(tmp_path / "deck")
    assert deck is not None and found == []
    said = [f"{w.line}:{w.field}: {w.message}" for w in warnings]
    assert any(w.startswith("75:contacts[3].key.complaint_deadline_minutes") for w in said), said


def test_the_test_decks_and_bundled_decks_are_clean():
    for deck in (FR, ROOT / "tests" / "decks" / "conversing-en", ROOT / "decks" / "demo"):
        assert check_deck(deck)[1] == [], deck
    assert check_deck(ROOT / "decks" / "english")[1] == []


# Fields shown to the candidate as a whole (the dossier's CRM and staff lists are dumped),
# or settings of the deck itself that other parts own: reported, not read by name.
DUMPED: set[tuple[str, str]] = set()


def test_every_contact_field_a_deck_can_write_is_read_by_the_code():
    """A field accepted then ignored misleads the deck author: each must be read by name."""
    sources = [
        p.read_text(encoding="utf-8")
        for p in (ROOT / "omnisim").rglob("*.py")
        if p.name != "model.py"
    ]
    sources += [p.read_text(encoding="utf-8") for p in (ROOT / "web" / "static").glob("*.js")]
    sources += [  # the desk reads what the dossier sends it (agendas, CRM history…)
        p.read_text(encoding="utf-8")
        for p in (ROOT / "web" / "src").rglob("*.ts*")
        if "generated" not in p.parts and ".test." not in p.name
    ]
    unread = []
    for name, cls in vars(model).items():
        if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
            continue
        for field in dataclasses.fields(cls):
            if (name, field.name) in DUMPED:
                continue
            pattern = re.compile(rf"\.{field.name}\b|[\"']{field.name}[\"']")
            if not any(pattern.search(text) for text in sources):
                unread.append(f"{name}.{field.name}")
    assert unread == []
