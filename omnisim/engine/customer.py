"""How a simulated customer reacts, as pure functions of the deck and the contact's state.

Mood moves with the tone of the candidate's replies (sentiment, French or English),
with courtesy, empathy and reformulation markers, against SMS language, and down
with every stretch of unanswered waiting. The deck sets the start, the patience
and the thresholds (omnisim/deck/model.py: Customer, Reactions).
"""

from __future__ import annotations

import random

from omnisim.deck.model import Contact
from omnisim.engine.state import ContactState, Pending
from omnisim.language import analyse
from omnisim.textmatch import is_question, matches_any

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
SMS_PENALTY = 0.15
WAIT_PENALTY = 0.15
ANALYSER_LANGS = ("fr", "en")


def clamp(value: float) -> float:
    return max(-1.0, min(1.0, round(value, 3)))


def tone_shift(text: str, lang: str) -> tuple[float, float, str]:
    """(mood delta, sentiment score, analyser name) for one candidate message."""
    result = analyse(text, lang if lang in ANALYSER_LANGS else "fr", speaker="agent")
    delta = TONE_WEIGHT * result.sentiment
    delta += sum(MARKER_BONUS.get(m, 0.0) for m in set(result.markers))
    if result.sms_speak:
        delta -= SMS_PENALTY
    return delta, result.sentiment, result.analyser


def reply_delay(contact: Contact, seed: int, turn: int) -> float:
    """The customer's thinking time, jittered ±20 % from the session's seed."""
    jitter = random.Random(f"{seed}:{contact.id}:{turn}").uniform(0.8, 1.2)
    return round(contact.reply_delay * jitter, 3)


def answer(contact: Contact, state: ContactState, text: str, at: float, seed: int) -> list[Pending]:
    """The customer's lines in response to a candidate message sent at ``at``.

    Facts come out only when asked a matching question; a question that matches
    nothing gets an evasive line; otherwise the deck's next scripted line, if any.
    Mutates ``state`` bookkeeping (revealed facts, lines used) as part of the fold.
    """
    due = at + reply_delay(contact, seed, state.candidate_turns)
    lines: list[Pending] = []
    for fact in contact.facts:
        if fact.id in state.revealed or (fact.after and fact.after not in state.revealed):
            continue
        if matches_any(text, fact.ask):
            state.revealed.add(fact.id)
            lines.append(Pending(due, fact.answer, f"fact:{fact.id}"))
    if not lines:
        evasive = contact.reactions.evasive
        if state.replies_used < len(contact.replies):
            lines.append(Pending(due, contact.replies[state.replies_used], "reply"))
            state.replies_used += 1
        elif evasive and is_question(text):
            lines.append(Pending(due, evasive[state.evasive_used % len(evasive)], "evasive"))
            state.evasive_used += 1
    for index, trap in enumerate(contact.key.traps):
        if trap.at_turn == state.candidate_turns:
            lines.append(Pending(due, trap.prompt, f"trap:{index}"))
    return lines
