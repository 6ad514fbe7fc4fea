"""How common a literal of the phrase families is in running text: the share of the words of
a text expected to hold it, estimated from the spelling list's frequency order.

The families' automaton (alternation.Vocabulary) opens a family on a line that holds a
literal of one of its alternatives' *gate* sets: the other sets are asked afterwards, family
by family. The most selective set by its structure (its shortest string the longest) may be
one of the language's commonest words: « vous (etes|êtes) (nul|…) » opened the « rude »
act on 86 % of chat lines, on « vous ». A set whose literals are rare words opens its family
on few lines, with the same matches (a match needs every set anyway).

The list (data/spelling_<lang>, pyspellchecker's, most frequent first) gives each word a
Zipf weight, 1 / rank; a literal piece weighs the words it occurs in (the automaton finds
« nul » inside « annuler » too), a phrase its rarest word. A piece the list cannot speak of
(an apostrophe, a digit: the list has none) is unknown, and its set keeps its place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import ahocorasick

from omnisim.language.spelling import spelling_list

_PIECE = re.compile(r"[a-z]+")  # what the list's words are made of
# The words weighed: the first 2,000 carry some three quarters of running text's words (Zipf),
# and telling « vous » from « nul » needs no more (a literal none of them holds weighs 0);
# the list's 14,000 common words cost five times as long at start-up for the same gates.
RANKED = 2000


@cache
def _common(lang: str) -> tuple[tuple[str, ...], float]:
    """The list's most frequent words, and the sum of their Zipf weights (the shares' scale)."""
    words = spelling_list(lang)[1][:RANKED]
    return words, sum(1.0 / rank for rank in range(1, len(words) + 1))


def weights(lang: str, literals: Iterable[str]) -> dict[str, float | None]:
    """Each literal's expected share of a text's words holding it; None when unknown."""
    literals = set(literals)
    pieces = {p for lit in literals for p in lit.split() if _PIECE.fullmatch(p)}
    share = dict.fromkeys(pieces, 0.0)
    if pieces and lang in ("fr", "en"):
        automaton = ahocorasick.Automaton()
        for piece in pieces:
            automaton.add_word(piece, piece)
        automaton.make_automaton()
        words, scale = _common(lang)
        for rank, word in enumerate(words, 1):
            for piece in {hit for _, hit in automaton.iter(word)}:  # once a word
                share[piece] += 1.0 / rank / scale
    out: dict[str, float | None] = {}
    for literal in literals:
        parts = literal.split()
        known = [share[p] for p in parts if p in share]
        out[literal] = min(known) if parts and len(known) == len(parts) else None
    return out


def rarest(
    sets: tuple[frozenset[str], ...], share: dict[str, float | None], opening: set[str]
) -> int:
    """Which of an alternative's sets opens it: one whose literals open its family anyway
    (``opening``), else the one whose literals occur in the fewest words of running text when
    that is known of the first (the most selective by structure) and of it; else the first."""
    for n, literals in enumerate(sets):
        if literals <= opening:
            return n

    def weight(literals: frozenset[str]) -> float | None:
        found = [share.get(lit) for lit in literals]
        return None if None in found else sum(w for w in found if w is not None)

    first = weight(sets[0])
    if first is None:
        return 0
    best, lowest = 0, first
    for n, literals in enumerate(sets[1:], 1):
        w = weight(literals)
        if w is not None and w < lowest:
            best, lowest = n, w
    return best
