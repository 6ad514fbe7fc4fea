"""The look-ups a caller waits through, and the line that tells them about it (CP FFP
« maintient une information vers l'appelant pendant ses recherches »).

A search made while a caller is on a live channel leaves them in silence; on a chat only one
slower than the chat's answering time does. The exchange's structure (exchange.py) says what
informs: an announcement, a restatement, or the file given back.
"""

from __future__ import annotations

from omnisim.language.markers import content_words
from omnisim.language.match import is_question
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import LIVE, LOOKUPS, checks_with_caller, record_words, restates
from omnisim.projection.workspace import ContactView, Line, Operation


def during(c: ContactView, op: Operation) -> bool:
    """The operation happened while the conversation was live (picked, not yet ended)."""
    if c.picked is None or op.at.seq < c.picked.seq:
        return False
    end = c.ended
    return end is None or op.at.seq <= end.seq


def searches(ctx: MeasureContext, c: ContactView) -> list[Operation]:
    """Look-ups made for this contact while its caller waited on a live channel."""
    if c.channel not in LIVE:
        return []
    return [
        op
        for op in ctx.view.operations
        if op.kind in LOOKUPS
        and getattr(op.payload, "contact_id", "") in (c.id, "")
        and during(c, op)
        and (getattr(op.payload, "contact_id", "") == c.id or _only_live(ctx, c, op))
    ]


# A chat window is answered within 15 s (channels/chat.yaml ``pickup_seconds``, CQP C.1.2
# « décroché en moins de 15 secondes »): a look-up whose answer comes within that time of the
# last send kept a chat customer waiting no longer than any reply (active seconds).
CHAT_PACE_SECONDS = 15.0


def waited_on(ctx: MeasureContext, c: ContactView) -> list[Operation]:
    """The look-ups (:func:`searches`) the caller waited through: all of them on a call (the
    caller hears the silence); on a chat, those whose next send came later than the chat's
    answering time after the last line before them (a customer reading sends at their pace
    sees a quick look-up as any reply)."""
    found = searches(ctx, c)
    if c.channel != "chat":
        return found
    rule = ctx.rules.get("chat")
    pace = (rule.pickup_seconds if rule else None) or CHAT_PACE_SECONDS
    kept = []
    for op in found:
        before = max((ln.sim for ln in c.lines if ln.seq < op.at.seq), default=None)
        after = next((ln for ln in c.candidate_lines if ln.seq > op.at.seq), None)
        if before is None or after is None or ctx.active_seconds(after.sim - before) > pace:
            kept.append(op)
    return kept


def _only_live(ctx: MeasureContext, c: ContactView, op: Operation) -> bool:
    """An operation naming no contact belongs to the one live conversation, if only one."""
    live = [x for x in ctx.view.contacts.values() if x.channel in LIVE and during(x, op)]
    return live == [c]


FOUND_GIVEN_BACK = 2  # words of the record the line after a search gives back (name, breed…)
INFORMING = ("keep_informed", "hold_announcement")  # « je consulte… », « ne quittez pas »


def informs_about(ctx: MeasureContext, c: ContactView, at: int) -> Line | None:
    """The line that informs the caller about the search at seq ``at``: the candidate's last
    line before it, announcing it without asking anything (« Je consulte votre dossier, un
    instant. »: the caller waits; « je vais voir ça. Votre numéro ? » hands them the turn, and
    they talk, then wait in silence); or their first line after it, still informing or giving
    back what the file holds (« Vous êtes bien au 8 rue Kléber ? »). The bare outcome after a
    silent search (« Rendez-vous à 10h00. ») informed nobody while they waited (the
    out-of-sample plateau jury: non acquis)."""
    last = next((ln for ln in reversed(c.candidate_lines) if ln.seq < at), None)
    lang = ctx.lang_of(c)
    hands_over = (
        last is not None and is_question(last.text) and not checks_with_caller(last.text, lang)
    )
    if last is not None and not hands_over and set(ctx.markers(c, last)) & set(INFORMING):
        return last  # « Alors je regarde… j'ai mardi 15 h, ça vous conviendrait ? » informs too
    after = next((ln for ln in c.candidate_lines if ln.seq > at), None)
    if after is None:
        return None
    if set(ctx.markers(c, after)) & set(INFORMING) or restates(ctx, c, after):
        return after
    found = record_words(ctx, c) & content_words(after.text, lang)
    return after if len(found) >= FOUND_GIVEN_BACK else None  # « C'est bien Oslo, votre beagle ? »
