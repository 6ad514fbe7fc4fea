"""How a simulated customer reacts, as pure functions of the deck and the contact's state.

Mood moves with the tone of the candidate's replies (sentiment, French or English,
courtesy, empathy and reformulation markers, against SMS language), with what the
candidate does (answering the customer, giving what they wait for, announcing a next
step calm them; making them repeat, ignoring their question, pointless questions, rudeness,
small talk and a channel change left unexplained annoy them), and down with every stretch
of unanswered waiting. The deck sets the start, the patience, the thresholds and the lines
(omnisim/deck/model.py Customer, omnisim/deck/key.py Reactions); stock lines for what a deck
leaves unsaid (greetings, identity questions, recaps, goodbyes…) are data (engine/phrases.py).

Every candidate line gets an answer or a deliberate silence with its reason: what is asked
or stated about the request is answered (answers.py), otherwise the manner of the line is
(manners.py); nothing is said twice in one conversation (voice.py).
"""

from __future__ import annotations

import random
from functools import lru_cache

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import answers, manners, phrases, selling
from omnisim.engine.hearing import Heard, hear
from omnisim.engine.state import ContactState
from omnisim.engine.turn import CONDUCT, Exchange, Turn, card, known_texts
from omnisim.engine.voice import PerContact, Voice, topic
from omnisim.language.match import matches_any
from omnisim.language.reasons import naming_channel, reasons

__all__ = [
    "CONDUCT",
    "Turn",
    "callback_line",
    "card",
    "clamp",
    "known_texts",
    "reply_delay",
    "respond",
    "speaks",
    "tone_shift",
]

# How much each signal moves the mood (on a -1..1 scale). Tuned so that two warm,
# empathic replies calm an upset customer and two curt or rude ones enrage them.
TONE_WEIGHT = 0.35
MARKER_BONUS = {
    "empathy": 0.15,
    "apology": 0.1,
    "reformulation": 0.1,
    "greeting": 0.05,
    "thanks": 0.05,
    "keep_informed": 0.05,
}
BONUS_MARKERS = frozenset(MARKER_BONUS)  # the only markers the mood looks for
SMS_PENALTY = 0.15
WAIT_PENALTY = 0.15
NEXT_STEP_MAX = 2  # announcing more next steps stops calming
JUSTIFICATION_WORDS = 3
JITTERS_KEPT = 8192  # turns of every contact of the exams a worker runs
ANALYSER_LANGS = ("fr", "en")
WRITTEN = ("email", "sms", "complaint")  # asynchronous channels: a message gets a reply
# Lines that expect no answer: after them the customer does not chase.
SETTLED = ("goodbye", "thanks", "welcome", "acknowledge", "agree", "refused")


def clamp(value: float) -> float:
    return max(-1.0, min(1.0, round(value, 3)))


def tone_shift(text: str, lang: str) -> tuple[float, float, str]:
    """(mood delta, sentiment score, analyser name) for one candidate message: what
    omnisim.language.analyse reads of it (sentiment, markers, SMS language), from the line's
    one reading, the reaction's (hearing.hear)."""
    heard = hear(text, lang if lang in ANALYSER_LANGS else "fr")
    mood = heard.sentiment
    delta = TONE_WEIGHT * mood.score
    # Each marker once, in the line's order: a set's order follows the process's hash seed,
    # and a float sum's last bit its order — a replay must give the same mood everywhere.
    delta += sum(MARKER_BONUS.get(m, 0.0) for m in dict.fromkeys(heard.markers(BONUS_MARKERS)))
    if heard.sms:
        delta -= SMS_PENALTY
    return delta, mood.score, mood.analyser


def speaks(deck: Deck, contact: Contact) -> str:
    """The customer's language: their own, else the deck's."""
    return contact.customer.language or deck.language


def reply_delay(contact: Contact, seed: int, turn: int) -> float:
    """The customer's thinking time, jittered ±20 % from the session's seed."""
    return round(contact.reply_delay * _jitter(seed, contact.id, turn), 3)


@lru_cache(maxsize=JITTERS_KEPT, typed=True)
def _jitter(seed: int, contact_id: str, turn: int) -> float:
    """One turn's jitter: seeding a generator from a string costs some 7 µs, and every
    candidate of an exam shares its seed, so each turn of each contact is drawn once for all
    of them (typed: a seed 1.0 is another string than 1)."""
    return random.Random(f"{seed}:{contact_id}:{turn}").uniform(0.8, 1.2)


# What the customer says of themselves: their card and what they call about.
# (as the lines are filled: a value missing fills as "").
_values = PerContact(
    lambda deck, contact: phrases.filler(card(deck, contact) | {"topic": topic(contact)})
)


def _voice(deck: Deck, contact: Contact, c: ContactState, seed: int) -> Voice:
    return Voice(speaks(deck, contact), contact, c, seed, _values(deck, contact))


