"""A family of phrase patterns matched as one alternation, through only the alternatives
that can match the text at hand.

Python's ``re`` tries every alternative at every position of the text: the French
complaint family (112 patterns) cost about a millisecond per message, the blame family
most of another, on the event loop, for every line a candidate sends. Most alternatives
begin (after ``\\b`` or a look-behind) with a literal word, or with a group of literal
words (``\\b(on|vous|il|elle) …``). An alternative none of whose leading literals occurs
in the text cannot match anywhere in it, so leaving it out of the alternation changes no
match: at every position the first alternative that matches is the same, in the same
order. Only the time changes. An alternative whose leading literal cannot be worked
out (a character class, a repeat, a flag) is always kept.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

_parser: Any
_c: Any
try:  # the parser re itself uses; without it every alternative is simply always kept
    _parser = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - another Python than CPython 3.11+
    _parser = _c = None

NEVER = r"(?!x)x"  # the alternation of no alternative
CACHED = 2048  # patterns kept per family, by the set of literals found in the text
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def leading_literals(pattern: str) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` begins with; None when unknown."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _first(list(parsed))
    return frozenset(found) if found and all(found) else None


def _first(items: list[tuple[Any, Any]]) -> set[str] | None:
    """The literal runs a sequence of parsed items can begin with, or None."""
    run = ""
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT) and not run:
            continue  # zero-width: the first character consumed comes after it
        if op == _c.LITERAL:
            run += chr(av)
            continue
        if run:
            return {run}
        if op == _c.SUBPATTERN:
            _group, add_flags, del_flags, inner = av
            if add_flags or del_flags:
                return None
            return _first(list(inner))
        if op == _c.BRANCH:
            found: set[str] = set()
            for branch in av[1]:
                part = _first(list(branch))
                if not part:
                    return None
                found |= part
            return found
        return None
    return {run} if run else None


class Alternation:
    """``(?:a)|(?:b)|…`` with ``findall``, ``finditer``, ``sub`` and ``search`` as on the
    full pattern, run on the alternatives the text leaves possible."""

    def __init__(self, items: list[str]) -> None:
        self.items = tuple(items)
        # A back-reference numbers groups across the whole alternation: leaving an
        # alternative out would renumber them, so such a family is always run in full.
        numbered = any(_BACKREF.search(item) for item in self.items)
        self.anchors = tuple(None if numbered else leading_literals(i) for i in self.items)
        self.full = _compiled(self.items, tuple(range(len(self.items))))
        self._literals = tuple(sorted({a for anchors in self.anchors if anchors for a in anchors}))
        self._by_present: dict[frozenset[str], re.Pattern[str]] = {}

    def pattern_for(self, text: str) -> re.Pattern[str]:
        present = frozenset(filter(text.__contains__, self._literals))
        pattern = self._by_present.get(present)
        if pattern is None:
            kept = tuple(
                i
                for i, anchors in enumerate(self.anchors)
                if anchors is None or not anchors.isdisjoint(present)
            )
            if len(self._by_present) >= CACHED:
                self._by_present.clear()
            pattern = self._by_present[present] = _compiled(self.items, kept)
        return pattern

    def findall(self, text: str) -> list[Any]:
        """One entry per match, as many as the full pattern's (the groups may differ)."""
        return self.pattern_for(text).findall(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern_for(text).finditer(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern_for(text).search(text)

    def sub(self, repl: str, text: str) -> str:
        return self.pattern_for(text).sub(repl, text)


@lru_cache(maxsize=4096)
def _compiled(items: tuple[str, ...], kept: tuple[int, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{items[i]})" for i in kept) or NEVER)
