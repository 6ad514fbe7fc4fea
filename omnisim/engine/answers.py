"""What a customer answers to what the candidate asks or states about the request.

Every part of a message gets its answer: a recap is confirmed or denied, and the questions
of the same message (an e-mail that restates, then asks) are answered too; facts come out
when asked with their words, identity items from the card, availability in general terms;
a satisfaction check, a request to confirm (« c'est ça ? ») and an offer of help (« que
puis-je pour vous ? ») get theirs. A customer asked again points back to what they said.
"""

from __future__ import annotations

import re

from omnisim.deck import Deck
from omnisim.deck.key import Fact
from omnisim.deck.model import Contact
from omnisim.engine import asking, recap
from omnisim.engine.phrases import asked, cues, new
from omnisim.engine.state import ContactState
from omnisim.engine.turn import Exchange, card, known_texts
from omnisim.engine.voice import PerContact
from omnisim.language.acts import performs
from omnisim.language.markers import asks as asks_something
from omnisim.language.markers import content_words, possessive
from omnisim.language.match import is_question, matches_any, word_set

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
SAY_AGAIN_WORDS = 6  # « Pardon ? Vous pouvez répéter ? » is short


def questions(text: str) -> str:
    """The interrogative sentences of ``text``, joined: what it asks beside what it states."""
    parts = (m.group(0).strip() for m in _SENTENCE.finditer(text))
    return " ".join(p for p in parts if p and is_question(p))


_CLAUSE = re.compile(r"[^,;:]+")
RECAP_CUES = frozenset({"recap", "recap_weak"})


def beyond_recap(text: str, lang: str) -> str:
    """What a recap's message asks beside the recap: its questions, less those that only
    restate and ask for a yes (« Vous appelez au sujet de : …, c'est bien cela ? », « Si je
    comprends bien, votre chien a avalé du chocolat ? »), whose words ask for no fact and no
    name; a clause of them that asks something (« …, et pour quel motif ? ») is kept."""
    kept = []
    for sentence in questions(text).split("?"):
        if not sentence.strip():
            continue
        restating = performs(f"{sentence} ?", "confirm", lang) or not RECAP_CUES.isdisjoint(
            cues(sentence, lang)
        )
        if not restating:
            kept.append(f"{sentence.strip()} ?")
            continue
        kept += [f"{c.strip()} ?" for c in _CLAUSE.findall(sentence) if _asks(c.strip(), lang)]
    return " ".join(kept)


def _asks(clause: str, lang: str) -> bool:
    """A clause asking for something new: opened by an interrogative, perhaps after a function
    word (« et pour quel motif », « depuis quand »), not by the customer's own thing restated
    (« votre chien a avalé… »)."""
    if asks_something(clause, lang):
        return not possessive(clause, lang)
    if asking.asks_in_place(clause, lang):  # « elle a commencé quel jour », « c'est pour quand »
        return True
    first, _, rest = clause.partition(" ")
    return not content_words(first, lang) and _asks(rest, lang) if rest else False


def answer(x: Exchange) -> bool:
    """Answer what the message asks or states about the request; whether anything was.

    In an unreadable line (SMS language) only the words of a question they know get
    through; in small talk a tag question (« …, n'est-ce pas ? ») confirms nothing.
    """
    heard, turn, v = x.heard, x.turn, x.v
    if heard.unreadable:
        handled = _facts(x, x.text, own_words=False)
        return _identity(x, heard.asked) or handled
    recapped = _recap(x)
    asks = beyond_recap(x.text, v.lang) if recapped else x.text
    handled = _facts(x, asks) or recapped
    if heard.asking or recapped:
        handled = _identity(x, asked(asks, v.lang) if recapped else heard.asked) or handled
    later = heard.question or not {"satisfaction", "offer_help"}.isdisjoint(heard.cues)
    if handled or not later or x.chatting:  # what follows answers questions, not small talk
        return handled
    if _proposal(x):
        return True
    if "satisfaction" in heard.cues:
        turn.add(v.say("satisfied" if x.c.mood >= 0 else "unsatisfied"), "satisfaction")
        return True
    if _recap(x, bare=True):
        return True
    if "offer_help" in heard.cues:
        return _restate(x)
    if "say_again" in heard.cues and heard.words <= SAY_AGAIN_WORDS:
        gist = recap.excerpt(x.c.last_line)  # the gist of what they said, not all of it again
        line = v.say("say_again", answer=f"{gist}.") if gist else ""
        turn.add(line or v.say("say_again_plain"), "say_again")
        return True
    return False


