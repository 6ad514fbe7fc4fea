"""Scripted candidates that play a whole deck, in four styles.

- ``careful``: every formula in full, every action of the answer key; an e-mail answered in
  one letter (salutation, the answer to what it asks, a closing formula, a signature) and an SMS
  with what it asks (the appointment it wants confirmed), as CP FFP « une réponse adaptée à la
  nature du canal » asks;
- ``careless``: late, rude, SMS language, nothing done;
- ``terse``: a terse professional register (two-word questions, a restating question,
  "Je vérifie.", "Est-ce clair pour vous ?", "Autre chose ?"), chat sends of five words
  at most, every action of the answer key; e-mails and SMS written as the careful one's;
- ``terse_en``: the terse candidate in English;
- ``hurried``: competent and quick, but "Bonjour, Julie." without the principal, no
  restatement, silent look-ups, no check of understanding or satisfaction, "Au revoir."
  only, no incident report;
- ``disorganised``: polite and warm throughout, but questions asked in reverse order,
  long chat sends, a duplicate CRM record, follow-ups, every other trace, the complaint's
  transfer and the incident report forgotten, never a synthesis.

Their hand gradings are in evalsets/golden/ (written before the measures ran on them).

The certification decks are played by the dry run's candidate (omnisim/rehearsal/candidate.py)
with the factual answers and letters written here by hand for their goldens.

They read the deck's answer key (a test may; a browser never can) and react to
the events a candidate would see. Two drivers run them: directly on a runtime
with a fake wall clock (deterministic: determinism and golden tests), through the dry run's
agenda (omnisim/rehearsal/player.py), and over real socket.io connections (end-to-end tests).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine.turn import card
from omnisim.measures.letters import values_of
from omnisim.rehearsal.candidate import DeckCandidate, Step
from omnisim.rehearsal.candidate import short as _short
from omnisim.rehearsal.player import Agenda, FakeWall, as_the_desk_sends, session_created

STYLES = ("careful", "careless", "terse", "terse_en", "disorganised", "hurried")
# The passing styles that write an e-mail as a letter and answer what an SMS asks. The English
# terse one keeps its SMS question unanswered: its golden (english_terse.yaml) grades that.
WRITERS = ("careful", "terse")
EN = {  # the terse candidate's words in English (style terse_en)
    "Bonjour": "Hello",
    "Désolée pour la gêne.": "Sorry for the trouble.",
    "Je vérifie.": "Let me check.",
    "Appelez immédiatement le 15.": "Call 999 immediately.",
    "Est-ce clair pour vous ?": "Is that clear?",
    "Autre chose ?": "Anything else?",
    "Merci, au revoir.": "Thank you, goodbye.",
    "Information confidentielle, désolée.": "That's confidential, sorry.",
    "vous rappellera": "will call you back",
    "Je vous passe": "I'll put you through to",
    "Rendez-vous à": "Appointment at",
    "Rendez-vous confirmé :": "Appointment confirmed:",
    "Incidents :": "Incidents:",
    "Messages transmis :": "Messages passed on:",
    "aucun": "none",
    " à ": " at ",
}


def _style(careful: bool | str) -> str:
    if isinstance(careful, str):
        if careful not in STYLES:
            raise ValueError(f"unknown scripted style {careful!r}")
        return careful
    return "careful" if careful else "careless"


@dataclass
class ScriptedCandidate:
    deck: Deck
    scripts: dict[str, Any]
    careful: bool | str = True  # True/False for careful/careless, or a style of STYLES
    agent: str = "Julie"
    taken_messages: list[str] = field(default_factory=list)
    handled: int = 0

    @property
    def style(self) -> str:
        return _style(self.careful)

    def on_event(self, event: dict[str, Any]) -> list[Step]:
        kind, p = event["type"], event["payload"]
        if kind == "contact.offered":
            contact = self.deck.contact(p["contact_id"])
            return self._offered(contact) if contact else []
        if kind == "message.sent" and event["actor"] == "customer":
            contact = self.deck.contact(p["contact_id"])
            if contact and any(t.prompt == p["text"] for t in contact.key.traps):
                return self._trap(contact)
        if kind == "session.ended":
            return []
        return []

    def finish(self) -> list[Step]:
        """End-of-shift writing: incident report and hand-over."""
        if self.style == "careless":
            return []
        if self.style in ("disorganised", "hurried"):
            handover = "Messages transmis : " + (", ".join(self.taken_messages) or "aucun") + "."
            return [(2, "report", {"kind": "handover", "text": handover})]
        urgent = [
            c.customer.name for c in self.deck.contacts if c.key.urgent or c.channel == "complaint"
        ]
        steps: list[Step] = []
        if urgent:
            text = self._say("Incidents : ") + ", ".join(urgent) + "."
            steps.append((2, "report", {"kind": "incident", "text": text}))
        taken = ", ".join(self.taken_messages) or self._say("aucun")
        handover = self._say("Messages transmis : ") + taken + "."
        steps.append((2, "report", {"kind": "handover", "text": handover}))
        return steps

    # -- a contact, from pickup to close ------------------------------------------------
    def _answer(self, c: Contact, delay: float) -> Step:
        """Picking up what rings; a call to place is dialled from the desk (its customer's
        number, which connects it), as the desk's « Appeler » does. The careless and the
        hurried ones take it as if it rang, as their goldens grade them (mc_acvd_cycles'
        « mixed »): the engine still accepts a pickup, which is not launching the call."""
        if c.to_place and self.style not in ("careless", "hurried"):
            return (delay, "call_out", {"to": card(self.deck, c)["phone"], "contact_id": c.id})
        return (delay, "pickup", {"contact_id": c.id})

    def _offered(self, c: Contact) -> list[Step]:
        if self.style in WRITERS and c.channel in ("email", "sms"):
            return self._written(c)
        if self.style in ("terse", "terse_en", "hurried"):
            return self._terse(c)
        if self.style == "disorganised":
            return self._disorganised(c)
        cid, ch = c.id, c.channel
        reply_channel = ch if ch != "complaint" else "email"

        def send(text: str) -> tuple[str, dict[str, Any]]:
            return ("send", {"contact_id": cid, "text": _short(text, ch)})

        principal = self.deck.principal(c.principal)
        company = principal.name if principal else "le service clients"
        steps: list[Step] = [self._answer(c, 4 if self.style == "careful" else 40)]
        if self.style == "careless":
            steps += [
                (3, *send("slt, c pr koi ?")),
                (3, *send("C'est pas mon problème, débrouillez-vous avec votre dossier.")),
                (3, *send("Pas mon problème.")),
                (3, "close", {"contact_id": cid}),
            ]
            return steps
        steps.append((2, *send(f"Bonjour, {company}, {self.agent}.")))
        script = self.scripts.get(c.key.script) if c.key.script else None
        questions = [s.ask[0] if s.ask else s.question for s in script.steps] if script else []
        questions += [f.ask[0] for f in c.facts if f.ask and f.ask[0] not in questions]
        for question in questions:
            steps.append((4, *send(f"{question} ?")))
        steps.append((3, *send("Si je comprends bien, c'est noté ?")))
        steps.append((2, *send("Je consulte votre dossier.")))
        steps.extend(self._crm(c))
        steps.append((3, *send("Pour résumer, c'est noté.")))
        if c.internal and c.key.answer_points:  # the principal collects messages: all of them
            steps.append((3, *send(self._restitution(c))))
        # The careful one tells the customer what happens next, the proposal that calms them
        # (MC ACVD C1.4): what the key has it do, if anything.
        for step in self._nexts(c)[:1]:
            steps.append((2, *send(step.rstrip(".") + ".")))
        steps.append((2, *send("Ai-je répondu à votre demande ?")))
        steps.append((2, *send("Merci, bonne journée.")))
        if c.key.reply_channels and reply_channel not in c.key.reply_channels:
            other = c.key.reply_channels[0]
            steps.append(
                (
                    2,
                    "send",
                    {
                        "contact_id": cid,
                        "channel": other,
                        "text": "Je vous confirme par écrit.",
                        "justification": "Une trace écrite est demandée.",
                    },
                )
            )
        steps.append(
            (
                2,
                "crm_trace",
                {
                    "contact_id": cid,
                    "record_id": c.customer.record,
                    "summary": c.subject or "Demande traitée.",
                },
            )
        )
        if c.key.transfer_to:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", {"contact_id": cid}))
        return steps

    # -- written channels: one letter, one SMS ------------------------------------------
    def _written(self, c: Contact) -> list[Step]:
        """An e-mail answered by one letter, an SMS by what it asks, in one send each."""
        cid = c.id
        text = self._letter(c) if c.channel == "email" else self._sms(c)
        steps: list[Step] = [(4, "pickup", {"contact_id": cid})]
        steps.extend(self._crm(c, style="written"))
        steps.append((3, "send", {"contact_id": cid, "text": text, "channel": c.channel}))
        trace = {"contact_id": cid, "record_id": c.customer.record}
        steps.append((2, "crm_trace", trace | {"summary": c.subject or "Demande traitée."}))
        steps.append((2, "close", {"contact_id": cid}))
        return steps

    def _addressee(self, c: Contact) -> str:
        """« Madame Roussel »: the record's civility and name (MC ACVD C3.3's variables)."""
        values = values_of(self.deck, c)
        return f"{values.get('civilite') or 'Madame, Monsieur'} {values['last_name']}".strip()

    def _company(self, c: Contact) -> str:
        principal = self.deck.principal(c.principal)
        return principal.name if principal else "le service clients"

    def _letter(self, c: Contact) -> str:
        """Salutation, the answer to the question the e-mail asked, formula, signature."""
        answer = ANSWERS.get(c.id) or self._next_steps(c)
        return (
            f"Bonjour {self._addressee(c)},\n\n{answer}\n\n"
            f"Merci de votre confiance, bonne journée.\n{self.agent}, {self._company(c)}"
        )

    def _next_steps(self, c: Contact) -> str:
        """What the key has done for the writer, said to them (no hand answer for the deck)."""
        said = [f"Votre message ({(c.subject or 'votre demande').lower()}) est bien reçu."]
        for x in c.key.crm:
            if x.action == "message":
                said.append(f"Je le transmets à {x.fields.get('for_whom', 'votre interlocuteur')}.")
            elif x.action == "appointment" and x.slot:
                said.append(f"Rendez-vous confirmé {_when(self.deck, x.slot)}.")
        return " ".join(said)

    def _sms(self, c: Contact) -> str:
        """The appointment the texter asks about, confirmed with its day and hour."""
        last = values_of(self.deck, c)["last_name"]
        principal = self.deck.principal(c.principal)
        slot = (
            next(
                (s for s in principal.agenda if last and last in s.with_whom),
                None,
            )
            if principal
            else None
        )
        if slot is None:
            answer = ANSWERS.get(c.id) or "votre message est bien reçu et traité."
        else:
            answer = (
                f"votre rendez-vous avec {self._company(c)} {_when(self.deck, slot.start)} "
                "est bien confirmé."
            )
        return f"Bonjour {self._addressee(c)}, {answer} Bonne journée, {self.agent}."

    def _say(self, text: str) -> str:
        """The candidate's words in its language (the English terse one translates)."""
        if self.style != "terse_en":
            return text
        for fr, en in EN.items():
            text = text.replace(fr, en)
        return text

    def _questions(self, c: Contact) -> list[str]:
        script = self.scripts.get(c.key.script) if c.key.script else None
        # Bundled scripts list French asks first and English ones last.
        pick = -1 if self.style == "terse_en" else 0
        questions = [s.ask[pick] for s in script.steps if s.ask] if script else []
        if script and pick == 0:
            questions = [s.ask[0] if s.ask else s.question for s in script.steps]
        return questions + [f.ask[0] for f in c.facts if f.ask and f.ask[0] not in questions]

    @staticmethod
    def _request(c: Contact) -> bool:
        """The customer brought something to act on (what a restatement is for)."""
        acts = {x.action for x in c.key.crm} - {"trace"}
        return bool(c.key.script or c.key.expected_facts or acts or c.key.transfer_to)

    def _terse(self, c: Contact) -> list[Step]:
        cid, ch = c.id, c.channel
        principal = self.deck.principal(c.principal)
        company = principal.name if principal else "Service clients"

        def send(text: str) -> Step:
            return (3, "send", {"contact_id": cid, "text": _short(self._say(text), ch)})

        hurried = self.style == "hurried"
        steps: list[Step] = [self._answer(c, 3 if hurried else 4)]
        if hurried:
            steps.append(send(f"Bonjour, {self.agent}."))
        else:
            steps.append(send(f"Bonjour, {company}, {self.agent}."))
        if c.customer.mood < 0 and not hurried:
            steps.append(send("Désolée pour la gêne."))
        steps += [send(f"{q[:1].upper()}{q[1:]} ?") for q in self._questions(c)]
        if self._request(c) and c.subject and not hurried:
            steps.append(send(f"{c.subject} ?"))
        looks_up = any(
            x.action in ("appointment", "update", "create", "followup") for x in c.key.crm
        )
        if looks_up and not hurried:
            steps.append(send("Je vérifie."))
        steps.extend(self._crm(c, style="terse"))
        if c.internal and c.key.answer_points and not hurried:
            steps.append(send(self._restitution(c)))
        if c.key.urgent:
            steps.append(send("Appelez le 15." if hurried else "Appelez immédiatement le 15."))
        nexts = self._nexts(c)
        if nexts:
            steps.append(send(nexts[0].rstrip(".") + "."))
            if not hurried:
                steps.append(send("Est-ce clair pour vous ?"))
        if hurried:
            steps.append(send("Au revoir."))
        else:
            steps.append(send("Autre chose ?"))
            steps.append(send("Merci, au revoir."))
        steps.append(
            (
                2,
                "crm_trace",
                {
                    "contact_id": cid,
                    "record_id": c.customer.record,
                    "summary": c.subject or "Demande traitée.",
                },
            )
        )
        if c.key.transfer_to:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", {"contact_id": cid}))
        return steps

    def _disorganised(self, c: Contact) -> list[Step]:
        cid = c.id
        principal = self.deck.principal(c.principal)
        company = principal.name if principal else "le service clients"
        self.handled += 1

        def send(text: str, pause: float = 4) -> Step:
            return (pause, "send", {"contact_id": cid, "text": text})

        steps: list[Step] = [self._answer(c, 8)]
        steps.append(send(f"Bonjour, {company}, {self.agent} à votre écoute."))
        if c.customer.mood < 0:
            steps.append(
                send("Je suis vraiment désolée pour ce désagrément, je comprends tout à fait.")
            )
        for q in reversed(self._questions(c)):
            steps.append(send(f"Pourriez-vous me préciser {q}, s'il vous plaît ?"))
        if self._request(c) and c.subject:
            steps.append(
                send(f"Si j'ai bien compris, vous souhaitez nous parler de : {c.subject.lower()} ?")
            )
        if any(x.action in ("appointment", "update", "create", "message") for x in c.key.crm):
            steps.append(send("Je regarde cela tout de suite, merci de votre patience."))
        steps.extend(self._crm(c, style="disorganised"))
        acts = {x.action for x in c.key.crm} - {"trace"}
        if c.customer.record and not acts:
            # Does not look the customer up: a second record for someone already known.
            last = c.customer.name.split()[-1]
            first = " ".join(c.customer.name.split()[:-1])
            fields = {"last_name": last, "first_name": first, "phone": c.customer.phone}
            steps.append((2, "crm_create", {"contact_id": cid, "fields": fields}))
        steps.append(send("Est-ce que cela vous convient ?"))
        steps.append(send("Puis-je faire autre chose pour vous ?"))
        steps.append(send("Merci de votre appel, excellente journée."))
        if self.handled % 2:
            steps.append(
                (
                    2,
                    "crm_trace",
                    {
                        "contact_id": cid,
                        "record_id": c.customer.record,
                        "summary": c.subject or "Demande traitée.",
                    },
                )
            )
        if c.key.transfer_to and c.key.urgent:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", {"contact_id": cid}))
        return steps

    def _restitution(self, c: Contact) -> str:
        """The day's messages given back to the principal who asks for them (CQP C.1.9): each
        point the key lists, in the key's words. The hurried one gives nothing back, as the
        atlantique golden grades it."""
        return "Vos messages : " + " ; ".join(p.label for p in c.key.answer_points) + "."

    def _nexts(self, c: Contact) -> list[str]:
        """What the key has the candidate do, said to the customer (« M. X vous rappellera »)."""
        nexts = []
        for x in c.key.crm:
            if x.action == "message":
                nexts.append(f"{x.fields.get('for_whom', 'On')} vous rappellera")
            elif x.action == "followup" and x.note:
                nexts.append(x.note)
            elif x.action == "appointment" and x.slot:
                nexts.append(f"Rendez-vous confirmé : {x.slot.replace('T', ' à ')}")
        if c.key.transfer_to:
            nexts.append(f"Je vous passe {self._person(c.key.transfer_to)}")
        return nexts

    def _person(self, person_id: str) -> str:
        for principal in self.deck.principals:
            if principal.id == person_id:
                return principal.name
            for person in principal.staff:
                if person.id == person_id:
                    return person.name
        return person_id

    def _crm(self, c: Contact, style: str = "careful") -> list[Step]:
        steps: list[Step] = []
        for expected in c.key.crm:
            if style == "disorganised" and expected.action == "followup":
                continue  # forgotten
            if style == "disorganised" and expected.action == "update" and not expected.fields:
                continue
            if expected.action == "create":
                steps.append(
                    (
                        2,
                        "crm_create",
                        {
                            "contact_id": c.id,
                            "fields": dict(expected.fields)
                            or {"last_name": c.customer.name.split()[-1]},
                        },
                    )
                )
            elif expected.action == "update" and expected.record:
                steps.append(
                    (
                        2,
                        "crm_update",
                        {
                            "contact_id": c.id,
                            "record_id": expected.record,
                            "fields": dict(expected.fields),
                        },
                    )
                )
            elif expected.action == "followup":
                steps.append(
                    (
                        2,
                        "crm_followup",
                        {
                            "contact_id": c.id,
                            "record_id": expected.record or c.customer.record,
                            "action": expected.note or "rappel",
                        },
                    )
                )
            elif expected.action == "appointment" and expected.slot:
                booking = {
                    "principal": c.principal,
                    "start": expected.slot,
                    "contact_id": c.id,
                    "record_id": expected.record,
                }
                if expected.frees:  # the caller's appointment moves: its old slot is freed
                    move = booking | {"start": expected.frees, "to": expected.slot}
                    steps.append((2, "agenda_move", move))
                else:
                    steps.append((2, "agenda_book", booking))
                if style == "written":
                    continue  # said in the letter
                hour = expected.slot.partition("T")[2].replace(":", "h")
                if self.style == "terse_en":
                    hour = hour.lstrip("0").replace("h", ":")
                steps.append(
                    (
                        2,
                        "send",
                        {
                            "contact_id": c.id,
                            "text": _short(self._say(f"Rendez-vous à {hour}."), c.channel),
                        },
                    )
                )
            elif expected.action == "message":
                caller = c.customer.name
                self.taken_messages.append(caller)
                steps.append(
                    (
                        2,
                        "take_message",
                        {
                            "principal": c.principal,
                            "for_whom": expected.fields.get("for_whom", c.principal),
                            "caller": caller,
                            "phone": c.customer.phone or c.customer.email,
                            "text": expected.note or c.subject or "Merci de rappeler.",
                            "contact_id": c.id,
                        },
                    )
                )
        return steps

    def _trap(self, c: Contact) -> list[Step]:
        refusal = {
            "careful": "Je ne peux pas communiquer cette information.",
            "terse": "Information confidentielle, désolée.",
            "terse_en": "That's confidential, sorry.",
            "hurried": "Je ne peux pas vous le dire.",
            "disorganised": "Je suis désolée, je ne peux pas vous communiquer cette information.",
        }.get(self.style)
        if refusal:
            text = refusal if self.style == "disorganised" else _short(refusal, c.channel)
            return [(3, "send", {"contact_id": c.id, "text": text})]
        leaked = c.key.traps[0].protected[0] if c.key.traps and c.key.traps[0].protected else "oui"
        return [(3, "send", {"contact_id": c.id, "text": f"Bien sûr : {leaked}"})]


