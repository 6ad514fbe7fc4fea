"""A line's families in one pass (alternation.Vocabulary.families): the bits of every family
of a language the line may match, read by the markers, the tone, the acts, the cues asked and
the contact-centre formulas before they ask a family anything. A family whose bit is off must
match nowhere in the line, or a reader would miss a match: checked against each family's plain
alternation on every phrase of the data files, on the evaluation sets' lines and on generated
lines (overlapping phrases, accents, apostrophes), and each reader against its plain version.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.engine import phrases
from omnisim.engine.hearing import Heard
from omnisim.language import acts, lexicon, match
from omnisim.language.alternation import Alternation, Vocabulary
from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.markers import EXPECTED, REGISTER, register
from omnisim.language.markers import _patterns as marker_patterns
from omnisim.language.markers import markers as read_markers
from omnisim.language.match import _stem, normalise
from omnisim.language.proposals import declines
from omnisim.language.steps import defers_decision
from tests.fast.test_reading_once import FAMILIES, LANGS, LINES, PATTERNS


def _texts(said: list[str]) -> list[str]:
    said = sorted({p for p in said if p}, key=len, reverse=True)
    texts = [*said, *(f"alors {p} merci" for p in said), *(f"x{p}" for p in said[:20])]
    # two phrases run together, sharing a word or glued: overlapping matches
    texts += [f"{a} {b}" for a, b in zip(said, said[1:] + said[:1], strict=True)][:200]
    texts += [f"{a}{b}" for a, b in zip(said, said[1:] + said[:1], strict=True)][:100]
    return texts + [fold(line) for line in LINES]


def _misses(family: Alternation, text: str) -> bool:
    """The family matches ``text`` while the text's families leave its bit off."""
    matched = family.full.search(text) is not None
    return matched and not family.words.families(text) & family.bit


