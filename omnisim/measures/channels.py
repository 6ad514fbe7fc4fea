"""Channel choice: CP FFP "identifie le canal … choisit un canal de réponse différent
et/ou complémentaire au contact initial et argumente son choix"."""

from __future__ import annotations

from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult

MIN_JUSTIFICATION_WORDS = 3


def reply_channel(ctx: MeasureContext) -> MeasureResult:
    """Every reply travels on a channel the answer key accepts (the inbound one by default)."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        contact = ctx.contact(c)
        accepted = (
            set(contact.key.reply_channels)
            if contact and contact.key.reply_channels
            else {c.channel}
        )
        used = []
        for line in c.candidate_lines:
            used.append(line.channel)
            ok = line.channel in accepted
            (good if ok else bad).append(ev_of(line, f"{c.id} : réponse par {line.channel}"))
        items[c.id] = sorted(set(used))
    return verdict("reply_channel", items, bad, good, None, "aucune réponse")


def channel_justification(ctx: MeasureContext) -> MeasureResult:
    """A reply on another channel than the inbound one comes with a written reason."""
    items: dict[str, str] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        for line in c.candidate_lines:
            if line.channel == c.channel:
                continue
            items[f"#{line.seq}"] = line.justification
            ok = len(line.justification.split()) >= MIN_JUSTIFICATION_WORDS
            note = (
                f"{c.id} → {line.channel} : « {line.justification} »"
                if ok
                else f"{c.id} → {line.channel} : choix non argumenté"
            )
            (good if ok else bad).append(ev_of(line, note))
    return verdict(
        "channel_justification",
        items,
        bad,
        good,
        MIN_JUSTIFICATION_WORDS,
        "aucun changement de canal",
    )
