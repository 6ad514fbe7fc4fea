"""Which of their facts a candidate's question asks for, in the candidate's own words.

A deck's ``ask`` keywords are its author's guess at a wording (« quels lots »); a candidate
asks « Vous avez les numéros de ces lots ? » or « C'est quelle clinique ? ». A person hears
what the question is about: the fact named by its own words (its keywords, then its answer),
the rarer a word among the deck's facts the surer (« numéro » names many facts, « lots » one),
the head of an answer before its details (« La clinique du Parc » over « Le fax de la
clinique »). Only a question that asks is read so, never one that restates (answers.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from omnisim.deck import Deck
from omnisim.deck.key import Fact
from omnisim.deck.model import Contact
from omnisim.engine.voice import PerContact
from omnisim.language.markers import asks, possessive, word_list
from omnisim.language.match import Stems, normalise, word_set

_WORD = re.compile(r"[a-z0-9]+")

TOPIC_LETTERS = 4  # shorter words (« est », « bien », « a ») name no topic
ASK_WEIGHT = 2.0  # a word of the deck's own keywords names its fact more surely than its answer
# Interrogatives left in place (« elle a commencé quel jour », « c'est pour quand ») that
# make a clause ask; « qui », « où », « quand » only at its end, as they also relate.
IN_SITU = frozenset({"quel", "quelle", "quels", "quelles", "combien", "lequel", "laquelle"})
IN_SITU_LAST = frozenset({"quand", "ou", "qui", "quoi", "comment", "combien"})


def asks_in_place(clause: str, lang: str) -> bool:
    """A clause asking with its interrogative left in place, spoken French's usual way."""
    if lang != "fr":
        return False
    words = ordered_words(clause)
    return bool(IN_SITU.intersection(words)) or bool(words and words[-1] in IN_SITU_LAST)


# A yes/no question about what they have or know asks for it (« Vous avez les numéros de ces
# lots ? », « Vous pouvez me donner… »); « ça vous va ? » puts something to them instead, and
# « vous avez bien reçu… ? » checks (CHECKING).
ASKING_VERBS = frozenset({"avez", "auriez", "connaissez", "savez", "pouvez", "pourriez"})
ASKING_VERBS_EN = frozenset({"have", "know", "can", "could"})
LEAD_WORDS = 3
CHECKING = frozenset({"bien", "deja", "already"})
LINKS = frozenset({"et", "mais", "alors", "puis", "and", "but", "so", "then"})


def asks_for(question: str, lang: str) -> bool:
    """A question that asks for something: by an interrogative, up front (« qu'est-ce qui »)
    or in place, or by a verb of having or knowing among its first words; not one opening on
    their own thing (« Votre chaudière est en panne ? » restates)."""
    if possessive(question, lang):
        return False
    words = ordered_words(question)
    while words and words[0] in LINKS:  # « Et qu'est-ce qui… », « Et quel… »
        words = words[1:]
    up_front = words[:1] == ["qu"] or bool(words and words[0] in word_list(lang, "interrogatives"))
    if up_front or asks(question, lang) or asks_in_place(question, lang):
        return True
    verbs = ASKING_VERBS if lang == "fr" else ASKING_VERBS_EN
    lead = words[: LEAD_WORDS + 1]
    return not verbs.isdisjoint(lead[:LEAD_WORDS]) and CHECKING.isdisjoint(lead)


def topic_words(text: str, lang: str) -> tuple[str, ...]:
    """The words of ``text`` that say what it is about, in their order."""
    stop = _stop(lang)
    seen: dict[str, None] = {}
    for raw in _WORD.findall(normalise(text)):
        if len(raw) >= TOPIC_LETTERS and raw not in stop:
            w = _STEMMED(raw)
            if w not in stop:
                seen.setdefault(w, None)
    return tuple(seen)


# Verbs and adverbs of every topic, beside the language's function words.
NO_TOPIC = frozenset(
    [
        "etes",
        "etait",
        "etaient",
        "sera",
        "serait",
        "avait",
        "aurait",
        "fait",
        "faire",
        "vers",
        "tres",
        "bien",
        "aussi",
        "deja",
        "encore",
        "were",
        "been",
        "would",
        "could",
        "should",
        "very",
        "also",
        "already",
    ]
)


