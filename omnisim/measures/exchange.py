"""The structure of an exchange, read from the log: did the customer bring a request, did
the candidate restate it, announce a next step (the searches a caller waits through are
waiting.py's).

The référentiels ask for reformulation, synthesis and information during searches only
where they make sense (CP FFP "reformule les réponses obtenues", "maintient une information
vers l'appelant pendant ses recherches"): these helpers say where, and recognise the
structure (a question restating what the customer said, a statement of the next step) as
well as the formulas of omnisim/language/data/markers_<lang>.yaml.
"""

from __future__ import annotations

import re
from dataclasses import replace

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.language.callback import names_outside_help, tells_to_call
from omnisim.language.lexicon import fold
from omnisim.language.markers import (
    asks,
    checking_words,
    content_words,
    named_people,
    possessive,
    says_when,
)
from omnisim.language.match import is_question, normalise, statements
from omnisim.language.questions import asks_ability, asks_open, offers_more, stated, talk_word
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import ContactView, Line

LIVE = ("phone", "chat")  # a caller waits on the line while the candidate works
# Operations that mean the candidate looked something up during the conversation: a record
# found to update, an agenda read to book or cancel a slot. Writing a new record, a message or
# a follow-up is no search. The desk's plain look-ups ("crm.searched", "knowledge.searched")
# count by the same rule.
LOOKUPS = (
    "crm.record_updated",
    "agenda.booked",
    "agenda.cancelled",
    "crm.searched",
    "knowledge.searched",
)
# Actions of the answer key that the customer needs done (the request); "trace" is the
# candidate's own bookkeeping.
REQUEST_ACTIONS = frozenset({"appointment", "cancel", "followup", "message", "create", "update"})
_TIME = re.compile(r"\b\d{1,2} ?(?:h|:)(?: ?\d{2})?\b|\b\d{1,2} ?(?:am|pm)\b")


def internal(ctx: MeasureContext, c: ContactView) -> bool:
    """From inside the company, not a customer (see :func:`internal_contact`)."""
    contact = ctx.contact(c)
    return contact is not None and internal_contact(ctx.deck, contact)


def internal_contact(deck: Deck, contact: Contact) -> bool:
    """From inside the company, not a customer: the deck says so (``internal: true``), or the
    caller is the principal or one of its staff (a principal collecting messages)."""
    if contact.internal:
        return True
    caller = set(fold(contact.customer.name).split())
    if len(caller) < 2:
        return False
    for principal in deck.principals:
        names = [principal.name, *(s.name for s in principal.staff)]
        if any(caller <= set(fold(n).split()) for n in names):
            return True
    return False


def passed_on_at_once(contact: Contact) -> bool:
    """The key passes this urgent contact on at once: to a person (key.transfer_to), or to
    help outside the desk, what the caller waits to hear (``awaits``) being a number to call now
    (« appelez le 15 »: round 21, the mountain desk's chest pain) or, every phrase of it, where
    such help is (« vétérinaire », « véto »: round 21, the pet shop's dog that swallowed a piece
    of bone, sent to its own vet; markers ``outside_help``). An urgency whose awaits name the
    company's own remedy (its technician, a replacement) is the desk's to settle. The script's
    steps read it (script._wanted), and so does the restatement (owed.owed_or_shown: owed
    nowhere, counted where shown); :func:`settled_at_once` keeps the transfer alone, its other
    readers (the validation, the follow-up) judging the call sent to the 15 as before."""
    key = contact.key
    if not key.urgent:
        return False
    if key.transfer_to or any(map(tells_to_call, contact.awaits)):
        return True
    return bool(contact.awaits) and all(map(names_outside_help, contact.awaits))


def settled_at_once(contact: Contact) -> bool:
    """No need to analyse and no solution to have validated, as the deck states the contact
    (CP FFP C3 analyses a request « afin d'apporter une réponse et/ou de proposer une solution
    propre à répondre au besoin exprimé »): an urgent call the key passes at once to someone
    (key.urgent and key.transfer_to: the solution is theirs to propose), or a third party
    pressing for confidential information (key.traps) with nothing else asked for them,
    refused; the message it leaves reports the attempt. An urgency the candidate settles
    (safety steps, a replacement, a message to a technician) is judged, and so is a
    customer's own request carrying a trap."""
    key = contact.key
    if key.urgent and key.transfer_to:
        return True
    if not key.traps:
        return False
    for_them = {x.action for x in key.crm} & (REQUEST_ACTIONS - {"message"})
    return not (key.script or key.expected_facts or key.transfer_to or for_them)


