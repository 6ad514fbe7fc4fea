"""A deck as one JSON document: conversions both ways, its check, its changes in words.

The studio edits documents; `omnisim deck check` reads files. These tests hold the two
together: the same deck either way, the same problems either way (placed at the
document's field), and changes that fold back to the document they were taken from.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.deck.document import document_of, empty_document, files_of
from omnisim.deck.files import DeckFiles, read_folder
from omnisim.library.changes import Mismatch, apply, diff, merge
from omnisim.library.words import describe_all
from omnisim.scenario.check import check_deck, check_document_now

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(p.parent.name for p in (ROOT / "decks").glob("*/deck.yaml"))


def bundled(name: str) -> dict:
    files, _ = read_folder(ROOT / "decks" / name)
    read = document_of(files)
    assert read.document is not None, read.problems
    return read.document


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_deck_goes_to_a_document_and_back_unchanged(name, tmp_path):
    doc = bundled(name)
    written = files_of(doc)
    again = document_of(written.files).document
    assert again == doc and json.loads(json.dumps(doc)) == doc  # JSON through and through
    assert files_of(again).files.files == written.files.files
    folder = tmp_path / name
    for relpath, text in written.files.files.items():
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_text(text, encoding="utf-8")
    deck, problems = check_deck(folder)  # what `omnisim deck check` reads
    original, _ = check_deck(ROOT / "decks" / name)
    assert problems == [] and deck is not None and original is not None
    assert dataclasses.replace(deck, path="") == dataclasses.replace(original, path="")
    assert check_document_now(doc) == (dataclasses.replace(deck, path="deck"), [])


def _twin_files(doc: dict) -> DeckFiles:
    return files_of(doc, "twin").files


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        (lambda d: d["contacts"][0].update(principal="nobody"), "contacts[0].principal", "nobody"),
        (lambda d: d["contacts"][1].update(at=99999), "contacts[1].at", "after the end"),
        (
            lambda d: d["contacts"][2]["customer"].update(mood="grumpy"),
            "contacts[2].customer.mood",
            "number",
        ),
        (lambda d: d["settings"].update(grid="cqp_nope"), "settings.grid", "unknown grid"),
        (lambda d: d["settings"].update(titre="x"), "settings.titre", "unknown field"),
        (
            lambda d: d["principals"][0]["staff"].append(
                {"id": "dr-martin", "name": "X", "role": "Y"}
            ),
            "principals[0].staff[1].id",
            "duplicate staff id",
        ),
        (
            lambda d: d["templates"][0].update(body="Bonjour {{ client.pointure }}"),
            "templates[0].body",
            "unknown variable",
        ),
        (lambda d: d["crm"][1].update(history="none"), "crm[1].history", "list"),
        (lambda d: d["contacts"][3].pop("channel"), "contacts[3].channel", "missing"),
        (lambda d: d.update(briefing=12), "briefing", "string"),
    ],
)
def test_a_document_has_the_problems_deck_check_finds_placed_at_its_field(
    mutate, path, fragment, tmp_path
):
    doc = bundled("demo")
    mutate(doc)
    _deck, problems = check_document_now(doc)
    found = {p.path: p for p in problems}
    assert path in found, problems
    english = found[path].render("en")
    assert fragment in english and found[path].render("fr") != english  # said in French too
    folder = tmp_path / "twin"
    for relpath, text in _twin_files(doc).files.items():
        (folder / relpath).parent.mkdir(parents=True, exist_ok=True)
        (folder / relpath).write_text(text, encoding="utf-8")
    _deck, files_problems = check_deck(folder)
    # The command line finds the same problems, in the same order, with the same words.
    assert [p.message for p in files_problems] == [p.render("en") for p in problems]


def test_ids_that_cannot_name_a_file_are_named_and_nothing_is_lost():
    doc = bundled("demo")
    doc["templates"].append(dict(doc["templates"][0], id="../évasion"))
    doc["contacts"].append({"channel": "chat", "at": 10, "customer": {"name": "X"}, "opening": "?"})
    _deck, problems = check_document_now(doc)
    assert {p.path for p in problems} == {"templates[3].id", "contacts[11].id"}
    assert document_of(files_of(empty_document()).files).document == empty_document()


def test_a_hundred_mutations_fold_back_with_their_changes():
    doc = bundled("demo")
    target = copy.deepcopy(doc)
    target["contacts"][3]["at"] = 1200
    target["contacts"].reverse()
    del target["crm"][0]
    target["principals"][0]["staff"].append({"id": "x", "name": "Y", "role": "Z"})
    target["settings"]["title"] = "Autre"
    changes = diff(doc, target)
    assert apply(doc, changes) == target
    assert apply(doc, []) is doc and diff(doc, copy.deepcopy(doc)) == []
    with pytest.raises(Mismatch):
        apply(target, changes)  # made from another version: refused, never half applied


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)
entities = st.lists(
    st.fixed_dictionaries({"id": st.sampled_from("abcde"), "v": json_values}),
    max_size=5,
    unique_by=lambda item: item["id"],
)


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries({"settings": json_values, "contacts": entities}),
    st.fixed_dictionaries({"settings": json_values, "contacts": entities}),
)
def test_changes_between_any_two_documents_turn_one_into_the_other(before, after):
    assert apply(before, diff(before, after)) == after


def test_a_merge_keeps_both_sides_and_names_where_they_met():
    base = bundled("mini")
    mine, theirs = copy.deepcopy(base), copy.deepcopy(base)
    mine["contacts"][0]["at"] = 60
    mine["settings"]["title"] = "Le mien"
    theirs["contacts"][0]["at"] = 90
    theirs["settings"]["seed"] = 8
    merged, met = merge(base, mine, theirs)
    assert merged["contacts"][0]["at"] == 60 and merged["settings"]["seed"] == 8
    assert merged["settings"]["title"] == "Le mien"
    assert met == [("contacts", "tchat-livraison", "at")]


def test_changes_are_said_in_words_in_both_languages():
    base = bundled("demo")
    after = copy.deepcopy(base)
    contact = next(c for c in after["contacts"] if c["id"] == "urgence-cabinet")
    contact["at"] = 1200
    contact["key"]["urgent"] = False
    del after["contacts"][0]
    after["settings"]["title"] = "Plateau du lundi"
    words = describe_all(diff(base, after), "fr")
    assert "Contact urgence-cabinet : arrivée 0:25:00 → 0:20:00" in words
    assert "Contact urgence-cabinet : corrigé › urgent oui → non" in words
    assert (
        "Réglages : titre « Dossier école : plateau OmniSecrétariat » → « Plateau du lundi »"
        in words
    )
    assert any(w.endswith("supprimé") for w in words)
    assert "Contact urgence-cabinet: arrival 0:25:00 → 0:20:00" in describe_all(
        diff(base, after), "en"
    )