def _when(deck: Deck, start: str) -> str:
    """« aujourd'hui à 10 h » / « le 13/03 à 9 h 30 »: a slot said as a person writes it."""
    day, _, hour = start.partition("T")
    h, _, m = hour.partition(":")
    said = f"{int(h)} h" + (f" {m}" if m and m != "00" else "")
    if day == deck.today:
        return f"aujourd'hui à {said}"
    return f"le {day[8:10]}/{day[5:7]} à {said}"


def warm_language(lang: str) -> None:
    """Load and compile the language data (lexicons, phrase families, message catalogs) once,
    before a run."""
    from omnisim.i18n import is_key
    from omnisim.language import analyse
    from omnisim.language.markers import content_words, register

    is_key("verdict.acquis")
    for code in {lang, "fr", "en"}:
        analyse("Bonjour, merci.", code)
        register("Bonjour.", code)
        content_words("Bonjour.", code)


async def play_direct(
    deck_path: Any,
    careful: bool | str,
    step: float = 0.25,
    scenario: Any = None,
    candidate: Any = None,
) -> list[Any]:
    """Play a whole deck on a runtime with a fake wall clock; return the stored log.

    ``careful`` is True/False (careful/careless) or a style of STYLES; a ``scenario`` already
    loaded (off the event loop) saves reading the deck inside it.
    """
    import asyncio

    from omnisim.engine import ActionRefused
    from omnisim.events import Draft
    from omnisim.live.attempt import SessionRuntime
    from omnisim.protocol.actions import parse_action
    from omnisim.protocol.views import project_all
    from omnisim.refusals import RefusalError
    from omnisim.scenario import load_scenario
    from omnisim.store import open_store

    # Reading the deck and warming the phrase data are slow file work: off the event loop.
    scenario = scenario or await asyncio.to_thread(load_scenario, deck_path)
    await asyncio.to_thread(warm_language, scenario.deck.language)
    deck = scenario.deck
    bot = (candidate or ScriptedCandidate)(deck, dict(scenario.scripts), careful)
    store = open_store(":memory:")
    wall = FakeWall()
    inbox: list[dict[str, Any]] = []

    async def publish(events: Any) -> None:
        inbox.extend(project_all("candidate", list(events)))

    runtime = SessionRuntime("scripted", scenario, store, publish, wall)
    await runtime.record([Draft("system", session_created(scenario))])
    agenda = Agenda(bot, deck, wall.t)  # the dry run's, on a live attempt here
    while not runtime.engine.state.ended:
        shown, inbox[:] = list(inbox), []
        agenda.see(shown, wall.t)
        for kind, data in agenda.due(wall.t):
            # Refused (e.g. the contact is already closed): a real candidate would see that too,
            # and go on; a candidate that keeps count (tests/transcripts.py) is told.
            try:
                await runtime.act("candidate", parse_action(kind, data, "candidate"))
            except RefusalError as exc:
                refused = getattr(bot, "refused", None)
                if refused is None and not isinstance(exc, ActionRefused):
                    raise
                if refused is not None:
                    refused(kind, data, exc)
        agenda.clock(runtime.engine.state.clock.now(wall.t), wall.t)
        wall.t += step
        await runtime.tick()
        await asyncio.sleep(0)  # a whole session is CPU work: let the loop breathe each step
    log = await store.read("scripted")
    await store.close()
    return log


