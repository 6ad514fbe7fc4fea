"""What the simulation does by itself: contacts arriving, customers answering, losing patience.

Pure functions of the deck and the folded state, read-only: they only propose drafts,
which the runtime stamps, logs and folds back before asking again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from omnisim import events as ev
from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import customer, patience, phrases
from omnisim.engine.state import ContactState, SessionState
from omnisim.engine.turn import card
from omnisim.events import Draft


def next_due(deck: Deck, s: SessionState) -> float | None:
    """Sim time of the next thing the engine will do unprompted."""
    if not s.started or s.ended:
        return None
    times = [deck.duration]
    for contact in deck.contacts:
        at = contact_due(contact, s.contacts[contact.id], s.clock.factor)
        if at is not None:
            times.append(at)
    return min(times)


def contact_due(contact: Contact, c: ContactState, factor: float) -> float | None:
    """Sim time of the next thing one contact will do unprompted, None when nothing is
    scheduled. Never later than a step :func:`due` gives for it: before this time its
    :func:`_step` gives none (what engine/dues.py rests on). A function of the contact's
    own state and the clock's pace alone."""
    if c.status == "pending":
        return None if contact.extra else contact.at  # a library contact waits for the trainer
    if c.taken_over or not c.open:
        return None
    times = []
    held = c.status == "held"
    if c.pending and not (held and c.hold_silent):
        times.append(c.pending[0].due)
    if c.waiting_since is not None:
        at = _patience_at(contact, c, factor)
        if _lose_patience(contact, c, at):  # a furious customer with nothing left waits
            times.append(at)
    if not held:  # a caller on hold reacts once taken back
        if _reaction(contact, c):
            times.append(c.mood_at)
        deadline = patience.deadline_at(contact, c)
        if deadline is not None:
            times.append(deadline)
    return min(times) if times else None


def _patience_at(contact: Contact, c: ContactState, factor: float) -> float:
    assert c.waiting_since is not None
    return c.waiting_since + patience.period(contact, c, factor) * (c.chases + 1)


def due(deck: Deck, s: SessionState, sim_now: float) -> list[Draft]:
    """Everything scheduled at or before ``sim_now``, each stamped with its own sim time.

    At most one step per contact: the runtime folds the result and asks again,
    so each decision sees the consequences of the previous one.
    """
    if not s.started or s.ended or not s.clock.running:
        return []
    return earliest(deck, s, sim_now, enumerate(deck.contacts))


def earliest(
    deck: Deck, s: SessionState, sim_now: float, contacts: Iterable[tuple[int, Contact]]
) -> list[Draft]:
    """The earliest step at or before ``sim_now`` of ``contacts`` (each with its place in the
    deck, which orders steps at the same time), else the session's end once its duration has
    elapsed. ``contacts`` may leave out any contact whose :func:`contact_due` is later."""
    drafts: list[tuple[float, int, list[Draft]]] = []
    for order, contact in contacts:
        c = s.contacts[contact.id]
        step = _step(deck, contact, c, sim_now, s.clock.factor)
        if step:
            drafts.append((step[0].sim_time or 0.0, order, step))
    if not drafts and deck.duration <= sim_now:
        end = ev.SessionEnded("duration_elapsed")
        return [Draft("system", end, deck.duration)]
    if not drafts:
        return []
    drafts.sort(key=lambda item: (item[0], item[1]))
    return drafts[0][2]


def arrival(
    deck: Deck, contact: Contact, at: float | None, actor: ev.Actor = "system"
) -> list[Draft]:
    """The contact reaching the workspace and its opening line: on schedule, or injected.

    ``at`` None stamps both at the moment they are logged (a trainer's injection).
    """
    who = card(deck, contact)  # an address or number only on their CRM record comes with them
    sender = who["email"] if contact.channel in ("email", "complaint") else who["phone"]
    offered = ev.ContactOffered(
        contact.id,
        contact.channel,
        who["name"],
        contact.subject,
        sender,
        contact.attachments,
        principal=contact.principal,
        line=deck.line(contact),
        to_place=contact.to_place,
    )
    if contact.channel == "phone":
        return [Draft(actor, offered, at)]  # the caller speaks once picked up (fold)
    opening = ev.MessageSent(
        contact.id, contact.channel, contact.opening, subject=contact.subject, reason="opening"
    )
    return [Draft(actor, offered, at), Draft("customer", opening, at)]


def _step(deck: Deck, contact: Contact, c: ContactState, now: float, factor: float) -> list[Draft]:
    if c.status == "pending":
        if contact.extra or contact.at > now:
            return []
        return arrival(deck, contact, contact.at)
    if c.taken_over or not c.open:
        return []
    if c.status == "held":
        return _while_held(contact, c, now, factor)
    introducing = bool(c.pending) and c.pending[0].reason == "opening"
    reaction = [] if introducing else _reaction(contact, c)  # a caller first says why they call
    if reaction and c.mood_at <= now:
        return reaction
    deadline = patience.deadline_at(contact, c)
    if deadline is not None and deadline <= now:
        return _deadline_passed(contact, c, deadline, contact.customer.language or deck.language)
    if c.pending and c.pending[0].due <= now:
        line = c.pending[0]
        channel: Any = line.channel or c.via or c.channel
        message = ev.MessageSent(contact.id, channel, line.text, reason=line.reason)
        return [Draft("customer", message, line.due)]
    if c.waiting_since is not None:
        at = _patience_at(contact, c, factor)
        if at <= now:
            return _lose_patience(contact, c, at)
    return []


