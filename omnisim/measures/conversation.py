"""What the candidate wrote and how they opened and closed: chat concision, SMS language,
courtesy, the greeting, the presentation and the leave-taking.

Marker families (greeting, register…) are data in omnisim/language; the référentiels ask for
them per conversation, where they apply (CP FFP « accueille », « se présente », « remercie et
prend congé »). Checking with the caller (satisfaction, reformulation, synthesis…) is in
checking.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from omnisim.deck import Deck
from omnisim.deck.chat_norm import chat_norm_stated, stated_chat_count
from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language import count_words
from omnisim.language.lexicon import fold
from omnisim.language.markers import (
    REGISTER_FAULTS,
    first_names,
)
from omnisim.language.presentation import name_opening
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import internal
from omnisim.measures.habit import ending, finds_marker, per_conversation
from omnisim.measures.named import names_no_agent
from omnisim.measures.principal import says_own_name
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.writing import LETTERS, salutes
from omnisim.projection.workspace import ContactView, Line

# Concision is a habit, judged over the chat sends (CQP C.1.9 « concision, 4-5 mots maximum par
# envoi »). A jury reads the norm as a short line, one idea a send, not as a count: a send a word
# or two over (a name, a number, a « merci » added: « 06 41 22 87 15, c'est noté. ») is the same
# short line, so long as most sends keep the limit (half of them at least: over-long by habit is
# not concise). A longer send, a sentence, is tolerated once in a while (one send in ten); a
# run-on one (twice the limit) never. The line between is where the in-sample juries put it: the
# scripted careless candidates' 8-word send among three is « pas concis », round 12's strong
# candidates' 6-word sends among 4-5-word ones are « envois brefs ».
WORDS_OVER_TOLERATED = 2
# A company's longer count (MC ACVD C3.2 « exigences de l'entreprise … de la forme »: « une idée
# par envoi, 15 mots au plus ») is read the same way, in proportion: what a send adds to a short
# line (a price and its old price, a name and its title) is a fifth of the count, never less than
# CQP's word or two (round 22, the furniture retailer's jury: one send of 18 words at 15 « dépasse
# un peu … sans gêner la lecture »).
SHARE_OVER_TOLERATED = 0.2
LONG_SENDS_TOLERATED = 0.1
SHORT_SENDS_NEEDED = 0.5


def chat_words_per_send(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "concision, 4-5 mots maximum par envoi"."""
    return _chat_words(ctx, "chat_words_per_send")


def chat_sends(ctx: MeasureContext) -> Iterator[Line]:
    """Every chat message the candidate sent, contact by contact."""
    for c in ctx.view.contacts.values():
        yield from (line for line in c.candidate_lines if line.channel == "chat")


def _chat_words(ctx: MeasureContext, measure: str, limit: int | None = None) -> MeasureResult:
    limit = limit or ctx.rules["chat"].max_words_per_send or 5
    over = max(WORDS_OVER_TOLERATED, int(limit * SHARE_OVER_TOLERATED))
    items: dict[str, int] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for line in chat_sends(ctx):
        words = count_words(line.text)
        items[f"#{line.seq}"] = words
        long = words > limit + over
        (bad if long else good).append(ev_of(line, Text("note.words", words=words)))
    if not items:
        return MeasureResult(measure, items, limit, None, (), Text("detail.no_chat_send"))
    counts = list(items.values())
    run_on = any(n > 2 * limit for n in counts)
    short = sum(n <= limit for n in counts)
    ok = (
        not run_on
        and len(bad) <= LONG_SENDS_TOLERATED * len(counts)
        and short >= SHORT_SENDS_NEEDED * len(counts)
    )
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult(measure, items, limit, ok, evidence)


def chat_form_asked(deck: Deck, contact: Contact) -> bool:
    """A chat of a deck whose company gives its chat a word count (the scenario's coverage)."""
    return contact.channel == "chat" and chat_norm_stated(deck)


