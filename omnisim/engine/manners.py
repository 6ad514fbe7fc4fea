"""How a customer reacts to a message that asks nothing of their request: to its manners.

A customer hears how they are spoken to before what is said: SMS language puzzles them, a
goodbye gets one back, a refusal disappoints them, small talk while they wait brings them
back to their request, an apology or a word of empathy is taken (grudgingly when upset),
a request to wait is accepted, a greeting is returned once. Only then does the deck's next
scripted reply come, an evasion to a question they cannot answer, or an acknowledgement.
Each has its own reason (the ``reason`` of the line, for the jury), and with nothing new to
say the customer stays silent, for a logged reason (``Turn.silence``).
"""

from __future__ import annotations

from omnisim.engine.turn import Exchange

EVASIVE_PATIENCE = 3  # evasive answers in a row before they lose patience
THANKS_WORDS = 6  # « Merci beaucoup, madame. » is thanks; a longer line says something else
GREETING_WORDS = 10  # a longer line opened by « Bonjour » says something beside the greeting


def react(x: Exchange) -> None:
    """The reaction to a message none of whose parts was about the request (answers.py)."""
    c, heard, turn, v = x.c, x.heard, x.turn, x.v
    cues = heard.cues
    if heard.faulty:  # « calmez-vous », « c'est comme ça », « vous auriez dû… »
        turn.conduct.append("rude")
        turn.add(v.say("offended"), "offended")
    elif heard.unreadable:
        turn.add(v.say("sms"), "sms")
    elif "line_check" in cues:
        turn.add(v.say("line_check"), "line_check")
    elif "goodbye" in cues:
        take_leave(x)
    elif heard.does("refusal"):
        if not turn.traps:  # a trap set to follow a refusal is their reaction to it
            turn.add(v.say("refused"), "refused")
    elif "apology" in cues or heard.does("apology"):
        turn.greeted = turn.greeted or "greeting" in cues
        turn.add(v.say("apology"), "apology")
    elif "empathy" in cues or heard.does("empathy"):
        turn.add(v.say("empathy"), "empathy")
    elif x.chatting:
        turn.conduct.append("off_topic")
        turn.evasive = True  # small talk tries their patience as pointless questions do
        if c.evasive_streak + 1 >= EVASIVE_PATIENCE:
            turn.conduct.append("pointless")
        turn.add(v.say("off_topic"), "off_topic")
    elif "wait" in cues:
        if not turn.add(v.say("wait"), "wait"):
            turn.silence = "waiting"  # they wait while the candidate looks: nothing to add
    elif "greeting" in cues and not heard.question and heard.words <= GREETING_WORDS:
        turn.greeted = True
        family = "greet_again" if c.greeted else "greet_back"
        turn.add(v.say(family), "greeting")
    elif "thanks" in cues and not heard.question and heard.words <= THANKS_WORDS:
        turn.add(v.say("welcome"), "welcome")
    elif heard.familiar:
        turn.add(v.say("familiar"), "familiar")
    else:
        _carry_on(x)


def take_leave(x: Exchange) -> None:
    """A goodbye: the deck's thanks once, a goodbye once more, then they are gone."""
    turn, v = x.turn, x.v
    if x.c.left:
        turn.silence = "said_goodbye"
        return
    turn.left = True
    if not turn.add(v.own(x.contact.reactions.thanks), "thanks"):
        turn.add(v.say("goodbye"), "goodbye")


def _carry_on(x: Exchange) -> None:
    """Nothing in the message calls for a reaction of its own: the script goes on."""
    contact, c, turn, v = x.contact, x.c, x.turn, x.v
    if c.replies_used < len(contact.replies) and not turn.reply_used:
        turn.reply_used = True  # used up even when already said (the deck repeats itself)
        if turn.add(v.own(contact.replies[c.replies_used]), "reply"):
            return
    if x.heard.asking:
        evade(x)
    elif turn.next_step or turn.awaited:
        turn.engaged = True
        turn.add(v.say("agree"), "agree")
    else:
        turn.add(v.say("acknowledge"), "acknowledge")


def evade(x: Exchange) -> None:
    """A question they cannot answer: the deck's evasions, then stock ones, then impatience."""
    contact, c, turn, v = x.contact, x.c, x.turn, x.v
    turn.evasive = True
    if c.asked:
        turn.conduct.append("ignored")
    if c.evasive_streak + 1 >= EVASIVE_PATIENCE:
        turn.conduct.append("pointless")
        turn.add(v.say("evasive_last"), "evasive")
        return
    own = contact.reactions.evasive
    if c.evasive_used < len(own):
        turn.own_evasive = True  # used up even when already said
        if turn.add(v.own(own[c.evasive_used]), "evasive"):
            return
    turn.add(v.say("evasive"), "evasive")