def _proposal(x: Exchange) -> bool:
    """A question putting a next step to them (« … vous rappelle demain, ça vous va ? »),
    not asking for something new: they agree to it."""
    heard, turn = x.heard, x.turn
    if not (heard.question and ("next_step" in heard.cues or turn.awaited)):
        return False
    last = questions(x.text).rsplit("?", 2)[-2] if "?" in x.text else x.text
    if asks_something(last.split(". ")[-1], x.v.lang) or "satisfaction" in heard.cues:
        return False  # « quand puis-je vous rappeler ? » asks; a satisfaction check has its own
    turn.engaged = True
    return turn.add(x.v.say("agree"), "agree")


def _recap(x: Exchange, bare: bool = False) -> bool:
    """A recap, or with ``bare`` a request to confirm that states nothing (« c'est ça ? »)."""
    deck, contact, heard, turn, v = x.deck, x.contact, x.heard, x.turn, x.v
    strong = "recap" in heard.cues
    if not strong and "recap_weak" not in heard.cues and not heard.does("confirm"):
        return False
    verdict = recap.judge(x.text, _truth(deck, contact))
    states = verdict.states_something or _echoes(x.text, contact, x.c)
    if not strong and not states and not (bare and heard.question):
        return False  # "je note" alone recaps nothing; a bare "c'est bien ça ?" asks to confirm
    if verdict.wrong:
        turn.conduct.append("recap_wrong")
        wrong = _corrected(x, verdict.wrong)
        line = v.say("recap_deny", answer=wrong) if wrong else ""
        turn.add(line or v.say("recap_deny_plain"), "recap_deny")
        return True
    if bare and not states and (turn.next_step or turn.awaited):
        # « … vous rappellera demain, d'accord ? »: they agree to what is proposed.
        turn.add(v.say("agree"), "agree")
        return True
    turn.conduct.append("recap_right")
    turn.add(v.say("recap_confirm"), "recap_confirm")
    if not (strong or states):
        return True  # « c'est ça ? » recaps nothing: nothing is missing from it
    stated = set(verdict.stated)
    for fact_id in contact.key.expected_facts:
        fact = next((f for f in contact.facts if f.id == fact_id), None)
        if (
            fact
            and fact.id in x.c.revealed
            and fact.answer not in stated
            and not _restates(x.text, fact)
        ):
            gist = recap.excerpt(fact.answer)
            line = v.say("recap_missing", answer=f"{gist}.") if gist else ""
            turn.add(line or v.say("recap_missing_plain"), "recap_missing")
            break
    return True


def _known(deck: Deck, contact: Contact) -> recap.Truth:
    names = (
        [contact.customer.name]
        + [s.name for p in deck.principals for s in p.staff]
        + [p.name for p in deck.principals]
    )
    return recap.truth(known_texts(deck, contact), names)


_truth = PerContact(_known)  # what a recap is checked against, read once per contact

ECHO_WORDS = 2  # longer words of what the customer said that a reformulation takes up


def _echoes(text: str, contact: Contact, c: ContactState) -> bool:
    """A reformulation without checkable details that takes up the customer's own words
    (« vous m'indiquez que vous souhaitez un remboursement »)."""
    said = [contact.opening, *(f.answer for f in contact.facts if f.id in c.revealed)]
    theirs = {w for t in said for w in word_set(t) if len(w) > 3}
    return len({w for w in word_set(text) if len(w) > 3} & theirs) >= ECHO_WORDS


