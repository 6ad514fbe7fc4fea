"""How a simulated customer reacts, as pure functions of the deck and the contact's state.

Mood moves with the tone of the candidate's replies (sentiment, French or English,
courtesy, empathy and reformulation markers, against SMS language), with what the
candidate does (answering the customer, giving what they wait for, announcing a next
step calm them; making them repeat, ignoring their question, pointless questions and a
channel change left unexplained annoy them), and down with every stretch of unanswered
waiting. The deck sets the start, the patience, the thresholds and the lines
(omnisim/deck/model.py: Customer, Reactions); stock lines for what a deck leaves
unsaid (greetings, identity questions, recaps, goodbyes…) are data (engine/phrases.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from omnisim.deck import Deck
from omnisim.deck.model import Contact, Fact
from omnisim.engine import phrases, recap
from omnisim.engine.state import ContactState
from omnisim.language import analyse
from omnisim.language.match import is_question, matches_any, word_set

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
# What the candidate does (cause "conduct"): a terse factual reply that gives the
# customer what they wait for calms them as much as warm words do.
CONDUCT = {
    "awaited": 0.3,  # said what the customer waits to hear (Contact.awaits)
    "next_step": 0.15,  # a concrete next step ("vous serez rappelée avant midi")
    "answered": 0.1,  # a statement answering the customer's own question
    "recap_right": 0.1,  # a recap the customer confirms
    "recap_wrong": -0.1,
    "repeat": -0.15,  # asked again for something already given
    "ignored": -0.1,  # the customer asked something; the candidate asked something unrelated
    "pointless": -0.15,  # one question too many that they cannot answer
    "unexplained_channel": -0.1,  # another channel, unexplained, when the key wants it argued
}
NEXT_STEP_MAX = 2  # announcing more next steps stops calming
EVASIVE_PATIENCE = 3  # evasive answers in a row before they lose patience
JUSTIFICATION_WORDS = 3
ANALYSER_LANGS = ("fr", "en")
WRITTEN = ("email", "sms", "complaint")  # asynchronous channels: a message gets a reply
SETTLED = ("goodbye", "thanks", "welcome", "acknowledge")  # lines that expect no answer


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


def speaks(deck: Deck, contact: Contact) -> str:
    """The customer's language: their own, else the deck's."""
    return contact.customer.language or deck.language


def reply_delay(contact: Contact, seed: int, turn: int) -> float:
    """The customer's thinking time, jittered ±20 % from the session's seed."""
    jitter = random.Random(f"{seed}:{contact.id}:{turn}").uniform(0.8, 1.2)
    return round(contact.reply_delay * jitter, 3)


def card(deck: Deck, contact: Contact) -> dict[str, str]:
    """What the customer can say about themselves: their card, completed by their CRM record."""
    who = contact.customer
    record = next((r for r in deck.crm if r.id == who.record), None) if who.record else None
    return {
        "name": who.name,
        "phone": who.phone or (record.phone if record else ""),
        "email": who.email or (record.email if record else ""),
        "reference": who.reference,
        "address": who.address or (record.address if record else ""),
    }


def known_texts(deck: Deck, contact: Contact) -> list[str]:
    """What a recap is checked against: facts (expected ones first), card, the key's slots,
    what the customer waits to hear and the principal's public phone and address."""
    expected = [f for i in contact.key.expected_facts for f in contact.facts if f.id == i]
    facts = expected + [f for f in contact.facts if f not in expected]
    texts = [f.answer for f in facts] + [v for v in card(deck, contact).values() if v]
    texts += [e.slot for e in contact.key.crm if e.slot]
    texts += [v for e in contact.key.crm for v in e.fields.values()]
    principal = deck.principal(contact.principal)
    texts += [principal.phone, principal.address] if principal else []  # theirs to give out
    return texts + list(contact.awaits) + [contact.opening, contact.subject]


@dataclass
class Turn:
    """What one candidate message makes the customer do (planned, not yet applied)."""

    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, reason)
    conduct: list[str] = field(default_factory=list)  # CONDUCT signals
    revealed: list[str] = field(default_factory=list)  # fact ids, "card:<item>"
    reply_used: bool = False
    evasive: bool = False  # answered evasively (the streak goes on), else the streak ends
    own_evasive: bool = False  # the evasive line was the deck's next one
    traps: list[int] = field(default_factory=list)
    next_step: bool = False
    awaited: bool = False

    @property
    def conduct_delta(self) -> float:
        return round(sum(CONDUCT[s] for s in self.conduct), 3)