def respond(
    deck: Deck,
    contact: Contact,
    c: ContactState,
    text: str,
    seed: int,
    *,
    channel: str = "",
    justification: str = "",
    call_back: bool = False,
) -> Turn:
    """What the customer answers to a candidate message, read-only on ``c``.

    A rude line is protested first. Then what the message asks or states about the request
    is answered, every part of it (answers.py); a message about none of it gets a reaction
    to its manner, or the script's next line, an evasion, an acknowledgement (manners.py).
    A trap fires on its trigger. With no line to say, ``Turn.silence`` says why. The same
    call in the command (for the mood) and in the fold (for the lines) sees the same state,
    so both agree.
    """
    v = _voice(deck, contact, c, seed)
    heard = hear(text, v.lang)
    turn = Turn()
    x = Exchange(deck, contact, c, text, heard, turn, v)
    # A call-back carries no written justification: the channel rule is for replies.
    _conduct(x, "" if call_back else channel, justification)
    if heard.rude:
        turn.conduct.append("rude")
        turn.add(v.say("offended"), "offended")
    _traps(contact, c, heard, c.candidate_turns + 1, turn)
    # A rude line that asks nothing is protested, not mined for a fact it happens to name
    # (« je me moque de votre problème »).
    # On a sale (key.sale) the offer, an objection's answer or the add-on is answered first;
    # the agreement a question might draw is then the customer's answer to the sale, not a yes.
    sold = selling.hear_sale(x)
    if (heard.asking or not heard.rude) and answers.answer(x):
        if "goodbye" in heard.cues and not heard.asking:
            manners.take_leave(x)
        if sold:  # their answer to the sale, not a yes to the question that carried it
            turn.lines = [line for line in turn.lines if line[1] not in ("agree", "satisfaction")]
    elif not heard.rude and not sold:
        manners.react(x)
    turn.engaged = turn.engaged or turn.next_step or turn.proposed or _deals_with(turn)
    _late_traps(contact, c, turn)
    turn.lines += [(contact.key.traps[i].prompt, f"trap:{i}") for i in sorted(turn.traps)]
    if not turn.lines:
        turn.silence = turn.silence or "nothing_new"
    return turn


# What the customer answers when the candidate deals with their request: asks for what is
# needed (a fact, who they are, when they can), restates it (a recap they confirm or complete).
# A satisfaction check, an offer of help, a word of empathy or a refusal deals with nothing.
DEALT_WITH = ("fact:", "card:", "availability", "recap_confirm", "recap_missing", "agree")


def _deals_with(turn: Turn) -> bool:
    return any(reason.startswith(DEALT_WITH) for _, reason in turn.lines)


def callback_line(deck: Deck, contact: Contact, c: ContactState, seed: int) -> str:
    """How the customer picks up when the candidate calls them back (a bare « Allô ? » once
    every pick-up line has been said)."""
    return _voice(deck, contact, c, seed).say("callback") or (
        "Hello?" if speaks(deck, contact) == "en" else "Allô ?"
    )


def _conduct(x: Exchange, channel: str, justification: str) -> None:
    """The mood signals of what the candidate does, apart from what they answer."""
    contact, c, heard, turn, v = x.contact, x.c, x.heard, x.turn, x.v
    # The remedy named only to be withheld pending someone's decision is not given (the
    # measures read it so: MC ACVD C1.4, round 14).
    withheld = phrases.withheld(x.text, v.lang, contact.awaits, heard.families)
    if (
        contact.awaits
        and not c.awaited_given
        and matches_any(x.text, contact.awaits)
        and not withheld
    ):
        turn.awaited = True
        turn.conduct.append("awaited")
    # A refusal, a redirection or a guarantee is no step either (phrases.withheld).
    concrete = phrases.concrete_step(x.text, v.lang, heard.cues) and not withheld
    # A proposal followed by a check (« …vous rappellera sous 48 h. Cela vous convient-il ? »)
    # is proposed all the same; only the mood's step bonus waits for a plain statement.
    turn.proposed = turn.awaited or concrete
    if concrete and not heard.question and c.next_steps < NEXT_STEP_MAX:
        turn.next_step = True
        turn.conduct.append("next_step")
    if c.asked and not heard.question and heard.words >= 3 and not (turn.awaited or heard.rude):
        turn.conduct.append("answered")
    natural = (c.channel, "email" if c.channel == "complaint" else c.channel)
    # The customer reads the line, not the desk's justification field: a reason told in a
    # sentence naming the channel (« par e-mail, vous en garderez une trace ») answers their
    # « why? » as the measure counts it (measures/channels.py said_why).
    if (
        channel
        and channel not in natural
        and contact.key.justification_required
        and len(justification.split()) < JUSTIFICATION_WORDS
        and not reasons(naming_channel(x.text, channel, v.lang), v.lang)
    ):
        turn.conduct.append("unexplained_channel")
        name = phrases.channel_name(v.lang, channel)
        turn.add(v.say("why_channel", channel=name), "why_channel")


def _traps(contact: Contact, c: ContactState, heard: Heard, turns: int, turn: Turn) -> None:
    """The traps this message triggers (their prompts are said after the reaction)."""
    if not contact.key.traps:
        return
    for index, trap in enumerate(contact.key.traps):
        if index in c.traps_fired:
            continue
        fired = (trap.after == "message" and trap.at_turn == turns) or (
            trap.after == "refusal" and heard.does("refusal")
        )
        if fired:
            turn.traps.append(index)


def _late_traps(contact: Contact, c: ContactState, turn: Turn) -> None:
    """Traps set to follow a fact given or a recap, once the turn's lines are known."""
    if not contact.key.traps:
        return
    recapped = any(r in ("recap_confirm", "recap_deny") for _, r in turn.lines)
    for index, trap in enumerate(contact.key.traps):
        if index in c.traps_fired or index in turn.traps:
            continue
        if (trap.after == "fact" and trap.fact in turn.revealed) or (
            trap.after == "recap" and recapped
        ):
            turn.traps.append(index)