def _restates(text: str, fact: Fact) -> bool:
    """A fact without checkable details is restated when most of its longer words are."""
    words = {w for w in word_set(fact.answer) if len(w) > 3}
    return bool(words) and len(words & word_set(text)) * 2 >= len(words)


def _corrected(x: Exchange, wrong: tuple[str, ...]) -> str:
    """The customer's own version of what a recap got wrong: the details of a fact they gave,
    or their card."""
    contact, kinds = x.contact, set(wrong)
    expected = [f for i in contact.key.expected_facts for f in contact.facts if f.id == i]
    for fact in expected + [f for f in contact.facts if f not in expected]:
        if fact.id in x.c.revealed and kinds & set(recap.details(fact.answer).kinds):
            gist = recap.excerpt(fact.answer)
            return f"{gist}." if gist else ""
    for item, value in card(x.deck, contact).items():
        if value and kinds & set(recap.details(value if item != "name" else f"M. {value}").kinds):
            return f"{value}."
    return ""


def _facts(x: Exchange, text: str, own_words: bool = True) -> bool:
    """Facts asked with their words, or with the candidate's own (``own_words``: the line is
    readable), each said once; asked again with their words, they point back to it. Small
    talk asks for none, whatever deck word it holds (« Vous regardez quelle série en ce
    moment ? » on a fact keyed « moment »: round 20's Lyon deck)."""
    contact, c, turn, v = x.contact, x.c, x.turn, x.v
    if not text:
        return False
    revealed = set(c.revealed)
    keyed = asking.keyed(x.deck, contact, text)  # their ask's words in the line: one look
    for n, fact in enumerate(contact.facts):
        if fact.id in revealed or (fact.after and fact.after not in revealed):
            continue
        if n in keyed and _keyed(text, fact, x.v.lang) and not x.chatting:  # no small talk
            revealed.add(fact.id)
            turn.revealed.append(fact.id)
            turn.add(_told(x, fact), f"fact:{fact.id}")
    for fact in _in_own_words(x, text, revealed) if own_words else ():
        revealed.add(fact.id)
        turn.revealed.append(fact.id)
        turn.add(_told(x, fact), f"fact:{fact.id}")
    if turn.revealed:
        return True
    # A step put to them (« Je transmets votre demande … et on vous rappelle demain, d'accord ? »)
    # asks nothing again, whatever deck word it holds (a writer keyed « votre demande »): it is
    # answered as the proposal it is (round 21's coastal deck). Nor does a check of what was
    # agreed (« Cela vous convient-il ? » where a writer keyed « vous convient » for a caller's
    # availability, already told: round 22's legal deck) or an offer of help: they answer it.
    if x.heard.cues & NOT_ASKING:
        return False
    again = [f for n, f in enumerate(contact.facts) if n in keyed and f.id in c.revealed]
    if again and not x.chatting:
        turn.conduct.append("repeat")
        gist = recap.excerpt(again[0].answer)
        line = v.say("repeat", answer=f"{gist}.") if gist else ""
        turn.add(line or v.say("repeat_plain"), "repeat")
        return True
    return False


def _told(x: Exchange, fact: Fact) -> str:
    """The fact's answer; one the customer has already said within another line (two facts a
    deck words alike: « Je pars souvent le week-end. » and « Je pars souvent le week-end, donc
    pas trop d'arrosage », round 20) is pointed back to, as a person says a thing once."""
    v = x.v
    if new(fact.answer, v.said):
        return v.took(fact.answer)
    gist = recap.excerpt(fact.answer)
    return (v.say("repeat", answer=f"{gist}.") if gist else "") or v.say("repeat_plain")


