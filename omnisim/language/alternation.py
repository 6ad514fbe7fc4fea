"""Families of phrase patterns matched as one alternation, through only the alternatives
a text leaves possible, found by one automaton pass per text for every family at once.

Python's ``re`` tries every alternative at every position of the text: the French
complaint family (112 patterns) cost about a millisecond per message, on the event loop,
for every line a candidate sends. Almost every alternative needs one of a few literal
strings somewhere in any match (``\\b(deux|trois|\\d+) fois\\b`` needs « fois »): an
alternative none of whose literals occurs in the text cannot match anywhere in it. The
literals of every family of a language sit in one Aho–Corasick automaton (a
:class:`Vocabulary`, pyahocorasick): one pass over a text says, for every family, which
alternatives it leaves possible; most families have none, and are not run at all.

The alternatives left are run one by one, each compiled once at load, never per text,
and merged as the alternation would have matched them: at each position the first
alternative (in the family's order) that matches there, the scan going on from its end.
Only the time changes, never a match. A family an alternative of which can match the empty
string, or that uses back-references (numbered across the whole alternation), is run in
full.
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

import ahocorasick

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

NEVER = r"(?!x)x"  # the alternation of no alternative
SCANS_CACHED = 512  # texts whose scan is kept (a line is read by several families, twice)
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")

Needs = frozenset[str] | None  # strings one of which every match contains; None: unknown


def required_literals(pattern: str) -> Needs:
    """Strings one of which occurs in every match of ``pattern``, the most selective such
    set that can be read off its structure; None when none can be."""
    return _literals(_parsed(pattern))


def _parsed(pattern: str) -> Any:
    """``pattern``'s parse tree (read once for its width and its literals), or None."""
    try:
        return _parser.parse(pattern)
    except (re.error, RecursionError):
        return None


def _literals(parsed: Any) -> Needs:
    if parsed is None or parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _needs(list(parsed))
    return frozenset(found) if found and all(found) else None


def _needs(items: list[tuple[Any, Any]]) -> set[str] | None:
    """For a sequence: the best set any of its parts requires (a literal run, a group…)."""
    options: list[set[str]] = []
    run = ""
    for op, av in items:
        if op == _c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append({run})
            run = ""
        need = _item_needs(op, av)
        if need:
            options.append(need)
    if run:
        options.append({run})
    # The most selective: its shortest string longest, then the fewest strings.
    return max(options, key=lambda s: (min(map(len, s)), -len(s)), default=None)


def _item_needs(op: Any, av: Any) -> set[str] | None:
    if op == _c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return None if add_flags or del_flags else _needs(list(inner))
    if op == _c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            part = _needs(list(branch))
            if not part:
                return None
            found |= part
        return found
    if str(op) in _REPEATS:
        low, _high, inner = av
        return _needs(list(inner)) if low >= 1 else None
    if str(op) == "ATOMIC_GROUP":
        return _needs(list(av))
    return None  # a class, any character, an assertion: no literal of the match


class Vocabulary:
    """The literals of every family of one language in one automaton: a text is scanned
    once for all of them (the scan is kept for the next family that reads the same text)."""

    def __init__(self) -> None:
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._families = 0
        self._always: list[frozenset[int]] = []  # per family, alternatives with no literal
        self._automaton: Any = None
        self._lock = threading.Lock()
        self.scan = lru_cache(maxsize=SCANS_CACHED)(self._scan)

    def register(self, needs: tuple[Needs, ...]) -> int:
        """A new family's number; its alternatives' literals join the automaton (those with
        none are possible in any text)."""
        with self._lock:
            family = self._families
            self._families += 1
            self._always.append(frozenset(i for i, need in enumerate(needs) if need is None))
            for index, need in enumerate(needs):
                for literal in need or ():
                    self._postings.setdefault(literal, []).append((family, index))
            self._automaton = None
            self.scan.cache_clear()
        return family

    def _built(self) -> Any:
        automaton = self._automaton
        if automaton is None:
            with self._lock:
                automaton = ahocorasick.Automaton()
                for literal, postings in self._postings.items():
                    automaton.add_word(literal, tuple(postings))
                if self._postings:
                    automaton.make_automaton()
                self._automaton = automaton
        return automaton

    def _scan(self, text: str) -> dict[int, tuple[int, ...]]:
        """For each family some literal of which ``text`` contains, the alternatives that
        may match in it, in the family's order (the answer of :meth:`Alternation.possible`,
        sorted once per text rather than at every family's every question)."""
        automaton = self._built()
        found: dict[int, set[int]] = {}
        if automaton.kind != ahocorasick.AHOCORASICK:
            return {}
        for _end, postings in automaton.iter(text):
            for family, index in postings:
                kept = found.get(family)
                if kept is None:
                    found[family] = {index}
                else:
                    kept.add(index)
        always = self._always
        return {family: tuple(sorted(kept | always[family])) for family, kept in found.items()}


