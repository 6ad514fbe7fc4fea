"""Scripted candidates for the certification decks (CP FFP, MC ACVD, CCS-RC), in French and English.

Built on tests/scripted.py (its step format, fake wall clock and careless lines): this
careful candidate follows what each text asks on top of the demo's candidate — validates
the reason for the contact, adapts the deck's own diagnostic script to the answers, keeps the
caller informed, answers a request on the better channel with its reason, fills the letter
templates from the customer's record, places the outbound call and takes urgent contacts
first. The careless one does what tests/scripted.py's careless candidate does, and sends a
letter template with its variables left unfilled.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from tests.scripted import Step, _short, drive_socket, play_direct

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
        "search": "Je consulte votre dossier, un instant.",
        "search_chat": "Je consulte votre dossier.",
        "reformulate": "Si je comprends bien, vous souhaitez une solution rapide.",
        "reformulate_chat": "Si je comprends bien, noté.",
        "answer": "Je m'en occupe : la démarche est enregistrée et le suivi est programmé.",
        "answer_chat": "Je m'en occupe tout de suite.",
        "summary": "Pour résumer : votre demande est traitée, le suivi est programmé.",
        "summary_facts": "Pour résumer : {facts} ; votre demande est traitée, le suivi est "
        "programmé.",
        "summary_chat": "Pour résumer : c'est traité.",
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
        "callout": "Rappel de {name} comme convenu : {subject}",
        "incident": "Incidents : {names}.",
        "handover": "Messages transmis : {names}. Réactions de la clientèle : {moods}.",
        "none": "aucun",
        "upset": "{name} mécontent(e), apaisé(e)",
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
        "search": "Let me check your file, one moment.",
        "search_chat": "Let me check, one moment.",
        "reformulate": "If I understand correctly, you need a quick solution.",
        "reformulate_chat": "If I understand, noted.",
        "answer": "I am taking care of it: the request is recorded and a follow-up is set.",
        "answer_chat": "I am handling it now.",
        "summary": "To sum up: your request is handled and the follow-up is set.",
        "summary_facts": "To sum up: {facts}; your request is handled and the follow-up is set.",
        "summary_chat": "To sum up: handled.",
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
        "callout": "Calling {name} back as agreed: {subject}",
        "incident": "Incidents: {names}.",
        "handover": "Messages passed on: {names}. Customer reactions: {moods}.",
        "none": "none",
        "upset": "{name} unhappy, calmed",
        "careless": "hi, wat u want ?|Not my problem, sort out your file yourself.|Not my problem.",
    },
}

OUTBOUND = ("Appel sortant", "Outbound call")  # subject prefix of a call the candidate places

# The letter the jury expects for a contact, filled from the customer's record (MC ACVD C3.3
# « les variables correctes sont ajoutées aux emplacements prévus »): written by hand.
LETTERS: dict[str, tuple[str, dict[str, str]]] = {
    "02-email-retour": (
        "accord-retour",
        {
            "client.civilite": "Madame",
            "client.nom": "Caron",
            "reference": "CMD-88412",
            "objet": "composteur de cuisine CK-10",
            "agent.nom": "Julie",
            "donneur.nom": "Maison Verte",
        },
    ),
    "02-email-attestation": (
        "attestation-abonnement",
        {
            "client.civilite": "Monsieur",
            "client.nom": "Leroy",
            "client.adresse": "3 impasse des Tilleuls, 35200 Rennes",
            "agent.nom": "Julie",
            "donneur.nom": "Fibréa",
        },
    ),
    "02-email-return": (
        "return-agreement",
        {
            "customer.name": "Emma Carter",
            "reference": "ORD-88412",
            "subject": "CK-10 kitchen composter",
            "agent.name": "Julie",
            "principal.name": "Green Home",
        },
    ),
}
# The factual answer a careful candidate gives, found in the deck's knowledge base and
# instructions (CP FFP « éléments de réponse factuels, précis et complets »): written by hand.
ANSWERS: dict[str, str] = {
    "01-facture-elevee": "Votre facture reposait sur un index estimé : avec votre index réel de "
    "45 872, une facture rectificative vous parvient sous 5 jours ouvrés et le trop-perçu "
    "vous sera remboursé.",
    "02-demenagement-tchat": "Transfert possible avec formulaire signé.",
    "03-email-attestation": "Vous trouverez ci-joint votre attestation de contrat gaz.",
    "04-odeur-gaz": "Sortez tout de suite du logement, sans toucher aux interrupteurs, et "
    "appelez Urgence Sécurité Gaz au 0 800 47 33 33 ; je vous passe ma responsable.",
    "05-reclamation-coupure": "Votre paiement du 10 mars n'avait pas été rapproché : le "
    "rétablissement est demandé en urgence et Mme Roux vous rappelle sous 48 heures pour le "
    "geste commercial.",
    "06-sms-index": "Bonjour, Énergie Lumière : votre index 45 872 est bien enregistré, la "
    "facture sera corrigée. D'autres questions ? Merci, bonne journée.",
    "01-tchat-suivi-colis": "Livraison prévue demain, 18 mars.",
    "03-reclamation-colis": "Je vous présente nos excuses : un nouveau mitigeur ME-5 part sans "
    "frais sous 48 heures, et je transmets votre dossier au responsable logistique.",
    "04-appel-sortant-conseil": "Pour 35 m² et un usage de nuit, le purificateur PUR-300 "
    "convient : filtre HEPA H13 contre le pollen, 32 dB en mode nuit, 199 euros.",
    "01-incident-passage": "Une équipe passe chez vous avant 9 heures ce matin, et une "
    "prestation vous sera créditée en avoir.",
    "02-tchat-horaires": "Vendredi 20 h, c'est noté.",
    "03-reclamation-degat": "Je transmets votre déclaration à Mme Haddad, responsable qualité, "
    "qui vous rappelle sous 24 heures pour la prise en charge.",
    "04-code-acces": "Je transmets le nouveau code à votre chef d'équipe, M. Belkacem, dès ce "
    "soir.",
    "05-email-devis": "Nous ajoutons volontiers un nettoyage mensuel des vitres : vous "
    "recevrez le devis sous 48 heures.",
    "01-tchat-panne": "Test de ligne lancé aujourd'hui.",
    "03-appel-teleassistance": "Je laisse tout de suite un message urgent au technicien "
    "d'astreinte pour la ligne de votre mère ; en attendant, prêtez-lui un téléphone portable.",
    "04-tchat-offres": "L'option télé coûte 5 €.",
    "05-appel-demenagement": "Le transfert est gratuit : je vous envoie le mandat de transfert "
    "par e-mail, à signer dix jours avant le 2 mai, et le service raccordement ouvrira la ligne "
    "à Brest.",
    "06-sms-confirmation": "Bonjour M. Blanc, Fibréa : le passage du technicien jeudi 16 avril "
    "entre 8 h et 12 h est bien confirmé. Bonne journée.",
    "07-appel-coordonnees": "Je ne peux communiquer aucune information sur nos abonnés ; je "
    "peux seulement transmettre un message.",
    "08-reclamation-routeur": "Je vous présente nos excuses : un routeur neuf part sans frais "
    "sous 48 heures, et je transmets votre dossier à M. Benali, notre responsable qualité.",
    "09-interne-superviseure": "Le point des urgences : d'abord la ligne coupée chez Mme "
    "Lemoine, sous téléassistance, message urgent laissé au technicien d'astreinte ; ensuite la "
    "réclamation de M. Simon pour son routeur fendu, transmise à M. Benali.",
    # English decks
    "01-high-bill": "Your bill used an estimated reading: with your real reading of 45872, a "
    "corrected bill reaches you within 5 working days and any overpayment is refunded.",
    "02-moving-chat": "Transfer needs a signed form.",
    "03-email-certificate": "Please find attached the certificate of your gas contract.",
    "04-gas-smell": "Leave the home now, touch no switch, and call the Gas Emergency line on "
    "0800 111 999; I am putting you through to my team leader.",
    "05-complaint-disconnection": "Your payment of 10 March had not been matched: reconnection "
    "is requested as a priority and Ms Ross will call you within 48 hours about compensation.",
    "06-sms-reading": "Hello, Brightpower Energy: your reading 45872 is recorded and the bill "
    "will be corrected. Anything else? Thank you, have a good day.",
    "01-chat-parcel": "Delivery expected tomorrow, 18 March.",
    "03-complaint-parcel": "Please accept our apologies: a new ME-5 tap ships free of charge "
    "within 48 hours, and I am passing your file to the logistics manager.",
    "04-outbound-call-advice": "For 35 square metres and night use, the PUR-300 fits: HEPA H13 "
    "filter against pollen, 32 dB in night mode, 199 pounds.",
    "01-missed-visit": "A team will be with you before 9 this morning, and one visit will be "
    "credited to your account.",
    "02-chat-hours": "Friday 8 pm, noted.",
    "03-complaint-damage": "I am passing your claim to Ms Haddad, our quality manager, who will "
    "call you within 24 hours about covering it.",
    "04-access-code": "I am passing the new code to your team leader, Mr Belkacem, for tonight.",
    "05-email-quote": "We will gladly add a monthly window cleaning: you will receive the quote "
    "within 48 hours.",
}
_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def fill(body: str, values: dict[str, str]) -> str:
    """A template with each ``{{ variable }}`` replaced; an unknown one is left as it is."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), body)


