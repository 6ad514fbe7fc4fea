"""Sentiment of a message in French or English, as a VADER compound score in [-1, 1].

English is vaderSentiment itself. French uses the French VADER lexicon (MIT, see
data/LEXICONS.md) scored by our own rules, written for French word order:
negation is "ne … pas/plus/jamais/rien" *around* the word (the vadersentiment-fr
port only looks back, so "Je n'aime pas du tout" scored +0.6), "plus" negates only
after "ne" ("plus de choix" is not a negation), "pas du tout" negates harder, and
what follows "mais" weighs more. Both languages add the contact-centre formulas
kept as data (an agent's apology reads positive, "je veux parler à un responsable"
negative).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from vaderSentiment.vaderSentiment import (
    B_DECR,
    B_INCR,
    N_SCALAR,
    SentimentIntensityAnalyzer,
    normalize,
)

from omnisim.language.lexicon import data_text, data_yaml, find_phrases, fold

FR_NEGATORS = frozenset(
    {"pas", "jamais", "rien", "aucun", "aucune", "guere", "point", "ni", "sans"}
)
FR_NE = frozenset({"ne", "n"})
FR_BOOSTERS = frozenset(
    {
        "tres",
        "vraiment",
        "trop",
        "tellement",
        "extremement",
        "super",
        "hyper",
        "absolument",
        "totalement",
        "completement",
        "particulierement",
        "si",
    }
)
FR_DAMPENERS = frozenset({"peu", "assez", "plutot", "moyennement", "legerement"})
LABEL_THRESHOLD = 0.05
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(frozen=True)
class Sentiment:
    score: float
    label: str  # "pos", "neu", "neg"
    analyser: str


def label_of(score: float) -> str:
    if score >= LABEL_THRESHOLD:
        return "pos"
    if score <= -LABEL_THRESHOLD:
        return "neg"
    return "neu"


@cache
def _vader_version() -> str:
    try:
        return metadata.version("vaderSentiment")
    except metadata.PackageNotFoundError:  # pragma: no cover - vendored installs
        return "unknown"


@cache
def _fr_lexicon() -> dict[str, float]:
    lexicon: dict[str, float] = {}
    for line in data_text("fr_lexicon.txt").splitlines():
        word, sep, value = line.rpartition("->")
        # Emoticons (":c", "<3") would fold into letters or digits: words only.
        if sep and _WORD.fullmatch(word):
            lexicon[fold(word)] = float(value)
    for word, value in data_yaml("contact_centre_fr.yaml").get("words", {}).items():
        lexicon[fold(word)] = float(value)
    return lexicon


@cache
def _en_analyser() -> SentimentIntensityAnalyzer:
    analyser = SentimentIntensityAnalyzer()
    analyser.lexicon.update(
        {
            w.lower(): float(v)
            for w, v in data_yaml("contact_centre_en.yaml").get("words", {}).items()
        }
    )
    return analyser


def _raw(compound: float) -> float:
    """Invert VADER's normalisation, to add our formulas to its sum before normalising again."""
    compound = max(-0.9999, min(0.9999, compound))
    return compound * math.sqrt(15.0 / (1.0 - compound * compound))


def _fr_negated(tokens: list[str], i: int) -> float:
    """1 if not negated, N_SCALAR if negated, stronger for "pas du tout"."""
    before = tokens[max(0, i - 3) : i]
    after = tokens[i + 1 : i + 4]
    has_ne = any(t in FR_NE for t in before)
    negators = [t for t in before + after if t in FR_NEGATORS or (t == "plus" and has_ne)]
    if not negators and not (has_ne and any(t in FR_NEGATORS for t in after)):
        return 1.0
    window = " ".join(tokens[i + 1 : i + 5])
    return N_SCALAR * (1.25 if "du tout" in window or "absolument pas" in window else 1.0)


def _fr_sum(folded: str) -> float:
    lexicon = _fr_lexicon()
    tokens = re.findall(r"[a-z0-9]+", folded)
    sentiments: list[float] = []
    for i, token in enumerate(tokens):
        valence = lexicon.get(token, 0.0)
        if valence == 0.0 or token.isdigit() or token in FR_NEGATORS or token in FR_BOOSTERS:
            sentiments.append(0.0)
            continue
        for distance, previous in enumerate(reversed(tokens[max(0, i - 3) : i])):
            scale = (1.0, 0.95, 0.9)[distance]
            if previous in FR_BOOSTERS:
                valence += math.copysign(B_INCR * scale, valence)
            elif previous in FR_DAMPENERS:
                valence -= math.copysign(abs(B_DECR) * scale, valence)
        sentiments.append(valence * _fr_negated(tokens, i))
    if "mais" in tokens:
        cut = tokens.index("mais")
        sentiments = [v * 0.5 for v in sentiments[:cut]] + [v * 1.5 for v in sentiments[cut:]]
    total = sum(sentiments)
    if total and "!" in folded:
        total += math.copysign(min(4, folded.count("!")) * 0.292, total)
    return total


def sentiment(text: str, lang: str = "fr") -> Sentiment:
    """Score one message; ``lang`` is "fr" or "en"."""
    folded = fold(text)
    rest, formulas = find_phrases(lang, folded)
    if lang == "en":
        base = _en_analyser().polarity_scores(rest)["compound"] if rest else 0.0
        total = (_raw(base) if base else 0.0) + sum(formulas)
        analyser = f"vaderSentiment-{_vader_version()}+omnisim-cc-en"
    else:
        total = _fr_sum(rest) + sum(formulas)
        analyser = f"omnisim-vader-fr-1+lexicon-vadersentiment-fr-1.3.4+vader-{_vader_version()}"
    score = round(normalize(total), 4) if total else 0.0
    return Sentiment(score, label_of(score), analyser)
