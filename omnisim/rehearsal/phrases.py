"""What the dry run's scripted candidates say, in French and English: the careful one's
formulas (greeting, restatement, look-up, answer, summary, leave-taking, letters, reports)
and the careless one's lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from omnisim.deck import Deck
from omnisim.deck.key import Point
from omnisim.deck.model import Contact
from omnisim.language.callback import tells_to_call, tells_to_come
from omnisim.protocol.actions import MAX_TEXT

# -- what a candidate says, per language ---------------------------------------------------
PHRASES: dict[str, dict[str, str]] = {
    "fr": {
        "hello": "Bonjour, {company} service clients, {agent} à votre écoute.",
        "hello_chat": "Bonjour, service clients, {agent}.",
        "hello_out": "Bonjour, {agent} de {company}, je vous rappelle comme convenu.",
        "reason": "Vous appelez au sujet de : {subject}, c'est bien cela ?",
        "reason_chat": "C'est bien pour {subject} ?",
        "reason_out": "Je vous appelle au sujet de votre demande : {subject}.",
        "empathy": "Je comprends tout à fait, je vais vous aider.",
        "empathy_chat": "Je comprends, je vous aide.",
        "empathy_written": "Je comprends tout à fait votre situation.",
        "apology": "Je vous présente toutes nos excuses pour ce désagrément.",
        "apology_chat": "Toutes nos excuses.",
        "search": "Je consulte votre dossier, un instant.",
        "consult": "Bonjour, j'ai en ligne un client au sujet de : {subject}. Tu peux me dire ?",
        "search_chat": "Je consulte votre dossier.",
        "reformulate": "Si je comprends bien, vous souhaitez une solution rapide.",
        "reformulate_chat": "Si je comprends bien, noté.",
        "answer": (
            "Je m'occupe de votre demande ({subject}) : la démarche est enregistrée et le suivi "
            "est programmé."
        ),
        "answer_chat": "Je m'en occupe tout de suite.",
        "summary": "Pour résumer : votre demande ({subject}) est traitée, le suivi est programmé.",
        "summary_facts": "Pour résumer : {facts} ; votre demande est traitée, le suivi est "
        "programmé.",
        "summary_chat": "En résumé, {subject}.",
        "appointment": "Rendez-vous confirmé le {day} à {hour}.",
        "open_slot": "Créneau ouvert dans l'agenda de {name}.",
        "validate": "Cela vous convient-il ?",
        "satisfied": "Ai-je répondu à votre demande ?",
        "bye": "Merci de votre appel, bonne journée.",
        "bye_chat": "Merci, bonne journée.",
        "other_channel": "Je vous envoie le formulaire de transfert par e-mail.",
        "why_other": "Le formulaire doit être signé : l'e-mail garde une trace écrite.",
        "email": (
            "Bonjour {civility} {last},\n\nJe suis {agent}, du service clients {company}. "
            "Votre demande ({subject}) est bien prise en charge. {answer}\n\n"
            "Avez-vous d'autres questions ? Nous restons à votre écoute.\n\nMerci de votre "
            "confiance, bonne journée.\n{agent}, service clients {company}"
        ),
        "sms": "Bonjour, {company} : votre message est bien reçu et traité. Merci, bonne journée.",
        "sale_offer": "Pour ce que vous m'avez décrit, je vous propose {offer}.",
        "sale_answer": "Pour vous rassurer : {answer}.",
        "sale_addon": "Souhaitez-vous aussi {addon} ?",
        "sale_reassure": "Très bon choix, vous ne le regretterez pas.",
        "sale_offer_chat": "Je vous propose {offer}.",
        "sale_answer_chat": "{answer}, rassurez-vous.",
        "sale_addon_chat": "Et {addon} ?",
        "sale_reassure_chat": "Très bon choix !",
        "points": "Pour répondre à votre demande : {points}.",
        "sms_told": "Bonjour, {company}. {points} Merci, bonne journée.",
        "sms_written": "Je vous envoie aussi cette réponse par e-mail.",
        "why_written": "Un SMS est court : l'e-mail vous laisse la réponse complète, par écrit.",
        "followup": "Le suivi est programmé : {note}.",
        "incident": "Incidents : {names}.",
        "urgencies": "Le point des urgences : {names}. Le reste peut attendre.",
        "urgent_message": "URGENT {name}",
        "call_now": "Appelez le {number} tout de suite.",
        "handover": "Messages transmis : {names}. Réactions de la clientèle : {moods}.",
        "none": "aucun",
        "request": "votre demande",
        "upset": "{name} mécontent(e), apaisé(e)",
        "refuse": "Je suis désolée, je ne peux pas communiquer cette information.",
        "leak": "Bien sûr : {secret}",
        "refuse_curt": "Non, ça je ne peux pas vous le donner.",
        "careless": "slt, c pr koi ?|C'est pas mon problème, débrouillez-vous avec votre "
        "dossier.|Pas mon problème.",
    },
    "en": {
        "hello": "Good morning, {company} customer service, my name is {agent}.",
        "hello_chat": "Hello, customer service, {agent}.",
        "hello_out": "Good morning, this is {agent} from {company}, calling you back.",
        "reason": "You are calling about: {subject}, is that right?",
        "reason_chat": "You would like {subject}?",
        "reason_out": "I am calling you about your request: {subject}.",
        "empathy": "I understand completely, I will help you.",
        "empathy_chat": "I understand, I'll help.",
        "empathy_written": "I understand your situation completely.",
        "apology": "Please accept our apologies for the trouble.",
        "apology_chat": "Our apologies.",
        "search": "Let me check your file, one moment.",
        "consult": "Hello, I have a customer on the line about: {subject}. Can you tell me?",
        "search_chat": "Let me check, one moment.",
        "reformulate": "If I understand correctly, you need a quick solution.",
        "reformulate_chat": "If I understand, noted.",
        "answer": (
            "I am taking care of your request ({subject}): it is recorded and a follow-up is set."
        ),
        "answer_chat": "I am handling it now.",
        "summary": "To sum up: your request ({subject}) is handled and the follow-up is set.",
        "summary_facts": "To sum up: {facts}; your request is handled and the follow-up is set.",
        "summary_chat": "In summary, {subject}.",
        "appointment": "Appointment confirmed on {day} at {hour}.",
        "open_slot": "A slot {name}'s agenda lists as open.",
        "validate": "Does that suit you?",
        "satisfied": "Have I answered your question?",
        "bye": "Thank you for calling, have a nice day.",
        "bye_chat": "Thanks, have a nice day.",
        "other_channel": "I am e-mailing you the transfer form.",
        "why_other": "The form must be signed: an e-mail keeps a written record.",
        "email": (
            "Dear {civility} {last},\n\nMy name is {agent}, {company} customer service. "
            "Your request ({subject}) is being handled. {answer}\n\n"
            "Is there anything else we can do for you?\n\nThank you for your trust, have a "
            "nice day.\n{agent}, {company} customer service"
        ),
        "sms": "Hello, {company}: your message is received and handled. Thanks, have a good day.",
        "sale_offer": "For what you have described, I suggest {offer}.",
        "sale_answer": "To reassure you: {answer}.",
        "sale_addon": "Would you also like {addon}?",
        "sale_reassure": "A very good choice, you won't regret it.",
        "sale_offer_chat": "I suggest {offer}.",
        "sale_answer_chat": "{answer}, rest assured.",
        "sale_addon_chat": "And {addon}?",
        "sale_reassure_chat": "Great choice!",
        "points": "In answer to your request: {points}.",
        "sms_told": "Hello, {company}. {points} Thanks, have a good day.",
        "sms_written": "I am sending you this answer by e-mail as well.",
        "why_written": "An SMS is short: the e-mail gives you the full answer in writing.",
        "followup": "A follow-up is set: {note}.",
        "incident": "Incidents: {names}.",
        "urgencies": "The urgent points: {names}. The rest can wait.",
        "urgent_message": "URGENT {name}",
        "call_now": "Call {number} right away.",
        "handover": "Messages passed on: {names}. Customer reactions: {moods}.",
        "none": "none",
        "request": "your request",
        "upset": "{name} unhappy, calmed",
        "refuse": "I am sorry, I cannot give out that information.",
        "leak": "Sure: {secret}",
        "refuse_curt": "No, I can't give you that.",
        "careless": "hi, wat u want ?|Not my problem, sort out your file yourself.|Not my problem.",
    },
}


def say_urgent(lang: str, name: str) -> str:
    """A message handed over as urgent."""
    return PHRASES[lang]["urgent_message"].format(name=name)


def followups_told(deck: Deck, c: Contact) -> str:
    """The follow-ups the key sets on ``c`` (key.crm ``followup`` notes), told as the next
    step: what an upset customer waits to hear done about their request."""
    say = PHRASES[deck.language]["followup"]
    notes = [x.note.strip().rstrip(".") for x in c.key.crm if x.action == "followup"]
    return " ".join(say.format(note=n[:1].lower() + n[1:]) for n in notes if n)


def help_told(c: Contact, said: Sequence[str], call_now: str) -> list[str]:
    """An urgent caller the key passes to no one is sent where help is (CP FFP C4): told to
    call the number the key says they wait to hear (``awaits``), unless already told."""
    if not c.key.urgent or c.key.transfer_to or any(_sends(x) for x in said):
        return []
    # A bare number awaited is a full one (« 0 800 47 33 33 »), not a time (« avant 17 »).
    told = [a if _sends(a) else call_now.format(number=a) for a in c.awaits if _number(a)]
    return [t for t in told if tells_to_call(t)][:1]


def emergency_told(c: Contact, call_now: str) -> str:
    """On an urgent contact whose key has the caller call the emergency services (an await or
    an answer point that tells to call), the line that tells them: the await itself, or the
    point's first wording as the number to call now; "" otherwise."""
    if not c.key.urgent:
        return ""
    said = next((a for a in c.awaits if tells_to_call(a)), "")
    if said:
        return said[:1].upper() + said[1:] + "."
    point = next((p for p in c.key.answer_points if tells_to_call(p.label)), None)
    wording = next((a for a in point.accepts if a.strip()), "") if point else ""
    return call_now.format(number=wording) if wording else ""