@cache
def _stop(lang: str) -> frozenset[str]:
    return word_list(lang, "function_words") | word_list(lang, "interrogatives") | NO_TOPIC


def ordered_words(text: str) -> list[str]:
    """The words of ``text`` as match.word_set reads them, in their order."""
    return list(map(_STEMMED, _WORD.findall(normalise(text))))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word[-1] in "sx" else word


_STEMMED = Stems(_stem).__getitem__  # each word's, kept (match.Stems)


@dataclass(frozen=True)
class Topic:
    fact: Fact
    ask: frozenset[str]  # the words of its keywords
    answer: tuple[str, ...]  # the words of its answer, in order


@dataclass(frozen=True)
class Topics:
    """A contact's facts by what they are about, with each word's weight in the deck."""

    topics: tuple[Topic, ...]
    weight: dict[str, float]
    vocabulary: frozenset[str]  # every word of theirs: a line with none asks for no fact


def _topics(deck: Deck, contact: Contact) -> Topics:
    lang = contact.customer.language or deck.language
    lang = lang if lang in ("fr", "en") else "fr"

    def of(fact: Fact) -> Topic:
        ask = frozenset(w for phrase in fact.ask for w in topic_words(phrase, lang))
        return Topic(fact, ask, topic_words(fact.answer, lang))

    every = [of(f) for c in deck.contacts for f in c.facts]
    counts: dict[str, int] = {}
    for t in every:
        for w in t.ask | set(t.answer):
            counts[w] = counts.get(w, 0) + 1
    own = tuple(of(f) for f in contact.facts)
    vocabulary = frozenset(w for t in own for w in (*t.ask, *t.answer))
    return Topics(own, {w: 1 / n for w, n in counts.items()}, vocabulary)


def may_ask(deck: Deck, contact: Contact, text: str) -> bool:
    """Whether ``text`` holds a word of any of their facts (``text`` read as the strict
    match reads it, from its cache): the one look most lines need."""
    return not _read(deck, contact).vocabulary.isdisjoint(word_set(text))


_read = PerContact(_topics)


def _ask_index(deck: Deck, contact: Contact) -> dict[str, tuple[tuple[int, frozenset[str]], ...]]:
    """The phrases of the facts' ``ask``, each under one of its words (its longest: the
    rarest, likely), with its fact's place in ``contact.facts`` and all its words."""
    index: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for n, fact in enumerate(contact.facts):
        for phrase in fact.ask:
            wanted = word_set(phrase)
            if wanted:
                index.setdefault(max(wanted, key=lambda w: (len(w), w)), []).append((n, wanted))
    return {word: tuple(phrases) for word, phrases in index.items()}


_asks = PerContact(_ask_index)


def keyed(deck: Deck, contact: Contact, text: str) -> frozenset[int]:
    """The places in ``contact.facts`` of the facts asked with the deck's words: one of whose
    ``ask`` phrases ``text`` holds every word of (match.matches_any(text, fact.ask)). One look
    for every fact: only the phrases filed under a word of the line are tried, not every
    phrase of every fact at every line."""
    words, index = word_set(text), _asks(deck, contact)
    return frozenset(
        n for w in words.intersection(index) for n, wanted in index[w] if wanted <= words
    )


def fact_asked(
    deck: Deck, contact: Contact, question: str, lang: str, skip: frozenset[str] = frozenset()
) -> Fact | None:
    """The fact ``question`` is most about, leaving out the facts ``skip`` names, or None
    when it names none. Facts waiting on another (``after``) are left to the caller."""
    said = set(topic_words(question, lang))
    if not said:
        return None
    read = _read(deck, contact)
    best: tuple[tuple[float, int, int], Fact] | None = None
    for n, t in enumerate(read.topics):
        if t.fact.id in skip:
            continue
        shared = said & (t.ask | set(t.answer))
        if not shared:
            continue
        score = sum(read.weight.get(w, 1.0) * (ASK_WEIGHT if w in t.ask else 1.0) for w in shared)
        head = min((t.answer.index(w) for w in shared if w in t.answer), default=-1)
        key = (score, -head, -n)
        if best is None or key > best[0]:
            best = (key, t.fact)
    return best[1] if best else None
