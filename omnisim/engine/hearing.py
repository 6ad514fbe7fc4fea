"""What a simulated customer hears in one candidate line: the line's one reading.

The same line is read twice (the command plans the mood, the fold books the lines) and
several readers look at it (the tone: sentiment, markers, SMS language; the reaction: cues,
speech acts, register), so the reading is one record, cached by text and language, shared
by the mood (customer.tone_shift) and the reaction (customer.respond): the second read costs
a dictionary look-up. Each part is read when first asked for: a question about a fact is
answered without anyone looking for small talk in it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, Generic, TypeVar, overload

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import phrases
from omnisim.engine.voice import PerContact
from omnisim.language import Sentiment, sentiment, sms_tokens
from omnisim.language.acts import act_families, performs, small_talk
from omnisim.language.alternation import vocabulary
from omnisim.language.lexicon import fold
from omnisim.language.markers import markers_among, register
from omnisim.language.match import is_question, word_set

# A line rude in the ways the jury grades (omnisim/language/markers.py) is rude to the
# customer too, whether or not acts.py knows its wording.
RUDE_REGISTER = frozenset({"aggressiveness", "deflection", "blame"})
SMS_TOKENS = 2  # SMS tokens that make a line hard to read, whatever its length
# The cues that ask for something of the customer's card or time (phrases.ASKED).
ASKING_CUES = frozenset(c for c in phrases.CUES if c.startswith("ask_"))

T = TypeVar("T")


class once(Generic[T]):  # noqa: N801 - read as a decorator, like cached_property
    """``functools.cached_property`` without its lock: Python 3.11 takes a lock shared by
    every instance on each first read, about a microsecond, paid for several parts of every
    line (the readings are pure: two threads reading one at once would find the same)."""

    def __init__(self, read: Callable[[Any], T]) -> None:
        self.read, self.name = read, read.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> once[T]: ...
    @overload
    def __get__(self, obj: object, owner: type | None = None) -> T: ...
    def __get__(self, obj: object, owner: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.read(obj)  # read from the instance from now on
        return value


class Heard:
    """One candidate line as a customer hears it, each part read once, when first asked."""

    def __init__(self, text: str, lang: str) -> None:
        self.text, self.lang = text, lang
        self.words = len(text.split())
        self._markers: dict[frozenset[str], tuple[str, ...]] = {}

    @once
    def cues(self) -> frozenset[str]:
        """The phrases.CUES found."""
        return phrases.cues(self.text, self.lang)

    @once
    def asked(self) -> tuple[str, ...]:
        """The phrases.ASKED items the line asks for."""
        if ASKING_CUES.isdisjoint(self.cues):
            return ()
        return phrases.asked(self.text, self.lang, self.families)

    @once
    def question(self) -> bool:
        return is_question(self.text)

    @once
    def sms(self) -> tuple[str, ...]:
        """SMS-language tokens (the detector the jury's measure uses)."""
        return sms(self.text, self.lang)

    @once
    def sentiment(self) -> Sentiment:
        """The tone of the line, read as an agent's (omnisim.language.sentiment)."""
        return sentiment(self.text, self.lang, speaker="agent")

    def markers(self, names: frozenset[str]) -> tuple[str, ...]:
        """The expected formulas of ``names`` in it, in markers' order (the mood weighs six:
        the others are not looked for), read once per set of names."""
        found = self._markers.get(names)
        if found is None:
            found = self._markers[names] = markers_among(self.text, self.lang, names)
        return found

    @once
    def folded(self) -> str:
        return fold(self.text)

    @once
    def families(self) -> int:
        """The phrase families of its language the line may match, as bits (one automaton
        pass: alternation.Vocabulary.families); a family whose bit is off is never asked."""
        return vocabulary(self.lang).families(self.folded)

    def does(self, act: str) -> bool:
        """Whether the line performs ``act`` (omnisim.language.acts.ACTS), as acts.performs
        reads it, from the line's bits and fold (most lines ask four acts, none of which its
        bits leave possible: a dictionary read and a test each)."""
        family = act_families(self.lang)[act]
        return bool(self.families & family.bit) and family.matches(self.folded)

    @property
    def unreadable(self) -> bool:
        """Written in SMS language: not one odd spelling (« colour »), most of the line."""
        return len(self.sms) >= SMS_TOKENS or len(self.sms) * 2 >= max(self.words, 1)

    @once  # asked several times a line (the reaction, its manners, the answers)
    def asking(self) -> bool:
        """A question, or a request (« donnez-moi… », « svp »)."""
        return self.question or "request" in self.cues

    @once
    def rude(self) -> bool:
        """An insult or a dismissal aimed at them (omnisim/language/acts.py)."""
        return self.does("rude")

    @property
    def faulty(self) -> bool:
        """A fault of register the jury grades (aggressiveness, deflection, blame: markers.py),
        read only of a line that says nothing about the request (manners.py)."""
        return bool(RUDE_REGISTER.intersection(register(self.text, self.lang)))

    @property
    def familiar(self) -> bool:
        """Familiarity: « tu », « salut », « ouais »…"""
        return "familiarity" in register(self.text, self.lang)

    def strays(self, deck: Deck, contact: Contact) -> bool:
        """Small talk (weather, sport, holidays…) on something that is not part of their
        request: a « vacances » in a request about a holiday booking is no small talk."""
        subjects = small_talk(self.text, self.lang)
        if not subjects:
            return False
        own = _own_words(deck, contact)
        return any(not subject <= own for subject in subjects)


def sms(text: str, lang: str) -> tuple[str, ...]:
    """The line's SMS-language tokens, read once for the tone and the reaction alike (the
    reading is kept by sms_tokens)."""
    return sms_tokens(text, lang)


@lru_cache(maxsize=4096)
def hear(text: str, lang: str) -> Heard:
    return Heard(text, lang if lang in phrases.LANGS else "fr")


def _words_of(deck: Deck, contact: Contact) -> frozenset[str]:
    texts = [contact.opening, contact.subject, *contact.awaits, *contact.replies]
    texts += [part for f in contact.facts for part in (f.answer, *f.ask)]
    return frozenset(w for t in texts for w in word_set(t))


_own_words = PerContact(_words_of)  # the words of the contact's own texts

# Read at import (the app's start-up), never inside a live session's first reply.
for _preloaded in phrases.LANGS:
    performs("", "rude", _preloaded)
    small_talk("", _preloaded)
    register("", _preloaded)
