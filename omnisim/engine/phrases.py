"""The simulated customers' stock phrases, as data (``data/conversation_<lang>.yaml``).

Two halves per language: ``cues`` (what the candidate says: a greeting, a recap, an
apology, a question about the customer's name or file number…) and ``lines`` (the
customer's stock answers: greeting back, confirming a recap, a goodbye, varied
evasions…). A deck's own lines always come first; these are what a real customer
would say when the deck is silent. Matching folds case, accents and apostrophes and
wants whole words (as omnisim/language/markers.py does). A customer never says the same
line twice in one conversation: :func:`pick` leaves out what they already said, and gives
nothing once every variant has been.
"""

from __future__ import annotations

import functools
import operator
import re
import zlib
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache, reduce
from importlib import resources
from typing import Any

import ahocorasick
import yaml

from omnisim.language.alternation import Alternation, vocabulary
from omnisim.language.lexicon import fold
from omnisim.language.marker_family import family
from omnisim.language.markers import says_when
from omnisim.language.proposals import DECLINING, declines
from omnisim.language.steps import defers_decision, hands_on_vaguely

LANGS = ("fr", "en")
CUES = (
    "greeting",
    "goodbye",
    "thanks",
    "recap",
    "recap_weak",
    "satisfaction",
    "offer_help",
    "next_step",
    "vague_step",
    "request",
    "ask_reference",
    "ask_email",
    "ask_phone",
    "ask_address",
    "ask_company",
    "ask_name",
    "apology",
    "empathy",
    "wait",
    "say_again",
    "line_check",
    "ask_availability",
)
LINES = (
    "sale_convinced",
    "sale_addon_yes",
    "sale_addon_no",
    "greet_back",
    "greet_again",
    "restate",
    "restate_plain",
    "restate_again",
    "say_again",
    "say_again_plain",
    "line_check",
    "callback",
    "goodbye",
    "welcome",
    "acknowledge",
    "name",
    "phone",
    "email",
    "reference",
    "address",
    "company",
    "company_none",
    "identity_unknown",
    "recap_confirm",
    "recap_deny",
    "recap_deny_plain",
    "recap_missing",
    "recap_missing_plain",
    "satisfied",
    "unsatisfied",
    "evasive",
    "evasive_last",
    "repeat",
    "repeat_plain",
    "why_channel",
    "deadline_complaint",
    "apology",
    "empathy",
    "offended",
    "sms",
    "familiar",
    "off_topic",
    "wait",
    "agree",
    "refused",
    "availability",
)
# Families a customer draws from while upset (mood below zero), and once a family is worn
# out (every variant said), when the data has them.
UPSET = "_upset"
AGAIN = "_again"
# The identity questions in the order they are tried: "numéro de dossier" before "numéro",
# « le nom de votre société » before « votre nom ».
IDENTITY = ("reference", "email", "phone", "address", "company", "name")
# What a question may ask of the customer, tried in this order on what earlier ones left:
# "quand puis-je vous joindre ?" asks when, not the number ("où vous joindre ?").
ASKED = ("availability", *IDENTITY)


def _lang(lang: str) -> str:
    return lang if lang in LANGS else "fr"


@cache
def _data(lang: str) -> dict[str, Any]:
    text = (
        resources.files("omnisim.engine")
        .joinpath("data")
        .joinpath(f"conversation_{lang}.yaml")
        .read_text(encoding="utf-8")
    )
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    missing = [f"cues.{n}" for n in CUES if not data["cues"].get(n)]
    missing += [f"lines.{n}" for n in LINES if not data["lines"].get(n)]
    if missing:
        raise ValueError(f"conversation_{lang}.yaml lacks {', '.join(missing)}")
    return data


@cache
def _patterns(lang: str) -> dict[str, Alternation]:
    """Each cue family as one alternation (to find where a phrase stands: see :func:`asked`)."""
    cues = _data(lang)["cues"]
    return {
        name: Alternation.of_phrases((fold(p) for p in cues[name]), vocabulary(lang))
        for name in CUES
    }


_WORD = re.compile(r"[^ -]+|-")  # folded words, a hyphen standing apart: re-bonjour