def request(ctx: MeasureContext, c: ContactView) -> bool:
    """The customer brought a request that could be misunderstood: the deck's key expects
    facts gathered, a diagnostic script, an action done for them or a transfer. A principal
    or a colleague (an internal contact), or a bare confirmation, is a hand-over, not a request."""
    contact = ctx.contact(c)
    if contact is None:
        return any(ln.reason.startswith("fact:") for ln in c.lines)
    return asks_request(ctx.deck, contact)


def asks_request(deck: Deck, contact: Contact) -> bool:
    """:func:`request` as the deck states it (the scenario's coverage reads it too): a
    customer whose key expects facts, a script, an action done for them or a transfer."""
    if internal_contact(deck, contact):
        return False
    key = contact.key
    acts = {x.action for x in key.crm} & REQUEST_ACTIONS
    return bool(key.script or key.expected_facts or acts or key.transfer_to)


def said_before(c: ContactView, line: Line) -> list[Line]:
    return [ln for ln in c.lines if ln.actor != "candidate" and ln.seq < line.seq]


def known_words(ctx: MeasureContext, c: ContactView, before: Line | None = None) -> set[str]:
    """What the candidate can give back as the customer's own: the request as the desk shows
    it (subject), every customer line so far (opening, answers, chases), and the customer's
    record as a search shows it (name, address, notes, history and its references)."""
    lang = ctx.lang_of(c)
    heard: set[str] = set(content_words(c.subject, lang))
    for ln in c.lines:
        if ln.actor != "candidate" and (before is None or ln.seq < before.seq):
            heard |= content_words(ln.text, lang)
    return heard | record_words(ctx, c)


def record_words(ctx: MeasureContext, c: ContactView) -> frozenset[str]:
    """The customer's record as a search shows it: name, address, notes, history."""
    contact = ctx.contact(c)
    record = ctx.deck.record_of(contact) if contact else None
    if record is None:
        return frozenset()
    parts = [record.last_name, record.first_name, record.address, record.email, record.notes]
    parts += [f"{h.summary} {h.ref}" for h in record.history]
    return content_words(" ".join(parts), ctx.lang_of(c))


def _details(words: frozenset[str] | set[str]) -> set[str]:
    """References, amounts, dates: the words that make a restatement the customer's own."""
    return {w for w in words if any(ch.isdigit() for ch in w)}


def _gives_back(own: frozenset[str], heard: set[str]) -> bool:
    """Most of the line is what the customer said or what their file holds."""
    shared = own & heard
    if not shared:
        return False
    if 2 * len(shared) > len(own):
        return True
    return len(shared) >= 2 and (2 * len(shared) >= len(own) or bool(_details(shared)))


def restates(ctx: MeasureContext, c: ContactView, line: Line, text: str = "") -> bool:
    """A question that gives back what the customer said ("Déplacer votre rendez-vous ?",
    "Votre commande CMD-4512 du 3 mars, sans la notice ?"), not one that asks for something
    new ("Quel jour ?", "Votre nom ?"). ``text`` reads two lines as one (a statement, then
    "C'est exact ?")."""
    lang = ctx.lang_of(c)
    if not text and len(sentences := _SENTENCES.split(line.text.strip())) > 1:
        whole = restates(ctx, c, line, line.text)
        return whole and _restating_sentence(ctx, c, line, sentences)
    text = text or line.text
    if not is_question(text):
        return False
    own = content_words(text, lang)
    heard = known_words(ctx, c, line)
    # "Votre …" asks for something new unless it carries the customer's own details.
    if asks(text, lang) and (not possessive(text, lang) or len(own & heard) < 2):
        return False
    return _gives_back(own, heard)


_SENTENCES = re.compile(r"(?<=[.!?…])\s+")


