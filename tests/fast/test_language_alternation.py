"""A phrase family run through only the alternatives the text leaves possible, each compiled
on its own and merged, matches exactly what the full alternation matches
(omnisim/language/alternation.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language.alternation import Alternation, Vocabulary, required_literals
from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.sentiment import _families

SETS = Path(__file__).resolve().parents[2] / "evalsets" / "language"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\bje comprends\b", {"je comprends"}),
        (r"(?<!si )\bje comprends(?! pas)", {"je comprends"}),
        (r"\b(on|vous|il) (m|me)'?avait", {"avait"}),
        (r"\b(je suis|nous sommes) (vraiment )?desole", {"je suis", "nous sommes"}),
        (r"ab?c", {"a"}),
        (r"(?:x(?:yz|w))", {"x"}),
        (r"\b(deuxieme|\d+e) fois\b", {" fois"}),
        (r"\b(deux|trois|\d+) (appels|relances)\b", {"appels", "relances"}),
        (r"^(please )?(don't|do not|never) \w+", {"don't", "do not", "never"}),
        (r"(a+b){2}", {"a"}),
        (r"(?>abc)d", {"abc"}),
    ],
)
def test_the_literals_every_match_contains(pattern, expected):
    assert required_literals(pattern) == expected


@pytest.mark.parametrize(
    "pattern",
    [r"[ab]c?", r"\d+", r"a?b?", r"(a|)b?", r"(a|\d)", r"(?i)abc", r"(?i:ab)", r".{0,4}", ""],
)
def test_no_literal_is_claimed_when_a_match_may_go_without(pattern):
    assert required_literals(pattern) is None


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
        for needs in alt.needs:
            words |= set(needs or ())
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
    assert len(complaint.items) > 80
    assert len(complaint.possible(fold("Bien reçu, je regarde votre dossier."))) < 5
    assert complaint.possible(fold("C'est la troisième fois que j'appelle !"))


def test_every_alternative_of_the_families_is_narrowed():
    """An alternative no literal can be read from would be run on every line."""
    for name, alt in family_alternations():
        assert not alt.whole, name
        assert len(alt.always) <= 1, (name, [alt.items[i] for i in alt.always])


@pytest.mark.parametrize(
    ("items", "text"),
    [
        ([r"\bab", r"\babc", r"b"], "xab abc b ab"),
        ([r"c\b", r"abc", r"ab"], "abc abcabc ab"),
        ([r"a(b)", r"(a)(b)c"], "ab abc"),
        ([r"(?<=x)ab", r"ab"], "xab ab"),
        ([r"a\w+", r"\w+b"], "aab bb ab"),
    ],
)
def test_the_merge_follows_the_alternation_order_and_positions(items, text):
    words = Vocabulary()
    alt = Alternation(items, words)
    same(alt, text)
    assert [m.group(0) for m in alt.finditer(text)] == [m.group(0) for m in alt.full.finditer(text)]


def test_a_family_added_later_is_scanned_too():
    words = Vocabulary()
    first = Alternation([r"\bmerci\b"], words)
    assert first.search("merci bien")
    second = Alternation([r"\bbien\b"], words)  # the automaton is rebuilt
    assert second.search("merci bien") and first.search("merci bien")


def test_a_family_that_may_match_empty_runs_in_full():
    alt = Alternation([r"a*", r"b"], Vocabulary())
    assert alt.whole
    same(alt, "aab b")


def test_an_alternative_runs_only_where_the_text_holds_each_of_its_literal_sets():
    """« vous » alone leaves « vous (exagerez|criez) » impossible: the other set is missing."""
    alt = Alternation([r"\bvous (exagerez|criez)\b", r"\bmerci\b"], Vocabulary())
    assert alt.possible("vous avez raison") == ()
    assert alt.possible("vous criez, merci") == (0, 1)
    assert alt.possible("vous avez crie") == ()
    for text in ("vous avez raison", "vous criez, merci", "criez vous", "vous  criez"):
        same(alt, text)


def test_a_blame_alternative_is_not_run_on_a_line_that_only_says_vous():
    blame = _families("fr").patterns["blame"]
    assert not blame.possible(fold("Je vous rappelle demain matin avec votre dossier."))
