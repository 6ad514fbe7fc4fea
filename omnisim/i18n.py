"""Interface texts in French (default) and English, kept as data in ``web/i18n``."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import yaml

from omnisim.paths import data_dir

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"


@cache
def catalog(lang: str) -> dict[str, str]:
    path = data_dir("web") / "i18n" / f"{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def pick_lang(requested: str | None, fallback: str | None = None) -> str:
    """The explicit choice (``?lang=``) if valid, else the session's language, else French.

    The browser's Accept-Language is deliberately ignored: the users are French and
    an exam room's machines are not always configured for them.
    """
    for lang in (requested, fallback):
        if lang in LANGS:
            return lang
    return DEFAULT_LANG


def translator(lang: str) -> Callable[[str], str]:
    texts = catalog(lang if lang in LANGS else DEFAULT_LANG)
    fallback = catalog(DEFAULT_LANG)

    def t(key: str) -> str:
        return texts.get(key) or fallback.get(key) or key

    return t
