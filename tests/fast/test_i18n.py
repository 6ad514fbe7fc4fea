"""French first, English available: both catalogs say the same things."""

from __future__ import annotations

from omnisim.i18n import LANGS, catalog, pick_lang


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
