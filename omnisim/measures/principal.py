"""Answering in the principal's name: CQP C.1.1 « Se présenter au nom du donneur d'ordres au
téléphone », C.1.4 « respect des phrases d'accueil prédéfinies »; MC ACVD C1.1 « conformes aux
procédures en vigueur dans l'entreprise »; CP FFP « Le candidat accueille ».

The desk shows each contact's principal and line before pick-up (omnisim/deck/model.py
``Deck.line``), so the greeting can name the right one. Naming another principal of the deck
(« Menuiseries Garnier, bonjour » on a doctor's emergency line) is a fault of its own,
whatever the other conversations show; leaving the principal out is judged as a habit.

An internal contact (a colleague, a manager, the principal's own staff collecting messages)
knows whom it called: answering it by name or in the team's own name is the right greeting
(C.1.1 « Répondre au donneur d'ordres ou au correspondant identifié »), so it is never held
against the habit; greeted in the principal's name all the same, it shows the habit.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace

from omnisim.deck.model import Principal
from omnisim.i18n import Text
from omnisim.language.lexicon import fold
from omnisim.language.markers import organisation_words
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.exchange import internal
from omnisim.measures.habit import habit
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

OPENING_LINES = 2  # the greeting is in the first two things the candidate says or writes


def _words(p: Principal, lang: str) -> frozenset[str]:
    return organisation_words(p.name, p.greeting, lang=lang)


def _proper(p: Principal, lang: str) -> frozenset[str]:
    """The principal's own names: the words capitalised after the first of its name or
    greeting (« Perrin », « Vauban »), not its trade (« médecin généraliste »)."""
    capitalised = {
        fold(word)
        for text in (p.name, p.greeting)
        for word in re.findall(r"[\w'-]+", text)[1:]
        if word[:1].isupper()
    }
    return _words(p, lang) & frozenset(capitalised)


def _own_names(ctx: MeasureContext, p: Principal, lang: str) -> frozenset[str]:
    """The words of the principal's name that say which one it is: on a desk answering for
    several, its trade (the words of its sector: « clinique vétérinaire », « avocats ») names
    none of them (CQP C.1.1 « Se présenter au nom du donneur d'ordres », round 20's jury:
    « Cabinet d'avocats bonjour ! » on a plateau that serves three). A name made only of its
    trade stays its name."""
    words = _words(p, lang)
    if len(ctx.deck.principals) < 2:
        return words
    trade = frozenset(re.findall(r"\w+", fold(p.sector)))
    return frozenset(w for w in words if not _of_trade(w, trade)) or words


_ELIDED = re.compile(r"^\w{1,2}'")  # « d'architecture », « l'office »
FAMILY_PREFIX = 5  # letters two words of one family share at the least (« naval », « navale »)
FAMILY_ENDING = 2  # … and at most this many more letters of the shorter one may differ


def _of_trade(word: str, trade: frozenset[str]) -> bool:
    """The word is one of the sector's, or of its family: « notarial » for « notariat »,
    « comptable » for « comptabilité », « d'architecture » for « architecte » (round 22: the
    littoral jury refuses « Office notarial bonjour » on a desk serving three principals).
    Two words are of one family when they share their first letters, all of the shorter but
    its last two, and at least five."""
    word = _ELIDED.sub("", word)
    for other in trade:
        shared = len(os.path.commonprefix((word, other)))
        if shared >= max(FAMILY_PREFIX, min(len(word), len(other)) - FAMILY_ENDING):
            return True
    return False


# A sentence that greets: there, a trade word names the principal answered for (« Imagerie
# Vauban, bonjour » on the physiotherapist's line); elsewhere it is the talk's (« une ordonnance
# de votre médecin »), round 18.
_GREETS = re.compile(r"\b(bonjour|bonsoir|allo|hello|good (morning|afternoon|evening))\b")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+")


def _principal_of(ctx: MeasureContext, c: ContactView) -> Principal | None:
    """The principal the contact is for (not an SMS: a text message is not greeted)."""
    if c.channel == "sms":
        return None
    contact = ctx.contact(c)
    return ctx.deck.principal(contact.principal) if contact else None


def _named(
    ctx: MeasureContext, c: ContactView, right: Principal
) -> tuple[Line | None, list[tuple[Line, Principal]]]:
    """The opening line naming the right principal, and the lines naming another one instead."""
    lang = ctx.lang_of(c)
    mine = _words(right, lang)
    names = _own_names(ctx, right, lang)
    caller = set(fold(c.customer).split())  # « Madame Martin » names the caller, not a firm
    wrong: list[tuple[Line, Principal]] = []
    for line in c.candidate_lines[:OPENING_LINES]:
        said = set(fold(line.text).split())
        if names & said:
            return line, []
        greeting: set[str] = set()
        for sentence in _SENTENCE.split(line.text):
            if _GREETS.search(fold(sentence)):
                greeting |= set(fold(sentence).split())
        for other in ctx.deck.principals:
            if other.id == right.id:
                continue
            if ((_proper(other, lang) - mine - caller) & said) or (
                (_words(other, lang) - mine - caller) & greeting
            ):
                wrong.append((line, other))
                break
    return None, wrong


def says_own_name(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line`` says the proper name of the principal the contact is for, as the principal is
    usually called: « Garage Besson » for « Garage Besson et Fils, mécanique générale »,
    « Chantier Le Berre » for « Chantier naval Le Berre » (CP FFP C1 « Le candidat se
    présente », MC ACVD C1.1 « Se présenter et présenter la société »: who answers is the
    company by its name, round 11). Its own names only — capitalised words after the first of
    its name or greeting, none of the sector's on a shared desk (:func:`_own_names`) — so the
    trade alone (« Garage, bonjour ») names no company; nor does the caller's own surname
    (« Bonjour Monsieur Fontaine »)."""
    right = _principal_of(ctx, c)
    if right is None:
        return False
    lang = ctx.lang_of(c)
    own = _proper(right, lang) & _own_names(ctx, right, lang)
    caller = set(fold(c.customer).split())
    return bool((own - caller) & set(fold(line.text).split()))


def principal_named(ctx: MeasureContext) -> MeasureResult:
    """Each conversation's opening names the principal it is answered for, as a habit
    (omnisim/measures/habit.py); any opening naming another principal fails."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    wrongly = False
    for c in ctx.conversations():
        right = _principal_of(ctx, c)
        if right is None:
            continue
        hit, wrong = _named(ctx, c, right)
        if hit is None and internal(ctx, c):
            continue
        items[c.id] = hit is not None
        if hit is not None:
            good.append(ev_of(hit, Text("note.quote", contact=c.id, text=hit.text[:80])))
        elif wrong:
            wrongly = True
            for line, other in wrong:
                note = Text(
                    "note.principal_wrong", contact=c.id, named=other.name, expected=right.name
                )
                bad.append(ev_of(line, note))
        else:
            note = Text("note.principal_missing", contact=c.id, expected=right.name)
            bad.append(ev_of(c.candidate_lines[0], note))
    result = habit("principal_named", items, bad, good)
    return replace(result, passed=False) if wrongly and result.passed is not None else result