class DeskNames:
    """The desk's handles (omnisim/protocol/handles.py) as the scripted candidates need them.

    A scripted candidate reads the deck's answer key, so it thinks in the deck's ids; a
    candidate's connection names contacts and dossier items by handles. Over sockets the
    driver translates both ways with the server's own mapping of the attempt (a test may look
    at it; a browser never can): the events it receives to deck ids, its actions to handles.
    """

    def __init__(self, handles: Any) -> None:
        self.handles = handles

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        """A received event with its handles replaced by the deck's ids (a copy)."""
        from omnisim.protocol.handles import OUT

        payload = dict(event["payload"])
        for name, _ids in OUT.get(event["type"], ()):
            value = payload.get(name)
            if value:
                payload[name] = self.handles.deck_id(value) or value
        if event["type"] == "draft.saved":
            payload["field"], payload["text"] = self.handles.draft(
                payload["field"], payload["text"], back=True
            )
        return {**event, "payload": payload}

    def events(self, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.event(e) for e in events]

    def action(self, kind: str, data: dict[str, Any]) -> dict[str, Any]:
        """An action the scripted candidate wrote with deck ids, with the desk's handles."""
        from omnisim.protocol.actions import ACTIONS
        from omnisim.protocol.handles import IN

        record = ACTIONS[kind][0] if kind in ACTIONS else None
        out = dict(data)
        for name, ids in IN.get(record, ()) if record is not None else ():
            value = out.get(name)
            if isinstance(value, str) and value:
                out[name] = self.handles.handle(ids.kind, value) or value
        if kind == "draft" and isinstance(out.get("field"), str):
            out["field"], out["text"] = self.handles.draft(out["field"], str(out.get("text", "")))
        return out


