"""The chat's form a company states to its candidates (« Au tchat, 4 à 5 mots par envoi »).

CQP C.1.9 fixes the count itself (« 4-5 mots maximum par envoi »); CP FFP C2 « une réponse
adaptée à la nature du canal » counts no words, so it asks the count only where the company
states one. Its words (the chat's names, the units, the numbers written out) are data of
markers_<lang>.yaml.
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import data_yaml, fold
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


def chat_word_count(text: str, lang: str = "fr") -> int | None:
    """The number of words ``text`` gives the chat, the highest it names before the unit
    (« 4 à 5 mots » and « 4-5 mots »: 5; « 12 mots au plus »: 12; « entre 6 et 9 mots »: 9;
    « huit mots »: 8), or None where it names no chat or no count. MC ACVD C3 judges the
    text-chat's form by « les exigences de l'entreprise »: the company's own count."""
    if not chat_word_count_said(text, lang):
        return None
    words = fold(text).split()
    units = word_list(lang, "word_units")
    # number_words is written in order from two (markers_<lang>.yaml): its place is its value.
    spelt = {fold(str(w)): n for n, w in enumerate(_number_words(lang), start=2)}
    counts = []
    for before, w in zip(words, words[1:], strict=False):
        if w not in units:
            continue
        if _COUNT.fullmatch(before):
            counts.append(max(int(n) for n in before.split("-")))
        elif before in spelt:
            counts.append(spelt[before])
    return max(counts, default=None)


def _number_words(lang: str) -> list[str]:
    data = data_yaml(f"markers_{'en' if lang == 'en' else 'fr'}.yaml")
    return [str(w) for w in data.get("number_words", [])]


__all__ = ["chat_word_count", "chat_word_count_said"]
