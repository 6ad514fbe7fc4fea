"""Channel choice: CP FFP "identifie le canal … choisit un canal de réponse différent
et/ou complémentaire au contact initial et argumente son choix"."""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext, channel_name, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult

MIN_JUSTIFICATION_WORDS = 3


def _natural(ctx: MeasureContext, inbound: str) -> set[str]:
    """The inbound channel and its default reply medium (a complaint is answered by e-mail)."""
    rule = ctx.rules.get(inbound)
    return {inbound, rule.reply_by} if rule and rule.reply_by else {inbound}


def reply_channel(ctx: MeasureContext) -> MeasureResult:
    """Every reply travels on a channel the answer key accepts (the inbound one by default)."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        contact = ctx.contact(c)
        keyed = contact.key.reply_channels if contact else ()
        accepted = set(keyed) if keyed else _natural(ctx, c.channel)
        used = []
        for line in c.candidate_lines:
            used.append(line.channel)
            ok = line.channel in accepted
            note = Text("note.reply_channel", contact=c.id, channel=channel_name(line.channel))
            (good if ok else bad).append(ev_of(line, note))
        items[c.id] = sorted(set(used))
    return verdict("reply_channel", items, bad, good, None, Text("detail.no_reply"))


def channel_justification(ctx: MeasureContext) -> MeasureResult:
    """A reply on another channel than the inbound one comes with a written reason, and a
    request whose key needs another channel (``reply_channel_needed``) gets a reply on it."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        natural = _natural(ctx, c.channel)
        contact = ctx.contact(c)
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
            ok = len(line.justification.split()) >= MIN_JUSTIFICATION_WORDS
            to = channel_name(line.channel)
            note = (
                Text("note.channel_justified", contact=c.id, channel=to, text=line.justification)
                if ok
                else Text("note.channel_not_justified", contact=c.id, channel=to)
            )
            (good if ok else bad).append(ev_of(line, note))
    return verdict(
        "channel_justification",
        items,
        bad,
        good,
        MIN_JUSTIFICATION_WORDS,
        Text("detail.no_channel_change"),
    )
