"""The customer's reaction reads a line once and pays no fixed cost per line it need not
(round 30): each cheaper path is checked against the plain one it replaced, on every phrase of
the data files, the evaluation lines and generated lines (accents, apostrophes, hyphens, SMS
spellings, phrases run together)."""

from __future__ import annotations

import random
import zlib
from functools import cached_property
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim import events as ev
from omnisim.engine import customer, phrases
from omnisim.engine.fold import SESSION_WIDE
from omnisim.engine.hearing import Heard, hear, once
from omnisim.engine.refused import ActionRefused
from omnisim.events.types import PAYLOADS
from omnisim.language.acts import performs
from omnisim.language.lexicon import fold
from omnisim.language.match import is_question
from omnisim.language.proposals import declines
from omnisim.language.steps import defers_decision
from omnisim.protocol import actions
from omnisim.scenario.check import load_deck
from tests.fast.customer_sim import Sim
from tests.fast.test_reading_once import LANGS, LINES

DECKS = Path(__file__).resolve().parents[1] / "decks"
_CUE_SAID = sorted(
    {str(p) for lang in LANGS for ps in phrases._data(lang)["cues"].values() for p in ps}
)
_PIECES = st.lists(
    st.one_of(
        st.sampled_from(_CUE_SAID),
        st.sampled_from([" ", "-", "é", "'", "’", "?", ".", ",", "s", "slt", "stp", "c koi"]),
    ),
    max_size=7,
)


def _texts(lang: str) -> list[str]:
    said = [str(p) for ps in phrases._data(lang)["cues"].values() for p in ps]
    glued = [f"{p} {q}" for p, q in zip(said, said[1:], strict=False)][:200]
    return [*said, *glued, *LINES]


def test_once_reads_a_part_once_then_from_the_instance():
    class Line:
        reads = 0

        @once
        def part(self) -> int:
            Line.reads += 1
            return 7

    line = Line()
    assert (line.part, line.part, Line.reads) == (7, 7, 1)
    assert line.__dict__["part"] == 7 and isinstance(Line.__dict__["part"], once)
    assert Line().part == 7 and Line.reads == 2  # each line its own reading


def test_the_line_record_reads_what_a_cached_property_record_read():
    class Plain(Heard):
        pass

    for name, value in vars(Heard).items():  # the same readers, under cached_property
        if isinstance(value, once):
            prop = cached_property(value.read)
            prop.__set_name__(Plain, name)
            setattr(Plain, name, prop)
    for lang in LANGS:
        for text in _texts(lang)[:400]:
            new, plain = Heard(text, lang), Plain(text, lang)
            parts = ("cues", "asked", "question", "sms", "families", "unreadable")
            assert [getattr(new, p) for p in parts] == [getattr(plain, p) for p in parts], text


@pytest.mark.parametrize("lang", LANGS)
def test_the_readers_given_the_line_s_bits_find_what_they_find_reading_them(lang):
    """phrases.withheld and phrases.asked given hearing.Heard.families, as the reaction gives
    them, say what they say reading the line's families themselves, and what the plain
    readers say."""
    awaits = ("un remboursement", "un avoir")
    for text in _texts(lang):
        bits = hear(text, lang).families
        plain = defers_decision(text, lang) or bool(declines(text, lang, awaits))
        assert phrases.withheld(text, lang, awaits, bits) == plain, text
        assert phrases.withheld(text, lang, awaits) == plain, text
        assert phrases.asked(text, lang, bits) == phrases.asked(text, lang), text
        heard = Heard(text, lang)
        expected = (
            phrases.asked(text, lang) if any(c.startswith("ask_") for c in heard.cues) else ()
        )
        assert heard.asked == expected, text


@settings(max_examples=200, deadline=None)
@given(_PIECES, st.sampled_from(LANGS))
def test_the_readers_given_bits_agree_on_generated_lines(pieces, lang):
    text = "".join(pieces)
    bits = Heard(text, lang).families
    assert phrases.withheld(text, lang, (), bits) == phrases.withheld(text, lang), text
    assert phrases.asked(text, lang, bits) == phrases.asked(text, lang), text


def _plain_pick(lang: str, family: str, key: str, avoid: set[str], **values: str) -> str:
    """phrases.pick as it was: its values gathered into a new mapping for every line."""
    lines = phrases._data(lang)["lines"][family]
    start = zlib.crc32(key.encode()) % len(lines)
    filled = phrases._Values(values)
    for i in range(len(lines)):
        line = str(lines[(start + i) % len(lines)]).format_map(filled)
        if phrases.new(line, avoid):
            return line
    return ""


