"""What a simulated customer hears in one candidate line, read once per text.

The same line is read twice (the command plans the mood, the fold books the lines) and
several readers look at it (cues, speech acts, SMS language, register), so the reading is
one frozen record, cached by text and language: the second read costs a dictionary look-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from omnisim.engine import phrases
from omnisim.language import sms_tokens
from omnisim.language.acts import acts, small_talk
from omnisim.language.markers import register
from omnisim.language.match import is_question

# A line rude in the ways the jury grades (omnisim/language/markers.py) is rude to the
# customer too, whether or not acts.py knows its wording.
RUDE_REGISTER = frozenset({"aggressiveness", "deflection", "blame"})
SMS_TOKENS = 2  # SMS tokens that make a line hard to read, whatever its length


@dataclass(frozen=True)
class Heard:
    cues: frozenset[str]  # phrases.CUES found
    acts: frozenset[str]  # omnisim.language.acts.ACTS performed
    asked: tuple[str, ...]  # phrases.ASKED items the line asks for
    question: bool
    sms: tuple[str, ...]  # SMS-language tokens (the detector the jury's measure uses)
    familiar: bool  # familiarity: « tu », « salut », « ouais »…
    small_talk: tuple[frozenset[str], ...]  # small-talk subjects raised (weather, sport…)
    words: int

    @property
    def unreadable(self) -> bool:
        """Written in SMS language: not one odd spelling (« colour »), most of the line."""
        return len(self.sms) >= SMS_TOKENS or len(self.sms) * 2 >= max(self.words, 1)

    @property
    def asking(self) -> bool:
        """A question, or a request (« donnez-moi… », « svp »)."""
        return self.question or "request" in self.cues

    @property
    def rude(self) -> bool:
        return "rude" in self.acts


@lru_cache(maxsize=4096)
def sms(text: str, lang: str) -> tuple[str, ...]:
    """The line's SMS-language tokens, read once for the tone and the reaction alike."""
    return sms_tokens(text, lang)


@lru_cache(maxsize=4096)
def hear(text: str, lang: str) -> Heard:
    lang = lang if lang in phrases.LANGS else "fr"
    style = register(text, lang)
    done = acts(text, lang)
    if RUDE_REGISTER.intersection(style):
        done |= {"rude"}
    cues = phrases.cues(text, lang)
    return Heard(
        cues=cues,
        acts=done,
        asked=phrases.asked(text, lang) if any(c.startswith("ask_") for c in cues) else (),
        question=is_question(text),
        sms=sms(text, lang),
        familiar="familiarity" in style,
        small_talk=small_talk(text, lang),
        words=len(text.split()),
    )


# Read at import (the app's start-up), never inside a live session's first reply.
for _preloaded in phrases.LANGS:
    acts("", _preloaded)
    small_talk("", _preloaded)
    register("", _preloaded)
