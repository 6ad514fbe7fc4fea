"""SMS-language detector, French and English: lexicon as data plus patterns.

Patterns catch what a list cannot: letter-digit rebus ("2m1", "g8", "b4") and
words stripped of their vowels ("tjrs", "pcq"). Dates, times, prices, ordinals,
units, postcodes and capitalised acronyms are never flagged: only lowercase tokens
are candidates, and numbers-with-units are recognised first.
"""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import data_yaml
from omnisim.textmatch import normalise

_TOKEN = re.compile(r"[^\s.,;:!?()\"«»\u00a0\u202f/]+")
_REBUS = re.compile(r"^(?:\d+[a-z]+\d*[a-z]*|[a-z]+\d+[a-z\d]*)$")
_NOT_REBUS = re.compile(
    r"^(?:\d+(?:er|ere|eme|e|nd|nde|d|h|h\d{2}|min|mn|s|j|km|kg|g|mg|cm|mm|m|l|ml|cl|eur|ht|ttc"
    r"|go|mo|ko|gb|mb|x|k|ans|an|mois|pm|am|st|th|rd)|[a-z]\d{1,2}|mp\d|h\d{2})$"
)
_VOWELS = set("aeiouy")
_CONSONANT_ALLOWED = frozenset(
    {
        "mme",
        "mmes",
        "mlle",
        "mlles",
        "mr",
        "dr",
        "drs",
        "rdv",
        "st",
        "ste",
        "sncf",
        "tgv",
        "tva",
        "ttc",
        "ht",
        "cdd",
        "cdi",
        "pdf",
        "nb",
        "ps",
        "bd",
        "hmm",
        "pff",
        "pfff",
        "cdt",
        "svp",
        "tel",
        "fax",
        "crm",
        "sms",
        "url",
        "www",
        "mrs",
        "ms",
        "th",
        "nd",
        "rd",
        "bp",
        "cb",
        "rsvp",
        "cv",
        "rh",
        "sav",
        "pme",
        "tpe",
        "smic",
        "rib",
        "bic",
        "dpt",
        "dns",
        "http",
        "https",
    }
)


@cache
def _lexicon(lang: str) -> tuple[frozenset[str], tuple[str, ...]]:
    data = data_yaml(f"sms_{lang}.yaml")
    return frozenset(str(t) for t in data.get("tokens", [])), tuple(data.get("raw", []))


def _folded_token(token: str) -> str:
    return normalise(token).replace("\u2019", "'").strip("'-")


def sms_tokens(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The tokens of ``text`` written in SMS language, in order of appearance."""
    words, raw = _lexicon(lang if lang in ("fr", "en") else "fr")
    found: list[str] = []
    for piece in raw:
        if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text.lower()):
            found.append(piece)
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token != token.lower() or "'" in token or "\u2019" in token or "@" in token:
            continue  # capitalised names, acronyms, elided words, e-mail addresses
        folded = _folded_token(token)
        if not folded or folded.isdigit() or "-" in folded:
            continue
        if (
            folded in words
            or _REBUS.match(folded)
            and not _NOT_REBUS.match(folded)
            or (
                len(folded) >= 3
                and folded.isalpha()
                and not _VOWELS & set(folded)
                and folded not in _CONSONANT_ALLOWED
            )
        ):
            found.append(token)
    return tuple(found)
