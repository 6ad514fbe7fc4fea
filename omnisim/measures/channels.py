"""Channel choice: CP FFP "identifie le canal … choisit un canal de réponse différent
et/ou complémentaire au contact initial et argumente son choix"."""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.reasons import reasons
from omnisim.measures.context import MeasureContext, channel_name, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import Line


def _natural(ctx: MeasureContext, inbound: str) -> set[str]:
    """The inbound channel and its default reply medium (a complaint is answered by e-mail)."""
    rule = ctx.rules.get(inbound)
    return {inbound, rule.reply_by} if rule and rule.reply_by else {inbound}


def reply_channel(ctx: MeasureContext) -> MeasureResult:
    """Every reply travels on a channel the answer key accepts (the inbound one by default).
    A written copy on another channel beside a reply where the key puts it, argued with a
    reason that fits it (a written trace, a document: :func:`_fitting`), is the « canal …
    complémentaire » CP FFP grants when argued, not a wrong channel (round 16: a booking
    confirmed by SMS after the call)."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        contact = ctx.contact(c)
        keyed = contact.key.reply_channels if contact else ()
        accepted = set(keyed) if keyed else _natural(ctx, c.channel)
        answered = any(line.channel in accepted for line in c.candidate_lines)
        lang = ctx.lang_of(c)
        used = []
        for line in c.candidate_lines:
            used.append(line.channel)
            ok = line.channel in accepted or (answered and bool(_fitting(ctx, contact, line, lang)))
            note = Text("note.reply_channel", contact=c.id, channel=channel_name(line.channel))
            (good if ok else bad).append(ev_of(line, note))
        items[c.id] = sorted(set(used))
    return verdict("reply_channel", items, bad, good, None, Text("detail.no_reply"))


# Which reasons can argue a move to which channel: a written trace or a document needs a
# channel that carries one; confidentiality moves away from chat and SMS; urgency argues a
# faster channel only for a contact the key calls urgent; the customer's own request argues any.
FITS: dict[str, frozenset[str]] = {
    "traceability": frozenset({"email", "sms"}),
    "document": frozenset({"email", "sms"}),
    "confidentiality": frozenset({"phone", "email"}),
    "urgency": frozenset({"phone", "sms", "chat"}),
    "request": frozenset({"phone", "sms", "chat", "email"}),
}


def _fitting(ctx: MeasureContext, contact: Contact | None, line: Line, lang: str) -> list[str]:
    """The reasons of a justification that fit the contact and the channel chosen."""
    out = []
    for reason in reasons(line.justification, lang):
        if line.channel not in FITS[reason]:
            continue
        if reason == "urgency" and not (contact is not None and contact.key.urgent):
            continue  # "plus rapide" argues nothing for a request that can wait
        out.append(reason)
    return out


def channel_justification(ctx: MeasureContext) -> MeasureResult:
    """A reply on another channel than the inbound one is argued with a reason that fits the
    contact (CP FFP « argumente son choix »): traceability, a document to send, confidentiality,
    the customer's request, urgency when the key says the contact is urgent; judged on reasons,
    not on length. The channel must be one the key accepts, and a request whose key needs
    another channel (``reply_channel_needed``) gets a reply on it."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        natural = _natural(ctx, c.channel)
        contact = ctx.contact(c)
        keyed = set(contact.key.reply_channels) if contact and contact.key.reply_channels else None
        needed = contact.key.reply_channel_needed if contact else None
        if needed and not any(line.channel == needed for line in c.candidate_lines):
            # The key says the request needs that channel too: staying put is no choice.
            items[c.id] = ""
            note = Text("note.channel_not_moved", contact=c.id, channel=channel_name(needed))
            bad.append(ev_of(c.candidate_lines[-1], note))
        for line in c.candidate_lines:
            if line.channel in natural:
                continue
            items[f"#{line.seq}"] = line.justification
            to = channel_name(line.channel)
            fitting = _fitting(ctx, contact, line, ctx.lang_of(c))
            if keyed is not None and line.channel not in keyed:
                note = Text("note.channel_not_accepted", contact=c.id, channel=to)
            elif fitting:
                why = tuple(Text(f"note.reason.{r}") for r in fitting)
                note = Text(
                    "note.channel_argued",
                    contact=c.id,
                    channel=to,
                    text=line.justification,
                    reasons=why,
                )
            elif line.justification.strip():
                note = Text(
                    "note.channel_no_reason", contact=c.id, channel=to, text=line.justification
                )
            else:
                note = Text("note.channel_not_justified", contact=c.id, channel=to)
            ok = bool(fitting) and (keyed is None or line.channel in keyed)
            (good if ok else bad).append(ev_of(line, note))
    return verdict(
        "channel_justification",
        items,
        bad,
        good,
        list(FITS),
        Text("detail.no_channel_change"),
    )
