"""What the candidate wrote: concision, SMS language, courtesy and the expected phrases.

Marker families (greeting, reformulation, register…) are data in omnisim/language; the
structure of the exchange (a restating question, a next step) is read in exchange.py;
the référentiels ask for them per conversation, where they apply (CP FFP: "accueille et
valide le motif",
"se présente", "maintient une information pendant ses recherches", "fait une
synthèse", "s'assure de la satisfaction, remercie et prend congé").
"""

from __future__ import annotations

from dataclasses import replace

from omnisim.i18n import Text
from omnisim.language import count_words
from omnisim.language.markers import (
    REGISTER_FAULTS,
    content_words,
    first_names,
    leaves_to_consent,
    name_opening,
)
from omnisim.language.match import is_question
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.exchange import (
    LIVE,
    carries_exchange,
    checks_with_caller,
    informs_about,
    internal,
    mentions_time,
    recaps,
    request,
    restated_over_two,
    restates,
    restates_in_writing,
    searches,
    statement_checked,
    states_next_step,
)
from omnisim.measures.habit import finds_marker, per_conversation
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.writing import LETTERS, salutes
from omnisim.projection.workspace import ContactView, Line

# Concision is a habit, judged over the chat sends: an occasional longer send is tolerated,
# a run-on one (twice the limit) or a habit of long sends is not.
LONG_SENDS_TOLERATED = 0.1