@cache
def vocabulary(lang: str) -> Vocabulary:
    """The one automaton of ``lang``'s families (sentiment, markers, acts, cues…)."""
    return Vocabulary()


class Alternation:
    """``(?:a)|(?:b)|…`` with ``findall``, ``finditer``, ``sub`` and ``search`` as on the
    full pattern (``full``), run on the alternatives the text leaves possible."""

    def __init__(self, items: list[str], words: Vocabulary | None = None) -> None:
        self.items = tuple(items)
        self.parts = tuple(re.compile(item) for item in self.items)
        trees = [_parsed(item) for item in self.items]  # each read once, not per question
        # A back-reference numbers groups across the whole alternation, and an empty match
        # moves the scan by one character in ways the merge below does not follow.
        whole = any(_BACKREF.search(i) for i in self.items) or any(
            p.fullmatch("") is not None or tree is None or tree.getwidth()[0] == 0
            for p, tree in zip(self.parts, trees, strict=True)
        )
        self.needs: tuple[Needs, ...] = tuple(None if whole else _literals(t) for t in trees)
        self.whole = whole
        self._full: re.Pattern[str] | None = None
        self.always = frozenset(i for i, need in enumerate(self.needs) if need is None)
        self._always = tuple(sorted(self.always))
        self.words = words or Vocabulary()
        self.family = self.words.register(self.needs)

    @property
    def full(self) -> re.Pattern[str]:
        """The whole alternation as one pattern, compiled when first needed: only a family
        run in full needs it (compiling every family's at load was most of a worker's start)."""
        if self._full is None:
            self._full = re.compile("|".join(f"(?:{item})" for item in self.items) or NEVER)
        return self._full

    @classmethod
    def of_phrases(cls, phrases: Iterable[str], words: Vocabulary | None = None) -> Alternation:
        r"""Literal phrases as whole words (not inside a word, nor beside an apostrophe),
        the longest first: ``(?<![\w'])(?:a|b|…)(?![\w'])``."""
        ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
        return cls([rf"(?<![\w']){re.escape(p)}(?![\w'])" for p in ordered], words)

    def possible(self, text: str) -> tuple[int, ...]:
        """The alternatives that may match in ``text``, in the family's order."""
        return self.words.scan(text).get(self.family, self._always)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.whole:
            return self.full.finditer(text)
        kept = self.possible(text)
        if not kept:
            return iter(())
        if len(kept) == 1:
            return self.parts[kept[0]].finditer(text)
        return _merged([self.parts[i] for i in kept], text)

    def findall(self, text: str) -> list[str]:
        """The matched strings, one per match of the full pattern (not its groups)."""
        return [m.group(0) for m in self.finditer(text)]

    def search(self, text: str) -> re.Match[str] | None:
        if self.whole:
            return self.full.search(text)
        kept = self.possible(text)
        if len(kept) == 1:
            return self.parts[kept[0]].search(text)
        return next(self.finditer(text), None) if kept else None

    def match(self, text: str) -> re.Match[str] | None:
        """A match at the start of ``text``: the first alternative that matches there."""
        if self.whole:
            return self.full.match(text)
        for i in self.possible(text):
            found = self.parts[i].match(text)
            if found is not None:
                return found
        return None

    def sub(self, repl: str, text: str) -> str:
        """``repl`` (a plain string, as ``re.sub`` reads it) in place of every match."""
        if self.whole:
            return self.full.sub(repl, text)
        out: list[str] = []
        last = 0
        replacement = None
        for m in self.finditer(text):
            if replacement is None:
                replacement = m.expand(repl) if "\\" in repl else repl
            out += (text[last : m.start()], replacement)
            last = m.end()
        if replacement is None:
            return text
        out.append(text[last:])
        return "".join(out)


def _merged(parts: list[re.Pattern[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches of the alternation of ``parts`` (none matching empty), from theirs:
    leftmost first, the earliest part at a tie, the scan resuming at the match's end."""
    nexts = [p.search(text) for p in parts]
    pos = 0
    while True:
        best, start = -1, len(text) + 1
        for j, m in enumerate(nexts):
            if m is None:
                continue
            if m.start() < pos:
                m = nexts[j] = parts[j].search(text, pos)
                if m is None:
                    continue
            if m.start() < start:
                best, start = j, m.start()
        if best < 0:
            return
        found = nexts[best]
        assert found is not None
        yield found
        pos = found.end()