def _keyed(text: str, fact: Fact, lang: str) -> bool:
    """The fact asked with the deck's words; not when the words found are all a request to
    wait (« un instant », « ne quittez pas ») outside the line's questions: a writer keys
    « vous avez un instant ? » for a caller's availability, and the same words put a caller
    on hold, who waits (round 20's rental deck)."""
    if not matches_any(text, fact.ask):
        return False
    found = [p for p in fact.ask if matches_any(text, (p,))]
    if not all("wait" in cues(p, lang) for p in found):
        return True
    return matches_any(questions(text), found)


NOT_ASKING = frozenset({"satisfaction", "offer_help", "next_step"})  # they have their answers


def _in_own_words(x: Exchange, text: str, revealed: set[str]) -> list[Fact]:
    """The facts the line's questions ask for in the candidate's words (asking.py), one per
    question that asks (not one that restates or puts a step to them): a question the deck's
    words already match, one about who they are (their card answers it), a satisfaction check
    or an offer of help is not read so; a fact already given is not given again, nor one
    that waits on another. The cheap reading first: most questions name no fact at all."""
    deck, contact, lang, found = x.deck, x.contact, x.v.lang, []
    if "?" not in text or not asking.may_ask(deck, contact, text):
        return []
    for sentence in questions(text).split("?"):
        if not asking.fact_asked(deck, contact, sentence, lang, frozenset(revealed)):
            continue
        for piece in beyond_recap(f"{sentence} ?", lang).split("?"):
            fact = asking.fact_asked(deck, contact, piece, lang)
            if not fact or fact.id in revealed or (fact.after and fact.after not in revealed):
                continue
            if _not_asking_for_a_fact(x, piece):
                continue
            revealed.add(fact.id)
            found.append(fact)
    return found


def _not_asking_for_a_fact(x: Exchange, piece: str) -> bool:
    lang = x.v.lang
    if asking.keyed(x.deck, x.contact, piece):
        return True  # the deck's words said it: answered, or pointed back to, by _facts
    if asked(piece, lang) or not NOT_ASKING.isdisjoint(cues(piece, lang)):
        return True
    return not asking.asks_for(piece, lang) or x.chatting  # small talk asks for no fact


def _identity(x: Exchange, items: tuple[str, ...]) -> bool:
    """Identity items from the card, availability in general terms: whether any was asked."""
    contact, c, turn, v = x.contact, x.c, x.turn, x.v
    handled = False
    for item in items:
        if item == "availability":
            if not turn.revealed:  # a fact of the deck already told when they can
                turn.add(v.say("availability"), "availability")
                handled = True
            continue
        value = v.values.get(item, "")
        handled = True
        given = [line for line, reason in turn.lines if reason.startswith("fact:")]
        if value and any(word_set(value) <= word_set(line) for line in given):
            continue  # a fact of the deck just said it
        if not value:
            spare = c.replies_used < len(contact.replies) and not turn.reply_used
            if spare:  # the deck's next line may well answer it
                turn.reply_used = True  # used up even when already said, as manners' carry-on
                if turn.add(v.own(contact.replies[c.replies_used]), "reply"):
                    continue
            # No such item, and the deck's next line already said (a colleague asked her
            # e-mail once her news was told: round 21's transport deck): they say so; a
            # private customer asked for their company says they call for themselves.
            none = "company_none" if item == "company" else "identity_unknown"
            turn.add(v.say(none), f"card:{item}")
        elif f"card:{item}" in c.revealed:
            turn.conduct.append("repeat")
            turn.add(v.say("repeat", answer=f"{value}.") or v.say("repeat_plain"), "repeat")
        else:
            turn.revealed.append(f"card:{item}")
            turn.add(v.say(item), f"card:{item}")
    return handled


def _restate(x: Exchange) -> bool:
    """Asked again what brings them: they say it in a few words, never the opening again."""
    turn, v = x.turn, x.v
    if v.used("restate") or v.used("restate_plain"):
        turn.conduct.append("repeat")
        turn.add(v.say("restate_again"), "restate")
    else:
        turn.add(v.say("restate" if v.values["topic"] else "restate_plain"), "restate")
    return True
