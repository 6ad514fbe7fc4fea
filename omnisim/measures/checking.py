"""Checking with the caller: satisfaction, information during searches, reformulation, the
motive validated, the synthesis and the validation question (CP FFP « s'assure de la
satisfaction », « maintient une information vers l'appelant pendant ses recherches »,
« reformule », « accueille et valide le motif », « fait une synthèse », « fait valider »).

Each is asked per conversation where it applies (omnisim/measures/habit.py); the structure of
the exchange (a restating question, a recap, a next step) is read in exchange.py.
"""

from __future__ import annotations

import re
from dataclasses import replace

from omnisim.deck.model import Contact, Deck
from omnisim.i18n import Text
from omnisim.language.aloud import asked_aloud, tagged_statements
from omnisim.language.hold_reason import gives_hold_reason
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words, leaves_to_consent, named_people, word_list
from omnisim.language.match import is_question, normalise
from omnisim.language.options import offers_choice
from omnisim.language.questions import offers_more, proposes, questions, talk_word
from omnisim.measures import echoes
from omnisim.measures.context import MeasureContext
from omnisim.measures.echoes import own_step, reads_back, tag_on_open_question
from omnisim.measures.exchange import (
    LIVE,
    asks_request,
    checks_with_caller,
    internal,
    recaps,
    request,
    restated_over_two,
    restates,
    restates_in_writing,
    said_before,
    settled_at_once,
)
from omnisim.measures.habit import ending, finds_marker, per_conversation
from omnisim.measures.owed import owed_or_shown
from omnisim.measures.result import MeasureResult
from omnisim.measures.searched import reads_back_shown, reports_done, searched_waiting, sorry_after
from omnisim.measures.synthesis import asked_back
from omnisim.measures.waiting import informs_about
from omnisim.measures.written_about import restates_about, restates_long_letter
from omnisim.projection.workspace import ContactView, Line

# Restating the request, validating the motive and having the solution checked are a habit
# over the conversations that call for them: from three on, one without it is a slip, as
# requests.py reads the applications (« two of three: a thin use, still a use »). The juries
# of the hand-written rounds grant the motive validated and the solution checked on two calls
# of three (hand_cqp_plateau_atlantique mixed, hand_mc_acvd_cycles mixed).
ONE_SLIP_FROM = 3


def _technique(result: MeasureResult) -> MeasureResult:
    """``result`` with a single slip forgiven from ONE_SLIP_FROM conversations on."""
    items: dict[str, bool] = result.value
    slips = sum(not done for done in items.values())
    if result.passed is False and len(items) >= ONE_SLIP_FROM and slips <= 1:
        return replace(result, passed=True)
    return result


def _everything(c: ContactView) -> list[Line]:
    return c.candidate_lines


def _finished_live(ctx: MeasureContext, c: ContactView) -> bool:
    return c.finished_here and c.channel in LIVE


def _request(ctx: MeasureContext, c: ContactView) -> bool:
    return request(ctx, c)