def _while_held(contact: Contact, c: ContactState, now: float, factor: float) -> list[Draft]:
    """A caller on hold hears music: what they were about to say waits for the candidate's
    return (logged once as a silence), and only their patience runs."""
    if c.pending and c.pending[0].due <= now and not c.hold_silent:
        silent = ev.CustomerSilent(contact.id, "on_hold")
        return [Draft("customer", silent, c.pending[0].due)]
    if c.waiting_since is not None:
        at = _patience_at(contact, c, factor)
        if at <= now:
            return _lose_patience(contact, c, at)
    return []


def _deadline_passed(contact: Contact, c: ContactState, at: float, lang: str) -> list[Draft]:
    """No answer within the complaint procedure's deadline: the complaint goes formal."""
    r = contact.reactions
    text = r.complaint_line or phrases.pick(lang, "deadline_complaint", f"{contact.id}:deadline")
    line = ev.MessageSent(contact.id, _where(c), text, reason="deadline")
    return [
        Draft("customer", line, at),
        Draft("customer", ev.ContactEscalated(contact.id, "complaint"), at),
    ]


def _where(c: ContactState) -> Any:
    """Where the customer speaks now: where the candidate last reached them, else their channel."""
    return c.via or c.channel


def _reaction(contact: Contact, c: ContactState) -> list[Draft]:
    """Escalation or calming once the mood crosses a deck threshold (at mood_at)."""
    if not c.moved:
        return []  # thresholds react to a change, not to the mood the deck starts with
    if c.status == "offered" and c.channel == "phone":
        return []  # a ringing caller cannot say anything yet: they react once answered
    r = contact.reactions
    at = c.mood_at
    say = lambda text, reason: Draft(  # noqa: E731
        "customer",
        ev.MessageSent(contact.id, _where(c), text, reason=reason),
        at,
    )
    if c.mood < r.complaint_below and c.escalation != "complaint":
        lines = [say(r.complaint_line, "complaint")] if r.complaint_line else []
        return [*lines, Draft("customer", ev.ContactEscalated(contact.id, "complaint"), at)]
    if c.mood < r.supervisor_below and not c.escalation:
        lines = [say(r.supervisor_line, "supervisor")] if r.supervisor_line else []
        return [*lines, Draft("customer", ev.ContactEscalated(contact.id, "supervisor"), at)]
    # Calmed by what the candidate did about their request, not by greetings alone, once a
    # proposal was made (MC ACVD C1.4 « La proposition permet de calmer le client »); not once
    # their complaint is formal (the measures count them upset whatever follows).
    if (
        c.upset
        and c.escalation != "complaint"
        and c.engaged
        and _proposed(c)
        and not c.calmed_said
        and c.mood >= r.calmed_above
        and r.calmed_line
    ):
        return [say(r.calmed_line, "calmed")]
    return []


def _proposed(c: ContactState) -> bool:
    """The candidate proposed something concrete: what the customer waits to hear (the deck's
    ``awaits``) or a next step (phrases.concrete_step). Questions, restatements, apologies and
    promises without a when (« on reviendra vers vous dès que possible ») are no proposal: the
    deck's calmed line (« J'attends l'appel de M. Garnier ») would thank a commitment nobody
    made (round 12, issue 26 item 5)."""
    return c.proposed or c.awaited_given or c.next_steps > 0


def _lose_patience(contact: Contact, c: ContactState, at: float) -> list[Draft]:
    r = contact.reactions
    cause: Literal["hold", "waiting"] = "hold" if c.status == "held" else "waiting"
    mood = ev.CustomerMood(contact.id, customer.clamp(c.mood - customer.WAIT_PENALTY), cause)
    drafts = [Draft("customer", mood, at)]
    if cause == "hold":
        return drafts  # on hold, they can only wait: no chase, no other channel
    ringing = c.status == "offered" and c.channel == "phone"
    if c.chase_lines < len(r.chase) and not ringing:
        line = ev.MessageSent(contact.id, _where(c), r.chase[c.chase_lines], reason="chase")
        drafts.insert(0, Draft("customer", line, at))
    elif c.chase_lines >= len(r.chase) and r.switch_channel_to and not c.switched:
        to = r.switch_channel_to
        drafts = [Draft("customer", ev.ContactSwitched(contact.id, to), at)]
        if r.switch_message:
            drafts.append(
                Draft(
                    "customer",
                    ev.MessageSent(contact.id, to, r.switch_message, reason="switch"),
                    at,
                )
            )
    elif c.mood <= -1.0:
        return []
    return drafts
