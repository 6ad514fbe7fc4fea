"""French first, English available: both catalogs say the same things."""

from __future__ import annotations

import string

import yaml

from omnisim.i18n import LANGS, catalog, pick_lang
from omnisim.paths import data_dir


def test_catalogs_have_the_same_keys_and_no_empty_text():
    fr, en = catalog("fr"), catalog("en")
    assert set(fr) == set(en), set(fr) ^ set(en)
    assert all(v.strip() for v in [*fr.values(), *en.values()])
    assert LANGS[0] == "fr"


def test_language_choice_falls_back_to_the_session_then_french():
    assert pick_lang("en", "fr") == "en"
    assert pick_lang(None, "en") == "en"
    assert pick_lang("de", None) == "fr"
    assert pick_lang(None, None) == "fr"


def test_each_catalog_part_exists_in_both_languages_with_the_same_keys():
    """``fr.errors.yaml`` goes with ``en.errors.yaml``: a key moves with its translation."""
    folder = data_dir("web") / "i18n"
    parts = {p.name.split(".", 1)[1] for p in folder.glob("*.yaml")}
    for part in sorted(parts):
        fr, en = (folder / f"{lang}.{part}" for lang in ("fr", "en"))
        assert fr.is_file() and en.is_file(), part
        fr_keys = set(yaml.safe_load(fr.read_text(encoding="utf-8")) or {})
        en_keys = set(yaml.safe_load(en.read_text(encoding="utf-8")) or {})
        assert fr_keys == en_keys, (part, fr_keys ^ en_keys)


def test_both_languages_fill_in_the_same_parameters():
    def names(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    fr, en = catalog("fr"), catalog("en")
    assert [k for k in fr if names(fr[k]) != names(en.get(k, ""))] == []
