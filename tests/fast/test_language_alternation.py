"""A phrase family run through only the alternatives the text leaves possible matches exactly
what the full alternation matches (omnisim/language/alternation.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language.alternation import Alternation, leading_literals
from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.sentiment import _families

SETS = Path(__file__).resolve().parents[2] / "evalsets" / "language"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bje comprends\b", {"je comprends"}),
        (r"(?<!si )\bje comprends(?! pas)", {"je comprends"}),
        (r"\b(on|vous|il) (m|me)'?avait", {"on", "vous", "il"}),
        (r"\b(je suis|nous sommes) (vraiment )?desole", {"je suis", "nous sommes"}),
        (r"ab?c", {"a"}),
        (r"(?:x(?:yz|w))", {"x"}),
    ],
)
def test_the_leading_literals_every_match_begins_with(pattern, expected):
    assert leading_literals(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"[ab]c", r"\d+ fois", r"a?b", r"(a|)b", r"(a|\d)b", r"(?i)abc", r"(?i:ab)c", r".{0,4}x", ""],
)
def test_no_literal_is_claimed_when_a_match_may_begin_otherwise(pattern):
    assert leading_literals(pattern) is None


def family_alternations() -> list[tuple[str, Alternation]]:
    found = []
    for lang in ("fr", "en"):
        families = _families(lang)
        found += [(f"{lang}:{name}", alt) for name, alt in families.patterns.items()]
        found.append((f"{lang}:not_trouble", families.not_trouble))
    return found


def corpus() -> list[str]:
    texts = []
    for name in ("sentiment_dev.csv", "sentiment_holdout.csv", "sms_dev.csv", "sms_holdout.csv"):
        with (SETS / name).open(encoding="utf-8", newline="") as handle:
            texts += [row["text"] for row in csv.DictReader(handle)]
    return [fold(t) for t in texts]


def same(alt: Alternation, text: str) -> None:
    assert [m.span() for m in alt.finditer(text)] == [m.span() for m in alt.full.finditer(text)]
    assert len(alt.findall(text)) == len(alt.full.findall(text))
    assert alt.sub(" ", text) == alt.full.sub(" ", text)
    ours, full = alt.search(text), alt.full.search(text)
    assert (ours and ours.span()) == (full and full.span())


@pytest.mark.parametrize(("name", "alt"), family_alternations(), ids=lambda v: str(v)[:20])
def test_every_family_matches_the_labelled_sets_as_its_full_alternation(name, alt):
    texts = corpus()
    assert len(texts) > 500
    for text in texts:
        same(alt, text)


def vocabulary() -> list[str]:
    """Words the families begin with, and a few they do not: texts where many alternatives
    are possible at once, overlapping, next to each other."""
    words = {"ne", "pas", "jamais", "plus", "rien", "merci", "vraiment", "encore", "deux", "3"}
    for _name, alt in family_alternations():
        for anchors in alt.anchors:
            words |= set(anchors or ())
    for lang in ("fr", "en"):
        for items in data_yaml(f"contact_centre_{lang}.yaml").get("families", {}).values():
            for item in items:
                words |= {w for w in item.replace("\\b", " ").split() if w.isalpha()}
    return sorted(words)


WORDS = vocabulary()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=14),
    st.sampled_from([" ", " ", ", ", "'", ". "]),
)
def test_every_family_matches_generated_lines_as_its_full_alternation(words, glue):
    text = glue.join(words)
    for _name, alt in family_alternations():
        same(alt, text)


def test_a_line_runs_through_few_of_a_large_family():
    complaint = _families("fr").patterns["complaint"]
    narrowed = complaint.pattern_for(fold("Bien reçu, je regarde votre dossier."))
    assert len(narrowed.pattern) < len(complaint.full.pattern) / 3