def chat_words_instructed(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C2 « formule une réponse adaptée à la nature du canal »: the référentiel counts no
    words; where the company gives its chat a word count, the chat answers in that form, that
    count (deck/chat_norm.py :func:`stated_chat_count`, the limit the desk shows) judged as
    chat_words_per_send judges CQP's. MC ACVD C3 « dont le contenu correspond aux exigences de
    l'entreprise … au niveau … de la forme »: the company's count, not CQP C.1.9's 4-5 (round
    21, the pet shop's « une idée par envoi, 12 mots au plus »). No count stated, nothing
    judged."""
    if not chat_norm_stated(ctx.deck):
        return MeasureResult(
            "chat_words_instructed", {}, None, None, (), Text("detail.no_chat_norm")
        )
    return _chat_words(ctx, "chat_words_instructed", stated_chat_count(ctx.deck))


def _people_words(deck: Deck) -> frozenset[str]:
    """The words of the names of the deck's people: its customers, its CRM's clients, the
    principals' staff. A name is no SMS language however it is written (« karim » in a
    hurried chat is a lower-case name, not a short form)."""
    names = [c.customer.name for c in deck.contacts]
    names += [f"{r.first_name} {r.last_name}" for r in deck.crm]
    names += [s.name for p in deck.principals for s in p.staff]
    return frozenset(w for name in names for w in fold(name).replace("-", " ").split())


def sms_language(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "absence d'utilisation d'un langage SMS", on every written channel."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    people = _people_words(ctx.deck)
    for c in ctx.view.contacts.values():
        written = [line for line in c.candidate_lines if line.channel != "phone"]
        clean = True
        for line in written:
            tokens = [t for t in ctx.analysis(c, line).sms_tokens if fold(t) not in people]
            items[f"#{line.seq}"] = tokens
            if tokens:
                clean = False
                bad.append(ev_of(line, Text("note.sms_language", tokens=", ".join(tokens))))
        if written and clean:  # a clean conversation is proof too: where the jury can read it
            note = Text("note.written_without_sms", contact=c.id, count=len(written))
            good.append(ev_of(written[0], note))
    return verdict("sms_language", items, bad, good, [], Text("detail.no_written_message"))


# Courtesy is the candidate's register, judged over the session: a slip is tolerated,
# a habit is not (MC ACVD "positive tout au long de l'entretien"; CQP C.1.1 "choix des mots,
# intention courtoise"). The topic (a leak, a cancelled appointment, "appelez le 15") is not
# the register, so no sentiment score is read here.
FAULTS_TOLERATED = 0.05  # share of the candidate's lines, at least one line
IMPOLITE_CONVERSATIONS_TOLERATED = 1 / 3  # conversations without a single politeness formula


def courtesy(ctx: MeasureContext) -> MeasureResult:
    """Register over the session: familiarity, blame, deflection or aggressiveness in more
    lines than tolerated, or most conversations without any politeness formula, fail. To a
    caller pressing for what must not be given (the key's trap), « ce n'est pas de mon
    ressort » is the refusal C.4.4 asks, not a deflection (round 17). With a colleague on an
    internal contact (the deck's ``internal``), the familiar register the team shares (« t'inquiète
    », « je te fais ça ») is « adaptée à la situation de communication » (MC ACVD C1.2; round 22,
    the furniture retailer's jury: « tutoiement réservé au collègue du planning »): no fault
    towards the clientele."""
    bad: list[Evidence] = []
    good: list[Evidence] = []
    per_conversation: dict[str, int] = {}  # faulty lines in each conversation
    lines = faults = impolite = total = 0
    for c in ctx.conversations():
        total += 1
        per_conversation[c.id] = 0
        polite: Line | None = None
        contact = ctx.contact(c)
        refusing = contact is not None and bool(contact.key.traps)
        colleague = contact is not None and contact.internal
        for line in c.candidate_lines:
            lines += 1
            found = ctx.markers(c, line)
            kinds = [m for m in REGISTER_FAULTS if m in found]
            if refusing:
                kinds = [k for k in kinds if k != "deflection"]
            if colleague:
                kinds = [k for k in kinds if k != "familiarity"]
            if kinds:
                faults += 1
                per_conversation[c.id] += 1
                kind = tuple(Text(f"note.register.{k}") for k in kinds)
                bad.append(
                    ev_of(
                        line,
                        Text("note.register_fault", contact=c.id, kind=kind, text=line.text[:80]),
                    )
                )
            elif polite is None and {"politeness", "greeting", "thanks", "leave_taking"} & set(
                found
            ):
                polite = line
        if polite is not None:
            good.append(ev_of(polite, Text("note.quote", contact=c.id, text=polite.text[:80])))
        else:
            impolite += 1
            first = c.candidate_lines[0]
            bad.append(ev_of(first, Text("note.no_politeness", contact=c.id)))
    if not total:
        return MeasureResult("courtesy", {}, None, None, (), Text("detail.no_conversation"))
    tolerated = max(1, int(FAULTS_TOLERATED * lines))
    ok = faults <= tolerated and impolite <= IMPOLITE_CONVERSATIONS_TOLERATED * total
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult("courtesy", per_conversation, tolerated, ok, evidence)


def _opening(c: ContactView) -> list[Line]:
    return c.candidate_lines[:2]


def _finished(ctx: MeasureContext, c: ContactView) -> bool:
    return c.finished_here


def _welcomes(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The welcome is an act, not the word « bonjour »: a greeting, the telephone welcome (the
    company's name with an offer of service, « Garage Dumont, Karim, je vous écoute ») opening
    the first line, or a letter's formula of address on its own line (« Madame Leroy, »)."""
    said = finds_marker(_opening, "greeting")(ctx, c)
    if said is not None:
        return said
    first = c.candidate_lines[:1]
    if first and "service_offer" in ctx.markers(c, first[0]):
        return first[0]
    lang = ctx.lang_of(c)
    return next(
        (ln for ln in _opening(c) if ln.channel in LETTERS and salutes(ln.text, lang)), None
    )


def greeting(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C1 « Le candidat accueille », in each conversation's first lines."""
    return per_conversation(ctx, "greeting", _welcomes)


def _designation(word: str, text: str) -> bool:
    """« le formulaire Cerfa 14069 », « le modèle Zenith 300 »: a capitalised word before a
    number names a form, a model or a line, not the person who answers (round 18)."""
    return re.search(rf"(?<![\w-]){re.escape(word)}[ \u00a0]+(?:n° ?)?\d", text) is not None


def names_self(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """The candidate's first name in ``line``: inside it, or opening it before a presentation;
    never the customer's or a word of the company's name, nor a capitalised word that names no
    agent (named.py: a sentence's first word, a thing, a person of the files)."""
    lang = ctx.lang_of(c)
    others = f"{c.customer} {ctx.company_of(c) or ''}"
    if any(
        not _designation(n, line.text) and not names_no_agent(n, line.text, lang, ctx.deck)
        for n in first_names(line.text, lang, others=others)
    ):
        return True
    first = name_opening(line.text)
    return bool(first and first_names(first, lang, others=others, anywhere=True))


def _presents_self(ctx: MeasureContext, c: ContactView) -> Line | None:
    """CP FFP C1 « se présente », MC ACVD C1.1 « Se présenter et présenter la société »: who
    answers — the candidate by a formula (« je suis votre conseillère ») or their first name,
    or the company by its name, whole or as it is usually called (« Chantier Le Berre » for
    « Chantier naval Le Berre », principal.says_own_name, round 22); a department anyone has
    (« service clients ») names no one."""
    marked = finds_marker(_opening, "self_presentation")(ctx, c)
    if marked is not None:
        return marked
    return next(
        (ln for ln in _opening(c) if names_self(ctx, c, ln) or says_own_name(ctx, c, ln)), None
    )


def presentation(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "le candidat se présente": by name, function or organisation; to a customer, not
    to a colleague or a manager, who knows who answers (as ``principal_named``, round 18)."""
    return per_conversation(ctx, "presentation", _presents_self, _presented_to)


def _presented_to(ctx: MeasureContext, c: ContactView) -> bool:
    return c.channel != "sms" and not internal(ctx, c)


def closing(ctx: MeasureContext) -> MeasureResult:
    """Thanks or leave-taking after the last answer (CP FFP "remercie et prend congé")."""
    return per_conversation(
        ctx, "closing", finds_marker(ending, "leave_taking", "thanks"), _finished
    )


def thanks_given(ctx: MeasureContext) -> MeasureResult:
    """CP FFP « remercie et prend congé »: « remercie » is its own word. Read as the check of
    satisfaction is (a practice over the shift, grids/cp_ffp.yaml): a customer thanked at least
    once, on any channel, passes; leave taken of every caller (``closing``) with nobody ever
    thanked does not. A colleague or the principal collecting messages is no caller (round 17:
    every CP FFP jury of the hand-written rounds refuses congé to the candidates who never
    thank)."""
    items: dict[str, bool] = {}
    good: list[Evidence] = []
    for c in ctx.conversations():
        if internal(ctx, c):
            continue
        hit = next((ln for ln in c.candidate_lines if "thanks" in ctx.markers(c, ln)), None)
        items[c.id] = hit is not None
        if hit is not None:
            good.append(ev_of(hit, Text("note.quote", contact=c.id, text=hit.text[:80])))
    bad: list[Evidence] = []
    if items and not good:
        first = next(c for c in ctx.conversations() if c.id in items)
        bad.append(ev_of(first.candidate_lines[0], Text("note.never_thanked")))
    return verdict("thanks_given", items, bad, good, 1, Text("detail.no_conversation"))