@pytest.mark.parametrize("lang", LANGS)
def test_a_line_drawn_from_a_kept_filler_is_the_line_drawn_from_its_values(lang):
    values = {"name": "Mme Roux", "phone": "06 12 34 56 78", "topic": "", "reference": "A12"}
    filled = phrases.filler(values)
    rng = random.Random(30)
    for family in phrases._data(lang)["lines"]:
        said: set[str] = set()
        for n in range(6):
            key = f"{rng.randrange(10**6)}:appel:{n}:{family}"
            plain = _plain_pick(lang, family, key, said, **values, answer="lundi.")
            assert phrases.pick(lang, family, key, said, **values, answer="lundi.") == plain
            extra = phrases.filler({**values, "answer": "lundi."})
            assert phrases.choose(lang, family, key, said, extra) == plain
            if plain:
                said.add(phrases.said_key(plain))
        assert phrases.choose(lang, family, "k", set(), filled) == _plain_pick(
            lang, family, "k", set(), **values
        )
        for upset in (False, True):
            again = f"{family}{phrases.AGAIN}"
            later = (again,) if again in phrases._data(lang)["lines"] else ()
            plain_wordings = (phrases.mood_family(lang, family, upset), *later)
            assert phrases.wordings(lang, family, upset) == plain_wordings


def test_a_turn_s_thinking_time_is_the_seeded_draw_it_was():
    """The jitter is kept per (seed, contact, turn), for every candidate of an exam; the
    value is the draw from the seed's string, a seed 1.0 another string than 1."""

    class Contact:
        id, reply_delay = "appel", 8.0

    for seed in (0, 1, 42, 2**40, 1.0, True):
        for turn in range(40):
            plain = random.Random(f"{seed}:appel:{turn}").uniform(0.8, 1.2)
            for _ in range(2):  # drawn, then kept
                delay = customer.reply_delay(Contact(), seed, turn)  # type: ignore[arg-type]
                assert delay == round(8.0 * plain, 3), (seed, turn)


def test_the_cue_automaton_reads_the_fold_with_its_hyphens_spaced():
    """phrases.cues spaces the fold's hyphens instead of splitting it into words: the same
    string, since a fold holds words between single spaces and hyphens only inside words."""
    for lang in LANGS:
        for text in _texts(lang):
            folded = fold(text)
            words = phrases._WORD.findall(folded)
            assert f" {folded.replace('-', ' - ')} " == phrases._spaced(words), text


def test_no_event_is_two_of_the_kinds_the_fold_tells_apart():
    """Fold.apply sends what is not session-wide (fold.SESSION_WIDE, one isinstance) to its
    contact, and the contact's chain asks the line and the mood first: the same branch as
    before only while no payload class is another's subclass."""
    kinds = list(PAYLOADS.values())
    for kind in kinds:
        assert not [k for k in kinds if k is not kind and issubclass(kind, k)], kind
    assert all(k in kinds for k in SESSION_WIDE)


def test_a_line_enclosing_nothing_gathers_no_documents_and_one_enclosing_is_still_checked():
    sim = Sim(load_deck(DECKS / "conversing"))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.act(actions.Send("appel", "Bonjour madame, je vous écoute."))
    with pytest.raises(ActionRefused) as refused:
        sent = actions.Send("appel", "Voici", channel="email", subject="RE", attachments=("x.pdf",))
        sim.engine.act("candidate", sent)
    assert refused.value.field == "attachments[0]"  # not one the candidate holds


@pytest.mark.parametrize("lang", LANGS)
def test_rude_and_asking_are_read_once_as_the_plain_readers_read_them(lang):
    """Heard.rude and Heard.asking, asked several times a line, are kept on the record."""
    for text in [*LINES, "Vous êtes vraiment pénible.", "Donnez-moi votre numéro svp"]:
        heard = Heard(text, lang)
        plain_rude = performs(text, "rude", lang)
        plain_asking = is_question(text) or "request" in phrases.cues(text, lang)
        assert (heard.rude, heard.asking) == (plain_rude, plain_asking), text
        assert {"rude", "asking"} <= vars(heard).keys()
        assert (heard.rude, heard.asking) == (plain_rude, plain_asking), text
