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

An alternative usually needs several such sets, each somewhere in a match (« vous » and
« pas » and one of « lu, vu, lire… »): all of them are in the automaton, so that which
alternatives a text leaves possible is a function of the literals of the family it holds,
worked out once for each such set and kept (lines share their common words). A text with
« vous » no longer runs every alternative that opens on it.

The alternatives left are run one by one, each compiled once at load, never per text,
and merged as the alternation would have matched them: at each position the first
alternative (in the family's order) that matches there, the scan going on from its end.
Only the time changes, never a match. A family an alternative of which can match the empty
string, or that uses back-references (numbered across the whole alternation), is run in
full.
"""

from __future__ import annotations

import operator
import re
import threading
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache, reduce
from typing import Any

import ahocorasick

from omnisim.language.frequency import rarest, weights
from omnisim.language.literals import Needs, Requires, literals_of, parsed, requires_of
from omnisim.language.literals import required_literals as required_literals
from omnisim.language.opening import searchable

NEVER = r"(?!x)x"  # the alternation of no alternative
SCANS_CACHED = 512  # texts whose scan is kept (a line is read by several families, twice)
DECIDED_CACHED = 4096  # per family, the sets of its literals whose alternatives are kept
_BACKREF = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")

_VALUE = operator.itemgetter(1)  # an automaton hit (end, value): its literal's number


class Vocabulary:
    """The literals of every family of one language in one automaton: a text is scanned
    once for all of them (the scan is kept for the next family that reads the same text).

    A scan only collects the literals found, every literal any alternative needs (its best
    set and the others), in one C-level pass. Which alternatives of a family they leave
    possible depends on nothing else: it is worked out when a family first asks, from the
    literals of its own the text holds, and kept for the next text holding the same ones
    (most lines share a few common words: « vous », « pas »)."""

    def __init__(self, lang: str = "") -> None:
        self.lang = lang  # the spelling list that says which literals are rare (frequency.py)
        self._ids: dict[str, int] = {}  # literal -> its number, the automaton's value
        self._families = 0
        self._always: list[frozenset[int]] = []  # per family, alternatives with no literal
        self._watched: list[frozenset[int]] = []  # per family, every literal it reads
        # per family, a literal of an alternative's gate set -> those alternatives
        self._postings: list[dict[int, tuple[int, ...]]] = []
        # per family, alternative -> the sets beside its gate, each of which it needs one of
        self._also: list[dict[int, tuple[frozenset[int], ...]]] = []
        self._decided: list[dict[frozenset[int], tuple[int, ...]]] = []  # per family, by hits
        # The families a literal may open (it is in the gate set of one of their alternatives),
        # as bits (1 << family), and those possible in any text: a scan ORs them into the
        # text's families (Scan.bits), read by the readers before they ask a family anything.
        self._opens: dict[int, int] = {}
        self._opening: list[int] = []  # the same by literal number, as the automaton is built
        self._anywhere = 0
        self._pending: list[tuple[int, tuple[Requires, ...]]] = []  # registered, not indexed
        self._automaton: Any = None
        self._lock = threading.Lock()
        self.scan = lru_cache(maxsize=SCANS_CACHED)(self._scan)

    def _number(self, literal: str) -> int:
        return self._ids.setdefault(literal, len(self._ids))

    def register(self, requires: tuple[Requires, ...]) -> int:
        """A new family's number; the literals of its alternatives' sets join the automaton
        (those with none are possible in any text). An alternative is possible in a text that
        holds a string of each of its sets; which set opens it is chosen when the automaton is
        built (:meth:`_index`)."""
        with self._lock:
            family = self._families
            self._families += 1
            self._always.append(frozenset(i for i, sets in enumerate(requires) if sets is None))
            if self._always[family]:
                self._anywhere |= 1 << family
            for sets in requires:
                for literals in sets or ():
                    for literal in literals:
                        self._number(literal)
            self._postings.append({})
            self._watched.append(frozenset())
            self._also.append({})
            self._decided.append({})
            self._pending.append((family, requires))
            self._automaton = None
            self.scan.cache_clear()
        return family

    def _index(self) -> None:
        """The families registered since the last build, indexed: each alternative opened by
        its gate, the rarest of its sets in running text (frequency.py) where the spelling
        list can tell, else its most selective by structure (literals.requires_of)."""
        pending, self._pending = self._pending, []
        share: dict[str, float | None] = {}
        if self.lang:
            chosen = {
                lit for _, r in pending for s in r if s and len(s) > 1 for o in s for lit in o
            }
            share = weights(self.lang, chosen)
        for family, requires in pending:
            postings: dict[int, list[int]] = {}
            also: dict[int, tuple[frozenset[int], ...]] = {}
            # The literals that open the family anyway (an alternative's only set): a set of
            # those opens it on no more lines.
            opening = {lit for sets in requires if sets and len(sets) == 1 for lit in sets[0]}
            for index, sets in enumerate(requires):
                if not sets:
                    continue
                gate = rarest(sets, share, opening) if len(sets) > 1 else 0
                opening |= sets[gate]
                for literal in sets[gate]:
                    number = self._ids[literal]
                    postings.setdefault(number, []).append(index)
                    self._opens[number] = self._opens.get(number, 0) | 1 << family
                if len(sets) > 1:
                    others = (o for n, o in enumerate(sets) if n != gate)
                    also[index] = tuple(frozenset(map(self._ids.__getitem__, o)) for o in others)
            self._postings[family] = {n: tuple(i) for n, i in postings.items()}
            watched = frozenset(postings).union(*(o for s in also.values() for o in s))
            self._watched[family], self._also[family] = watched, also

    def _built(self) -> Any:
        automaton = self._automaton
        if automaton is None:
            with self._lock:
                if self._pending:
                    self._index()
                automaton = ahocorasick.Automaton()
                for literal, number in self._ids.items():
                    automaton.add_word(literal, number)
                self._opening = [self._opens.get(n, 0) for n in range(len(self._ids))]
                if self._ids:
                    automaton.make_automaton()
                self._automaton = automaton
        return automaton

    def _scan(self, text: str) -> Scan:
        """The literals ``text`` holds, for :meth:`Scan.possible` to read per family."""
        automaton = self._built()
        if automaton.kind != ahocorasick.AHOCORASICK:
            return Scan(frozenset(), self)
        return Scan(frozenset(map(_VALUE, automaton.iter(text))), self)

    def families(self, text: str) -> int:
        """The families ``text`` may match, as bits (Alternation.bit): one of its literals
        opens an alternative of theirs, or one of their alternatives needs none. A family
        whose bit is off matches nowhere in ``text`` (nor in a piece of it): its reader need
        not ask it. Worked out when first asked of a text (a sentence searched for one
        family never pays for it)."""
        scan = self.scan(text)
        bits = scan.bits
        if bits is None:  # the OR of its literals' families, in C (some 35 a chat line)
            bits = scan.bits = reduce(
                operator.or_, map(self._opening.__getitem__, scan._found), self._anywhere
            )
        return bits

    def decide(self, family: int, hits: frozenset[int]) -> tuple[int, ...]:
        """The alternatives of ``family`` possible in a text holding, of the literals it
        reads, exactly ``hits``: those with a literal of each of their sets, in order."""
        decided = self._decided[family]
        done = decided.get(hits)
        if done is None:
            postings, also = self._postings[family], self._also[family]
            kept = {i for n in hits if n in postings for i in postings[n]}
            if also:
                kept = {
                    i
                    for i in kept
                    if (sets := also.get(i)) is None or all(not s.isdisjoint(hits) for s in sets)
                }
            if len(decided) >= DECIDED_CACHED:
                decided.clear()
            done = decided[hits] = tuple(sorted(kept | self._always[family]))
        return done


class Scan:
    """One text's scan: the literals it holds and, per family, the alternatives they leave
    possible, in the family's order (asked once per family, not for every family whose
    literal the text holds: most are other readers' families)."""

    __slots__ = ("_found", "_sorted", "_words", "bits")

    def __init__(self, found: frozenset[int], words: Vocabulary) -> None:
        self._found, self._words = found, words
        self.bits: int | None = None  # the families the text may match, once asked (families)
        self._sorted: dict[int, tuple[int, ...]] = {}

    def possible(self, family: int, default: tuple[int, ...]) -> tuple[int, ...]:
        bits = self.bits
        if bits is not None and not bits >> family & 1:
            return default  # no literal of it, no alternative possible anywhere: ()
        done = self._sorted.get(family)
        if done is None:
            words = self._words
            hits = self._found & words._watched[family]
            if not hits:
                return default
            kept = words._decided[family].get(hits)  # most sets of literals were seen before
            done = self._sorted[family] = kept or words.decide(family, hits)
        return done


@cache
def vocabulary(lang: str) -> Vocabulary:
    """The one automaton of ``lang``'s families (sentiment, markers, acts, cues…)."""
    return Vocabulary(lang)


def whole_words(phrase: str, rest: str = "") -> str:
    r"""``phrase`` then the pattern ``rest``, as whole words: ``(?<![\w'])phrase…(?![\w'])``,
    written with the phrase first and the look-behind after it (``phrase(?<![\w']phrase)``,
    the same matches): a pattern that opens on its literal is searched for it (``re`` skips
    to where it occurs), one that opens on a look-behind tries every position of the text."""
    literal = re.escape(phrase)
    return rf"{literal}(?<![\w']{literal}){rest}(?![\w'])"


class Alternation:
    """``(?:a)|(?:b)|…`` with ``findall``, ``finditer``, ``sub`` and ``search`` as on the
    full pattern (``full``), run on the alternatives the text leaves possible."""

    def __init__(self, items: list[str], words: Vocabulary | None = None) -> None:
        self.items = tuple(items)
        trees = [parsed(item) for item in self.items]  # each read once, not per question
        # Compiled to open on their literal (opening.py): re skips along the text to it.
        self.parts = tuple(searchable(i, t) for i, t in zip(self.items, trees, strict=True))
        # A back-reference numbers groups across the whole alternation, and an empty match
        # moves the scan by one character in ways the merge below does not follow.
        whole = any(_BACKREF.search(i) for i in self.items) or any(
            p.fullmatch("") is not None or tree is None or tree.getwidth()[0] == 0
            for p, tree in zip(self.parts, trees, strict=True)
        )
        self.needs: tuple[Needs, ...] = tuple(None if whole else literals_of(t) for t in trees)
        requires = tuple(requires_of(t, n) for t, n in zip(trees, self.needs, strict=True))
        self.whole = whole
        self._full: re.Pattern[str] | None = None
        self.always = frozenset(i for i, need in enumerate(self.needs) if need is None)
        self._always = tuple(sorted(self.always))
        self.words = words or Vocabulary()
        self.family = self.words.register(requires)
        self.bit = 1 << self.family  # its bit in Vocabulary.families

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
        the longest first: ``(?<![\w'])(?:a|b|…)(?![\w'])`` (:func:`whole_words`)."""
        ordered = sorted({p for p in phrases if p}, key=len, reverse=True)
        return cls([whole_words(p) for p in ordered], words)

    def possible(self, text: str) -> tuple[int, ...]:
        """The alternatives that may match in ``text``, in the family's order (the readers
        below ask the scan themselves: a call less per family and line)."""
        return self.words.scan(text).possible(self.family, self._always)

    def absent(self, text: str) -> bool:
        """No match possible in ``text``, nor in any text its literals hold (a piece of it):
        a line's clauses are not read one by one for a family the whole line rules out.
        ``text`` folded (lexicon.fold): the fold of a clause, a sentence, is a piece of the
        fold of its line, the fold being one character at a time and its words split at what
        splits them."""
        return not self.whole and not self.always and not self.possible(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.whole:
            return self.full.finditer(text)
        kept = self.words.scan(text).possible(self.family, self._always)
        if not kept:
            return iter(())
        if len(kept) == 1:
            return self.parts[kept[0]].finditer(text)
        return _merged([self.parts[i] for i in kept], text)

    def findall(self, text: str) -> list[str]:
        """The matched strings, one per match of the full pattern (not its groups)."""
        if self.whole:
            return [m.group(0) for m in self.full.finditer(text)]
        kept = self.words.scan(text).possible(self.family, self._always)
        if not kept:
            return []
        if len(kept) == 1:
            return [m.group(0) for m in self.parts[kept[0]].finditer(text)]
        return [m.group(0) for m in _merged([self.parts[i] for i in kept], text)]

    def search(self, text: str) -> re.Match[str] | None:
        if self.whole:
            return self.full.search(text)
        kept = self.words.scan(text).possible(self.family, self._always)
        if len(kept) == 1:
            return self.parts[kept[0]].search(text)
        return next(self.finditer(text), None) if kept else None

    def matches(self, text: str) -> bool:
        """Whether ``search`` finds a match: any alternative left possible matching anywhere
        (the readers that need no span: the leftmost match is not worked out)."""
        if self.whole:
            return self.full.search(text) is not None
        parts = self.parts
        for i in self.words.scan(text).possible(self.family, self._always):
            if parts[i].search(text) is not None:
                return True
        return False

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
        kept = self.words.scan(text).possible(self.family, self._always)
        if not kept:
            return text
        if len(kept) == 1 and "\\" not in repl:  # a plain replacement: the part's own sub
            return self.parts[kept[0]].sub(repl, text)
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
    leftmost first, the earliest part at a tie, the scan resuming at the match's end. When one
    part alone matches anywhere (most texts, if any), its own matches are the merge's."""
    nexts = [p.search(text) for p in parts]
    live = [j for j, m in enumerate(nexts) if m is not None]
    if len(live) < 2:
        if live:
            first = nexts[live[0]]
            assert first is not None
            yield first
            yield from parts[live[0]].finditer(text, first.end())
        return
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