def _number(text: str) -> bool:
    return _sends(text) or sum(ch.isdigit() for ch in text) >= 8


def _sends(text: str) -> bool:
    return tells_to_call(text) or tells_to_come(text)


def point_words(points: Sequence[Point]) -> list[str]:
    """Each answer point of the key in its first accepted wording (a chat's few words)."""
    words = [next((a for a in p.accepts if a.strip()), "") for p in points]
    return [w for w in words if w]


def points_missing(text: str, points: Sequence[Point]) -> list[Point]:
    """The points ``text`` gives in none of their accepted wordings (a filled letter-type
    says what its template says, not always all the key asks)."""
    folded = text.casefold()
    return [p for p in points if not any(a.strip().casefold() in folded for a in p.accepts)]


def points_said(lang: str, points: Sequence[Point], said: bool = False) -> str:
    """What the key says a written answer gives (key.answer_points), each point in its first
    accepted wording: bare for a chat's few words, else in a sentence (``said``)."""
    given = " ; ".join(point_words(points))
    return PHRASES[lang]["points"].format(points=given) if given and said else given


def pieces(text: str, limit: int = MAX_TEXT) -> list[str]:
    """A long report written as several, each within what the desk accepts, cut between names."""
    out = []
    while len(text) > limit:
        cut = text.rfind(", ", 0, limit)
        cut = cut if cut > 0 else limit
        out.append(text[:cut])
        text = text[cut:].lstrip(", ")
    return [*out, text]


