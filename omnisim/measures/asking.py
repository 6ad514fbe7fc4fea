"""Whether the candidate asked a script step or an expected fact, in their own words.

A deck's author writes a step's key words (« quand signalé »); a real candidate asks « les
dates auxquelles vous l'avez signalée », or confirms what the file holds by a closed question
(« Votre numéro, c'est toujours le 06 88 25 41 73 ? », CQP C.1.5 « questions binaires »). And a
step whose answer the customer gave before being asked needs no asking: CP FFP C3 « déroule le
script de questionnement et l'adapte en fonction des réponses formulées par l'appelant ».
"""

from __future__ import annotations

import re

from omnisim.deck.model import Fact
from omnisim.language.markers import interrogative_equivalents
from omnisim.language.match import is_question, matches_any, normalise
from omnisim.language.substance import carries, identifiers, root
from omnisim.projection.workspace import ContactView, Line

_WORD = re.compile(r"[a-z0-9]+")


def _tokens(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _words(text: str) -> set[str]:
    return {root(w) for w in _tokens(text)}


def _otherwise(line: str, phrase: str, lang: str) -> bool:
    """The phrase's words in any form (« signalée » for « signalé »), its interrogative in any
    of its equivalents, in a question."""
    if not is_question(line):
        return False
    have = _words(line)
    folded = " ".join(_tokens(phrase))
    table = interrogative_equivalents(lang)
    asked = next(
        (e for e in sorted(table, key=len, reverse=True) if f" {e} " in f" {folded} "), None
    )
    rest = f" {folded} ".replace(f" {asked} ", " ") if asked else folded
    wanted = _words(rest)
    if not wanted <= have:
        return False
    if asked is None:
        return bool(wanted)
    # A bare interrogative (« depuis quand ») is asked by an expression of several words
    # (« combien de temps »): one word (« date ») is in too many other questions.
    alternatives = [a for a in table[asked] if wanted or " " in a]
    return any(_words(alt) <= have for alt in alternatives)


def _confirms(line: str, fact: Fact | None, lang: str) -> bool:
    """A closed question carrying the value the file holds: a number, a reference, an
    address to confirm (words without a digit or an @ are too loose to be a value)."""
    if fact is None or not fact.answer or not is_question(line):
        return False
    answer = normalise(fact.answer)
    if not identifiers(set(answer.split())) and "@" not in answer:
        return False
    return carries(line, fact.answer, lang)


def asks(line: Line, phrases: tuple[str, ...], fact: Fact | None, lang: str) -> bool:
    """``line`` asks what ``phrases`` name (a script step's or a fact's ``ask``)."""
    if matches_any(line.text, phrases):
        return True
    if any(_otherwise(line.text, p, lang) for p in phrases):
        return True
    return _confirms(line.text, fact, lang)


def volunteered(c: ContactView, fact: Fact | None, lang: str) -> bool:
    """The customer gave ``fact`` before the candidate said anything (the opening line, an
    e-mail's body): a step that asks it again would make them repeat."""
    if fact is None or not fact.answer:
        return False
    first = min((ln.seq for ln in c.candidate_lines), default=None)
    said = [ln for ln in c.lines if ln.actor != "candidate" and (first is None or ln.seq < first)]
    return any(carries(ln.text, fact.answer, lang) for ln in said)