def _satisfaction(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A satisfaction formula anywhere, or at the end of the call a checking question on the
    outcome (« C'est fait : samedi 9 h. Ça vous convient comme ça ? ») or more help offered in
    one's own words (« Autre chose que je puisse faire pour vous ? »): a check on a slot
    mid-call, followed by more talk, checks the slot, not the caller's satisfaction."""
    said = finds_marker(_everything, "satisfaction_check")(ctx, c)
    said = said or finds_marker(ending, "validation_question")(ctx, c)
    lang = ctx.lang_of(c)
    end = _last_said(c)
    return said or next(
        (ln for ln in end if checks_with_caller(ln.text, lang) or offers_more(ln.text, lang)), None
    )


def _last_said(c: ContactView) -> list[Line]:
    """The end of the conversation on its own channel: a side e-mail sent from a chat (the
    form to sign) is not the chat's last word."""
    own = [ln for ln in c.candidate_lines if ln.channel == c.channel]
    last_customer = max((ln.seq for ln in c.lines if ln.actor != "candidate"), default=-1)
    return [ln for ln in own if ln.seq > last_customer] + [
        ln for ln in own[-2:] if ln.seq <= last_customer
    ]


def _caller_finished(ctx: MeasureContext, c: ContactView) -> bool:
    """A finished call with a customer: a colleague or the principal collecting messages
    (an internal contact) is no caller whose satisfaction is checked."""
    return _finished_live(ctx, c) and not internal(ctx, c)


def satisfaction_check(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "s'assure de la satisfaction de l'appelant": asked of a caller on the line."""
    return per_conversation(ctx, "satisfaction_check", _satisfaction, _caller_finished)


def _informed(ctx: MeasureContext, c: ContactView) -> Line | None:
    """An announced hold, or a search the caller was told about (:func:`informs_about`, or the
    file it showed read back, :func:`reads_back_shown`): a formula
    said in the greeting, before the caller talks and the candidate searches in silence,
    informs nobody."""
    lang = ctx.lang_of(c)  # a hold informs with its reason (« je consulte… »), not « je reviens »
    announced = next((h for h in c.holds if gives_hold_reason(h.announcement, lang)), None)
    if announced is not None:
        return Line(
            announced.start.seq, announced.start.sim, "candidate", c.channel, announced.announcement
        )
    moments = [h.start.seq for h in c.holds] + [op.at.seq for op in searched_waiting(ctx, c)]
    return next(
        (
            ln
            for at in moments
            if (ln := informs_about(ctx, c, at) or reads_back_shown(ctx, c, at)) is not None
            and not sorry_after(ctx, c, ln, at)
            and not reports_done(ctx, c, ln, at)
        ),
        None,
    )


def keep_informed(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "maintient une information vers l'appelant pendant ses recherches": only in
    conversations where the candidate searched (a look-up the caller waited through, a hold;
    no quick chat look-up, no booking of an accepted slot: searched.searched_waiting). Over
    the shift, a technique (round 18: juries grant it with one silent search in three)."""
    return _technique(
        per_conversation(
            ctx,
            "keep_informed",
            _informed,
            lambda ctx, c: bool(c.holds) or bool(searched_waiting(ctx, c)),
            Text("detail.no_search"),
        )
    )


def _reformulated(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A formula, a question giving back the customer's own words or details (after a search
    too: their file is theirs), a recap of what they said, a restatement over two lines, in a
    written reply a statement of what they wrote or of what it is about (written_about.py), or
    their answer read back as recorded."""
    marked = _marked_restatement(ctx, c)
    if marked is not None:
        return marked
    lang = ctx.lang_of(c)
    for line in c.candidate_lines:
        found = (restates, restates_in_writing, recaps, restates_about, restates_long_letter)
        aloud = replace(line, text=asked_aloud(line.text, lang))  # « …, c'est ça. » (round 21)
        if any(f(ctx, c, aloud) for f in found):
            return line
    restated = restated_over_two(ctx, c) or echoes.read_back_as_recorded(c, ctx.lang_of(c))
    return restated or echoes.grievance_given_back(ctx, c)


def _marked_restatement(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A reformulation formula, or the motive given back (« vous souhaitez déplacer… »)
    outside a conditional offer: « si vous voulez plus puissant, … » restates nothing, nor
    the candidate's own answer or a free choice (markers ``answer_clauses``)."""
    lang = ctx.lang_of(c)
    clauses = sorted(word_list(lang, "consent_clauses"), key=len, reverse=True)
    answers = sorted(word_list(lang, "answer_clauses"), key=len, reverse=True)
    for said in c.candidate_lines:
        # « …, c'est ça. » typed with a stop is the question it was aloud (round 21).
        aloud = replace(said, text=asked_aloud(said.text, lang))
        # « donc vous devriez l'avoir jeudi », « passez quand vous voulez »: the candidate's
        # own answer, or a free choice, gives nothing back (round 16, cycles weak).
        text = normalise(aloud.text)
        for clause in answers:
            text = re.sub(rf"(?<![\w']){re.escape(clause)}(?![\w'])", " ", text)
        line = aloud if text == normalise(aloud.text) else replace(aloud, text=text)
        found = set(ctx.markers(c, line))
        if "reformulation" in found and not tag_on_open_question(ctx, c, line):
            return said
        if "reason_validation" not in found:
            continue
        text = echoes.empty_motive_out(echoes.open_questions_out(line.text, lang), lang)
        text = normalise(text)
        for clause in clauses:
            text = re.sub(rf"\b{re.escape(clause)}\b", " ", text)
        if "reason_validation" in ctx.markers(c, replace(line, text=text)):
            return said
    return None


def to_reformulate(deck: Deck, contact: Contact, channel: str) -> bool:
    """A customer's request, in a conversation or an e-mail that answers it in the
    candidate's own words: not an SMS (a one-off confirmation), not a written contact whose
    reply the key wants on a letter template (the letter answers), not an internal contact
    (see ``request``), not an urgency or a refused confidential request
    (:func:`settled_at_once`). A call or a chat the customer brings, whose written
    confirmation is on a template, still has its caller on the line with their request: CP
    FFP C1 « accueille et valide le motif de l'appel », C3 « reformule », « fait valider » are
    asked of it (round 21); a call the candidate places to carry a template letter's errand
    (``to_place``) is the letter's, as before. ``channel``: the conversation's, switched or not
    (the scenario's coverage reads the deck's)."""
    letter = contact.key.template and (channel not in LIVE or contact.to_place)
    if channel == "sms" or letter:
        return False
    if settled_at_once(contact):
        return False  # an urgency sent on, a confidential request refused: nothing to restate
    return asks_request(deck, contact)


def live_to_reformulate(deck: Deck, contact: Contact, channel: str) -> bool:
    """:func:`to_reformulate` with a caller on the line (a call, a chat): the conversations
    whose motive is validated and whose solution is checked with the caller."""
    return channel in LIVE and to_reformulate(deck, contact, channel)


def _to_reformulate(ctx: MeasureContext, c: ContactView) -> bool:
    contact = ctx.contact(c)
    if contact is None:
        return c.channel != "sms" and request(ctx, c)
    return to_reformulate(ctx.deck, contact, c.channel)


def reformulation(ctx: MeasureContext) -> MeasureResult:
    """A formula ("Si je comprends bien…") or a restatement of what the customer said,
    wherever the customer brought a request there is something to reformulate in."""
    applies = owed_or_shown(_to_reformulate, _reformulated)
    return _technique(
        per_conversation(ctx, "reformulation", _reformulated, applies, Text("detail.no_request"))
    )


def _live_to_reformulate(ctx: MeasureContext, c: ContactView) -> bool:
    contact = ctx.contact(c)
    if contact is None:
        return c.channel in LIVE and _to_reformulate(ctx, c)
    return live_to_reformulate(ctx.deck, contact, c.channel)


# The customer's lines the motive is read in: the opening and the first answer (a caller greeted
# first gives the motive in their first line).
MOTIVE_LINES = 2


def _motive_taken_up(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The motive taken up in a few words with a word of agreement, as telesales veterans
    do (« Le vaccin, pas de problème », « Une fuite sous l'évier, d'accord Monsieur »): a
    statement (not a question) holding a word of the caller's motive, beside « pas de
    problème », « très bien »…; names, civilities and words of talk are no motive, so a bare
    « Pas de souci Madame Prost » validates nothing."""
    lang = ctx.lang_of(c)
    agreement = sorted(word_list(lang, "motive_agreement"), key=len, reverse=True)
    found = re.compile(r"(?<![\w'])(?:" + "|".join(map(re.escape, agreement)) + r")(?![\w'])")
    names = content_words(c.customer, lang) | word_list(lang, "civilities")
    for line in c.candidate_lines:
        motive: set[str] = set()
        for said in said_before(c, line)[:MOTIVE_LINES]:
            motive |= content_words(said.text, lang)
        motive -= names
        for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
            if is_question(sentence) or not found.search(fold(sentence)):
                continue
            # « D'accord, je vous passe le service des prises en charge »: the motive's words in
            # the step the candidate announces name a service, they take up nothing; unless the
            # step is the taking in charge itself (« je vais m'occuper de votre transfert »).
            taken = ", ".join(
                x for x in sentence.split(",") if not own_step(x, lang) or found.search(fold(x))
            )
            own = content_words(taken, lang) - named_people(taken, lang)
            if any(not talk_word(w, lang) for w in own & motive):
                return line
    return None


# A call the desk places opens on the greeting, the check that the right person answers and the
# reason for the call: the motive is validated by being stated there.
OPENING_LINES = 3


def _motive_stated(ctx: MeasureContext, c: ContactView) -> Line | None:
    """On a call the desk places the motive is the desk's: it is validated by being stated in
    the call's opening (CP FFP C1 « accueille et valide le motif de l'appel »; the Lyon jury,
    round 21: « Je vous appelle au sujet de votre rendez-vous de demain jeudi 14 h », « Le Dr
    Roussel étant absent le jeudi 10 décembre, votre rendez-vous de 14 h doit être déplacé »):
    a statement holding a word of the call's subject that names no one; a question put
    straight (« Vous pouvez partir jeudi à 7 h ? ») states no motive."""
    contact = ctx.contact(c)
    if contact is None or not contact.to_place:
        return None
    lang = ctx.lang_of(c)
    subject = re.sub(r"^\s*(appel sortant|outbound call)\s*:?", " ", contact.subject, flags=re.I)
    names = content_words(c.customer, lang) | word_list(lang, "civilities")
    principal = ctx.deck.principal(contact.principal)
    if principal is not None:
        names |= content_words(principal.name, lang)
    motive = content_words(subject, lang) - names - named_people(subject, lang)
    for line in c.candidate_lines[:OPENING_LINES]:
        for sentence in re.split(r"(?<=[.!?…])\s+", line.text):
            if is_question(sentence):
                continue
            own = content_words(sentence, lang) - named_people(sentence, lang)
            if any(not talk_word(w, lang) for w in own & motive):
                return line
    return None


def _motive(ctx: MeasureContext, c: ContactView) -> Line | None:
    return _reformulated(ctx, c) or _motive_stated(ctx, c) or _motive_taken_up(ctx, c)


def motive_validated(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C1 "accueille et valide le motif de l'appel": the caller's request given back on
    the call or the chat (the same restatement as :func:`reformulation`), or its motive taken
    up in a few words (:func:`_motive_taken_up`). An e-mail has no accueil: its restatement is
    judged by reformulation, and does not stand for a call's."""
    applies = owed_or_shown(_live_to_reformulate, _motive)
    return _technique(
        per_conversation(ctx, "motive_validated", _motive, applies, Text("detail.no_request"))
    )


def _validated(ctx: MeasureContext, c: ContactView) -> Line | None:
    lang = ctx.lang_of(c)
    for line in c.candidate_lines:
        found = set(ctx.markers(c, line))
        if {"validation_question", "satisfaction_check"} & found:
            return line
        if leaves_to_consent(line.text, lang):
            return line  # "…, si vous voulez.": the caller accepts or not
        if checks_with_caller(line.text, lang) or offers_more(line.text, lang):
            return line  # « C'est bon pour vous ? », « Vous avez une autre question ? »
        if proposes(line.text, lang):
            return line  # « Je lui dis de vous rappeler ? »: the caller accepts or not
        if offers_choice(line.text, lang):
            return line  # « mardi 10 h ou jeudi 15 h : lequel vous convient ? »: their choice
        asked = questions(line.text) + tagged_statements(line.text, lang)
        if any(asked_back(ctx, c, line, q) for q in asked):
            return line
        if reads_back(c, line, lang):
            return line
    return None


def validation_question(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "en fait valider la bonne compréhension par l'appelant": a checking question
    ("Est-ce clair pour vous ?", "Cela vous convient ?"), a restating question on the agreed
    action, or a solution left to the caller's consent ("…, si vous voulez."), with a caller on
    the line who brought a request: the conversations :func:`motive_validated` reads (not an
    urgency passed on, a refused confidential request, a reply due on a letter template; a
    third party refused on another's account, unless a check is made there: round 22)."""
    applies = owed_or_shown(_live_to_reformulate, _validated, sent_on=False)
    return _technique(
        per_conversation(ctx, "validation_question", _validated, applies, Text("detail.no_request"))
    )


__all__ = [
    "keep_informed",
    "live_to_reformulate",
    "motive_validated",
    "reformulation",
    "satisfaction_check",
    "to_reformulate",
    "validation_question",
]