@dataclass
class DeckCandidate:
    """Plays one of the certification decks, carefully or carelessly."""

    deck: Deck
    scripts: dict[str, Any]
    careful: bool = True
    agent: str = "Julie"
    messages: list[str] = field(default_factory=list)
    upset: list[str] = field(default_factory=list)

    @property
    def say(self) -> dict[str, str]:
        return PHRASES[self.deck.language]

    def on_event(self, event: dict[str, Any]) -> list[Step]:
        if event["type"] == "contact.offered":
            contact = self.deck.contact(event["payload"]["contact_id"])
            if contact is not None:
                return self._offered(contact) if self.careful else self._careless(contact)
        return []

    def finish(self) -> list[Step]:
        """End-of-shift writing: incident report (urgent contacts, complaints) and hand-over."""
        if not self.careful:
            return []
        say = self.say
        # Who, and what happened (the contact's subject): urgent contacts, complaints, pressure
        # on confidential data, and what the key declares an anomaly.
        incidents = [
            f"{c.customer.name} ({c.subject.lower()})" if c.subject else c.customer.name
            for c in self.deck.contacts
            if c.key.urgent or c.channel == "complaint" or c.key.traps or c.key.anomalies
        ]
        steps: list[Step] = []
        if incidents:
            text = say["incident"].format(names=", ".join(incidents))
            steps.append((2, "report", {"kind": "incident", "text": text}))
        names = ", ".join(self.messages) or say["none"]
        moods = ", ".join(say["upset"].format(name=n) for n in self.upset) or say["none"]
        text = say["handover"].format(names=names, moods=moods)
        steps.append((2, "report", {"kind": "handover", "text": text}))
        return steps

    # -- careless ------------------------------------------------------------------------
    def _careless(self, c: Contact) -> list[Step]:
        steps: list[Step] = [(40, "pickup", {"contact_id": c.id})]
        for text in self.say["careless"].split("|"):
            steps.append((3, "send", {"contact_id": c.id, "text": text}))
        if c.id in LETTERS:
            # The right template, filled from the record left open (another customer's) and
            # sent unread: the desk refuses a letter with variables unfilled, not a wrong one.
            template_id, values = LETTERS[c.id]
            template = next(t for t in self.deck.templates if t.id == template_id)
            other = next(r for r in self.deck.crm if r.id != c.customer.record)
            name = f"{other.first_name} {other.last_name}".strip()
            stale = {**values, "client.nom": other.last_name, "customer.name": name}
            text = _VARIABLE.sub("", fill(template.body, stale))
            steps.append((3, "send", {"contact_id": c.id, "text": text}))
        steps.append((3, "close", {"contact_id": c.id}))
        return steps

    # -- careful -------------------------------------------------------------------------
    def _offered(self, c: Contact) -> list[Step]:
        say, cid, ch = self.say, c.id, c.channel
        principal = self.deck.principal(c.principal)
        company = principal.name if principal else ""
        subject = (c.subject or "").split(":")[-1].strip().lower()
        fmt = {"company": company, "agent": self.agent, "subject": subject}
        outbound = c.subject.startswith(OUTBOUND)
        chat = ch == "chat"

        def line(key: str) -> str:
            text = say.get(f"{key}_chat", say[key]) if chat else say[key]
            return _short(text.format(**fmt), ch)

        def send(text: str) -> Step:
            return (3, "send", {"contact_id": cid, "text": text})

        # Urgent first (CP FFP C4, CQP C.1.7): the more urgent, the sooner it is picked up.
        steps: list[Step] = []
        if outbound:
            text = say["callout"].format(name=c.customer.name, subject=subject)
            steps.append((1, "call_out", {"to": c.customer.phone, "text": text, "contact_id": cid}))
        steps.append(
            (1 if c.key.priority <= 1 else 3 + c.key.priority, "pickup", {"contact_id": cid})
        )
        if ch == "email":
            steps += self._written(c, fmt)
        elif ch == "sms":
            steps.append(send(ANSWERS.get(cid) or say["sms"].format(**fmt)))
            steps += self._crm(c)
            steps.append(self._trace(c))
            steps.append((2, "close", {"contact_id": cid}))
            return steps
        else:
            steps.append(send(line("hello_out" if outbound else "hello")))
            steps.append(send(line("reason_out" if outbound else "reason")))
            if c.customer.mood < 0:
                steps.append(send(line("empathy")))
                self.upset.append(c.customer.name)
            steps += [send(_short(f"{q} ?", ch)) for q in self._questions(c)]
            steps.append(send(line("search")))
            # The look-up it announces (CP FFP « recherche l'information en utilisant ses
            # applicatifs » while « maintient une information vers l'appelant »).
            steps.append((2, "crm_search", {"contact_id": cid, "query": c.customer.name}))
            steps.append(send(line("reformulate")))
            steps += self._crm(c)
            steps.append(send(_short(ANSWERS[cid], ch) if cid in ANSWERS else line("answer")))
            steps.append(send(self._summary(c) if not chat else line("summary")))
            steps.append(send(line("validate")))
            steps.append(send(line("satisfied")))
            steps.append(send(line("bye")))
        if c.key.justification_required:
            other = next(x for x in c.key.reply_channels if x != ch)
            steps.append(
                (
                    2,
                    "send",
                    {
                        "contact_id": cid,
                        "channel": other,
                        "text": say["other_channel"],
                        "justification": say["why_other"],
                    },
                )
            )
        steps.append(self._trace(c))
        if c.key.transfer_to:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", {"contact_id": cid}))
        return steps

    def _written(self, c: Contact, fmt: dict[str, str]) -> list[Step]:
        """One e-mail in the company's form: salutation, who writes, answer, courtesy, signature."""
        record = next((r for r in self.deck.crm if r.id == c.customer.record), None)
        last = record.last_name if record else c.customer.name.split()[-1]
        civility = "Madame" if self.deck.language == "fr" else "Ms"
        if record and record.civility:
            civility = record.civility
        elif record and re.search(r"(Civilité|Title) ?: ?(\w+)", record.notes):
            civility = re.search(r"(Civilité|Title) ?: ?(\w+)", record.notes).group(2)  # type: ignore[union-attr]
        if c.id in LETTERS:
            template_id, values = LETTERS[c.id]
            template = next(t for t in self.deck.templates if t.id == template_id)
            text = fill(template.body, values)
        else:
            answer = ANSWERS.get(c.id, "")
            text = self.say["email"].format(civility=civility, last=last, answer=answer, **fmt)
        if c.customer.mood < 0:
            self.upset.append(c.customer.name)
        steps: list[Step] = list(self._crm(c))
        steps.append((3, "send", {"contact_id": c.id, "text": text, "channel": "email"}))
        return steps

    def _questions(self, c: Contact) -> list[str]:
        """The deck's script adapted to the answers, then the facts the key expects.

        A branch is taken when the answer the step obtains says its ``when`` word (the
        caller's answer is in the deck; a person would hear it).
        """
        answers = {f.id: f.answer.casefold() for f in c.facts}
        # A bundled script lists its phrases in several languages: ask in the deck's own, the
        # phrase its fact answers to, so a fact is not asked twice in two languages.
        own = {f.id: f.ask[0] for f in c.facts if f.ask}
        asked: list[str] = []
        script = self.scripts.get(c.key.script) if c.key.script else None
        if script is not None:
            ids = [s.id for s in script.steps]
            i = 0
            while i < len(script.steps):
                step = script.steps[i]
                asked.append(own.get(step.obtains) or (step.ask[0] if step.ask else step.question))
                answer = answers.get(step.obtains, "")
                jump = next((b.goto for b in step.branches if b.when.casefold() in answer), "")
                i = ids.index(jump) if jump else i + 1
        for fact in c.facts:
            if fact.id in c.key.expected_facts and fact.ask and fact.ask[0] not in asked:
                asked.append(fact.ask[0])
        return asked

    def _summary(self, c: Contact) -> str:
        """CP FFP « fait une synthèse des informations communiquées »: the recap restates what
        the caller said (the key's expected facts, all asked); a chat keeps its short line."""
        said = [
            f.answer.strip().rstrip(".")
            for i in c.key.expected_facts
            for f in c.facts
            if f.id == i and f.ask
        ]
        if not said:
            return self.say["summary"]
        return self.say["summary_facts"].format(facts=" ; ".join(said))

    def _trace(self, c: Contact) -> Step:
        summary = c.subject or c.opening[:60]
        return (
            2,
            "crm_trace",
            {"contact_id": c.id, "record_id": c.customer.record, "summary": summary},
        )

    def _crm(self, c: Contact) -> list[Step]:
        steps: list[Step] = []
        for expected in c.key.crm:
            record = expected.record or c.customer.record
            if expected.action == "followup":
                data = {"contact_id": c.id, "record_id": record, "action": expected.note}
                steps.append((2, "crm_followup", data))
            elif expected.action == "update" and record:
                data = {"contact_id": c.id, "record_id": record, "fields": dict(expected.fields)}
                steps.append((2, "crm_update", data))
            elif expected.action == "create":
                steps.append(
                    (2, "crm_create", {"contact_id": c.id, "fields": dict(expected.fields)})
                )
            elif expected.action == "message":
                self.messages.append(c.customer.name)
                data = {
                    "principal": c.principal,
                    "for_whom": expected.fields.get("for_whom", c.principal),
                    "caller": c.customer.name,
                    "phone": c.customer.phone or c.customer.email,
                    "text": expected.note,
                    "contact_id": c.id,
                }
                steps.append((2, "take_message", data))
        return steps


# -- drivers (the mechanics of tests/scripted.py, with this candidate) ------------------------
async def play_deck_direct(
    deck_path: Path, careful: bool, step: float = 0.25
) -> tuple[Any, list[Any]]:
    """A whole deck on a runtime with a fake wall clock at the deck's pace: (scenario, log)."""
    from omnisim.scenario import load_scenario

    scenario = await asyncio.to_thread(load_scenario, deck_path)  # file reads off the loop
    log = await play_direct(deck_path, careful, step, scenario=scenario, candidate=DeckCandidate)
    return scenario, log


async def play_deck_socket(live: Any, deck_path: Path, careful: bool, time_factor: float) -> Any:
    """A deck over real socket.io at ``time_factor`` (pauses scaled); returns the session tokens."""
    tokens, _events = await drive_socket(live, deck_path, careful, time_factor, DeckCandidate)
    return tokens
