"""CP FFP C1 « explique à l'appelant la démarche à suivre et fait une synthèse des informations
communiquées »: the démarche and the synthèse of a conversation, and a question that gives back
what was agreed (also validation_question's check, checking.py).
"""

from __future__ import annotations

from dataclasses import replace

from omnisim.i18n import Text
from omnisim.language.markers import content_words
from omnisim.language.match import is_question
from omnisim.language.options import without_options
from omnisim.language.questions import asks_open
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import (
    carries_exchange,
    exchange_start,
    mentions_time,
    request,
    restates,
    statement_checked,
    states_next_step,
)
from omnisim.measures.habit import per_conversation
from omnisim.measures.result import MeasureResult
from omnisim.measures.stated import stated_before_question
from omnisim.projection.workspace import ContactView, Line


def _request(ctx: MeasureContext, c: ContactView) -> bool:
    return request(ctx, c)


def asked_back(ctx: MeasureContext, c: ContactView, line: Line, question: str) -> bool:
    """The question itself gives back the agreed action or the request ("Donc vendredi à
    10 h 30 ?"), asking nothing new: « Je m'en occupe. Quelle est votre nouvelle adresse ? »
    or « Je vois bien, 212,40 en février. Vous auriez un nouvel appareil ? » checks nothing
    (hand3_cp_ffp_energie mixed: « rien n'est vérifié »)."""
    if asks_open(question, ctx.lang_of(c)):
        return False
    asked = replace(line, text=question)
    if {"reformulation", "summary", "next_step"} & set(ctx.markers(c, asked)):
        return True
    return mentions_time(question) or restates(ctx, c, asked)


def _synthesis(ctx: MeasureContext, c: ContactView) -> Line | None:
    """The démarche and the synthèse: a summary, a statement of the next step, or a statement
    the candidate then has checked (« … Est-ce clair pour vous ? »), that carries what was
    exchanged (:func:`carries_exchange`). A bare next step (« Maître Dumas vous rappellera. »)
    is the démarche without the synthèse; « Pour résumer, c'est noté. » gives nothing back.
    Options offered to choose, and what a placed call says before the customer has said
    anything, give back nothing communicated (round 21, language/options.py)."""
    lang = ctx.lang_of(c)
    said = [
        stated
        for ln in c.candidate_lines
        if ln.seq > exchange_start(ctx, c)
        and (stated := replace(ln, text=without_options(ln.text, lang))).text
    ]
    step_said = False
    for n, line in enumerate(said):
        found = set(ctx.markers(c, line))
        says = "summary" in found or states_next_step(ctx, c, line)
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
            says, read = True, replace(line, text=closed)
        substantial = len(content_words(read.text, lang)) >= 2
        if (says or checked) and substantial and carries_exchange(ctx, c, read):
            return line
        if stated_before_question(ctx, c, line):
            return line  # « Ok, 9 h 30 demain, je vous le passe. Un numéro ? »: stated.py
        # The démarche stated bare (« M. Haddad vous rappellera »), then what was exchanged given
        # back as a closed question for the caller to confirm (« LR-2231, jeudi après 17 h ? »):
        # the synthèse checked, as a telesales veteran does it (hand4 plateau strong, acquis).
        if step_said and asked_back(ctx, c, line, line.text) and carries_exchange(ctx, c, line):
            return line
        step_said = step_said or states_next_step(ctx, c, line)
    return None


def summary(ctx: MeasureContext) -> MeasureResult:
    """CP FFP "explique à l'appelant la démarche à suivre et fait une synthèse"."""
    return per_conversation(ctx, "summary", _synthesis, _request, Text("detail.no_request"))
