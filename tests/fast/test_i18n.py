"""French first, English available: both catalogs say the same things.

Besides the catalogs, ``en.data.yaml`` translates the texts of the bundled data (grids,
channel rules, diagnostic scripts): English only, their French is in the data files.
"""

from __future__ import annotations

import string

import yaml

from omnisim.i18n import DATA_PART, LANGS, Text, catalog, data_catalog, data_text, pick_lang
from omnisim.paths import data_dir

FOLDER = data_dir("web") / "i18n"


def data_keys() -> set[str]:
    """The keys of ``en.data.yaml``."""
    return set(data_catalog("en"))


def test_catalogs_have_the_same_keys_and_no_empty_text():
    fr, en = catalog("fr"), catalog("en")
    assert set(fr) == set(en), set(fr) ^ set(en)
    assert all(v.strip() for v in [*fr.values(), *en.values(), *data_catalog("en").values()])
    assert LANGS[0] == "fr"


def test_the_data_texts_stay_out_of_the_catalog_pages_send_to_browsers():
    """A candidate's page carries the whole catalog: a script's questions must not be in it."""
    data = data_keys()
    assert "script.urgence_medicale.step.symptomes" in data
    assert not data & set(catalog("en")) and data_catalog("fr") == {}


def test_language_choice_falls_back_to_the_session_then_french():
    assert pick_lang("en", "fr") == "en"
    assert pick_lang(None, "en") == "en"
    assert pick_lang("de", None) == "fr"
    assert pick_lang(None, None) == "fr"


def test_each_catalog_part_exists_in_both_languages_with_the_same_keys():
    """``fr.errors.yaml`` goes with ``en.errors.yaml``: a key moves with its translation.

    Except ``en.data.yaml``, which has no French twin: its French is in the data files.
    """
    parts = {p.name.split(".", 1)[1] for p in FOLDER.glob("*.yaml")}
    data = f"{DATA_PART}.yaml"
    assert data in parts and not (FOLDER / f"fr.{data}").exists()
    for part in sorted(parts - {data}):
        fr, en = (FOLDER / f"{lang}.{part}" for lang in ("fr", "en"))
        assert fr.is_file() and en.is_file(), part
        fr_keys = set(yaml.safe_load(fr.read_text(encoding="utf-8")) or {})
        en_keys = set(yaml.safe_load(en.read_text(encoding="utf-8")) or {})
        assert fr_keys == en_keys, (part, fr_keys ^ en_keys)


def test_both_languages_fill_in_the_same_parameters():
    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    fr, en = catalog("fr"), catalog("en")
    assert [k for k in fr if names(fr[k]) != names(en.get(k, ""))] == []


def bundled_data_texts() -> dict[str, str]:
    """Every text of the bundled grids, channel rules and scripts: French by English key."""
    from omnisim.deck.channel_rules import channel_rules
    from omnisim.deck.scripts import load_scripts
    from omnisim.grading import bundled_grids

    texts: dict[str, str] = {}
    for grid in bundled_grids().values():
        texts[grid.text_key()] = grid.title
        for item in (*grid.competences, *grid.criteria):
            texts[grid.text_key(item)] = item.label
        for n, line in enumerate(grid.not_simulated, start=1):
            texts[f"grid.{grid.id}.not_simulated.{n}"] = line
    for rule in channel_rules().values():
        texts[rule.text_key()] = rule.label
    for script in load_scripts().values():
        texts[script.text_key()] = script.title
        for step in script.steps:
            texts[script.text_key(step)] = step.question
    return texts


def test_every_text_of_the_bundled_data_has_its_english_and_only_those():
    """A new criterion, competence, channel rule, script or step needs its line in en.data.yaml."""
    texts, data = bundled_data_texts(), data_keys()
    assert len(texts) > 100
    assert sorted(set(texts) - data) == []  # data without English
    assert sorted(data - set(texts)) == []  # English of data that is gone (or a mistyped id)


def test_data_texts_are_french_from_the_data_and_english_from_the_catalog():
    from omnisim.deck.channel_rules import channel_rules
    from omnisim.deck.scripts import load_scripts
    from omnisim.grading import bundled_grids

    grid = bundled_grids()["cp_ffp"]
    accueil = next(c for c in grid.criteria if c.id == "cp_ffp.accueil")
    assert grid.title_for("fr") == grid.title == "Conseiller la clientèle en appels entrants"
    assert grid.title_for("en") == "Advising customers on inbound calls"
    assert grid.label_for(accueil, "fr") == accueil.label
    assert grid.label_for(accueil, "en") == (
        "The candidate greets the caller and validates the reason for the call."
    )
    assert grid.label_for(grid.competences[0], "en").startswith("Run an online conversation")
    phone = channel_rules()["phone"]
    assert (phone.label_for("fr"), phone.label_for("en")) == ("Téléphone", "Phone")
    script = load_scripts()["urgence_medicale"]
    assert script.title_for("en") == "Urgent call to the medical practice"
    assert script.question_for(script.steps[0], "fr") == "Quels sont les symptômes ?"
    assert script.question_for(script.steps[0], "en") == "What are the symptoms?"
    # No English (an id today's data no longer has): the French; an unknown language: French.
    assert data_text("en", "grid.gone.title", "Titre") == "Titre"
    assert data_text("de", "grid.cp_ffp.title", "Titre") == "Titre"


def test_every_operation_kind_is_named_on_the_board_and_in_the_jury_replay():
    """The board and the jury replay label each operation by its kind (board.op.*, jr.op.*):
    an operation type added to the projection needs both names, in both languages."""
    from omnisim.events import OPERATION_TYPES

    for lang in LANGS:
        texts = catalog(lang)
        for kind in OPERATION_TYPES:
            assert f"board.op.{kind}" in texts, (lang, kind)
            assert f"jr.op.{kind}" in texts, (lang, kind)


def test_a_list_of_short_labels_never_breaks_inside_a_label():
    """The procès-verbal's narrow decision cell broke « CQP » from « C.1.2 »; a long item
    (a sentence) still wraps where it must."""
    failed = ("CQP C.1.1", "CQP C.1.12")
    text = Text("passrule.why.criteria_failed", count=2, items=failed).render("fr")
    assert "CQP\u00a0C.1.1 ; CQP\u00a0C.1.12" in text
    sentence = "une phrase bien plus longue que ne l'est une référence"
    assert (
        Text("passrule.why.criteria_failed", count=1, items=(sentence,))
        .render("fr")
        .endswith(sentence + ".")
    )
