"""The tone's family look-ups (language/line_families.py Found) against the plain reading: each
family's matches, the OWNING families' on the line and the others' on the line without OWNING's
words, found by each family's full alternation; checked for an agent's line and a customer's
on the evaluation sets' lines, the families' literals run together and generated lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language.families import CUSTOMER_FORMS, OWNING
from omnisim.language.lexicon import fold
from omnisim.language.line_families import Families, Found, families
from tests.fast.test_reading_once import LANGS, LINES

SKIPS = (CUSTOMER_FORMS, frozenset())  # an agent's line, a customer's


def _literals(lang: str) -> list[str]:
    return sorted({w.strip() for w in families(lang).words._ids} - {""})


def _texts(lang: str) -> list[str]:
    said = _literals(lang)
    glued = [" ".join(said[i : i + 5]) for i in range(0, len(said), 2)]
    return [fold(line) for line in LINES] + glued


def plain_found(found: Families, folded: str, skip: frozenset[str]) -> tuple[str, dict]:
    """The line without OWNING's words, and every family's matches, read plainly."""
    scan = folded
    for name in OWNING:
        if name in found.patterns and name not in skip:
            scan = found.patterns[name].full.sub(" ", scan)
    matches = {
        name: [m.group(0) for m in p.full.finditer(folded if name in OWNING else scan)]
        for name, p in found.patterns.items()
    }
    return scan, matches


def _check(lang: str, folded: str) -> None:
    table = families(lang)
    for skip in SKIPS:
        scan, expected = plain_found(table, folded, skip)
        found = Found(table, folded, skip)
        got = {name: list(found[name]) for name in table.patterns}  # ruled out: a shared ()
        assert got == expected, (lang, folded, skip)
        if found.scan:  # the line without OWNING's words, once a family needed it
            assert found.scan == scan, (lang, folded)


@pytest.mark.parametrize("lang", LANGS)
def test_each_family_finds_what_its_full_alternation_finds(lang):
    for folded in _texts(lang):
        _check(lang, folded)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(LANGS),
    st.lists(
        st.one_of(
            st.sampled_from(_literals("fr") + _literals("en")),
            st.sampled_from([" ", "pas", "ne", "n'", "?", "!", ".", "é", "'", "tjr", "jattend"]),
        ),
        max_size=9,
    ),
)
def test_generated_lines_find_what_the_full_alternations_find(lang, pieces):
    _check(lang, fold(" ".join(pieces)))
