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


def pick_lang(requested: str | None, accept_language: str | None = None) -> str:
    """The explicit choice if valid, else the browser's first known language, else French."""
    if requested in LANGS:
        return requested  # type: ignore[return-value]
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGS:
            return code
    return DEFAULT_LANG


def translator(lang: str) -> Callable[[str], str]:
    texts = catalog(lang if lang in LANGS else DEFAULT_LANG)
    fallback = catalog(DEFAULT_LANG)

    def t(key: str) -> str:
        return texts.get(key) or fallback.get(key) or key

    return t
