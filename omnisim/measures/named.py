"""Capitalised words that name no agent (CP FFP C1 « Le candidat se présente », CCS-RC C1
« Que faites-vous pour assurer un accueil agréable ? »).

The language reader takes a capitalised word inside a line for a first name. Three kinds are
not the agent's (round 20, a rental deck's weak candidate who never says who he is): the word
opening a sentence that is a common word of the language (« Non. Revenez dans 2 ans. »,
« Bon. Gilet, triangle… »), unless that sentence presents someone (« Pascal à l'appareil. »,
« Rose, je vous écoute. »); a thing after a determiner (« plus de Clio », « une Kangoo »); and
a person of the deck's files read out whole (« Marchand Sophie, oui »).
"""

from __future__ import annotations

import re

from omnisim.deck.model import Deck
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.language.sms import own_word

_SENTENCE_END = re.compile(r"[.!?…:]\s*$")
_WORDS = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# What makes a sentence opening on a common word a presentation of the one who answers.
_PRESENTING = ("self_presentation", "service_offer")


def _read_out(word: str, text: str, deck: Deck) -> bool:
    """``word`` is a name of a person of the deck's files (a record, a customer) that ``text``
    gives whole, first name and surname in either order (« Marchand Sophie, oui »): that person
    is read out. A first name alone may be the agent's own (a record's Françoise answering)."""
    said = " ".join(_WORDS.findall(fold(text)))
    people = [(r.first_name, r.last_name) for r in deck.crm]
    people += [
        (name.split(" ", 1)[0], name.split(" ", 1)[1])
        for name in (c.customer.name for c in deck.contacts)
        if " " in name
    ]
    for first, last in people:
        first, last = fold(first), fold(last)
        if not first or not last or fold(word) not in (first, last):
            continue
        if f"{first} {last}" in said or f"{last} {first}" in said:
            return True
    return False


def _sentence_word(text: str, start: int, end: int, lang: str) -> bool:
    """The word at ``start:end`` opens a sentence inside the line and is a common word, in a
    sentence that presents nobody."""
    if not _SENTENCE_END.search(text[:start]) or not own_word(text[start:end], lang):
        return False
    rest = fold(re.split(r"(?<=[.!?…])\s", text[end:], maxsplit=1)[0])
    if not _WORDS.search(rest):
        return False  # « …bonjour. Rose. »: the sentence is the name
    presenting = [p for name in _PRESENTING for p in word_list(lang, name)]
    return not any(re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", rest) for p in presenting)


def _after_determiner(text: str, start: int, lang: str) -> bool:
    before = _WORDS.findall(fold(text[:start]))
    return bool(before) and before[-1] in word_list(lang, "thing_determiners")


def names_no_agent(word: str, text: str, lang: str, deck: Deck) -> bool:
    """Every occurrence of the capitalised ``word`` in ``text`` is one of the kinds above."""
    if _read_out(word, text, deck):
        return True
    spans = [m.span() for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text)]
    return bool(spans) and all(
        _sentence_word(text, a, b, lang) or _after_determiner(text, a, lang) for a, b in spans
    )