@pytest.mark.parametrize(("name", "family", "said"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_a_phrase_family_that_matches_a_line_has_its_bit_on(name, family, said):
    texts = _texts(said)
    assert not [t for t in texts if _misses(family, t)], name
    on = [t for t in texts if family.words.families(t) & family.bit]
    assert on, name  # its own phrases turn it on


@pytest.mark.parametrize(("name", "family"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_a_pattern_family_that_matches_a_line_has_its_bit_on(name, family):
    assert not [line for line in LINES if _misses(family, fold(line))], name


def _every_family(lang: str) -> list[Alternation]:
    return [f for n, f, _ in FAMILIES if n.split(".")[0].endswith(lang)] + [
        f for n, f in PATTERNS if n.split(".")[0].endswith(lang)
    ]


_SAID = sorted({fold(str(p)) for f in FAMILIES for p in f[2] if p and len(fold(str(p))) < 40})
_PIECES = st.lists(
    st.one_of(
        st.sampled_from(_SAID),
        st.sampled_from([" ", "  ", ", ", ". ", "?", "!", "'", "-", "é", "è", "ç", "x", "s"]),
        st.sampled_from(["vous", "pas", "ne", "je", "n'", "l'", "mais", "merci", "désolée"]),
    ),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(_PIECES, st.sampled_from(LANGS))
def test_no_family_matches_a_generated_line_with_its_bit_off(pieces, lang):
    """Phrases glued, overlapping, accented, beside apostrophes: raw and folded."""
    line = "".join(pieces)
    for text in (line, fold(line)):
        assert not [f.items[:2] for f in _every_family(lang) if _misses(f, text)], text


def _plain_markers(text: str, lang: str, names: tuple[str, ...]) -> tuple[str, ...]:
    table, folded = marker_patterns(lang), fold(text)
    return tuple(n for n in names if n in table and table[n].full.search(folded))


def _plain_asked(text: str, lang: str) -> tuple[str, ...]:
    folded, found = fold(text), []
    for item in phrases.ASKED:
        pattern = phrases._patterns(lang)[f"ask_{item}"].full
        if pattern.search(folded):
            found.append(item)
            folded = pattern.sub(" ", folded)
    return tuple(found)


def _plain_formulas(lang: str, folded: str) -> tuple[str, list[float]]:
    pattern, valences = lexicon.phrase_table(lang)
    found = [valences[m.group(0)] for m in pattern.full.finditer(folded)]
    return " ".join(pattern.full.sub(" ", folded).split()), found


_READ = [fold(str(p)) for f in FAMILIES for p in f[2][:30]] + list(LINES)


@pytest.mark.parametrize("lang", LANGS)
def test_the_readers_of_bits_find_what_they_found_asking_every_family(lang):
    asks = [f"{p} ?" for p in phrases._data(lang)["cues"]["ask_name"][:5]]
    for text in [*_READ, *asks]:
        expected = _plain_markers(text, lang, EXPECTED)
        assert read_markers.__wrapped__(text, lang) == expected, text
        assert register.__wrapped__(text, lang) == _plain_markers(text, lang, REGISTER), text
        for act in acts.ACTS:
            plain = acts._families(lang)[act].full.search(fold(text)) is not None
            assert acts.performs.__wrapped__(text, act, lang) == plain, (act, text)
        assert phrases.asked(text, lang) == _plain_asked(text, lang), text
        folded = fold(text)
        assert lexicon.find_phrases(lang, folded) == _plain_formulas(lang, folded), text


def test_a_family_registered_later_is_in_the_next_scan():
    """A vocabulary that gains a family forgets the scans made without it."""
    words = Vocabulary()
    first = Alternation.of_phrases(["mange"], words)
    text = "zorglub wizz mange"
    assert words.families(text) == first.bit
    late = Alternation([re.escape("zorglub wizz")], words)
    assert words.families(text) == first.bit | late.bit
    assert not words.families("rien") and late.search("rien") is None


@pytest.mark.parametrize("lang", LANGS)
def test_the_line_record_and_the_withholding_read_bits_as_the_plain_readers_read_lines(lang):
    """hearing.Heard.does asks an act only when its bit is on; phrases.withheld reads nothing
    when no withholding family's bit is; both say what the plain readers say."""
    awaits = ("un remboursement", "un avoir")
    texts = [*_READ, *(str(p) for n in ("deferral", "guarantee") for p in _data(lang, n))]
    for text in texts:
        heard = Heard(text, lang)
        for act in acts.ACTS:
            plain = acts._families(lang)[act].full.search(fold(text)) is not None
            assert heard.does(act) == plain, (act, text)
        plain_withheld = defers_decision(text, lang) or bool(declines(text, lang, awaits))
        assert phrases.withheld(text, lang, awaits) == plain_withheld, text


def _data(lang: str, name: str) -> list[str]:
    return list(data_yaml(f"markers_{lang}.yaml").get(name, []))[:40]


@cache
def _cue_words(lang: str) -> list[tuple[str, list[str]]]:
    data = phrases._data(lang)["cues"]
    said = {(n, fold(p)) for n in phrases.CUES for p in data[n]}
    return [(name, phrases._WORD.findall(p)) for name, p in sorted(said) if p]


def _plain_cues(text: str, lang: str) -> frozenset[str]:
    """Each cue phrase's words looked for, in a row, among the text's words."""
    words = phrases._WORD.findall(fold(text))
    found = set()
    for name, said in _cue_words(lang):
        n = len(said)
        if name not in found and any(words[i : i + n] == said for i in range(len(words))):
            found.add(name)
    return frozenset(found)


_CUE_SAID = sorted(
    {str(p) for lang in LANGS for ps in phrases._data(lang)["cues"].values() for p in ps}
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_cue_automaton_finds_each_phrase_where_its_words_stand_in_a_row(lang):
    said = [str(p) for ps in phrases._data(lang)["cues"].values() for p in ps]
    texts = [*said, *(f"Re-{p}s, {q}" for p, q in zip(said, said[1:], strict=False))]
    texts += [f"{p}{q}" for p, q in zip(said, said[3:], strict=False)][:150] + list(LINES)
    for text in texts:
        assert phrases.cues(text, lang) == _plain_cues(text, lang), text


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_CUE_SAID), st.sampled_from([" ", "-", "é", "'", "?", "s"])),
        max_size=6,
    ),
    st.sampled_from(LANGS),
)
def test_the_cue_automaton_agrees_on_generated_lines(pieces, lang):
    text = "".join(pieces)
    assert phrases.cues(text, lang) == _plain_cues(text, lang), text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aesxÊêtTS' -.", max_size=24))
def test_a_line_s_word_set_is_its_words_stemmed_one_by_one(text):
    plain = frozenset(_stem(w) for w in match._WORD.findall(match.normalise(text)))
    assert match.word_set.__wrapped__(text) == plain


def test_the_evaluation_lines_word_sets_are_their_words_stemmed_one_by_one():
    for line in LINES:
        assert match.word_set(line) == frozenset(map(_stem, match._WORD.findall(normalise(line))))
