"""What a line does to the person it is addressed to, beyond the formulas a jury grades.

The markers (markers.py) say whether a candidate used the expected formulas; a listener
first hears something else: that they were refused (« je ne peux pas vous communiquer… »),
spoken to rudely (« vous êtes vraiment pénible »), asked to confirm (« c'est ça ? ») or taken
off the subject (« vous avez vu le match ? »). These are structures more than phrases, so
each family is a list of regular expressions over the folded text, built from word lists
(data/acts_<lang>.yaml), run as one alternation each, through the alternatives the text
leaves possible (alternation.py: one automaton pass per line for every family of the
language).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from omnisim.language.alternation import Alternation, vocabulary, whole_words
from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.match import word_set

ACTS = ("refusal", "rude", "confirm", "apology", "empathy")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _lang(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


def _alternative(words: list[str]) -> str:
    folded = sorted({fold(w) for w in words}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in folded if w)


@cache
def _families(lang: str) -> dict[str, Alternation]:
    data = data_yaml(f"acts_{lang}.yaml")
    words = {name: _alternative([str(w) for w in items]) for name, items in data["words"].items()}
    table = {}
    for name in ACTS:
        items = [_PLACEHOLDER.sub(lambda m: words[m.group(1)], str(p)) for p in data[name]]
        table[name] = Alternation(items, vocabulary(lang))
    return table


def _plural_free(phrase: str) -> str:
    """A phrase's pattern that takes each word in the singular or the plural (s, x)."""
    words = []
    for word in fold(phrase).split():
        base = word[:-1] if len(word) > 3 and word[-1] in "sx" else word
        words.append(re.escape(base) + ("(?:s|x)?" if base[-1:].isalpha() else ""))
    return " ".join(words)


def _whole(phrase: str) -> str:
    """:func:`_plural_free` as whole words, opening on its first word's literal."""
    first, *rest = fold(phrase).split()
    head = first[:-1] if len(first) > 3 and first[-1] in "sx" else first
    tail = ("(?:s|x)?" if head[-1:].isalpha() else "") + "".join(
        " " + _plural_free(word) for word in rest
    )
    return whole_words(head, tail)


@cache
def _small_talk(lang: str) -> Alternation:
    said = {_plural_free(str(p)): str(p) for p in data_yaml(f"acts_{lang}.yaml")["small_talk"]}
    phrases = sorted(set(said) - {""}, key=len, reverse=True)  # the longest first
    return Alternation([_whole(said[p]) for p in phrases], vocabulary(lang))


def acts(text: str, lang: str = "fr") -> frozenset[str]:
    """The acts (see ACTS) ``text`` performs: ``refusal`` (the speaker will not give or do
    something), ``rude`` (an insult or a dismissal aimed at the listener), ``confirm`` (a
    question asking only for a yes on what it states or on what came before), ``apology``
    and ``empathy`` (in whatever words around them: « je comprends parfaitement »)."""
    return frozenset(name for name in ACTS if performs(text, name, lang))


@cache
def act_bit(act: str, lang: str = "fr") -> int:
    """``act``'s family's bit in its language's scan (alternation.Vocabulary.families)."""
    return _families(_lang(lang))[act].bit


@cache
def act_families(lang: str = "fr") -> dict[str, Alternation]:
    """Each act's family: for a reader holding a line's fold and bits, :func:`performs` is
    ``bits & family.bit and family.matches(folded)``."""
    return _families(_lang(lang))


@lru_cache(maxsize=16384)
def performs(text: str, act: str, lang: str = "fr") -> bool:
    """Whether ``text`` performs ``act`` (one of ACTS): a reader asks only what it needs."""
    lang = _lang(lang)
    family, folded = _families(lang)[act], fold(text)
    if not vocabulary(lang).families(folded) & family.bit:
        return False  # none of its literals in the line: not asked
    return family.matches(folded)


@lru_cache(maxsize=16384)
def small_talk(text: str, lang: str = "fr") -> tuple[frozenset[str], ...]:
    """The small-talk subjects ``text`` raises (weather, sport, holidays…), each as its words
    (omnisim.language.match.word_set: folded, plural s/x off)."""
    found = _small_talk(_lang(lang)).finditer(fold(text))
    return tuple(word_set(m.group(0)) for m in found)


def refuses(text: str, lang: str = "fr") -> bool:
    return performs(text, "refusal", lang)


__all__ = ["ACTS", "act_bit", "act_families", "acts", "performs", "refuses", "small_talk"]
