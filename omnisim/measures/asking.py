"""Whether the candidate asked a script step or an expected fact, in their own words.

A deck's author writes a step's key words (« quand signalé »); a real candidate asks « les
dates auxquelles vous l'avez signalée », « Il a d'autres symptômes ? », « Ça remonte à
quand ? », « Combien de comprimés ? » (the subject of the answer), or confirms what the file
holds by a closed question (« Votre numéro, c'est toujours le 06 88 25 41 73 ? », « C'est bien
pour Praline, votre labrador ? »; CQP C.1.5 « questions binaires »). And a step whose answer the
customer gave before being asked needs no asking: CP FFP C3 « déroule le script de
questionnement et l'adapte en fonction des réponses formulées par l'appelant »; the reason of
the contact is what the customer's first line says.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from omnisim.deck.key import Fact
from omnisim.language.markers import (
    content_words,
    identification_words,
    interrogative_equivalents,
    reason_words,
)
from omnisim.language.match import is_question, matches_any, normalise
from omnisim.language.questions import by_interrogative
from omnisim.language.substance import carries, identifiers, root
from omnisim.projection.workspace import ContactView, Line

_WORD = re.compile(r"[a-z0-9]+")
# Two words of one family share their first letters (« disponible », « disponibilités »;
# « signalée », « signalement »): six letters, fewer would join « contrat » and « contrôle ».
FAMILY_PREFIX = 6
MIN_CONFIRMED = 2  # words of the file's value a closed question gives back to confirm it


def _tokens(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def _words(text: str) -> set[str]:
    return {root(w) for w in _tokens(text)}


# A participle in « -ant » and its verb's forms (« gênant » / « gêne », « dérangeant » /
# « dérangez »): one family, often shorter than FAMILY_PREFIX letters (round 19).
_VERB_ENDINGS = ("", "e", "es", "ez", "ent", "er")  # root() may take the e off
MIN_VERB_STEM = 3


def _participle_of(word: str, other: str) -> bool:
    stem = word[:-3] if word.endswith("ant") else ""
    stem = stem[:-1] if stem.endswith("ge") else stem  # « dérangeant »: the e keeps the g soft
    return len(stem) >= MIN_VERB_STEM and any(other == stem + e for e in _VERB_ENDINGS)


def _kin(word: str, other: str) -> bool:
    """The same word, or two words of one family."""
    if word == other or _participle_of(word, other) or _participle_of(other, word):
        return True
    n = FAMILY_PREFIX
    return len(word) >= n and len(other) >= n and word[:n] == other[:n]


def _within(wanted: Iterable[str], have: set[str]) -> bool:
    return all(any(_kin(w, h) for h in have) for w in wanted)


def _shared(left: Iterable[str], right: set[str]) -> set[str]:
    return {w for w in left if any(_kin(w, h) for h in right)}


def _otherwise(line: str, phrase: str, lang: str, bare: bool = True) -> bool:
    """A question on what the phrase names: its words in any form (« signalée » for
    « signalé », « disponible » for « disponibilités ») with or without its interrogative
    (« Il a des allergies ? » asks « quelles allergies »); a bare interrogative (« depuis
    quand ») by one of its equivalents or by its own interrogative word (« Ça remonte à
    quand ? »)."""
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
    if wanted and _within(wanted, have):
        if asked is None or bare:
            return True
        return any(_words(alt) <= have for alt in table[asked])
    if wanted or asked is None:
        return False
    # A bare interrogative is asked by an expression of several words (« combien de temps »)
    # or by its own last word (« quand »): another single word (« date ») is in too many
    # other questions.
    head = asked.split()[-1]
    alternatives = [a for a in table[asked] if " " in a] + [head]
    return any(_words(alt) <= have for alt in alternatives)


def _base(word: str) -> str:
    """A word without its endings, both sides alike (« gris » is folded as a plural by
    content_words, « grise » is not): « gris », « grise », « grises » → « gri »."""
    while len(word) > 3 and word[-1] in "esx":
        word = word[:-1]
    return word


def _roots(text: str, lang: str) -> set[str]:
    return {_base(w) for w in content_words(text, lang)}


def _confirms(line: str, fact: Fact | None, lang: str) -> bool:
    """A closed question carrying the value the file holds: a number or a reference, or
    words of it (« Praline, votre labrador ? » for « Praline, ma labrador de 3 ans »): at
    least MIN_CONFIRMED of them and half of what the value says."""
    if fact is None or not fact.answer or not is_question(line):
        return False
    answer = normalise(fact.answer)
    if (identifiers(set(answer.split())) or "@" in answer) and carries(line, fact.answer, lang):
        return True
    wanted = _roots(fact.answer, lang)
    given = _shared(wanted, _roots(line, lang))
    return len(given) >= max(MIN_CONFIRMED, math.ceil(len(wanted) / 2))


def told_from_file(line: str, fact: Fact | None, record: str, lang: str) -> bool:
    """A statement telling the customer the value their file holds (« Je vois l'os Strong XL
    de votre commande du 28 mai » for « L'os Strong XL, … commandé fin mai »): half the
    value's words at least, MIN_CONFIRMED of them read in ``record`` (the customer's file:
    its notes, its history). Told, the value is heard and can be corrected, as one confirmed
    by a closed question is (:func:`_confirms`; CCS-RC C3 « Conduire un échange », CP FFP
    « l'adapte en fonction des réponses »); words the file does not hold are a guess."""
    if fact is None or not fact.answer or not record or is_question(line):
        return False
    wanted = _roots(fact.answer, lang)
    given = _shared(wanted, _roots(line, lang))
    if len(given) < max(MIN_CONFIRMED, math.ceil(len(wanted) / 2)):
        return False
    return len(_shared(given, _roots(record, lang))) >= MIN_CONFIRMED


def _on_subject(line: str, fact: Fact | None, others: Iterable[Fact], lang: str) -> bool:
    """A question on the subject of the answer (« Combien de comprimés ? » where the answer
    is comprimés; « D'autres signes, à part qu'il tremble ? »): it names a word of the answer
    that no other fact of the contact holds."""
    if fact is None or not fact.answer or not is_question(line):
        return False
    common: set[str] = set()
    for other in others:
        if other.id != fact.id:
            common |= _roots(other.answer, lang)
    # A name inside the answer (« Durand, Chloé Durand ») is a value to confirm (_confirms),
    # not a subject: « Madame Durand, c'est bien cela ? » does not ask the name.
    names: set[str] = set()
    for token in re.findall(r"[\w'-]+", fact.answer)[1:]:
        if token[:1].isupper():
            names |= _roots(token, lang)
    own = {w for w in _roots(fact.answer, lang) if not _shared([w], common | names)}
    own = {w for w in own if not any(ch.isdigit() for ch in w)}  # a number is a value to confirm
    return bool(_shared(own, _roots(line, lang)))


def asks(
    line: Line,
    phrases: tuple[str, ...],
    fact: Fact | None,
    lang: str,
    others: Iterable[Fact] = (),
) -> bool:
    """``line`` asks what ``phrases`` name (a script step's or a fact's ``ask``); ``others``
    are the contact's facts, so a word they share with ``fact`` names none of them."""
    if matches_any(line.text, phrases) or matches_any(line.text, by_interrogative(phrases, lang)):
        return True  # « votre adresse » is asked by « à quelle adresse ? » as well
    # Without its interrogative (« Il a des allergies ? »), a step's words ask it unless the
    # line asks another fact by all of its words (« Votre numéro de compte ? » is not « quel
    # numéro »).
    facts = [f for f in others if fact is None or f.id != fact.id]
    bare = not any(_otherwise(line.text, p, lang) for f in facts for p in f.ask)
    if any(_otherwise(line.text, p, lang, bare) for p in phrases):
        return True
    return _confirms(line.text, fact, lang) or _on_subject(line.text, fact, others, lang)


def only_confirms(line: Line, phrases: tuple[str, ...], fact: Fact | None, lang: str) -> bool:
    """``line`` covers the step only by confirming the value the file holds (« C'est bien
    Oslo, votre beagle ? », « Vous êtes bien au contrat AP-7781 ? »): the answer came from the
    file, not from a question in the script's turn (one that asks it with its interrogative)."""
    if not _confirms(line.text, fact, lang):
        return False
    return not matches_any(line.text, phrases) and not any(
        _otherwise(line.text, p, lang, bare=False) for p in phrases
    )


def _opening(c: ContactView) -> list[Line]:
    """What the customer said before the candidate said anything (the first line, an
    e-mail's body)."""
    first = min((ln.seq for ln in c.candidate_lines), default=None)
    return [ln for ln in c.lines if ln.actor != "candidate" and (first is None or ln.seq < first)]


def _a_reason(phrases: Iterable[str], lang: str) -> bool:
    """The step asks the reason of the contact (« motif consultation », « raison »)."""
    words = reason_words(lang)
    return any(w in words for p in phrases for w in _tokens(p))


def reason_written(c: ContactView, fact: Fact | None, lang: str, written: bool) -> bool:
    """The reason of a written message (a complaint, an e-mail) given in its body, in the
    customer's own words: the body names MIN_CONFIRMED words of the key's answer (« coupé …
    vendredi … payée » for « Coupure vendredi … alors que j'avais payé »). Issue 26 item 2:
    what the customer wrote has been heard, restated or not; one word (« votre facture ») does
    not say why, and a call's or a chat's first line is a start the customer can go on from."""
    if not written or fact is None or not fact.answer or not _a_reason(fact.ask, lang):
        return False
    body: set[str] = set()
    for ln in _opening(c):
        body |= _roots(ln.text, lang)
    return len(_shared(_roots(fact.answer, lang), body)) >= MIN_CONFIRMED


def identifies(phrases: Iterable[str], fact: Fact | None, lang: str) -> bool:
    """The step asks an identification (« numéro commande », « votre nom »): a reference the
    file needs, asked when the candidate needs it, not a question of the need's funnel."""
    words = identification_words(lang)
    return any(w in words for p in [*phrases, *(fact.ask if fact else ())] for w in _tokens(p))


def volunteered(
    c: ContactView,
    fact: Fact | None,
    lang: str,
    phrases: Iterable[str] = (),
    anywhere: bool = False,
) -> bool:
    """The customer gave ``fact`` before the candidate said anything (``anywhere``: at any
    point, unasked, while answering something else): a step that asks it again would make
    them repeat. A step on the reason of the contact is given by a first line naming its
    subject (« le vaccin de ma chienne » for « son rappel de vaccin annuel ») that the
    candidate takes up (« pour son rappel annuel ? »): a reason never come back to was
    skipped, not adapted to."""
    if fact is None or not fact.answer:
        return False
    theirs = [ln for ln in c.lines if ln.actor != "candidate"] if anywhere else _opening(c)
    if any(carries(ln.text, fact.answer, lang) for ln in theirs):
        return True
    said = _opening(c)
    if not _a_reason([*phrases, *fact.ask], lang):
        return False
    subject = _roots(fact.answer, lang)
    named: set[str] = set()
    for ln in said:
        named |= _shared(subject, _roots(ln.text, lang))
    return any(_shared(named, _roots(ln.text, lang)) for ln in c.candidate_lines)