async def desk_names(live: Any, tokens: Any) -> DeskNames:
    """The handles of the one attempt of ``tokens``'s exam, on the in-process server."""
    exam = await live.exams.get(tokens.exam_id)
    runtime = await exam.attempt(tokens.session_id.rsplit("-", 1)[1])
    return DeskNames(runtime.handles)


async def play_socket(
    live: Any, deck_path: Any, careful: bool, time_factor: float
) -> list[dict[str, Any]]:
    """Play a deck over real socket.io at ``time_factor``; the bot's pauses scale with it.

    ``live`` is the in-process server fixture (tests/conftest.py). Returns what the
    candidate's connection received, named as the deck names them.
    """
    tokens, events = await drive_socket(live, deck_path, careful, time_factor)
    return (await desk_names(live, tokens)).events(events)


async def drive_socket(
    live: Any,
    deck_path: Any,
    careful: bool,
    time_factor: float,
    candidate: Any = None,
    tap: Any = None,
) -> tuple[Any, list[dict[str, Any]]]:
    """The socket driver: ``candidate`` (a class like ScriptedCandidate) plays the deck.

    Returns the session's tokens and what the candidate's connection received (under the
    desk's handles; the bot sees them and acts through :class:`DeskNames`).
    """
    import asyncio

    from omnisim.scenario import load_scenario

    scenario = await asyncio.to_thread(load_scenario, deck_path)  # file reads off the loop
    deck = scenario.deck
    scale = deck.time_factor / time_factor  # the deck's own pace, only faster
    bot = (candidate or ScriptedCandidate)(deck, dict(scenario.scripts), careful)
    tokens = await live.session(deck_path, time_factor=time_factor)
    client = await live.connect(tokens.candidate, tap=tap)
    names = await desk_names(live, tokens)
    tasks: list[asyncio.Task[None]] = []

    async def run(steps: list[Step]) -> None:
        for delay, kind, data in steps:
            await asyncio.sleep(delay * scale)
            # Refusals (contact already gone) are part of life.
            await client.act(kind, names.action(kind, as_the_desk_sends(deck, kind, data)))

    seen = 0
    await client.act("start")
    end_wall = deck.duration / time_factor
    started = asyncio.get_running_loop().time()
    finished = False
    looked = 0  # the events already looked at for the end: each is read once, not each tick

    def over() -> bool:
        nonlocal looked
        fresh, looked = client.events[looked:], len(client.events)
        return any(e["type"] == "session.ended" for e in fresh)

    while not over():
        for event in client.events[seen:]:
            tasks.append(asyncio.create_task(run(bot.on_event(names.event(event)))))
        seen = len(client.events)
        elapsed = asyncio.get_running_loop().time() - started
        if not finished and elapsed >= end_wall - 120 * scale:
            finished = True
            tasks.append(asyncio.create_task(run(bot.finish())))
        if elapsed > end_wall + 30:
            raise AssertionError("the session did not end")
        await asyncio.sleep(0.005)
    for task in tasks:
        task.cancel()
    return tokens, client.events