class _Say:
    """Stock lines of one customer, each drawn from the session seed and the turn."""

    def __init__(
        self, lang: str, contact: Contact, c: ContactState, seed: int, values: dict[str, str]
    ):
        self.lang = lang
        self.key = f"{seed}:{contact.id}:{c.candidate_turns}"
        self.last = c.last_line
        self.values = values

    def __call__(self, family: str, **extra: str) -> str:
        text = phrases.pick(
            self.lang, family, f"{self.key}:{family}", self.last, **self.values, **extra
        )
        self.last = text
        return text


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

    In order: a recap is confirmed or denied; facts come out when asked a matching
    question (asking again makes them repeat, annoyed); identity questions are answered
    from their card; a satisfaction check, a bare "c'est bien ça ?", an offer of help
    (they restate their request), a goodbye (``reactions.thanks`` first) and a thanks get
    their answer; a bare greeting is returned. Only when none applies does the deck's
    next scripted ``reply`` come, then, to a question, an evasive line (the deck's, then
    varied stock ones, until they lose patience); a written message asking nothing is
    acknowledged. The same call in the command (for the mood) and in the fold (for the
    lines) sees the same state, so both agree.
    """
    lang = speaks(deck, contact)
    values = card(deck, contact)
    say = _Say(lang, contact, c, seed, values)
    turn = Turn()
    cue = phrases.cues(text, lang)
    question = is_question(text)
    asking = question or "request" in cue
    turns = c.candidate_turns + 1

    # A call-back carries no written justification: the channel rule is for replies.
    replied_on = "" if call_back else channel
    _conduct(contact, c, text, cue, question, replied_on, justification, turn, say)
    handled = _recap(deck, contact, c, text, cue, turn, say)
    if not handled:
        handled = _facts(contact, c, text, turn, say)
    unknown = ""  # an identity item they lack: a scripted reply may still answer it
    if not handled and asking:
        handled, unknown = _identity(c, cue, values, turn, say)
    if not handled and "satisfaction" in cue:
        turn.lines.append((say("satisfied" if c.mood >= 0 else "unsatisfied"), "satisfaction"))
        handled = True
    if not handled:
        handled = _recap(deck, contact, c, text, cue, turn, say, bare=True)
    if not handled and "offer_help" in cue:
        turn.lines.append((say("restate", opening=contact.opening), "restate"))
        handled = True
    if "goodbye" in cue:
        thanks = contact.reactions.thanks
        turn.lines.append((thanks or say("goodbye"), "thanks" if thanks else "goodbye"))
        handled = True
    elif not handled and "thanks" in cue and not question and len(text.split()) <= 6:
        turn.lines.append((say("welcome"), "welcome"))
        handled = True
    if not handled and "greeting" in cue and not question:
        turn.lines.append((say("greet_back"), "greeting"))
        handled = True
    if not handled and c.replies_used < len(contact.replies):
        turn.lines.append((contact.replies[c.replies_used], "reply"))
        turn.reply_used = handled = True
    if not handled and unknown:
        turn.lines.append((say("identity_unknown"), f"card:{unknown}"))
        handled = True
    if not handled and asking:
        _evade(contact, c, turn, say)
        handled = True
    written = (channel or c.via or c.channel) in WRITTEN
    if not handled and not turn.lines and (turn.awaited or written):
        # What they waited for, or a written message (e-mail, SMS): they acknowledge it.
        turn.lines.append((say("acknowledge"), "acknowledge"))
    _traps(contact, c, cue, turns, turn)
    return turn


def callback_line(deck: Deck, contact: Contact, c: ContactState, seed: int) -> str:
    """How the customer picks up when the candidate calls them back."""
    return _Say(speaks(deck, contact), contact, c, seed, card(deck, contact))("callback")


def _conduct(
    contact: Contact,
    c: ContactState,
    text: str,
    cue: frozenset[str],
    question: bool,
    channel: str,
    justification: str,
    turn: Turn,
    say: _Say,
) -> None:
    """The mood signals of what the candidate does, apart from what they answer."""
    if contact.awaits and not c.awaited_given and matches_any(text, contact.awaits):
        turn.awaited = True
        turn.conduct.append("awaited")
    if "next_step" in cue and not question and c.next_steps < NEXT_STEP_MAX:
        turn.next_step = True
        turn.conduct.append("next_step")
    if c.asked and not question and len(text.split()) >= 3 and not turn.awaited:
        turn.conduct.append("answered")
    natural = (c.channel, "email" if c.channel == "complaint" else c.channel)
    if (
        channel
        and channel not in natural
        and contact.key.justification_required
        and len(justification.split()) < JUSTIFICATION_WORDS
    ):
        turn.conduct.append("unexplained_channel")
        name = phrases.channel_name(say.lang, channel)
        turn.lines.append((say("why_channel", channel=name), "why_channel"))


def _recap(
    deck: Deck,
    contact: Contact,
    c: ContactState,
    text: str,
    cue: frozenset[str],
    turn: Turn,
    say: _Say,
    bare: bool = False,
) -> bool:
    """A recap, or with ``bare`` a reformulation stating nothing ("c'est bien ça ?")."""
    strong = "recap" in cue
    if not strong and "recap_weak" not in cue:
        return False
    names = (
        [contact.customer.name]
        + [s.name for p in deck.principals for s in p.staff]
        + [p.name for p in deck.principals]
    )
    verdict = recap.judge(text, known_texts(deck, contact), names)
    if not strong and not verdict.states_something and not (bare and is_question(text)):
        return False  # "je note" alone recaps nothing; a bare "c'est bien ça ?" asks to confirm
    if verdict.wrong:
        turn.conduct.append("recap_wrong")
        wrong = _corrected(deck, contact, c, text, verdict.wrong)
        line = say("recap_deny", answer=wrong) if wrong else say("recap_deny_plain")
        turn.lines.append((line, "recap_deny"))
        return True
    turn.conduct.append("recap_right")
    turn.lines.append((say("recap_confirm"), "recap_confirm"))
    stated = set(verdict.stated)
    for fact_id in contact.key.expected_facts:
        fact = next((f for f in contact.facts if f.id == fact_id), None)
        if (
            fact
            and fact.id in c.revealed
            and fact.answer not in stated
            and not _restates(text, fact)
        ):
            turn.lines.append((say("recap_missing", answer=fact.answer), "recap_missing"))
            break
    return True


def _restates(text: str, fact: Fact) -> bool:
    """A fact without checkable details is restated when most of its longer words are."""
    words = {w for w in word_set(fact.answer) if len(w) > 3}
    return bool(words) and len(words & word_set(text)) * 2 >= len(words)


def _corrected(
    deck: Deck, contact: Contact, c: ContactState, text: str, wrong: tuple[str, ...]
) -> str:
    """The customer's own version of what a recap got wrong: a fact they gave, or their card."""
    kinds = set(wrong)
    expected = [f for i in contact.key.expected_facts for f in contact.facts if f.id == i]
    for fact in expected + [f for f in contact.facts if f not in expected]:
        if fact.id in c.revealed and kinds & set(recap.details(fact.answer).kinds):
            return fact.answer
    for item, value in card(deck, contact).items():
        if value and kinds & set(recap.details(value if item != "name" else f"M. {value}").kinds):
            return f"{value}."
    return ""