@cache
def _phrases(lang: str) -> tuple[Any, Callable[[int], frozenset[str]]]:
    """Every cue phrase as its words, each word between spaces (« ␣re␣-␣bonjour␣ »), in one
    automaton whose value is the bits of the cue names of the phrase (1 << its index in
    CUES): a text's words, joined the same way, are read in one pass for every cue, a phrase
    found only where its words stand whole and in a row (a word holds no space). Beside it,
    the names of a set of bits (worked out once per set, kept)."""
    names: dict[str, int] = {}
    for bit, name in enumerate(CUES):
        for phrase in {fold(p) for p in _data(lang)["cues"][name]} - {""}:
            key = _spaced(_WORD.findall(phrase))
            names[key] = names.get(key, 0) | 1 << bit
    automaton = ahocorasick.Automaton()
    for key, cue_bits in names.items():
        automaton.add_word(key, cue_bits)
    automaton.make_automaton()
    return automaton, _Named()


class _Named(dict[int, frozenset[str]]):
    """Bits of CUES -> their names, each set worked out when first met."""

    def __missing__(self, bits: int) -> frozenset[str]:
        named = self[bits] = frozenset(n for i, n in enumerate(CUES) if bits >> i & 1)
        return named

    def __call__(self, bits: int) -> frozenset[str]:
        return self[bits]


def _spaced(words: list[str]) -> str:
    return f" {' '.join(words)} "


def cues(text: str, lang: str) -> frozenset[str]:
    """The cue names (see CUES) found in a candidate's message: phrases found word for word,
    every cue in one automaton pass over the text's words (a regular expression per family
    ran each family over the whole text, for every line). The folded text is its words
    between single spaces, a hyphen only inside a word: its words as the automaton's keys
    are spaced (« re - bonjour ») are the fold with each hyphen spaced. Each phrase's value
    is its cues' bits, ORed over the hits, read back as one kept set of names."""
    folded = fold(text)
    if not folded:
        return frozenset()
    automaton, named = _phrases(_lang(lang))
    return named(
        reduce(operator.or_, map(_VALUE, automaton.iter(f" {folded.replace('-', ' - ')} ")), 0)
    )


_VALUE = operator.itemgetter(1)  # an automaton hit (end, value): its cues' bits


def asked(text: str, lang: str, families: int | None = None) -> tuple[str, ...]:
    """What a message asks of the customer's card or time (see ASKED), each once, in order.
    ``families``: the text's families, already read (hearing.Heard.families), or None."""
    folded = fold(text)
    lang = _lang(lang)
    table, words = _patterns(lang), vocabulary(lang)
    # The families the text may match: the others are not asked.
    bits = words.families(folded) if families is None else families
    found = []
    for item in ASKED:
        pattern = table[f"ask_{item}"]
        if bits & pattern.bit and pattern.matches(folded):
            found.append(item)
            folded = pattern.sub(" ", folded)
            bits = words.families(folded)
    return tuple(found)


# A time of day (« 14 h », « 9h30 », "3 pm"): what a promise needs to be a step, in its own
# clause (« je vais regarder, vous êtes opérée demain ? » promises nothing for tomorrow).
_TIME = re.compile(r"\b\d{1,2}\s?(?:h|heures?|am|pm)\b|\b\d{1,2}:\d{2}\b", re.IGNORECASE)
_CLAUSE = re.compile(r"[.,;:!?\n]")


def withheld(text: str, lang: str, awaits: Sequence[str] = (), families: int | None = None) -> bool:
    """``text`` leaves the request to someone's decision with no when (« avant la décision de
    notre responsable, à qui je transmets votre dossier »): a remedy it names is not given;
    nor when it refuses the remedy, sends the customer to a third party or guarantees an
    outcome on the candidate's word (language/proposals.py, MC ACVD C1.4, round 15). A line
    none of whose families can withhold (its scan: Vocabulary.families, or ``families`` when
    already read: hearing.Heard.families) is not read further."""
    lang = _lang(lang)
    if families is None:
        families = vocabulary(lang).families(fold(text))
    if not families & _withholding(lang):
        return False
    return defers_decision(text, lang) or bool(declines(text, lang, awaits))


@cache
def _withholding(lang: str) -> int:
    """The bits of the families without one of which nothing is withheld: a deferral, a
    guarantee, a refused remedy, a customer sent elsewhere (steps.py, proposals.py)."""
    names = ("deferral", "guarantee", *DECLINING)
    return functools.reduce(operator.or_, (family(lang, name).bit for name in names))


