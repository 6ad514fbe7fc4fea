"""Channel choice: CP FFP "identifie le canal … choisit un canal de réponse différent
et/ou complémentaire au contact initial et argumente son choix"."""

from __future__ import annotations

from omnisim.deck.model import Contact
from omnisim.i18n import Text
from omnisim.language.reasons import naming_channel, reasons
from omnisim.measures.context import MeasureContext, channel_name, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line


def _natural(ctx: MeasureContext, inbound: str) -> set[str]:
    """The inbound channel and its default reply medium (a complaint is answered by e-mail)."""
    rule = ctx.rules.get(inbound)
    return {inbound, rule.reply_by} if rule and rule.reply_by else {inbound}


def _keyed(ctx: MeasureContext, keyed: tuple[str, ...]) -> set[str]:
    """The key's reply channels with their reply media: a key naming a written complaint's own
    channel (``reply_channels: [complaint]``) says « answer it where it came », and a complaint
    is answered by e-mail, as the desk sends it (round 19, cqp_artisans_loire strong)."""
    return set().union(*(_natural(ctx, channel) for channel in keyed))


def _complement(ctx: MeasureContext, c: ContactView, contact: Contact | None, line: Line) -> bool:
    """An argued written complement to a contact answered on its own channel (CP FFP « un canal
    de réponse différent et/ou complémentaire … et argumente son choix »). A key that names only
    the contact's own channels says how to answer, not that a trace is forbidden (a writer lists
    « phone » for a call); a key that names other channels, or needs one, has chosen."""
    natural = _natural(ctx, c.channel)
    if contact is None or contact.key.reply_channel_needed:
        return False
    if not set(contact.key.reply_channels) <= natural:
        return False
    if not any(other.channel in natural for other in c.candidate_lines):
        return False  # a trace complements an answer; it does not replace it
    return bool(_fitting(ctx, c, contact, line))


def reply_channel(ctx: MeasureContext) -> MeasureResult:
    """Every reply travels on a channel the answer key accepts (the inbound one by default),
    or is an argued complement to an answer on it (``_complement``)."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        contact = ctx.contact(c)
        keyed = contact.key.reply_channels if contact else ()
        accepted = _keyed(ctx, keyed) if keyed else _natural(ctx, c.channel)
        used = []
        for line in c.candidate_lines:
            used.append(line.channel)
            ok = line.channel in accepted or _complement(ctx, c, contact, line)
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


def said_why(c: ContactView, line: Line, lang: str) -> str:
    """What argues ``line``'s channel: its one-line justification, or else what the candidate
    told the customer about that channel — in the line itself or their last word before it on
    the contact (« je vous l'envoie par e-mail, vous en garderez une trace »). The desk asks for
    the justification but does not insist: an unargued choice is the jury's to grade."""
    if line.justification.strip():
        return line.justification
    before = [x.text for x in c.candidate_lines if x.seq < line.seq][-1:]
    return naming_channel(" ".join([*before, line.text]), line.channel, lang)


def _fitting(ctx: MeasureContext, c: ContactView, contact: Contact | None, line: Line) -> list[str]:
    """The reasons given for the channel chosen (``said_why``) that fit the contact."""
    out = []
    for reason in reasons(said_why(c, line, ctx.lang_of(c)), ctx.lang_of(c)):
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
            fitting = _fitting(ctx, c, contact, line)
            allowed = keyed is None or line.channel in keyed or _complement(ctx, c, contact, line)
            if not allowed:
                note = Text("note.channel_not_accepted", contact=c.id, channel=to)
            elif fitting:
                why = tuple(Text(f"note.reason.{r}") for r in fitting)
                note = Text(
                    "note.channel_argued",
                    contact=c.id,
                    channel=to,
                    text=said_why(c, line, ctx.lang_of(c)),
                    reasons=why,
                )
            elif line.justification.strip():
                note = Text(
                    "note.channel_no_reason", contact=c.id, channel=to, text=line.justification
                )
            else:
                note = Text("note.channel_not_justified", contact=c.id, channel=to)
            ok = bool(fitting) and allowed
            (good if ok else bad).append(ev_of(line, note))
    return verdict(
        "channel_justification",
        items,
        bad,
        good,
        list(FITS),
        Text("detail.no_channel_change"),
    )
