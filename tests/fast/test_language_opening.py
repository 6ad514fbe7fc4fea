r"""A family pattern compiled to open on its literal (omnisim/language/opening.py: ``\bword`` as
``word(?<!\wword)``) finds every match and group span the pattern as written finds: on every
alternative of every phrase family loaded, over the evaluation lines, each family's own
literals and generated lines (accents, apostrophes, hyphens, words run together)."""

from __future__ import annotations

import gc
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language import warm
from omnisim.language.alternation import Alternation
from omnisim.language.lexicon import fold
from omnisim.language.opening import opened
from tests.fast.test_reading_once import LINES

warm()  # every reader's families built (markers, acts, cues, sentiment)
ALTERNATIONS = {id(a): a for a in gc.get_objects() if isinstance(a, Alternation)}.values()
ITEMS = sorted({item for a in ALTERNATIONS for item in a.items})
LITERALS = sorted(
    {w for a in ALTERNATIONS for literal in a.words._ids for w in (literal, literal.strip())}
)
PAIRS = [(fast, re.compile(item), item) for item in ITEMS if (fast := opened(item)) is not None]
_TEXTS = [fold(line) for line in LINES] + [
    " ".join(LITERALS[i : i + 6]) for i in range(0, len(LITERALS), 3)
]


def _spans(pattern, text: str) -> list[tuple[tuple[int, int], ...]]:
    return [tuple(m.span(g) for g in range(pattern.groups + 1)) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        (r"\bcordialement\b", "cordialement", [(0, 12)]),
        (r"\bcordialement\b", "xcordialement cordialement'", [(14, 26)]),
        (r"\bsera\b", "l'sera sera", [(2, 6), (7, 11)]),  # an apostrophe is no word character
        (r"(?<!\bne )\b(?:sera|seront) la\b", "ne sera la, une sera la", [(16, 23)]),
        (r"(?<!\bne )\b(?:sera|seront) la\b", "sera la", [(0, 7)]),
        (r"(?<!\bne )\b(?:sera|seront) la\b", "il seront la", [(3, 12)]),
        (r"(?:\bje |\bj'|\bnous )ai", "j'ai, nous ai, deja j'ai", [(0, 4), (6, 13), (20, 24)]),
        (r"\b(premiere|deuxieme) (fois)\b", "la deuxieme fois", [(3, 16)]),
    ],
)
def test_an_opened_pattern_matches_as_written(pattern, text, found):
    fast = opened(pattern)
    assert fast is not None  # it opens on its literal now
    assert [m.span() for m in fast.finditer(text)] == found
    assert _spans(fast, text) == _spans(re.compile(pattern), text)


@pytest.mark.parametrize(
    "pattern",
    [r"abc", r"^\bab", r"\b[ab]c", r"\b(?:a|\d+)x", r"\b'a", r"(?<!(a))\bb", r"\b(?i:ab)", r"\b"],
)
def test_what_cannot_open_on_a_literal_is_left_as_written(pattern):
    assert opened(pattern) is None


def test_every_family_alternative_finds_what_it_finds_as_written():
    assert len(ITEMS) > 500
    opening_on_assertions = [i for i in ITEMS if i.startswith(("\\b", "(?<", "(?:\\b"))]
    assert len(PAIRS) > len(opening_on_assertions) * 3 // 4  # most open on a literal now
    for fast, plain, item in PAIRS:
        for text in _TEXTS:
            assert _spans(fast, text) == _spans(plain, text), (item, text)


_PIECES = st.lists(
    st.one_of(
        st.sampled_from(LITERALS),
        st.sampled_from([" ", "-", "e", "'", "?", "!", ".", ",", "s", "x", "2", "_", "slt"]),
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(_PIECES)
def test_generated_lines_match_as_written(pieces):
    text = "".join(pieces)
    for fast, plain, item in PAIRS:
        assert _spans(fast, text) == _spans(plain, text), (item, text)