def chat_words_per_send(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "concision, 4-5 mots maximum par envoi"."""
    limit = ctx.rules["chat"].max_words_per_send or 5
    items: dict[str, int] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        for line in c.candidate_lines:
            if line.channel != "chat":
                continue
            words = count_words(line.text)
            items[f"#{line.seq}"] = words
            (bad if words > limit else good).append(ev_of(line, Text("note.words", words=words)))
    if not items:
        return MeasureResult(
            "chat_words_per_send", items, limit, None, (), Text("detail.no_chat_send")
        )
    run_on = any(n > 2 * limit for n in items.values())
    ok = not run_on and len(bad) <= LONG_SENDS_TOLERATED * len(items)
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    return MeasureResult("chat_words_per_send", items, limit, ok, evidence)


def sms_language(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "absence d'utilisation d'un langage SMS", on every written channel."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        written = [line for line in c.candidate_lines if line.channel != "phone"]
        clean = True
        for line in written:
            tokens = list(ctx.analysis(c, line).sms_tokens)
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
    lines than tolerated, or most conversations without any politeness formula, fail."""
    bad: list[Evidence] = []
    good: list[Evidence] = []
    per_conversation: dict[str, int] = {}  # faulty lines in each conversation
    lines = faults = impolite = total = 0
    for c in ctx.conversations():
        total += 1
        per_conversation[c.id] = 0
        polite: Line | None = None
        for line in c.candidate_lines:
            lines += 1
            found = ctx.markers(c, line)
            kinds = [m for m in REGISTER_FAULTS if m in found]
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


def _ending(c: ContactView) -> list[Line]:
    """The candidate's last two lines, and whatever they wrote after the customer's last line
    (a closing comes after the last answer)."""
    last_customer = max((ln.seq for ln in c.lines if ln.actor != "candidate"), default=-1)
    after = [ln for ln in c.candidate_lines if ln.seq > last_customer]
    tail = c.candidate_lines[-2:]
    return after + [ln for ln in tail if ln not in after]


def _everything(c: ContactView) -> list[Line]:
    return c.candidate_lines


def _finished(ctx: MeasureContext, c: ContactView) -> bool:
    return c.closed is not None


def _finished_live(ctx: MeasureContext, c: ContactView) -> bool:
    return c.closed is not None and c.channel in LIVE


def _request(ctx: MeasureContext, c: ContactView) -> bool:
    return request(ctx, c)


def _live_request(ctx: MeasureContext, c: ContactView) -> bool:
    return c.channel in LIVE and request(ctx, c)


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


def _names_self(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """The candidate's first name in ``line``: inside it, or opening it before a presentation;
    never the customer's or a word of the company's name."""
    lang = ctx.lang_of(c)
    others = f"{c.customer} {ctx.company_of(c) or ''}"
    if first_names(line.text, lang, others=others):
        return True
    first = name_opening(line.text)
    return bool(first and first_names(first, lang, others=others, anywhere=True))


def _presents_self(ctx: MeasureContext, c: ContactView) -> Line | None:
    """CP FFP C1 « se présente », MC ACVD C1.1 « Se présenter et présenter la société »: who
    answers — the candidate by a formula (« je suis votre conseillère ») or their first name,
    or the company by its name; a department anyone has (« service clients ») names no one."""
    marked = finds_marker(_opening, "self_presentation")(ctx, c)
    if marked is not None:
        return marked
    return next((ln for ln in _opening(c) if _names_self(ctx, c, ln)), None)


def presentation(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "le candidat se présente": by name, function or organisation."""
    return per_conversation(ctx, "presentation", _presents_self, _not_sms)


def _not_sms(ctx: MeasureContext, c: ContactView) -> bool:
    return c.channel != "sms"


def closing(ctx: MeasureContext) -> MeasureResult:
    """Thanks or leave-taking after the last answer (CP FFP "remercie et prend congé")."""
    return per_conversation(
        ctx, "closing", finds_marker(_ending, "leave_taking", "thanks"), _finished
    )


def _satisfaction(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A satisfaction formula anywhere, or a checking question on the outcome at the end of
    the call (« C'est fait : samedi 9 h. Ça vous convient comme ça ? »): the same question on
    a slot mid-call, followed by more talk, checks the slot, not the caller's satisfaction."""
    said = finds_marker(_everything, "satisfaction_check")(ctx, c)
    said = said or finds_marker(_ending, "validation_question")(ctx, c)
    lang = ctx.lang_of(c)
    return said or next((ln for ln in _last_said(c) if checks_with_caller(ln.text, lang)), None)


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
    """An announced hold, or a search the caller was told about (:func:`informs_about`): a formula
    said in the greeting, before the caller talks and the candidate searches in silence,
    informs nobody."""
    announced = next((h for h in c.holds if len(h.announcement.split()) >= 3), None)
    if announced is not None:
        return Line(
            announced.start.seq, announced.start.sim, "candidate", c.channel, announced.announcement
        )
    moments = [h.start.seq for h in c.holds] + [op.at.seq for op in searches(ctx, c)]
    return next((ln for at in moments if (ln := informs_about(ctx, c, at)) is not None), None)


def keep_informed(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "maintient une information vers l'appelant pendant ses recherches": only in
    conversations where the candidate searched (a look-up while the caller waited, a hold)."""
    return per_conversation(
        ctx,
        "keep_informed",
        _informed,
        lambda ctx, c: bool(c.holds) or bool(searches(ctx, c)),
        Text("detail.no_search"),
    )


def _reformulated(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A formula, a question giving back the customer's own words or details (after a
    search too: what their file holds is theirs), a recap of what they said, a restatement
    over two lines, or, in a written reply, a statement of what they wrote."""
    marked = finds_marker(_everything, "reformulation", "reason_validation")(ctx, c)
    if marked is not None:
        return marked
    for line in c.candidate_lines:
        if restates(ctx, c, line) or restates_in_writing(ctx, c, line) or recaps(ctx, c, line):
            return line
    return restated_over_two(ctx, c)


def _to_reformulate(ctx: MeasureContext, c: ContactView) -> bool:
    """A customer's request, in a conversation or an e-mail that answers it in the
    candidate's own words: not an SMS (a one-off confirmation), not a reply the key wants on a
    letter template (the letter answers), not an internal contact (see ``request``)."""
    contact = ctx.contact(c)
    if c.channel == "sms" or (contact is not None and contact.key.template):
        return False
    return request(ctx, c)


def reformulation(ctx: MeasureContext) -> MeasureResult:
    """A formula ("Si je comprends bien…") or a restatement of what the customer said,
    wherever the customer brought a request there is something to reformulate in."""
    return per_conversation(
        ctx, "reformulation", _reformulated, _to_reformulate, Text("detail.no_request")
    )


def _live_to_reformulate(ctx: MeasureContext, c: ContactView) -> bool:
    return c.channel in LIVE and _to_reformulate(ctx, c)


def motive_validated(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C1 "accueille et valide le motif de l'appel": the caller's request given back on
    the call or the chat (the same restatement as :func:`reformulation`). An e-mail has no
    accueil: its restatement is judged by reformulation, and does not stand for a call's."""
    return per_conversation(
        ctx, "motive_validated", _reformulated, _live_to_reformulate, Text("detail.no_request")
    )


def _synthesis(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The démarche and the synthèse: a summary, a statement of the next step, or a statement
    the candidate then has checked (« … Est-ce clair pour vous ? »), that carries what was
    exchanged (:func:`carries_exchange`). A bare next step (« Maître Dumas vous rappellera. »)
    is the démarche without the synthèse; « Pour résumer, c'est noté. » gives nothing back."""
    lang = ctx.lang_of(c)
    first_customer = min((ln.seq for ln in c.lines if ln.actor != "candidate"), default=-1)
    said = [ln for ln in c.candidate_lines if ln.seq > first_customer]
    for n, line in enumerate(said):
        found = set(ctx.markers(c, line))
        stated = "summary" in found or states_next_step(ctx, c, line)
        after = said[n + 1] if n + 1 < len(said) else None
        checked = after is not None and bool(
            {"validation_question", "satisfaction_check"} & set(ctx.markers(c, after))
        )
        checked = checked and not is_question(line.text)
        read = line
        # « Praline est attendue mercredi 20 mai à 10 h… Tout est clair pour vous ? »: the
        # recap and its check in one send, the recap giving back the details (a date, an
        # amount, a number); « on va vous refaire une facture avec ce chiffre-là, dans quelques
        # jours. C'est bon pour vous ? » gives back none (hand_cp_ffp_energie mixed, non acquis).
        closed = statement_checked(line.text, lang)
        if closed and any(ch.isdigit() for ch in closed):
            stated, read = True, replace(line, text=closed)
        substantial = len(content_words(read.text, lang)) >= 2
        if (stated or checked) and substantial and carries_exchange(ctx, c, read):
            return line
    return None


def summary(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "explique à l'appelant la démarche à suivre et fait une synthèse"."""
    return per_conversation(ctx, "summary", _synthesis, _request, Text("detail.no_request"))


def _validated(ctx: MeasureContext, c: ContactView) -> Line | None:
    for line in c.candidate_lines:
        found = set(ctx.markers(c, line))
        if {"validation_question", "satisfaction_check"} & found:
            return line
        if leaves_to_consent(line.text, ctx.lang_of(c)):
            return line  # "…, si vous voulez.": the caller accepts or not
        if checks_with_caller(line.text, ctx.lang_of(c)):
            return line  # « C'est bon pour vous ? », « Vous avez bien pu noter ? »
        if not is_question(line.text):
            continue
        if {"reformulation", "summary", "next_step"} & found or mentions_time(line.text):
            return line  # "Donc vendredi à 10 h 30 ?": the agreed action, asked back
        if restates(ctx, c, line):
            return line
    return None


def validation_question(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "en fait valider la bonne compréhension par l'appelant": a checking question
    ("Est-ce clair pour vous ?", "Cela vous convient ?"), a restating question on the agreed
    action, or a solution left to the caller's consent ("…, si vous voulez."), with a caller on
    the line who brought a request."""
    return per_conversation(
        ctx, "validation_question", _validated, _live_request, Text("detail.no_request")
    )


__all__ = [
    "chat_words_per_send",
    "closing",
    "courtesy",
    "greeting",
    "keep_informed",
    "motive_validated",
    "presentation",
    "reformulation",
    "satisfaction_check",
    "sms_language",
    "summary",
    "validation_question",
]
