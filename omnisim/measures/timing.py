"""Timing measures: pickup, holds, reply deadlines.

Reaction times are human-scale, so they are measured in *active seconds*:
elapsed sim time divided by the session's compression factor. A paused session
adds nothing (sim time stands still) and a deck compressed ×8 still gives the
candidate a real 15 seconds to pick up (CQP C.1.2: "décroché en moins de 15
secondes"). Reply deadlines (SLA) are business time: sim minutes.
"""

from __future__ import annotations

from omnisim.i18n import Text
from omnisim.language.hold_reason import gives_hold_reason
from omnisim.measures.context import MeasureContext, verdict
from omnisim.measures.result import Evidence, MeasureResult

NO_HOLD = Text("detail.no_hold")


def _pickups(ctx: MeasureContext, name: str, busy: list[tuple[float, float]]) -> MeasureResult:
    """Active seconds each call rang before its pickup, less the sim spans in ``busy`` (the
    urgencies a call may wait for: :func:`pickup_after_urgency`; none for :func:`pickup_time`).
    A call the candidate places never rang."""
    limit = ctx.rules["phone"].pickup_seconds or 15.0
    items: dict[str, float | None] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if c.channel != "phone" or (contact is not None and contact.to_place):
            continue
        if c.picked is None:
            items[c.id] = None
            bad.append(
                Evidence(c.offered.seq, c.offered.sim, Text("note.never_picked", contact=c.id))
            )
            continue
        rang = (c.offered.sim, c.picked.sim)
        waited = sum(max(0.0, min(rang[1], e) - max(rang[0], s)) for s, e in busy)
        seconds = ctx.active_seconds(rang[1] - rang[0] - waited)
        items[c.id] = seconds
        key = "note.picked_after_urgency" if waited > 0 else "note.picked_in"
        note = Text(key, contact=c.id, seconds=seconds)
        (bad if seconds > limit else good).append(Evidence(c.picked.seq, c.picked.sim, note))
    return verdict(name, items, bad, good, limit, Text("detail.no_call_to_pick"))


def pickup_time(ctx: MeasureContext) -> MeasureResult:
    """Active seconds from the first ring to pickup, for calls: CQP C.1.2 « Respecter le
    décroché en moins de 15 secondes », MC ACVD C2.2 « les opérations de réception … des
    appels ». A chat window is no call left ringing (its answers are the chat's own rules). A
    call the candidate places (``Contact.to_place``) never rang: it waits for them as a
    call-back in a queue does, and ``outbound_placed`` judges whether it was launched."""
    return _pickups(ctx, "pickup_time", [])


def _urgencies(ctx: MeasureContext) -> list[tuple[float, float]]:
    """The sim spans the candidate spent on contacts the key marks urgent, from pickup to
    release (transfer or close; the session's end if neither), merged where they overlap."""
    spans = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or not contact.key.urgent or c.picked is None:
            continue
        released = c.ended
        spans.append((c.picked.sim, ctx.view.last.sim if released is None else released.sim))
    merged: list[tuple[float, float]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def pickup_after_urgency(ctx: MeasureContext) -> MeasureResult:
    """CCS-RC C1 « Etablir un contact efficace et adapté au client »: seed 002 asks « Si un
    client vous interpelle (face à face ou téléphone) alors que vous êtes en train de réaliser
    des activités urgentes, comment réagissez-vous ? ». A call that rings while the candidate
    deals with a contact the key marks urgent waits for that urgency: the time spent on it is
    not counted against the ring, so the call picked up within the limit of the urgency's
    release is answered well. A routine conversation excuses nothing, nor a ring left on once
    the urgency is released. CQP C.1.2 keeps its own words (« décroché en moins de 15
    secondes », « mettre 3 lignes en attente »): :func:`pickup_time`."""
    return _pickups(ctx, "pickup_after_urgency", _urgencies(ctx))


def hold_lines(ctx: MeasureContext) -> MeasureResult:
    """Most calls on hold at once (CQP C.1.2: "mettre 3 lignes en attente")."""
    limit = ctx.rules["phone"].max_lines_on_hold or 3
    marks = []
    for c in ctx.view.contacts.values():
        for hold in c.holds:
            marks.append((hold.start.sim, hold.start.seq, 1))
            end = hold.end or ctx.view.last
            marks.append((end.sim, end.seq, -1))
    if not marks:
        return MeasureResult("hold_lines", 0, limit, None, (), NO_HOLD)
    level = peak = 0
    peak_at = Evidence(0, 0.0)
    for sim, seq, delta in sorted(marks):
        level += delta
        if level > peak:
            peak, peak_at = level, Evidence(seq, sim, Text("note.lines_on_hold", lines=level))
    return MeasureResult("hold_lines", peak, limit, peak <= limit, (peak_at,))


def hold_duration(ctx: MeasureContext) -> MeasureResult:
    """Active seconds of each hold; long holds fail ("temps d'attente écourté")."""
    limit = ctx.rules["phone"].max_hold_seconds or 60.0
    items: dict[str, float] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        for n, hold in enumerate(c.holds, start=1):
            end = hold.end or ctx.view.last
            seconds = ctx.active_seconds(end.sim - hold.start.sim)
            items[f"{c.id}#{n}"] = seconds
            target = bad if seconds > limit else good
            note = Text("note.hold_for", contact=c.id, seconds=seconds)
            target.append(Evidence(hold.start.seq, hold.start.sim, note))
    return verdict("hold_duration", items, bad, good, limit, NO_HOLD)


def hold_announced(ctx: MeasureContext) -> MeasureResult:
    """Every hold announced with its reason: « annonce claire de l'attente […] précision sur le
    motif de l'attente » (language/hold_reason.py; round 22: « Ne quittez pas, je reviens. »
    announces a wait, not why)."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        for n, hold in enumerate(c.holds, start=1):
            said = hold.announcement.strip()
            ok = bool(said) and gives_hold_reason(said, ctx.lang_of(c))
            items[f"{c.id}#{n}"] = ok
            note = (
                Text("note.quote", contact=c.id, text=said)
                if said
                else Text("note.hold_unannounced", contact=c.id)
            )
            (good if ok else bad).append(Evidence(hold.start.seq, hold.start.sim, note))
    return verdict("hold_announced", items, bad, good, True, NO_HOLD)


def reply_time_sla(ctx: MeasureContext) -> MeasureResult:
    """Sim minutes from arrival to the first written reply, against the deck's or channel's SLA."""
    items: dict[str, float | None] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    limits: dict[str, float] = {}
    for c in ctx.view.contacts.values():
        if c.channel == "phone":
            continue
        contact = ctx.contact(c)
        rule = ctx.rules.get(c.channel)
        limit = contact.key.sla_minutes if contact and contact.key.sla_minutes else None
        limit = limit or (rule.reply_deadline_minutes if rule else None)
        if limit is None:
            continue
        limits[c.id] = limit
        first = next(iter(c.candidate_lines), None)
        if first is None:
            items[c.id] = None
            bad.append(Evidence(c.offered.seq, c.offered.sim, Text("note.no_reply", contact=c.id)))
            continue
        minutes = round((first.sim - c.offered.sim) / 60.0, 1)
        items[c.id] = minutes
        note = Text("note.replied_in", contact=c.id, minutes=minutes, limit=float(limit))
        (bad if minutes > limit else good).append(Evidence(first.seq, first.sim, note))
    return verdict("reply_time_sla", items, bad, good, limits, Text("detail.no_written_contact"))