def _facts(contact: Contact, c: ContactState, text: str, turn: Turn, say: _Say) -> bool:
    revealed = set(c.revealed)
    for fact in contact.facts:
        if fact.id in revealed or (fact.after and fact.after not in revealed):
            continue
        if matches_any(text, fact.ask):
            revealed.add(fact.id)
            turn.revealed.append(fact.id)
            turn.lines.append((fact.answer, f"fact:{fact.id}"))
    if turn.revealed:
        return True
    again = [f for f in contact.facts if f.id in c.revealed and matches_any(text, f.ask)]
    if again:
        turn.conduct.append("repeat")
        turn.lines.append((say("repeat", answer=again[0].answer), "repeat"))
        return True
    return False


def _identity(
    c: ContactState, cue: frozenset[str], values: dict[str, str], turn: Turn, say: _Say
) -> tuple[bool, str]:
    """(answered, the item asked that is not on their card)."""
    item = next((i for i in phrases.IDENTITY if f"ask_{i}" in cue), None)
    if item is None:
        return False, ""
    value = values.get(item, "")
    if not value:
        return False, item
    if f"card:{item}" in c.revealed:
        turn.conduct.append("repeat")
        turn.lines.append((say("repeat", answer=f"{value}."), "repeat"))
    else:
        turn.revealed.append(f"card:{item}")
        turn.lines.append((say(item), f"card:{item}"))
    return True, ""


def _evade(contact: Contact, c: ContactState, turn: Turn, say: _Say) -> None:
    turn.evasive = True
    if c.asked:
        turn.conduct.append("ignored")
    if c.evasive_streak + 1 >= EVASIVE_PATIENCE:
        turn.conduct.append("pointless")
        turn.lines.append((say("evasive_last"), "evasive"))
        return
    own = contact.reactions.evasive
    if c.evasive_used < len(own) and own[c.evasive_used] != c.last_line:
        turn.own_evasive = True
        turn.lines.append((own[c.evasive_used], "evasive"))
    else:
        turn.lines.append((say("evasive"), "evasive"))


def _traps(contact: Contact, c: ContactState, cue: frozenset[str], turns: int, turn: Turn) -> None:
    recapped = any(r in ("recap_confirm", "recap_deny") for _, r in turn.lines)
    for index, trap in enumerate(contact.key.traps):
        if index in c.traps_fired:
            continue
        fired = (
            (trap.after == "message" and trap.at_turn == turns)
            or (trap.after == "fact" and trap.fact in turn.revealed)
            or (trap.after == "refusal" and "refusal" in cue)
            or (trap.after == "recap" and recapped)
        )
        if fired:
            turn.traps.append(index)
            turn.lines.append((trap.prompt, f"trap:{index}"))
