"""Word valences: the French VADER lexicon and English vaderSentiment, both with the
contact-centre layer's word overrides (``contact_centre_<lang>.yaml``: ``neutral`` words at 0,
``words`` with our values), and the one construction read on valences alone, "less" /
« moins » before a feeling word."""

from __future__ import annotations

import re
from functools import cache

from vaderSentiment.vaderSentiment import N_SCALAR, SentimentIntensityAnalyzer

from omnisim.language.lexicon import data_text, data_yaml, fold

_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
# "less" / « moins » before a feeling word turns it ("far less stressful", « moins pénible »).
_LESS = re.compile(r"(?<!\bau )(?<!\bdu )\b(?:less|moins) ([^\W\d_]+)\b")


@cache
def fr_lexicon() -> dict[str, float]:
    lexicon: dict[str, float] = {}
    for line in data_text("fr_lexicon.txt").splitlines():
        word, sep, value = line.rpartition("->")
        # Emoticons (":c", "<3") would fold into letters or digits: words only.
        if sep and _WORD.fullmatch(word):
            lexicon[fold(word)] = float(value)
    data = data_yaml("contact_centre_fr.yaml")
    for word in data.get("neutral", []):
        lexicon[fold(str(word))] = 0.0
    for word, value in data.get("words", {}).items():
        lexicon[fold(word)] = float(value)
    return lexicon


@cache
def en_analyser() -> SentimentIntensityAnalyzer:
    analyser = SentimentIntensityAnalyzer()
    data = data_yaml("contact_centre_en.yaml")
    analyser.lexicon.update({str(w).lower(): 0.0 for w in data.get("neutral", [])})
    analyser.lexicon.update({w.lower(): float(v) for w, v in data.get("words", {}).items()})
    return analyser


def lessened(rest: str, lang: str) -> tuple[str, float]:
    """Feeling words after "less" / « moins », taken out of ``rest`` and their valence turned:
    "a lot less confusing" is relief, "less helpful than before" a complaint."""
    if "less" not in rest and "moins" not in rest:
        return rest, 0.0
    lexicon = en_analyser().lexicon if lang == "en" else fr_lexicon()
    turned = 0.0

    def turn(match: re.Match[str]) -> str:
        nonlocal turned
        valence = lexicon.get(match.group(1), 0.0)
        if not valence:
            return match.group(0)
        turned += valence * N_SCALAR
        return " "

    return _LESS.sub(turn, rest), turned