def short(text: str, channel: str, limit: int = 5) -> str:
    """Chat sends stay within 4-5 words (CQP C.1.9) for a careful candidate."""
    if channel != "chat":
        return text
    words = text.rstrip(" ?").split()
    cut = " ".join(words[:limit])
    return f"{cut} ?" if text.rstrip().endswith("?") else cut


def what_happened(c: Contact) -> str:
    """What a report says of a contact: the anomalies its key names (a good report names
    them, MC ACVD C4.1, CQP C.3.1), else its subject."""
    said = [a.label for a in c.key.anomalies if a.label.strip()]
    return "; ".join(said) if said else c.subject.lower()


def sale_lines(say: Mapping[str, str], c: Contact) -> list[str]:
    """A sale the key declares (key.sale, MC ACVD C1.6 « VENDRE »), as a careful seller makes
    it once the need is asked: the fitting offer, each objection's answer, the add-on proposed,
    the customer conforted in the choice (on a chat, each in its few words). None without a
    sale."""
    sale = c.key.sale
    if sale is None:
        return []
    first = lambda wordings: next((w for w in wordings if w.strip()), "")  # noqa: E731
    chat = "_chat" if c.channel == "chat" else ""
    answers = [say[f"sale_answer{chat}"].format(answer=first(o.answers)) for o in sale.objections]
    offer = say[f"sale_offer{chat}"].format(offer=first(sale.offer.accepts))
    addon = [say[f"sale_addon{chat}"].format(addon=first(sale.addon.accepts))] if sale.addon else []
    if chat:
        # Each objection met after the offer, once more after the choice (one the customer
        # raised meanwhile is answered after it).
        return [offer, *answers, *addon, say["sale_reassure_chat"], *answers]
    return [" ".join([offer, *answers]), *addon, " ".join([say["sale_reassure"], *answers])]
