"""The tone's shortcuts (language/sentiment.py, alternation.py) against their plain reading:
the emoji moods of a line skipped when it holds no emoji's first character (its characters
all below the lowest non-ASCII one: accented letters, « ’ », « € »); checked on every
emoji of the data file, the evaluation sets' lines and generated lines."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.language.lexicon import data_yaml
from tests.fast.test_reading_once import LINES

_sentiment = sys.modules["omnisim.language.sentiment"]


def _plain_moods(text: str) -> dict[str, int]:
    pattern, mood, *_ = _sentiment._emoji()
    counts = {"positive": 0, "negative": 0, "irony": 0}
    for found in pattern.findall(text):
        counts[mood[found]] += 1
    return counts


_EMOJI = [str(e) for items in data_yaml("emoji.yaml").values() for e in items]


def test_the_emoji_moods_skip_only_lines_without_emoji():
    texts = LINES + [f"ok {e} merci" for e in _EMOJI] + _EMOJI + [e[1:] for e in _EMOJI]
    assert [t for t in texts if _sentiment._emoji_moods(t) != _plain_moods(t)] == []
    assert any(_plain_moods(t) != _plain_moods("") for t in texts)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_EMOJI, "merci", " ", ":", "-", ")", "(", ">", "é", "’", "€", "\u2727"]),
        max_size=8,
    )
)
def test_generated_lines_have_the_plain_emoji_moods(pieces):
    text = "".join(pieces)
    assert _sentiment._emoji_moods(text) == _plain_moods(text)
