"""The SMS reader's shortcuts (language/sms.py) against its plain reading: a word decided
once for every place (``_decided_anywhere``) is what ``_is_sms`` says of it at each of its 16
places; a line whose words are all decided skips their places; the link hint holds wherever
its pattern matches; the emoticons, each opening on its character, are the plain pattern's.
Checked on every word of the SMS data files and the evaluation sets' lines, and on generated
words and lines (capitals, accents, apostrophes, digits, footnotes, links, emoticons)."""

from __future__ import annotations

import csv
import itertools
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language import sms
from omnisim.language.lexicon import data_yaml
from tests.fast.test_reading_once import LANGS, LINES, ROOT

PLACES = list(itertools.product((False, True), repeat=4))
_OLD_LINK_HINT = re.compile(r"@|https?://|www\.|\.(?:fr|com|net|org|eu|io)\b", re.I)
_OLD_EMOTICON = re.compile(
    r"(?<![\w/])(?:[:;=8][-'^o]?[)(\]\[dpPD3|/\\oO]+|[xX][dD]+|\^\^|<3|:'\()(?![\w/])"
)


def _plain(text: str, lang: str) -> tuple[str, ...]:
    """sms_tokens as it read every word at its place, nothing kept between lines."""
    lex = sms._lexicon(lang)
    if _OLD_LINK_HINT.search(text):
        text = sms._LINK.sub(" ", text)
    found: list[tuple[int, str]] = []
    lowered = text.lower()
    for piece, pattern in lex.raw:
        found.extend((m.start(), piece) for m in pattern.finditer(lowered))
    found.extend((m.start(), m.group(0)) for m in sms._PUNCT_RUN.finditer(text))
    found.extend((m.start(), m.group(0)) for m in _OLD_EMOTICON.finditer(text))
    found.extend((m.start(), m.group(0)) for m in sms._EMOJI.finditer(text))
    previous, last = "", 0
    for match in sms._TOKEN.finditer(text):
        raw = match.group(0)
        token = (sms._FOOTNOTE.sub("", raw) if raw[-1] in sms._FOOT_CHARS else raw).strip("'’-")
        gap = text[last : match.start()].rstrip()
        before = gap[-1] if gap else (text[last - 1] if last else "")
        starts = not before or before in ".!?:\n"
        dotted = text[match.end() : match.end() + 1] in (".", ",", ";", ")", "")
        after_number = bool(previous) and bool(sms._NUMBER.match(previous))
        named = token != token.lower() and bool(sms._NAMED.match(text, match.end()))
        if token and sms._is_sms(
            token, lex, lang, after_number=after_number, starts=starts, dotted=dotted, named=named
        ):
            found.append((match.start(), token))
        previous, last = token, match.end()
    return tuple(token for _, token in sorted(found, key=lambda item: item[0]))


def _data_words() -> list[str]:
    words: set[str] = set()
    for name in ("sms_fr.yaml", "sms_en.yaml", "sms_clean.yaml"):
        for items in data_yaml(name).values():
            words.update(str(w) for w in items if isinstance(w, str))
    more = {w.capitalize() for w in words} | {w.upper() for w in words}
    return sorted(words | more)


def _sms_lines() -> list[str]:
    lines = []
    for path in sorted((ROOT / "evalsets" / "language").glob("sms_*.csv")):
        with path.open(encoding="utf-8") as f:
            lines += [row["text"] for row in csv.DictReader(f)]
    return lines


def _agrees_at_every_place(raw: str, lang: str) -> bool:
    lex = sms._lexicon(lang)
    sms._free[lang].pop(raw, None)
    sms._clean[lang].discard(raw)
    decided = sms._decided_anywhere(raw, lex, lang)
    if decided is None:
        return True
    if raw in sms._clean[lang]:
        assert decided is False
    return all(
        sms._is_sms(raw, lex, lang, after_number=a, starts=s, dotted=d, named=n) is decided
        for a, s, d, n in PLACES
    )


def test_a_word_decided_anywhere_is_so_at_every_place():
    for lang in LANGS:
        words = _data_words() + [w for line in LINES for w in sms._TOKEN.findall(line)]
        assert [w for w in words if not _agrees_at_every_place(w, lang)] == [], lang


_LETTERS = "abcdejklmnpqrstxyzéèçàùœ'’-0123456789ABCDJKLMTXÉ*²İıſ"
_word = st.text(alphabet=_LETTERS, min_size=1, max_size=9)


@settings(max_examples=400, deadline=None)
@given(_word, st.sampled_from(LANGS))
def test_generated_words_decided_anywhere_agree_at_every_place(word, lang):
    for raw in sms._TOKEN.findall(word):
        assert _agrees_at_every_place(raw, lang), raw


def test_the_evaluation_lines_read_as_the_plain_reader_reads_them():
    for lang in LANGS:
        for line in _sms_lines() + LINES:
            assert sms.sms_tokens.__wrapped__(line, lang) == _plain(line, lang), line


_PIECES = [
    "slt", "c", "koi", "ton", "pb", "stp", "Karine,", "à votre écoute", "Kévin du service",
    "14", "h", "C", "bon", "plan C.", "jattend", "tjr", "j'vais", "MDR", "FO", "iPhone",
    "Bonjour", "Madame", "promos", "a+", ":)", "xD", ";-)", "😊", "!!", "?!", "www.ex.fr",
    "a@b.com", "HTTPS://X.IO", "http://x", "ſite.ıo", ".FR", "note¹", "'tain", "ouiii",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(_PIECES) | _word, min_size=1, max_size=14),
    st.lists(st.sampled_from([" ", ", ", ". ", " : ", "\n", "! ", " ? "]), min_size=14),
    st.sampled_from(LANGS),
)
def test_generated_lines_read_as_the_plain_reader_reads_them(pieces, gaps, lang):
    line = "".join(p + g for p, g in zip(pieces, gaps, strict=False))
    assert sms.sms_tokens.__wrapped__(line, lang) == _plain(line, lang)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="@:/.wWhtpsfrcomnegiuıİſKxXdD;=8^< -a", max_size=20))
def test_the_link_hint_holds_wherever_its_pattern_matches(text):
    if _OLD_LINK_HINT.search(text):
        assert sms._LINK_HINT.search(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=":;=8-'^o)(][dpPD3|/\\OxX<a1 \n_é", max_size=16))
def test_the_emoticons_are_found_where_the_plain_pattern_finds_them(text):
    spans = [m.span() for m in sms._EMOTICON.finditer(text)]
    assert spans == [m.span() for m in _OLD_EMOTICON.finditer(text)]


def test_ignorecase_matches_no_letter_the_link_hint_leaves_out():
    letters = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    odd = {
        c
        for c in map(chr, range(sys.maxunicode + 1))
        if c not in letters and re.fullmatch("[a-z]", c, re.I)
    }
    assert all(sms._LINK_HINT.search(f".{c}{c}") for c in odd), odd