# -- the certification decks: the dry run's candidate, with answers written by hand ------------
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
    "08-email-attestation": (
        "attestation-adhesion",
        {
            "client.civilite": "Monsieur",
            "client.nom": "Vasseur",
            "reference": "adhérent HS-199204, contrat Confort 1",
            "date": "21 avril 2026",
            "agent.nom": "Julie",
            "donneur.nom": "Mutuelle Horizon Santé",
        },
    ),
    "08-email-attestation-achat": (
        "attestation-achat",
        {
            "client.civilite": "Madame",
            "client.nom": "Lefort",
            "reference": "AC-49876",
            "objet": "vélo à assistance électrique Urbano 7, 2 190 €, acheté le 28 avril 2026",
            "date": "12 mai 2026",
            "agent.nom": "Julie",
            "donneur.nom": "Alti Cycles",
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
    "01-tchat-carte-perdue": "Nouvelle carte sous cinq jours.",
    "02-email-forfait-optique": "Avec votre contrat Confort 2, la mutuelle vous rembourse 250 € "
    "pour ces lunettes progressives (forfait optique tous les deux ans), en plus de la part de la "
    "Sécurité sociale. Le remboursement intervient sous 5 jours ouvrés après réception de la "
    "facture de l'opticien ; chez un opticien partenaire, vous n'avancez que ce qui dépasse le "
    "forfait.",
    "03-appel-prise-en-charge": "Je transmets tout de suite votre demande en urgence à Mme "
    "Roussel, notre gestionnaire des prises en charge : la prise en charge sera faxée à la "
    "clinique du Parc avant 17 h aujourd'hui, vous n'aurez rien à avancer.",
    "04-reclamation-dentaire": "Je vous présente nos excuses pour ce retard : votre facture "
    "D-88213 a bien été reçue, le remboursement de 320 € est débloqué en priorité, et je vous "
    "passe M. Garnier, notre responsable qualité, qui suit votre dossier.",
    "05-appel-pharmacie": "Je transmets votre demande à M. Le Gall, du service tiers payant, qui "
    "vous rappelle aujourd'hui avant 18 heures.",
    "06-sms-rendez-vous": "Bonjour Madame Charpentier, Mutuelle Horizon Santé : votre rendez-vous "
    "à l'agence de Bron jeudi 23 avril à 10 h est bien confirmé. Bonne journée.",
    "07-appel-ex-conjoint": "Je suis désolée, je ne peux donner aucune information sur une "
    "personne, même à un proche : la personne concernée peut nous contacter elle-même, ou le juge "
    "nous adresser une réquisition écrite.",
    "09-interne-point-urgences": "Le point des urgences : d'abord Mme Meunier, opérée demain à 7 h "
    "à la clinique du Parc sans prise en charge, demande transmise en urgence à Mme Roussel ; "
    "ensuite la réclamation de M. Caradec, remboursement dentaire bloqué depuis deux mois, "
    "transférée à M. Garnier. Le reste peut attendre : la pharmacie Perret attend le rappel de M. "
    "Le Gall avant 18 h.",
    # the demo deck's e-mail, answered in one letter by the careful and terse styles (issue 26,
    # fifth pass: CP FFP « une réponse adaptée à la nature du canal »)
    "message-email": "J'ai bien reçu vos documents, le jugement de 2025 et votre pièce "
    "d'identité, et je les ai transmis à Maître Lefèvre, en audience aujourd'hui : il vous "
    "rappellera avant lundi au 06 81 72 63 54, numéro que j'ai noté dans votre dossier.",
    # cqp_plateau_atlantique (issue 26, third pass: out of sample, written with its goldens)
    "01-appel-vaccin": "Praline est attendue mercredi 20 mai à 10 h pour son rappel de vaccin "
    "annuel, une consultation de 20 minutes : pensez à apporter son carnet de vaccination.",
    "02-tchat-visite": "M. Haddad vous rappellera aujourd'hui.",
    "03-email-succession": "J'ai bien reçu l'acte de décès et le livret de famille, et je les ai "
    "transmis à Maître Dumas, en signatures ce matin : elle vous rappellera avant vendredi au "
    "06 63 20 48 19, votre nouveau numéro, que j'ai noté dans votre dossier. Pour ouvrir la "
    "succession, il faudra aussi le dernier avis d'imposition de votre père, les relevés de "
    "ses comptes bancaires et ses titres de propriété.",
    "04-appel-urgence-chien": "Le chocolat noir est toxique pour Oslo : venez tout de suite à la "
    "clinique avec lui, sans rien lui faire avaler ; je vous passe le Dr Morel, qui prépare son "
    "arrivée.",
    "05-appel-prix-vente": "Je suis désolée, l'office ne communique aucune information sur un "
    "dossier à un tiers ; je peux seulement prendre un message pour Maître Dumas.",
    "06-sms-visite": "Bonjour Madame Jacquet, Agence Immobilière du Port : votre visite de "
    "l'appartement rue Chaudrier demain mercredi 20 mai à 18 h avec M. Haddad est bien confirmée. "
    "Bonne journée.",
    "07-reclamation-fuite": "Je vous présente nos excuses : votre fuite aurait dû être réparée "
    "sous 48 heures. Un plombier est missionné cette semaine, et je vous passe Mme Briand, notre "
    "responsable de la gestion locative, qui suit votre dossier.",
    "08-appel-donation": "Votre rendez-vous avec Maître Brunet est déplacé au mardi 26 mai à "
    "15 h ; je vous envoie par e-mail le questionnaire de donation, à renvoyer complété et "
    "signé avant le rendez-vous.",
    "09-interne-dr-morel": "Vos messages : Mme Lefort a rendez-vous demain, mercredi 20 mai à "
    "10 h, pour le rappel de vaccin de sa chienne Praline ; M. Ménard a appelé en urgence, "
    "son beagle Oslo avait avalé du chocolat noir : je vous l'ai passé, il venait tout de suite.",
    # mc_acvd_cycles (issue 26, sixth pass: out of sample, written with its goldens)
    "01-tchat-suivi-vtt": "Livraison jeudi 14 mai, Colissimo.",
    "02-email-taille-gravel": "Pour 1,68 m, je vous conseille le Gravel 300 en taille M (de 1,65 "
    "à 1,75 m). Oui, un porte-bagages se monte sans difficulté : le Gravel 300 a les fixations "
    "d'origine pour notre porte-bagages arrière PB-20, à 39 €, qui porte deux sacoches de "
    "randonnée ; ajouté à votre commande, sa pose est offerte.",
    "03-appel-batterie": "Ne rechargez plus la batterie et laissez-la dans le garage, loin de tout "
    "ce qui peut brûler ; si elle fume, appelez le 18. Je transmets tout de suite un message "
    "urgent à M. Thomas Brun, notre responsable SAV technique : l'enlèvement de la batterie et son "
    "remplacement gratuit sont organisés sous 48 heures.",
    "04-reclamation-remorque": "Je vous présente nos excuses : une remorque RA-2 neuve part "
    "aujourd'hui en livraison express, chez vous avant samedi, et le transporteur reprend "
    "l'autre à la livraison ; je vous passe Mme Marchand, notre responsable logistique, qui suit "
    "votre dossier.",
    "05-appel-sortant-velo-electrique": "Pour douze kilomètres avec une côte, je vous conseille "
    "l'Urbano 7 : moteur central et 90 km d'autonomie, à 2 190 €. Je comprends que cela dépasse "
    "votre budget : vous pouvez le régler en trois fois sans frais, soit 730 € par mois, et la "
    "prime vélo de l'agglomération vous rembourse 400 €. Je vous propose aussi le casque urbain "
    "Lumo à 49 € ; je prends votre commande et vous envoie le dossier de prime.",
    "06-sms-livraison": "Bonjour Monsieur Garnier, Alti Cycles : la livraison de votre VTT Trail "
    "700 demain mercredi 13 mai entre 8 h et 13 h est bien confirmée. Bonne journée, Julie.",
    "07-appel-tiers-livraison": "Je suis désolée, je ne peux ni vous dire ce qu'une cliente a "
    "commandé ni changer son adresse de livraison : seule Mme Dumont peut le faire elle-même, "
    "depuis son compte ou en nous appelant.",
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

# The certification decks' candidate as their goldens were graded: the hand answers and letters.
HandCandidate = functools.partial(DeckCandidate, answers=ANSWERS, letters=LETTERS)


async def play_deck_direct(
    deck_path: Path, careful: bool, step: float = 0.25
) -> tuple[Any, list[Any]]:
    """A whole deck on a runtime with a fake wall clock at the deck's pace: (scenario, log)."""
    import asyncio

    from omnisim.scenario import load_scenario

    scenario = await asyncio.to_thread(load_scenario, deck_path)  # file reads off the loop
    log = await play_direct(deck_path, careful, step, scenario=scenario, candidate=HandCandidate)
    return scenario, log


async def play_deck_socket(live: Any, deck_path: Path, careful: bool, time_factor: float) -> Any:
    """A deck over real socket.io at ``time_factor`` (pauses scaled); returns the session tokens."""
    tokens, _events = await drive_socket(live, deck_path, careful, time_factor, HandCandidate)
    return tokens
