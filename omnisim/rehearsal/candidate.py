"""The scripted candidate of a dry run: plays any deck from its answer key, carefully or not.

It reads the deck's answer key (a dry run may; a browser never can) and reacts to the events
a candidate would see. The careful one follows what the référentiels ask: validates the
reason for the contact, adapts the deck's diagnostic script to the answers, keeps the caller
informed, does what the key expects (appointments recapped, messages, follow-ups, records,
transfers), answers a request on the better channel with its reason, fills the letter
template from the customer's record, places the outbound call, takes urgent contacts first
and writes its incident report and hand-over. The careless one picks up late, answers in
SMS language, deflects, does nothing the key expects and sends a letter template unfilled.

Steps are ``(delay in active seconds, action, data)``; omnisim/rehearsal/player.py plays them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine.turn import card
from omnisim.language.disclosure import discloses
from omnisim.language.markers import asks_apology, markers
from omnisim.measures.letters import values_of
from omnisim.rehearsal.discretion import discreet, kept_from
from omnisim.rehearsal.letters import (
    checked_values,
    fill,
    own_filled,
    recaps_written,
    unfilled_removed,
)
from omnisim.rehearsal.phrases import (
    PHRASES,
    emergency_told,
    followups_told,
    help_told,
    pieces,
    point_words,
    points_missing,
    points_said,
    sale_lines,
    short,
    what_happened,
)
from omnisim.rehearsal.records import Step, close, crm_steps, trace
from omnisim.rehearsal.urgencies import urgencies_asked, urgencies_before


@dataclass
class DeckCandidate:
    """Plays any deck, carefully or carelessly.

    ``answers`` (contact id → the factual answer) and ``letters`` (contact id → template id and
    its values) replace the generic answer and the letter filled from the deck where a test
    knows better (tests/scripted.py, for the hand-graded goldens).
    """

    deck: Deck
    scripts: Mapping[str, Any]
    careful: bool = True
    agent: str = "Julie"
    messages: list[str] = field(default_factory=list)
    upset: list[str] = field(default_factory=list)
    answers: Mapping[str, str] = field(default_factory=dict)
    letters: Mapping[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @property
    def say(self) -> dict[str, str]:
        return PHRASES[self.deck.language]

    def on_event(self, event: dict[str, Any]) -> list[Step]:
        kind, p = event["type"], event["payload"]
        contact = self.deck.contact(p.get("contact_id", "")) if "contact_id" in p else None
        if contact is None:
            return []
        if kind == "contact.offered":
            return self._offered(contact) if self.careful else self._careless(contact)
        pushed = next((t for t in contact.key.traps if t.prompt == p.get("text")), None)
        if kind == "message.sent" and event["actor"] == "customer" and pushed is not None:
            # CQP C.4.4 « résister à toute pression »: the careful one refuses, the other tells.
            secret = pushed.protected[0] if pushed.protected else ""
            text = self.say["refuse"] if self.careful else self.say["leak"].format(secret=secret)
            return [(3, "send", {"contact_id": contact.id, "text": short(text, contact.channel)})]
        return []

    def finish(self) -> list[Step]:
        """End-of-shift writing: incident report (urgent contacts, complaints) and hand-over."""
        if not self.careful:
            return []
        say = self.say
        # Who, and what happened (the contact's subject): urgent contacts, complaints, pressure
        # on confidential data, and what the key declares an anomaly.
        incidents = [
            f"{c.customer.name} ({what_happened(c)})" if c.subject else c.customer.name
            for c in self.deck.contacts
            if not c.extra
            and (c.key.urgent or c.channel == "complaint" or c.key.traps or c.key.anomalies)
        ]
        texts: list[tuple[str, str]] = []
        if incidents:
            texts.append(("incident", say["incident"].format(names=", ".join(incidents))))
        names = ", ".join(self.messages) or say["none"]
        moods = ", ".join(say["upset"].format(name=n) for n in self.upset) or say["none"]
        # What the keys ask the hand-over to carry (an instruction for the next team, news).
        carried = point_words([p for c in self.deck.contacts for p in c.key.handover_points])
        handover = say["handover"].format(names=names, moods=moods)
        texts.append(("handover", " ".join([handover, *(f"{w}." for w in carried)])))
        return [
            (2, "report", {"kind": kind, "text": part})
            for kind, text in texts
            for part in pieces(text)
        ]

    # -- careless ------------------------------------------------------------------------
    def _careless(self, c: Contact) -> list[Step]:
        steps: list[Step] = [(40, "pickup", {"contact_id": c.id})]
        lines = self.say["careless"].split("|")
        if any(t.after == "refusal" for t in c.key.traps):
            # A trap that waits for a refusal pushes a weak candidate only once it says no:
            # it does, curtly, then gives in to the push (CQP C.4.4; round 21's Lyon deck).
            lines.insert(0, self.say["refuse_curt"])
        for text in lines:
            steps.append((3, "send", {"contact_id": c.id, "text": text}))
        letter = self._letter(c)
        if letter is not None:
            # The right template, filled from the record left open (another customer's) and
            # sent unread: what it cannot fill it blanks, so the desk has nothing to warn of.
            body, values = letter
            stale = dict(values)
            other = next((r for r in self.deck.crm if r.id != c.customer.record), None)
            if other is not None:
                name = f"{other.first_name} {other.last_name}".strip()
                stale |= {"client.nom": other.last_name, "customer.name": name}
            text = unfilled_removed(fill(body, stale))
            steps.append((3, "send", {"contact_id": c.id, "text": text}))
        steps.append((3, "close", close(self.deck, c)))
        return steps

    # -- careful -------------------------------------------------------------------------
    def _offered(self, c: Contact) -> list[Step]:
        say, cid, ch = self.say, c.id, c.channel
        principal = self.deck.principal(c.principal)
        company = principal.name if principal else ""
        subject = discreet(self.deck, c, self.say["request"])
        told = points_said(self.deck.language, c.key.answer_points, said=True)
        fmt = {"company": company, "agent": self.agent, "subject": subject, "points": told}
        outbound = c.to_place
        chat = ch == "chat"

        def line(key: str) -> str:
            text = say.get(f"{key}_chat", say[key]) if chat else say[key]
            return short(text.format(**fmt), ch)

        def send(text: str) -> Step:
            return (3, "send", {"contact_id": cid, "text": text})

        # Urgent first (CP FFP C4, CQP C.1.7): the more urgent, the sooner it is picked up.
        # A call to place is placed as the desk does it: its customer's number dialled from the
        # contact, which connects it (they pick up with « Allô ? »); it never rang to be taken.
        delay = 1 if c.key.priority <= 1 else 3 + c.key.priority
        dial = {"to": card(self.deck, c)["phone"], "contact_id": cid}
        steps: list[Step] = [
            (delay, "call_out", dial) if outbound else (delay, "pickup", {"contact_id": cid})
        ]
        if ch == "email":
            steps += self._written(c, fmt)
        elif ch == "sms":
            sms = self.answers.get(cid) or self._keyed_letter(c)  # its template (CQP C.1.13)
            steps.append(send(sms or say["sms_told" if told else "sms"].format(**fmt)))
            # A key that lists e-mail beside the SMS: the short SMS announces the full answer
            # in writing, which follows with its reason (CP FFP C2 « complémentaire »).
            copy = "email" in c.key.reply_channels and cid not in self.answers
            if copy:
                steps.append(send(say["sms_written"]))
            if c.customer.mood < 0:  # their reaction goes in the hand-over (MC ACVD C4.3)
                self.upset.append(c.customer.name)
            steps += crm_steps(self.deck, c, self.messages)
            if copy:
                mail = {"channel": "email", "justification": say["why_written"]}
                steps.append((2, "send", {"contact_id": cid, "text": self._email(c, fmt)} | mail))
            steps.append(trace(c))
            steps.append((2, "close", close(self.deck, c)))
            return steps
        elif urgencies_asked(self.deck, c):
            steps.append(send(line("hello")))
            steps.append(
                send(say["urgencies"].format(names=", ".join(urgencies_before(self.deck, c))))
            )
            if told:  # then the other messages the key lists (CQP C.1.9 « restituer »)
                steps.append(send(short(told, ch)))
            steps += crm_steps(self.deck, c, self.messages)  # what they then ask done (C.1.11)
            steps.append(send(line("bye")))
        else:
            steps.append(send(line("hello_out" if outbound else "hello")))
            steps.append(send(line("reason_out" if outbound else "reason")))
            # A complaint answered on its template: the letter, apology and all, is the answer.
            letter = self._keyed_letter(c) if ch == "complaint" else None
            if c.customer.mood < 0:
                steps.append(send(line("empathy")))
                if self._apology_asked(c) and cid not in self.answers and not self._sorry(letter):
                    steps.append(send(line("apology")))  # the principal's instruction says so
                self.upset.append(c.customer.name)
            questions = self._questions(c)
            asked = [short(f"{q} ?", ch) for q, _ in questions]
            # A danger that has the caller call the emergency services is acted on once the
            # key's facts are told, before the script goes on (measures/script.py).
            if (now := emergency_told(c, say["call_now"])) and c.key.expected_facts:
                facts = [n for n, (_, f) in enumerate(questions) if f in c.key.expected_facts]
                at = max(facts, default=len(asked) - 1)
                asked.insert(at + 1, now)
            steps += [send(q) for q in asked + help_told(c, asked, say["call_now"])]
            steps.append(send(line("search")))
            # The look-up it announces (CP FFP « recherche l'information en utilisant ses
            # applicatifs » while « maintient une information vers l'appelant »).
            steps.append((2, "crm_search", {"contact_id": cid, "query": c.customer.name}))
            # The colleague the key has consulted, about this caller, before coming back to
            # them (CQP C.1.2 « Reprendre l'appel initial »): what follows is said to the caller.
            for expected in c.key.consult:
                about = {"to": expected.staff, "contact_id": cid}
                steps.append((2, "call_out", about | {"text": say["consult"].format(**fmt)}))
            steps.append(send(line("reformulate")))
            steps += crm_steps(self.deck, c, self.messages)
            if chat and cid not in self.answers and c.key.answer_points:
                # One point a send within the chat's few words (CQP C.1.9), not all joined.
                steps += [send(short(w, ch)) for w in point_words(c.key.answer_points)]
            elif letter and cid not in self.answers:
                steps.append(send(letter))
            else:
                answer = self.answers.get(cid) or told
                steps.append(send(short(answer, ch) if answer else line("answer")))
                if ch == "complaint" and (kept := self._letter(c)) is not None:  # its template
                    steps.append((3, "send", {"contact_id": cid, "text": fill(*kept)}))
            steps += [send(short(t, ch)) for t in sale_lines(say, c)]
            steps.append(send(self._summary(c) if not chat else line("summary")))
            steps.append(send(line("validate")))
            steps.append(send(line("satisfied")))
            steps.append(send(line("bye")))
        needed = c.key.reply_channel_needed  # the request needs that channel too
        if c.key.justification_required or needed:
            other = needed or next(x for x in c.key.reply_channels if x != ch)
            # The written confirmation on the template the key names (MC ACVD C3.3).
            written = self._keyed_letter(c) if other in ("email", "sms") else None
            steps.append(
                (
                    2,
                    "send",
                    {
                        "contact_id": cid,
                        "channel": other,
                        "text": written or f"{say['other_channel']} {told}".strip(),
                        "justification": say["why_other"],
                    },
                )
            )
        steps.append(trace(c))
        if c.key.transfer_to:
            steps.append((2, "transfer", {"contact_id": cid, "to": c.key.transfer_to}))
        else:
            steps.append((2, "close", close(self.deck, c)))
        return steps

    def _written(self, c: Contact, fmt: dict[str, str]) -> list[Step]:
        """The key's steps done, then one e-mail telling them (``_email``)."""
        text = self._email(c, fmt)
        if c.customer.mood < 0:
            self.upset.append(c.customer.name)
        steps: list[Step] = list(crm_steps(self.deck, c, self.messages))
        text = recaps_written(text, [s[2]["text"] for s in steps if s[1] == "send"])
        steps = [s for s in steps if s[1] != "send"]
        steps.append((3, "send", {"contact_id": c.id, "text": text, "channel": "email"}))
        return steps

    def _email(self, c: Contact, fmt: dict[str, str]) -> str:
        """One e-mail in the company's form: salutation, who writes, answer, courtesy, signature;
        to an upset customer, their displeasure acknowledged and the follow-up the key sets told
        (MC ACVD C1.4 « la proposition permet de calmer le client »)."""
        record = self.deck.record_of(c)
        last = record.last_name if record else c.customer.name.split()[-1]
        text = self._keyed_letter(c)
        if text and c.customer.mood < 0:
            # An upset customer's displeasure acknowledged (MC ACVD C1.4, RNCP C10), after the
            # salutation.
            parts = text.split("\n\n")
            parts.insert(min(1, len(parts)), self.say["empathy_written"])
            text = "\n\n".join(parts)
        elif not text:
            answer = self.answers.get(c.id) or fmt["points"]
            if urgencies_asked(self.deck, c):  # the urgent point first, said urgent (MC ACVD C4.3)
                urgent = self.say["urgencies"].format(
                    names=", ".join(urgencies_before(self.deck, c))
                )
                answer = f"{urgent} {answer}"
            if c.customer.mood < 0 and c.id not in self.answers:
                answer = f"{self.say['empathy_written']} {answer} {followups_told(self.deck, c)}"
            recorded = values_of(self.deck, c)["civilite"]  # the record's civility, or its notes'
            polite = recorded or ("Madame" if self.deck.language == "fr" else "Ms")
            text = self.say["email"].format(
                civility=polite, last=last, answer=answer.strip(), **fmt
            )
        return text

    def _keyed_letter(self, c: Contact) -> str:
        """The letter template the key names, filled, with what the key asks beyond the
        template's own text in its body's paragraph (a reply written by hand for a test aside);
        the empty text when the key names none."""
        template = self._letter(c)
        if template is None:
            return ""
        text = fill(*template)
        missing = points_missing(text, c.key.answer_points)
        if c.id not in self.answers:  # its own blanks filled from the key (decks/README.md)
            said = points_said(self.deck.language, missing, said=True)
            text = own_filled(text, c.key.answer_points, said, self.deck.today)
            missing = points_missing(text, c.key.answer_points)
        if missing and c.id not in self.answers:
            said = points_said(self.deck.language, missing, said=True)
            parts = text.split("\n\n")
            if len(parts) == 1:  # a one-paragraph template (an SMS): said after it
                return f"{text.rstrip()} {said}"
            parts.insert(min(2, len(parts) - 1), said)
            text = "\n\n".join(parts)
        return text

    def _sorry(self, letter: str | None) -> bool:
        """The letter carries its own apology: no apology said on its own before it."""
        return bool(letter) and "apology" in markers(letter or "", self.deck.language)

    def _apology_asked(self, c: Contact) -> bool:
        """The principal's instructions say to apologise to a complaining customer (CQP C.1.14
        « Respecter les consignes de l'entreprise pour la prise en charge d'une réclamation »);
        a hand-written answer carries its own apology."""
        principal = self.deck.principal(c.principal)
        lang = c.customer.language or self.deck.language
        return principal is not None and any(
            asks_apology(i.text, lang) for i in principal.instructions
        )

    def _letter(self, c: Contact) -> tuple[str, Mapping[str, str]] | None:
        """The letter template the key expects for ``c`` (its body), with the values to fill."""
        template_id, values = self.letters.get(c.id, (c.key.template, {}))
        template = next((t for t in self.deck.templates if t.id == template_id), None)
        if template is None:
            return None
        return template.body, values or checked_values(self.deck, c, self.agent)

    def _questions(self, c: Contact) -> list[tuple[str, str]]:
        """The deck's script adapted to the answers, then the facts the key expects: each
        question with the fact it obtains.

        A branch is taken when the answer the step obtains says its ``when`` word (the
        caller's answer is in the deck; a person would hear it).
        """
        answers = {f.id: f.answer.casefold() for f in c.facts}
        # A bundled script lists its phrases in several languages: ask in the deck's own, the
        # phrase its fact answers to, so a fact is not asked twice in two languages.
        own = {f.id: f.ask[0] for f in c.facts if f.ask}
        asked: list[tuple[str, str]] = []
        script = self.scripts.get(c.key.script) if c.key.script else None
        if script is not None:
            ids = [s.id for s in script.steps]
            i = 0
            while i < len(script.steps):
                step = script.steps[i]
                phrase = own.get(step.obtains) or (step.ask[0] if step.ask else step.question)
                asked.append((phrase, step.obtains))
                answer = answers.get(step.obtains, "")
                jump = next((b.goto for b in step.branches if b.when.casefold() in answer), "")
                i = ids.index(jump) if jump else i + 1
        # the procedure's questions too, and a sale's need (MC ACVD C1.6 « Rechercher les besoins »)
        need = c.key.sale.need if c.key.sale else ()
        wanted = {*c.key.must_ask, *c.key.expected_facts, *need}
        for fact in c.facts:
            if fact.id in wanted and fact.ask and fact.ask[0] not in {q for q, _ in asked}:
                asked.append((fact.ask[0], fact.id))
        return asked

    def _summary(self, c: Contact) -> str:
        """CP FFP « fait une synthèse des informations communiquées »: the recap restates what
        the caller said (the key's expected facts, all asked), save an answer naming what is
        kept confidential (CQP C.4.4); a chat keeps its short line."""
        lang = c.customer.language or self.deck.language
        kept = kept_from(self.deck, c)
        said = [
            f.answer.strip().rstrip(".")
            for i in c.key.expected_facts
            for f in c.facts
            if f.id == i and f.ask and not any(discloses(f.answer, p, lang) for p in kept)
        ]
        if not said:
            return self.say["summary"].format(subject=discreet(self.deck, c, self.say["request"]))
        return self.say["summary_facts"].format(facts=" ; ".join(said))