def concrete_step(text: str, lang: str, found: frozenset[str]) -> bool:
    """A next step announced, beside any vague promise (« je vais vous aider », « on reviendra
    vers vous », "I'll see what I can do"): a promise alone does nothing about the request,
    unless it says when (« on revient vers vous demain avant midi »). ``found``: the text's
    cues, already read (the text is read again only when it holds a vague promise). A request
    passed on without when or who (« je transmets votre demande au service concerné qui
    reviendra vers vous »), or to someone who is to decide with no when (« à notre responsable
    qualité, qui statuera sur la suite à donner »), is no next step either: the measures read it
    so (language/steps.py, MC ACVD C1.4, rounds 13 and 14), and the calmed line would thank a
    proposal nobody made."""
    if "next_step" in found and hands_on_vaguely(text, lang):
        return False
    if "vague_step" not in found:
        return "next_step" in found
    rest = _patterns(_lang(lang))["vague_step"].sub(" ", fold(text))
    if "next_step" in cues(rest, lang):
        return True
    return any(
        "vague_step" in cues(part, lang) and (says_when(part, lang) or bool(_TIME.search(part)))
        for part in _CLAUSE.split(text)
    )


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def variants(lang: str, family: str, **values: str) -> tuple[str, ...]:
    """The lines of ``family``, filled with ``values`` (a name, a phone, a fact's gist…)."""
    return tuple(v.format_map(_Values(values)) for v in _data(_lang(lang))["lines"][family])


def mood_family(lang: str, family: str, upset: bool) -> str:
    """``family``, or its upset variant when the customer is upset and the data has one."""
    if upset and f"{family}{UPSET}" in _data(_lang(lang))["lines"]:
        return f"{family}{UPSET}"
    return family


@cache
def wordings(lang: str, family: str, upset: bool) -> tuple[str, ...]:
    """The families to draw ``family``'s line from, in order: its mood's, then ``_again``."""
    again = f"{family}{AGAIN}"
    later = (again,) if again in _data(_lang(lang))["lines"] else ()
    return (mood_family(lang, family, upset), *later)


def said_key(text: str) -> str:
    """What makes two lines the same line: words and question marks, not case or commas."""
    return fold(text)


ECHO_WORDS = 4  # a line of this many words inside another is that line said again


def new(line: str, said: Collection[str]) -> bool:
    """Whether ``line`` says something other than the lines in ``said`` (their said_key): not
    one of them, not one of them inside it, nor inside one of them (« Ce n'est pas grave. »
    after « Ça arrive, ce n'est pas grave. »)."""
    key = said_key(line)
    if key in said:
        return False
    padded = f" {key} "
    long_key = len(key.split()) >= ECHO_WORDS
    for old in said:  # only a shorter line can be inside this one, only a longer one hold it
        if len(old) < len(key):
            if f" {old} " in padded and len(old.split()) >= ECHO_WORDS:
                return False
        elif long_key and padded in f" {old} ":
            return False
    return True


def pick(lang: str, family: str, key: str, avoid: Collection[str] = (), **values: str) -> str:
    """One variant of ``family``, drawn from ``key`` (seeded), none repeating a line of
    ``avoid`` (said keys, see :func:`new`); "" when every variant would. The draw picks where
    to start, the next fresh variant in the family's order is taken."""
    return choose(lang, family, key, avoid, filler(values))


def filler(values: Mapping[str, str]) -> Mapping[str, str]:
    """``values`` as the lines are filled from them: a value missing fills as ""."""
    return _Values(values)


def choose(
    lang: str, family: str, key: str, avoid: Collection[str], filled: Mapping[str, str]
) -> str:
    """:func:`pick` with its values already a :func:`filler` (a customer's, built once per
    contact: engine/voice.py), not gathered into a new one for every line said."""
    lines = _data(_lang(lang))["lines"][family]
    start = zlib.crc32(key.encode()) % len(lines)  # stable across runs and cheap
    for i in range(len(lines)):
        line = str(lines[(start + i) % len(lines)]).format_map(filled)
        if new(line, avoid):
            return line
    return ""


def channel_name(lang: str, channel: str) -> str:
    return str(_data(_lang(lang))["channels"].get(channel, channel))


# Read at import (the app's start-up), never inside a live session's first reply.
for _preloaded in LANGS:
    _patterns(_preloaded)
    _phrases(_preloaded)
