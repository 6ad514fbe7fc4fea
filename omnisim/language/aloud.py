"""Questions as they were said, not as they were typed: a restatement closed by its tag and a
stop (« …, c'est ça. ») is the question the voice made of it, and the solutions put to the
caller to choose among are read in options.py.

MC ACVD C1.2 « Le message, bien analysé, est reformulé fidèlement », C1.5 « L'interlocuteur est
sollicité et ses réactions confirment la compréhension du message », « Obtenir l'agrément »
(round 21). The word lists are data, per language, in data/markers_<lang>.yaml
(restating_tags).
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_LETTERS = re.compile(r"[a-z]+")


def _tokens(text: str) -> list[str]:
    return _LETTERS.findall(fold(text))


# Words a restatement carries before its tag (« Donc un colis arrivé ouvert, c'est ça. »);
# « Voilà, c'est ça. » restates nothing.
TAGGED_MIN_WORDS = 3


def tagged_statements(text: str, lang: str = "fr") -> list[str]:
    """The sentences of ``text`` that close a restatement with its tag and a full stop
    (« Donc une haie plantée le 30 mars qui est marron, c'est ça. »), given back as the
    question the voice made of them (« …, c'est ça ? »): typed as it is said (round 21)."""
    spoken = _SENTENCE_END.split(asked_aloud(text, lang))
    return [
        s for s, was in zip(spoken, _SENTENCE_END.split(text.strip()), strict=False) if s != was
    ]


def asked_aloud(text: str, lang: str = "fr") -> str:
    """``text`` with each restatement closed by its tag and a stop (:func:`tagged_statements`)
    closed by the question mark its voice gave it."""
    tags = word_list(lang, "restating_tags")
    out = []
    for sentence in _SENTENCE_END.split(text.strip()):
        body, comma, tail = sentence.rstrip(" .…").rpartition(",")
        if comma and fold(tail).strip() in tags and len(_tokens(body)) >= TAGGED_MIN_WORDS:
            sentence = f"{body}, {tail.strip()} ?"
        out.append(sentence)
    return " ".join(out)


__all__ = ["asked_aloud", "tagged_statements"]
