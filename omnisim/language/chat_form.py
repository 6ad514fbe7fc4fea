"""The chat's form a company states to its candidates (« Au tchat, 4 à 5 mots par envoi »).

CQP C.1.9 fixes the count itself (« 4-5 mots maximum par envoi »); CP FFP C2 « une réponse
adaptée à la nature du canal » counts no words, so it asks the count only where the company
states one. Its words (the chat's names, the units, the numbers written out) are data of
markers_<lang>.yaml.
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list

_COUNT = re.compile(r"\d+(?:-\d+)?")  # « 5 », « 4-5 »


def chat_word_count_said(text: str, lang: str = "fr") -> bool:
    """``text`` names the chat and gives it a number of words (« 4 à 5 mots », "5 words")."""
    words = fold(text).split()
    if not set(words) & word_list(lang, "chat_names"):
        return False
    numbers, units = word_list(lang, "number_words"), word_list(lang, "word_units")
    return any(
        w in units and (_COUNT.fullmatch(before) is not None or before in numbers)
        for before, w in zip(words, words[1:], strict=False)
    )


__all__ = ["chat_word_count_said"]
