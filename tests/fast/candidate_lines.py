"""Candidate lines of every kind, for playing simulated customers (test_customer_rules.py).

Written apart from the code under test: no phrase list of omnisim/engine/data or
omnisim/language/data is read here, the wordings are this file's own. A line is made
for one contact from what the deck gives any candidate's script to go on (a fact's
question words, what the customer already said, their card), so that it asks the
customer something they can answer, restates what they said, or does neither on purpose.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from omnisim.deck.model import Contact

KINDS = (
    "fact_question",
    "identity",
    "restatement",
    "confirmation",
    "proposal",
    "apology",
    "insult",
    "sms",
    "off_topic",
    "greeting",
    "closing",
    "thanks",
    "hold",
    "refusal",
    "long_email",
)
WRITTEN = ("email", "complaint")

TEXTS: dict[str, dict[str, list[str]]] = {
    "fr": {
        "fact_question": [
            "Pouvez-vous m'en dire plus : {ask} ?",
            "J'ai besoin d'une précision : {ask} ?",
            "Et concernant {ask}, qu'en est-il ?",
            "Dites-moi, {ask} ?",
        ],
        "identity": [
            "Pourriez-vous me rappeler votre numéro de téléphone ?",
            "Quelle est votre adresse e-mail, s'il vous plaît ?",
            "Pouvez-vous m'épeler votre nom ?",
            "Avez-vous un numéro de client ?",
            "Quelle est votre adresse postale ?",
        ],
        "restatement": [
            "Si je résume bien, {said} C'est bien cela ?",
            "Je reprends ce que vous m'avez dit : {said} C'est exact ?",
            "Donc, pour être sûre : {said} Correct ?",
        ],
        "confirmation": ["C'est bien ça ?", "c'est ça ?", "Je ne me trompe pas ?", "C'est exact ?"],
        "proposal": [
            "Je transmets votre demande au service concerné et on vous rappelle demain, d'accord ?",
            "Je note tout et un conseiller vous recontacte dans la journée, ça vous va ?",
            "Je fais suivre votre dossier au responsable, réponse sous 48 heures, d'accord ?",
        ],
        "apology": [
            "Je suis vraiment navrée pour ce contretemps, veuillez accepter toutes mes excuses "
            "pour l'attente que vous avez subie.",
            "Excusez-moi pour l'attente, nous avons eu énormément d'appels ce matin, j'en suis "
            "sincèrement désolée.",
            "Bonjour madame, toutes mes excuses pour le délai de réponse, ce n'est pas "
            "l'habitude de la maison.",
            "Pardon pour ce désagrément, je regrette vraiment que vous ayez dû relancer.",
        ],
        "insult": [
            "Vous êtes vraiment pénible, madame.",
            "Franchement, vous êtes d'une lourdeur incroyable.",
            "Arrêtez de vous plaindre, c'est agaçant à la fin.",
            "Débrouillez-vous tout seul avec ça.",
            "Vous me fatiguez avec vos histoires.",
            "Je m'en moque complètement de votre problème.",
            "Quelle cliente insupportable…",
            "Ce n'est vraiment pas mon problème, voyez ailleurs.",
        ],
        "sms": [
            "slt c koi ton pb stp",
            "jvoi pa de kestion ds ton msg",
            "ok jte rapel + tard",
            "c bon g compri, tkt",
            "dsl pr l'attente, tu veux koi ?",
        ],
        "off_topic": [
            "Vous avez vu le match de rugby hier soir ?",
            "Il fait un temps magnifique aujourd'hui, vous ne trouvez pas ?",
            "Vous partez en vacances cet été ?",
            "J'adore les chiens, vous en avez un ?",
            "Vous regardez quelle série en ce moment ?",
            "Au fait, vous connaissez une bonne recette de crêpes ?",
        ],
        "greeting": ["Bonjour !", "Bonsoir madame.", "Re-bonjour.", "Bonjour monsieur."],
        "closing": [
            "Au revoir madame, bonne fin de journée.",
            "Je vous souhaite une excellente journée, au revoir.",
            "Merci pour votre appel, au revoir.",
        ],
        "thanks": ["Merci beaucoup.", "Je vous remercie.", "Merci à vous."],
        "hold": [
            "Je vérifie cela dans votre dossier, ne quittez pas.",
            "Un petit instant, je vous mets en attente.",
        ],
        "refusal": [
            "Je ne peux pas communiquer ce type d'information, je suis désolée.",
            "Ces données sont confidentielles, je ne peux rien vous dire.",
            "Il m'est impossible de vous transmettre cela.",
            "Je n'ai pas l'autorisation de divulguer ces éléments.",
        ],
        "email_open": ["Bonjour Madame,", "Bonjour Monsieur,", "Madame, Monsieur,"],
        "email_restate": [
            "Vous m'indiquez que {said}",
            "Je reprends votre demande : {said}",
            "D'après votre message, {said}",
        ],
        "email_ask": [
            "Pourriez-vous me préciser {ask} ?",
            "Pouvez-vous m'indiquer {ask} ?",
            "Merci de me dire aussi {ask} ?",
        ],
        "email_close": [
            "Je reste à votre disposition. Cordialement, Julie.",
            "Bien cordialement, Julie, service clients.",
        ],
    },
    "en": {
        "fact_question": [
            "Could you tell me more: {ask}?",
            "I need one detail: {ask}?",
            "And regarding {ask}, what can you tell me?",
            "Tell me, {ask}?",
        ],
        "identity": [
            "Could you give me your phone number again?",
            "What's your email address, please?",
            "Could you spell your name for me?",
            "Do you have a customer number?",
            "What is your postal address?",
        ],
        "restatement": [
            "So, to sum up what you said: {said} Is that right?",
            "Let me go over it: {said} Correct?",
            "If I've got it: {said} Right?",
        ],
        "confirmation": ["Is that right?", "Right?", "Correct?", "Have I got that right?"],
        "proposal": [
            "I'll pass this on to the team and someone will call you back tomorrow, OK?",
            "I'm noting everything and an adviser will contact you today, does that work?",
            "I'll forward your file to the manager, you'll hear back within 48 hours, OK?",
        ],
        "apology": [
            "I'm really sorry about the delay, please accept my apologies for keeping you "
            "waiting so long today.",
            "Apologies for the wait, we've had a huge number of calls this morning and I'm "
            "genuinely sorry.",
            "Good morning, my sincere apologies for the slow reply, that's not how we usually "
            "work.",
            "I'm so sorry for the trouble, I regret that you had to chase us.",
        ],
        "insult": [
            "You're really annoying.",
            "Stop moaning, will you.",
            "That's your problem, not mine.",
            "Honestly, you're hopeless.",
            "I couldn't care less about your issue.",
            "Sort it out yourself.",
            "What a pain you are.",
        ],
        "sms": ["hi wot u need m8", "ok c u l8r", "thx gr8 ttyl", "u ok? wat's ur prob", "k np"],
        "off_topic": [
            "Did you see the football last night?",
            "Lovely weather today, isn't it?",
            "Are you going anywhere nice on holiday?",
            "Do you have any pets?",
            "Seen any good films lately?",
            "Do you know a good pancake recipe?",
        ],
        "greeting": ["Hello!", "Good morning.", "Hi there.", "Good afternoon, madam."],
        "closing": [
            "Goodbye, have a lovely day.",
            "Thanks for calling, bye.",
            "Have a good evening, goodbye.",
        ],
        "thanks": ["Thank you very much.", "Thanks a lot.", "Many thanks."],
        "hold": ["Let me check your file, please hold.", "One moment, I'm putting you on hold."],
        "refusal": [
            "I'm sorry, I can't share that information.",
            "That information is confidential.",
            "I'm not allowed to give that out.",
            "I'm afraid we cannot disclose any details.",
        ],
        "email_open": ["Dear Madam,", "Dear Sir,", "Hello,"],
        "email_restate": [
            "You tell us that {said}",
            "To go over your request: {said}",
            "From your message, {said}",
        ],
        "email_ask": [
            "Could you tell me {ask}?",
            "Can you let me know {ask}?",
            "Please also tell me {ask}?",
        ],
        "email_close": ["Kind regards, Julie.", "Best regards, Julie, customer service."],
    },
}


@dataclass
class Line:
    kind: str
    text: str
    asked: list[str] = field(default_factory=list)  # facts this line asks for (not yet given)


def askable(contact: Contact, revealed: set[str]) -> list[str]:
    """Facts a question may get now: not given yet, and their prerequisite given."""
    return [
        f.id for f in contact.facts if f.id not in revealed and (not f.after or f.after in revealed)
    ]


def _ask(contact: Contact, fact_id: str, rng: random.Random) -> str:
    fact = next(f for f in contact.facts if f.id == fact_id)
    return rng.choice(list(fact.ask))


def _said(contact: Contact, revealed: set[str]) -> str:
    """Something the customer said, restated as they said it (a fact, else their opening's
    first sentence that says something)."""
    given = [f.answer for f in contact.facts if f.id in revealed]
    # « M. Girard » is no sentence end: the title's period is kept inside the sentence.
    opening = re.sub(r"\b(M|Mme|Mlle|Mr|Mrs|Ms|Dr|Me|St)\. ", "\\1.\u00a0", contact.opening)
    found = re.findall(r"(?:[^.!?\n]|\.(?=\u00a0))+[.!?]?", opening)
    sentences = [s.strip().replace("\u00a0", " ") for s in found]
    telling = [s for s in sentences if len(s.split()) >= 5 and not s.endswith("?")]
    telling = telling or [s for s in sentences if len(s.split()) >= 5] or [contact.opening]
    text = given[-1] if given else telling[0]
    return text[0].lower() + text[1:] if text[:2].istitle() else text


def make(kind: str, contact: Contact, lang: str, revealed: set[str], rng: random.Random) -> Line:
    texts = TEXTS[lang]
    if kind == "fact_question":
        ready = askable(contact, revealed)
        fact_id = rng.choice(ready) if ready else rng.choice([f.id for f in contact.facts])
        text = rng.choice(texts[kind]).format(ask=_ask(contact, fact_id, rng))
        return Line(kind, text, [fact_id] if ready else [])
    if kind == "restatement":
        said = _said(contact, revealed)
        if said.endswith("?"):  # nothing they stated to restate: ask them to confirm instead
            return Line("confirmation", rng.choice(texts["confirmation"]))
        return Line(kind, rng.choice(texts[kind]).format(said=said))
    if kind == "long_email":
        ready = askable(contact, revealed)
        asked = rng.sample(ready, min(2, len(ready)))
        parts = [rng.choice(texts["email_open"])]
        parts.append(rng.choice(texts["email_restate"]).format(said=_said(contact, revealed)))
        parts += [rng.choice(texts["email_ask"]).format(ask=_ask(contact, a, rng)) for a in asked]
        parts.append(rng.choice(texts["email_close"]))
        return Line(kind, "\n\n".join(parts), asked)
    return Line(kind, rng.choice(texts[kind]))


def kinds_for(contact: Contact) -> list[str]:
    """The kinds that make sense on this contact's channel: holds on the phone, long
    e-mails in writing, fact questions where the deck has facts."""
    kinds = [k for k in KINDS if k != "hold" or contact.channel == "phone"]
    if not contact.facts:
        kinds.remove("fact_question")
    return kinds
