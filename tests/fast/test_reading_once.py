"""A candidate line is read once: one record shared by the mood and the reaction
(engine/hearing.py), its phrase families found by one automaton pass per language, each
family deciding its possible alternatives from the literals found (language/alternation.py).
What that machinery finds must be what the plain per-phrase matchers find, on every phrase of
the data files and on the evaluation sets' lines."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim import events as ev
from omnisim.engine import customer, phrases
from omnisim.engine.hearing import hear
from omnisim.language import acts, lexicon, marker_family, proposals, steps
from omnisim.language.alternation import Alternation
from omnisim.language.lexicon import data_yaml, fold
from omnisim.language.literals import literals_of, parsed, requires_of
from omnisim.language.markers import _patterns as marker_patterns
from omnisim.language.markers import markers as all_markers
from omnisim.language.markers import markers_among
from omnisim.language.sentiment import _families
from omnisim.scenario.check import load_deck
from tests.fast.customer_sim import Sim

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("fr", "en")


def _lines() -> list[str]:
    """Every sixth line of the language evaluation sets (a few hundred, both languages)."""
    found = []
    for path in sorted((ROOT / "evalsets" / "language").glob("*.csv")):
        with path.open(encoding="utf-8") as f:
            found += [row["text"] for row in csv.DictReader(f)]
    return found[::6]


LINES = _lines()


def _plain(patterns: list[str]) -> re.Pattern[str]:
    """The plain matcher: the phrases as one regular expression, longest first."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!x)x")


def _whole_word(phrase: str) -> str:
    return rf"(?<![\w']){re.escape(phrase)}(?![\w'])"


def _phrase_families() -> list[tuple[str, Alternation, list[str]]]:
    """(name, compiled family, its phrases as plain whole-word patterns), for every family of
    literal phrases in the data files."""
    out = []
    for lang in LANGS:
        data = data_yaml(f"markers_{lang}.yaml")
        for name, family in marker_patterns(lang).items():
            out.append((f"markers_{lang}.{name}", family, [fold(str(p)) for p in data[name]]))
        for name in marker_family.READ_ALONE:
            phrases_ = [fold(str(p)) for p in data.get(name, [])]
            out.append((f"markers_{lang}.{name}", marker_family.family(lang, name), phrases_))
        cues = phrases._data(lang)["cues"]
        for name, family in phrases._patterns(lang).items():
            out.append((f"conversation_{lang}.{name}", family, [fold(p) for p in cues[name]]))
        centre = data_yaml(f"contact_centre_{lang}.yaml")
        out.append((f"contact_centre_{lang}.phrases", lexicon.phrase_table(lang)[0], []))
        out[-1][2].extend(fold(p) for p in centre.get("phrases", {}))
        families = _families(lang)
        for name in ("politeness", "thanks", "contrast"):
            said = [fold(str(w)) for w in centre.get(name, [])]
            out.append((f"contact_centre_{lang}.{name}", getattr(families, name), said))
    return out


FAMILIES = _phrase_families()


@pytest.mark.parametrize(("name", "family", "said"), FAMILIES, ids=[f[0] for f in FAMILIES])
def test_a_phrase_family_finds_what_its_phrases_find_one_by_one(name, family, said):
    said = sorted({p for p in said if p}, key=len, reverse=True)
    assert said, name
    plain = _plain([_whole_word(p) for p in said])
    one_by_one = [re.compile(_whole_word(p)) for p in said]
    texts = [*said, *(f"alors {p} merci" for p in said), *(f"x{p}" for p in said[:20])]
    texts += [fold(line) for line in LINES]
    for text in texts:
        assert family.findall(text) == plain.findall(text), (name, text)
        assert family.sub(" ", text) == plain.sub(" ", text), (name, text)
        found = family.search(text)
        assert (found is not None) == any(p.search(text) for p in one_by_one), (name, text)
        if found is not None:
            assert found.span() == plain.search(text).span(), (name, text)  # type: ignore[union-attr]


def test_small_talk_finds_what_its_plural_free_phrases_find():
    for lang in LANGS:
        family = acts._small_talk(lang)
        said = {acts._plural_free(str(p)) for p in data_yaml(f"acts_{lang}.yaml")["small_talk"]}
        plain = _plain([rf"(?<![\w']){p}(?![\w'])" for p in sorted(said, key=len, reverse=True)])
        texts = [fold(str(p)) for p in data_yaml(f"acts_{lang}.yaml")["small_talk"]]
        texts += [f"et {t}s alors" for t in texts] + [fold(line) for line in LINES]
        for text in texts:
            assert family.findall(text) == plain.findall(text), (lang, text)


