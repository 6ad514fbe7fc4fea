"""The tone's phrase families (``contact_centre_<lang>.yaml``) and what one line matches of
them, each family asked at most once per line and only when the line's scan
(alternation.Vocabulary.families: one automaton pass for every family of the language) leaves
it possible: most lines hold no literal of most families, which then cost nothing.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, reduce

from omnisim.language.alternation import Alternation, Vocabulary, vocabulary
from omnisim.language.families import OWNING
from omnisim.language.lexicon import data_yaml, fold

RULED_OUT_KEPT = 4096  # sets of families' bits whose ruled-out families are kept
NONE: tuple[str, ...] = ()  # no match (shared: a Found's values are replaced, never changed)


@dataclass(frozen=True)
class Families:
    patterns: dict[str, Alternation]
    politeness: Alternation
    not_trouble: Alternation
    thanks: Alternation
    contrast: Alternation
    spelling: dict[str, str]
    own_choice: tuple[str, ...]  # a tail opening on one speaks of the customer's own choice
    words: Vocabulary  # the automaton of every family above (one scan per text for all)
    # Per (owning or not, the line's families' bits): those families the bits rule out, each
    # with no match, put in a line's Found at once (lines share their bits: one dict a set).
    mask: int = 0  # the bits of the families above (the key of ``absent``)
    absent: dict[tuple[bool, int], dict[str, Sequence[str]]] = field(default_factory=dict)

    def ruled_out(self, owning: bool, bits: int) -> dict[str, Sequence[str]]:
        """The families (OWNING's or the others) ``bits`` rule out, each with no match."""
        bits &= self.mask
        done = self.absent.get((owning, bits))
        if done is None:
            if len(self.absent) >= RULED_OUT_KEPT:
                self.absent.clear()
            done = self.absent[owning, bits] = {
                name: NONE
                for name, pattern in self.patterns.items()
                if (name in OWNING) == owning and not bits & pattern.bit
            }
        return done


@cache
def families(lang: str) -> Families:
    data = data_yaml(f"contact_centre_{lang}.yaml")
    shared = vocabulary(lang)  # one automaton pass per text for every family
    patterns = {
        name: Alternation(items, shared) for name, items in data.get("families", {}).items()
    }
    return Families(
        patterns,
        Alternation.of_phrases((fold(w) for w in data.get("politeness", [])), shared),
        Alternation([re.escape(fold(w)) for w in data.get("not_trouble", [])], shared),
        Alternation.of_phrases((fold(w) for w in data.get("thanks", [])), shared),
        Alternation.of_phrases((fold(w) for w in data.get("contrast", [])), shared),
        {fold(k): fold(v) for k, v in data.get("spelling", {}).items()},
        tuple(fold(str(w)) + ("'" if str(w).endswith("'") else "") for w in data["own_choice"]),
        shared,
        reduce(operator.or_, (p.bit for p in patterns.values()), 0),
    )


def says(family: Alternation, folded: str, bits: int) -> bool:
    """``family`` matches ``folded``, whose families (Vocabulary.families) are ``bits``."""
    return bool(bits & family.bit) and family.matches(folded)


class Found(dict[str, Sequence[str]]):
    """Each family's matches in a line, found when first asked for (an agent's line never asks
    for complaints, irony, negations); but OWNING's, on the line without OWNING's words. A
    family the line's scan rules out (Vocabulary.families: none of its literals there) is
    read as no match without being asked: all of those are in the dict from the start (the
    others, once the line without OWNING's words is scanned), so that asking one is a plain
    dictionary read, not a call of ``__missing__`` (most of the families a line asks)."""

    def __init__(self, families: Families, folded: str, skip: frozenset[str]) -> None:
        self.families = families
        self.patterns, self.folded, self.scan = families.patterns, folded, ""
        self.words = families.words
        self.bits = self.words.families(folded)  # the families the line may match
        super().__init__(families.ruled_out(True, self.bits))
        self.scan_bits = 0  # those the line without OWNING's words may match
        self.skip = skip  # owning families not read on this line (a customer's, on an agent's)

    def __missing__(self, name: str) -> Sequence[str]:
        pattern = self.patterns.get(name)
        if pattern is None:
            return []
        if name in OWNING:
            text, bits = self.folded, self.bits
        else:
            if not self.scan:
                self._without_owning()
            text, bits = self.scan, self.scan_bits
        found = self[name] = pattern.findall(text) if bits & pattern.bit else []
        return found

    def _without_owning(self) -> None:
        """The line without OWNING's words, and the families it may match: a removal that
        changes nothing leaves the line's scan valid for the next one."""
        text, bits = self.folded, self.bits
        for owning in (n for n in OWNING if n in self.patterns and n not in self.skip):
            pattern = self.patterns[owning]
            if bits & pattern.bit:
                if text is self.folded and not self[owning]:  # asked of every line anyway
                    continue  # no match in the line: its removal would change nothing
                rest = pattern.sub(" ", text)
                if rest != text:
                    text, bits = rest, self.words.families(rest)
        self.scan, self.scan_bits = text, bits
        self.update(self.families.ruled_out(False, bits))