def _restating_sentence(
    ctx: MeasureContext, c: ContactView, line: Line, sentences: list[str]
) -> bool:
    """A send of several sentences that gives back the customer's words restates only when
    its question does (MC ACVD C1.2 « reformulé fidèlement », CQP C.1.5 « Reformuler et faire
    préciser le besoin »: given back for the customer to validate), or when a closed question
    (« C'est bien ça ? ») checks the statement just before it. A datum echoed before a pitch
    that ends on « Vous voyez la différence ? », or an apology naming the order before
    « Avez-vous d'autres questions ? », gives nothing back to validate."""
    lang = ctx.lang_of(c)
    for n, sentence in enumerate(sentences):
        if not is_question(sentence):
            continue
        if restates(ctx, c, line, sentence):
            return True
        before = sentences[n - 1] if n else ""
        checks = bool(before) and not is_question(before) and not asks_open(sentence, lang)
        if checks and restates(ctx, c, line, f"{before.rstrip(' .!')}, {sentence}"):
            return True
    return False


def recaps(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """A recap formula followed by what the customer said (« Si je résume : la ligne de votre
    mère est coupée depuis 2 h cette nuit… »): a restatement as a statement; « Je récapitule :
    c'est pris en charge. » gives back nothing of theirs."""
    if "summary" not in ctx.markers(c, line):
        return False
    lang = ctx.lang_of(c)
    return _gives_back(content_words(line.text, lang), known_words(ctx, c, line))


WRITTEN_REPLY = ("email", "complaint")
MIN_SHARED_IN_WRITING = 3  # content words an e-mail shares with the customer's message
MIN_SHARE_IN_WRITING = 0.35  # of what the customer wrote


def restates_in_writing(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """A written reply that states back the customer's message ("Vous nous signalez que le
    lave-linge WX-200 livré le 4 avril a la porte enfoncée…"), with or without a formula."""
    if line.channel not in WRITTEN_REPLY or not (stated := statements(line.text)):
        return False  # its statements restate, not the question closing it
    lang = ctx.lang_of(c)
    theirs = set(content_words(c.subject, lang))
    for ln in said_before(c, line):
        theirs |= content_words(ln.text, lang)
    shared = content_words(stated, lang) & theirs
    return len(shared) >= max(MIN_SHARED_IN_WRITING, MIN_SHARE_IN_WRITING * len(theirs))


# Content words of a question that only checks the line before (« C'est bien ça ? », « Vous
# confirmez ? »): more, and it asks or offers something of its own.
CHECK_WORDS = 2


def restated_over_two(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A restatement spread over two lines: a statement of the customer's request, then the
    question that has it checked ("… la poignée fendue." / "C'est exact ?"). As in one send
    (:func:`_restating_sentence`), an answer followed by more help offered (« Est-ce que je
    peux faire autre chose pour vous ? ») or a pitch followed by a new offer (« Et je vous
    ajoute un antivol ? ») gives nothing back to validate (hand_mc_acvd_cycles mixed)."""
    lang = ctx.lang_of(c)
    said = c.candidate_lines
    for first, second in zip(said, said[1:], strict=False):
        if is_question(first.text) or not is_question(second.text):
            continue
        if offers_more(second.text, lang) or asks_open(second.text, lang):
            continue
        if len(content_words(second.text, lang)) > CHECK_WORDS:
            continue
        if restates(ctx, c, second, f"{first.text.rstrip(' .')}, {second.text}"):
            return second
    return None


def checks_with_caller(text: str, lang: str) -> bool:
    """A closed question to the caller on how the answer sits with them, in any words
    (« Ça vous semble correct ? », « Vous avez bien pu noter le numéro ? », « C'est bon pour
    vous ? »): addressed to them, a word of agreement, understanding or fit, and no
    interrogative asking something new (« Quelle heure vous arrange ? »); or whether they
    manage what was explained (« Vous arrivez à la télécharger ? »)."""
    words = checking_words(lang)
    for sentence in re.split(r"(?<=[.!?…])\s+", text):
        if not is_question(sentence):
            continue
        head, comma, rest = sentence.partition(",")
        if comma and len(head.split()) <= 2:
            sentence = rest  # « Bon, … », « D'accord, … »: an interjection checks nothing
        if asks_ability(sentence, lang):
            return True  # « Vous arrivez à la télécharger ? »: understanding, in deed
        tokens = re.findall(r"[a-z]+", fold(sentence))
        if not set(tokens) & words["addressee_words"] or set(tokens) & words["open_interrogatives"]:
            continue
        if asks_for_details(tokens, words):
            continue
        determiners = [[d] for d in words["check_noun_determiners"]]  # « le bon de livraison »
        checking = [  # a document, not « c'est bon ? » (round 19)
            n
            for n, t in enumerate(tokens)
            if (t in words["check_words"] or any(t.startswith(s) for s in words["check_stems"]))
            and not (t in words["check_words"] and tokens[n - 1 : n] in determiners)
        ]
        # « Ok et vous avez un nouvel appareil ? », « ok vous etes dispo qd ? »: a leading « ok »
        # acknowledges the answer before a new question; « Ok pour vous ? » still checks.
        if checking == [0] and len(tokens) > INTERJECTION_CHECK_MAX:
            continue
        if checking:
            return True
    return False


def asks_for_details(tokens: list[str], words: dict[str, frozenset[str]]) -> bool:
    """A request that the caller hand something to the desk (« pouvez-vous m'indiquer votre
    numéro et la date de l'accord ? », « could you give me the date that suits you? ») asks
    something new, as an open interrogative does, whatever word of agreement or fit names what
    it asks for (round 21: « la situation de votre financement (prêt accordé …) » was read as
    CP FFP C1 « s'assure de la satisfaction de l'appelant »). « Pouvez-vous me dire si … »,
    « me confirmer que … » ask whether, and stay checks."""
    for n, token in enumerate(tokens):
        if token not in words["detail_request_verbs"]:
            continue
        near = {*tokens[max(0, n - 1) : n], *tokens[n + 1 : n + 2]}
        if near & words["request_pronouns"] and not set(tokens[n + 1 :]) & words["whether_words"]:
            return True
    return False


INTERJECTION_CHECK_MAX = 3  # « Ok pour vous ? »: a check word first, in a question this short


def statement_checked(text: str, lang: str) -> str:
    """The statement a line closes with a checking question (« Donc Praline est attendue
    mercredi à 10 h. Tout est clair pour vous ? »): the statement, or "" when the line does
    not end on such a question or has nothing before it."""
    sentences = re.split(r"(?<=[.!?…;:])\s+", text.strip())
    if len(sentences) < 2 or not checks_with_caller(sentences[-1], lang):
        return ""
    return " ".join(x for x in sentences[:-1] if not is_question(x))


def mentions_time(text: str) -> bool:
    """A time of day ("14 h 30", "10:30", "3 pm"): the substance of most agreed actions."""
    return bool(_TIME.search(normalise(text)))


# A delay within which the answer comes (« sous 10 jours », « d'ici 3 semaines », « within 5
# days »): the démarche's when, as « sous 48 h » is (round 20); « dans 2 ans » puts off.
_DELAY = re.compile(
    r"\b(?:sous|d'ici|within) (?:\d+|deux|trois|cinq|huit|dix|quinze|two|three|five|ten) ?"
    r"(?:h|heures?|jours?|semaines?|mois|hours?|days?|weeks?|months?)\b"
)


def states_next_step(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """What happens next (a next_step formula, a time, a delay) in what the send states."""
    said = replace(line, text=stated(line.text, ctx.lang_of(c), c.channel in WRITTEN_REPLY))
    return bool(said.text) and (
        "next_step" in ctx.markers(c, said)
        or mentions_time(said.text)
        or _DELAY.search(fold(said.text)) is not None
    )


def carries_exchange(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """The line gives back something exchanged (CP FFP C1 « fait une synthèse des informations
    communiquées »): when (a time, a day, a delay), or a word of what the customer said or of
    their file — the subject, a reference, a detail — beyond the names of who will act and the
    words of agreement or understanding. « Maître Dumas vous rappellera. » names the démarche
    only; « … demain avant midi pour les pièces de la succession » carries what was agreed."""
    lang = ctx.lang_of(c)
    if mentions_time(line.text) or says_when(line.text, lang):
        return True
    own = content_words(line.text, lang) - named_people(line.text, lang)
    # The customer's « Bon, ça va » taken up in « … qui va s'occuper de tout » is talk, not
    # information communicated (hand3_cp_ffp_energie mixed, gas call: jury « aucune synthèse »).
    return any(not talk_word(w, lang) for w in own & known_words(ctx, c, line))


def exchange_start(ctx: MeasureContext, c: ContactView) -> int:
    """The customer's first line that communicates anything: their opening, or on a call the
    desk places (round 21) their answer to its reason, « Allô ? » communicating nothing."""
    theirs = [ln.seq for ln in c.lines if ln.actor != "candidate"]
    contact = ctx.contact(c)
    if contact is not None and contact.to_place and c.candidate_lines:
        theirs = [s for s in theirs if s > c.candidate_lines[0].seq]
    return min(theirs, default=-1)