def _pattern_families() -> list[tuple[str, Alternation]]:
    out = []
    for lang in LANGS:
        out += [(f"sentiment_{lang}.{n}", f) for n, f in _families(lang).patterns.items()]
        out += [(f"acts_{lang}.{n}", f) for n, f in acts._families(lang).items()]
    return out


PATTERNS = _pattern_families()


@pytest.mark.parametrize(("name", "family"), PATTERNS, ids=[p[0] for p in PATTERNS])
def test_a_family_decides_its_possible_alternatives_as_each_literal_set_says(name, family):
    """The alternatives a text leaves possible (decided once per set of literals found, and
    kept) are those a string of each of whose literal sets is in the text; the matches are
    the full alternation's."""
    requires = [requires_of(t, literals_of(t)) for t in map(parsed, family.items)]
    for line in LINES:
        text = fold(line)
        expected = tuple(
            i
            for i, sets in enumerate(requires)
            if family.whole or sets is None or all(any(w in text for w in s) for s in sets)
        )
        if not family.whole:
            assert family.possible(text) == expected, (name, text)
        assert family.findall(text) == [m.group(0) for m in family.full.finditer(text)]
        assert family.sub(" ", text) == family.full.sub(" ", text), (name, text)


_PIECES = st.lists(
    st.sampled_from(
        [
            "mais",
            "Mais",
            "-je",
            "j'",
            "l’",
            "vous",
            "Œuvre",
            "é",
            "e\u0301",
            "‼",
            "?",
            "!",
            ".",
            ",",
            ";",
            ":",
            "\n",
            " ",
            "  ",
            "ß",
            "ﬁ",
            "9h30",
            "1.5",
            "x",
            "'",
            "-",
            "remboursement",
            "pas",
            "possible",
            "demain",
        ]
    ),
    max_size=14,
)


@settings(max_examples=300, deadline=None)
@given(_PIECES)
def test_the_fold_of_a_clause_is_a_piece_of_the_fold_of_its_line(pieces):
    """What Alternation.absent rests on: a family the whole line rules out matches none of
    its clauses or sentences."""
    line = "".join(pieces)
    folded = fold(line)
    for piece in [*proposals._CLAUSE.split(line), *steps._SENTENCE.split(line)]:
        assert fold(piece) in folded, (line, piece)


def test_a_family_absent_from_a_line_is_absent_from_each_of_its_clauses():
    for lang in LANGS:
        for name in ("remedy_refused", "customer_redirected", "hand_on", "commitment"):
            family = marker_family.family(lang, name)
            for line in LINES:
                if family.absent(fold(line)):
                    pieces = proposals._CLAUSE.split(line) + steps.sentences(line)
                    assert not any(family.search(fold(p)) for p in pieces), (name, line)


def test_the_mood_and_the_reaction_read_one_record():
    deck = load_deck(ROOT / "tests" / "decks" / "conversing")
    sim = Sim(deck)
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    contact, c = deck.contact("appel"), sim.engine.state.contacts["appel"]
    text = "Je suis vraiment désolée pour l'attente, je vérifie votre dossier tout de suite."
    hear.cache_clear()
    delta, score, _ = customer.tone_shift(text, "de")  # read as French, as the reaction reads it
    heard = hear(text, "fr")
    assert {"sentiment", "sms"} <= vars(heard).keys()
    assert score == heard.sentiment.score
    assert "apology" in heard._markers[customer.BONUS_MARKERS]  # read by the mood, kept
    customer.respond(deck, contact, c, text, deck.seed, channel="phone")
    info = hear.cache_info()
    assert (info.misses, info.currsize) == (1, 1)  # one reading, whoever asked
    assert delta > 0


@pytest.mark.parametrize("names", [customer.BONUS_MARKERS, frozenset({"summary", "greeting"})])
def test_the_markers_of_a_few_names_are_those_of_all_markers_among_them(names):
    """The mood looks for six markers only (markers_among): on every line the same found, in
    the same order, as the sixteen read whole."""
    for line in LINES:
        for lang in ("fr", "en"):
            whole = all_markers(line, lang)
            among = markers_among(line, lang, names)
            assert among == tuple(m for m in whole if m in names), (line, lang)


def test_a_family_opens_on_the_rarest_set_of_an_alternative():
    """« vous » (a fifth of the words of a chat) opened the « rude » act on 86 % of chat lines
    where its alternatives need « vous » and a rarer word: the rarer word opens it now (the
    possible alternatives are unchanged: test_a_family_decides_its_possible_alternatives…)."""
    rude = acts._families("fr")["rude"]
    line = fold("Je vous rappelle demain matin avec votre dossier, vous serez informé.")
    assert not rude.words.families(line) & rude.bit
    assert rude.words.families(fold("Vous êtes nul.")) & rude.bit
