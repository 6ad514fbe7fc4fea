"""The answer key of a deck's contact: what the engine and the measures know and a candidate
never sees (omnisim/protocol/views.py keeps it out of every push and page): the facts a caller
gives, the customer's reactions, the expected CRM work, the anomalies a report names, the
points a written answer gives, the traps, and how the contact is to be handled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Channel = Literal["chat", "email", "sms", "phone", "complaint"]


@dataclass(frozen=True)
class Fact:
    """Something the customer says only when asked a matching question.

    ``ask`` lists keywords or short phrases (French and English); a candidate
    message matches when it contains every word of one of them, in any order,
    ignoring case and accents.
    """

    id: str
    answer: str
    ask: tuple[str, ...]
    after: str = ""  # id of a fact that must have been revealed first


@dataclass(frozen=True)
class Reactions:
    """How the customer behaves when handled badly or well (thresholds on mood)."""

    chase: tuple[str, ...] = ()  # lines when waiting exceeds patience ("Toujours personne ?")
    switch_channel_to: Channel | None = None  # after too many chases, they try another channel
    switch_message: str = ""
    supervisor_below: float = -0.6  # mood under which they demand a supervisor
    supervisor_line: str = ""
    complaint_below: float = -0.85  # mood under which they file a formal complaint
    complaint_line: str = ""
    calmed_above: float = 0.2  # after being upset, mood back over this: they say so
    calmed_line: str = ""
    evasive: tuple[str, ...] = ()  # answers to questions that match no fact
    thanks: str = ""  # said when the candidate takes leave politely (instead of a stock goodbye)


@dataclass(frozen=True)
class CrmExpectation:
    """A CRM operation the jury expects for this contact."""

    action: Literal["trace", "create", "update", "followup", "appointment", "message", "cancel"]
    record: str = ""  # existing record id, or empty for a new one
    fields: dict[str, str] = field(default_factory=dict)  # the deck's truth, for spelling checks
    # For appointments: start of the expected slot; for a cancellation: start of the
    # principal's appointment to cancel.
    slot: str = ""
    # For appointments: start of the principal's appointment the request moves (« déplacer
    # mon rendez-vous »): the candidate frees it, moved or cancelled (CQP C.1.11).
    frees: str = ""
    note: str = ""
    # For a message: it must reach the principal marked urgent (the desk's « urgent » box, or
    # the word in its text), a chest-pain call's message for the doctor (CQP « gestion des
    # urgences »); false: the message is judged as any other.
    urgent: bool = False


TrapTrigger = Literal["message", "fact", "refusal", "recap"]


@dataclass(frozen=True)
class Anomaly:
    """Something a good incident report names (CQP C.3.1 « rapport d'incident ou de
    non-conformité » ; MC ACVD C4.3 « Les anomalies sont repérées et signalées »).

    ``names`` lists words or short phrases, matched like a fact's ``ask`` (every word of one
    of them, any order, case and accents aside, a plural or feminine ending aside): a report
    naming one of them names the anomaly.
    """

    label: str  # what happened, for the jury ("Colis abîmé par le transporteur")
    names: tuple[str, ...]


@dataclass(frozen=True)
class Point:
    """Something a text of the candidate must give, with the wordings a jury accepts for it.

    ``accepts`` lists the wordings a jury accepts, matched like an anomaly's ``names`` (every
    content word of one of them, any order, case and accents aside, a plural or feminine ending
    aside): a text holding one of them gives the point.
    """

    label: str  # what the text must give, for the jury ("Les pièces encore à fournir")
    accepts: tuple[str, ...]


@dataclass(frozen=True)
class AnswerPoint(Point):
    """Something a written answer to this contact must give to be pertinent (CP FFP C2
    « pertinente au regard de la demande formulée par le contact entrant » ; CQP C.1.10
    « répondre précisément à la demande particulière »): for a question of the e-mail, the
    substance of its answer.

    ``when_asked``: the point is owed only once the customer asks for it (« et le délai ? »),
    the question's wordings matched like a fact's ``ask`` on what the customer said or wrote
    on the contact. Empty: owed always. The demand is the one the customer formulated, so a
    point they never asked for is not held against a candidate who did not volunteer it.
    """

    when_asked: tuple[str, ...] = ()


@dataclass(frozen=True)
class HandoverPoint(Point):
    """Something the end-of-shift hand-over must pass on from this contact (CQP C.3.2
    « Transférer sans rétention … des informations clés à ses collègues », CCS-RC C5): an
    instruction given during the shift for the next team (« pas de rendez-vous de 14 h à 15 h
    cet après-midi »), news to pass on (a delivery put back). ``label`` says it for the jury;
    ``accepts`` the wordings a hand-over may carry it in, matched like an answer point's."""


@dataclass(frozen=True)
class SaleOffer(AnswerPoint):
    """The offer that fits the customer's need on a sale (MC ACVD C1.6 « Sélectionner l'offre
    adaptée », « L'offre proposée correspond aux attentes du client »): ``label`` for the jury,
    ``accepts`` the wordings that name it, matched like an answer point's."""


@dataclass(frozen=True)
class SaleAddon(AnswerPoint):
    """The additional sale a candidate proposes once the main one is made (MC ACVD C1.6
    « Proposer une vente additionnelle (avantage, cadeau, autre produit ou service) »): proposed
    is what is graded; ``accepted`` is what the simulated customer answers to it."""

    accepted: bool = False


@dataclass(frozen=True)
class Objection:
    """What the customer objects once the offer is made (MC ACVD C1.6 « répondre aux
    objections »): ``prompt`` is their line, ``answers`` the wordings of an appropriate answer
    (« La réponse aux objections est appropriée »), matched like an answer point's."""

    prompt: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class Sale:
    """The contact is a sale (an outbound call to a lapsed subscriber, a customer hesitating on
    an order, an abandoned basket): MC ACVD C1.6 « VENDRE : PROSPECTER, NÉGOCIER ET FIDÉLISER ».
    ``need``: the facts of the contact that say the need, asked before the offer (« Rechercher
    les besoins »; none: a question of the candidate's before the offer); ``offer``, the
    fitting offer; ``objections``, raised by the customer once the offer is heard; ``addon``,
    the additional sale to propose. The operations the sale calls for are the key's ``crm``."""

    offer: SaleOffer
    need: tuple[str, ...] = ()
    objections: tuple[Objection, ...] = ()
    addon: SaleAddon | None = None


ForbiddenAction = Literal[
    "",
    "appointment",
    "move",
    "cancel",
    "transfer",
    "update",
    "create",
    "trace",
    "followup",
    "message",
    "template",
    "call",
]


@dataclass(frozen=True)
class Forbidden:
    """What the desk must not promise, advise, ask or do on this contact (CQP C.1.10 « Ne
    répondre que quand une demande entre le cadre de sa mission », C.4.4, C.1.4): a refund or
    compensation someone else decides, a date the principal has not confirmed (``promise``); a
    medical, legal or technical diagnosis or treatment (``advice``); a card's secret code, a
    password, medical details the desk need not know (``ask``); booking a service on a gas
    smell, changing an e-mail address for a caller who is not the customer (``action``).

    ``words`` are the words of the thing itself (« rembourser », « doliprane », « code
    secret »), matched by their stem, every word of one of them in one sentence: a ``promise``
    is flagged when that sentence commits to it, ``advice`` when it says it outside a question
    or a refusal, ``ask`` when it asks for it (a question or a request, never a warning or a
    refusal) (measures/remit.py). ``action`` names the desk's action as the key's ``crm`` does
    (``appointment``, ``cancel``, ``update``… and ``transfer``, ``template``, ``call``), and
    ``target`` what it bears on (a principal, a staff id, a CRM field, a template id): judged
    from the log (measures/forbidden_actions.py).
    """

    label: str  # what must not be said, for the jury ("Un remboursement : Mme Soler le décide")
    words: tuple[str, ...] = ()
    kind: Literal["promise", "advice", "ask", "action"] = "promise"
    action: ForbiddenAction = ""  # with kind: action, the desk's action that is forbidden
    target: str = ""  # with kind: action, what it bears on; empty: any
    # « Never confirm this by this channel »: the item is judged only in what is sent on these
    # channels (a lab result by SMS, bank details by e-mail); said elsewhere it is not. Empty:
    # every channel. Not on ``action`` (an action is logged, not sent on a channel).
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True)
class Consultation:
    """A colleague the desk is expected to call during the contact (the workshop for a repair's
    progress, the pharmacist for a prescription), then take the caller back or transfer them:
    CQP A.1.1 « Transfert, appel ou reprise d'un correspondant », C.1.2 « Reprendre l'appel
    initial en rappelant l'identité du correspondant ou l'objet de l'appel ».

    ``answer``: what the colleague tells the desk on that call (instead of a stock « je
    m'en occupe »), so the candidate has something to bring back to the caller."""

    staff: str  # a staff id of a principal of the deck
    answer: str = ""


@dataclass(frozen=True)
class Trap:
    """A confidentiality trap: the customer pushes for something protected.

    ``after`` says when: ``fact`` right after the customer gives fact ``fact``;
    ``refusal`` after the candidate first refuses something; ``recap`` after the
    candidate's recap; ``message`` after the candidate's ``at_turn``-th message.
    Each trap is pushed once.
    """

    prompt: str  # what the customer says to push
    protected: tuple[str, ...]  # words/phrases whose disclosure is a leak
    after: TrapTrigger = "message"
    fact: str = ""  # with after: fact
    at_turn: int = 1  # with after: message


@dataclass(frozen=True)
class AnswerKey:
    reply_channels: tuple[Channel, ...] = ()  # acceptable reply channels; empty = the inbound one
    justification_required: bool = False  # a different reply channel must be argued
    # The request also needs a reply on this channel (a form to sign, a written trace): a
    # candidate who stays on the inbound one has not chosen the channel (CP FFP C2).
    reply_channel_needed: Channel | None = None
    # The deck template (``templates/<id>.md``) the written reply is built from (MC ACVD C3.3
    # « la lettre-type est bien choisie »); empty when no letter is expected.
    template: str = ""
    # What the template's variables must hold (« Les variables correctes »): per variable, the
    # value or the accepted values; case, accents, spacing aside, dates and amounts by value.
    variables: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    sla_minutes: float | None = None  # overrides the channel's default reply deadline
    priority: int = 2  # 1 = highest
    urgent: bool = False
    script: str = ""  # id of a diagnostic script in scripts_diagnostic/
    transfer_to: str = ""  # staff id when a transfer is required
    crm: tuple[CrmExpectation, ...] = ()
    # The contact calls for no CRM work at all (a general enquiry: opening hours, an address,
    # a price): no trace is expected of it. Silent (false, ``crm`` empty): a customer contact
    # is traced, as CP FFP « trace l'entretien dans la base de données CRM » asks.
    no_crm: bool = False
    traps: tuple[Trap, ...] = ()
    expected_facts: tuple[str, ...] = ()  # facts the candidate must obtain
    complaint_deadline_minutes: float | None = None  # formal complaint procedure deadline
    # What the incident report must name for this contact (broken goods, a data-protection
    # attempt, an escalation…). Empty: the measure infers them from the key (urgent contacts,
    # complaints, traps, transfers to a manager).
    anomalies: tuple[Anomaly, ...] = ()
    # What a written answer must give (one point per question asked, say). Empty: pertinence
    # to the request is not judged (no guessing from the customer's words).
    answer_points: tuple[AnswerPoint, ...] = ()
    # What the hand-over must carry from this contact (an instruction given during the shift
    # for the next team, « pas de rendez-vous de 14 h à 15 h cet après-midi »; news to pass
    # on), in answer_points' form: label for the jury, accepted wordings. Empty: nothing asked.
    handover_points: tuple[HandoverPoint, ...] = ()
    # What the desk must not promise or advise on this contact (a refund decided by someone
    # else, a medical diagnosis). Empty: nothing is judged out of the desk's remit.
    forbidden: tuple[Forbidden, ...] = ()
    # The facts the principal's procedure requires the candidate to ask on this contact (a gas
    # smell on a heating breakdown), whatever the recap restates (expected_facts). Empty: none.
    must_ask: tuple[str, ...] = ()
    # The colleagues the desk is expected to consult during the contact. Empty: none expected.
    consult: tuple[Consultation, ...] = ()
    # The contact is a sale (MC ACVD C1.6): the need, the fitting offer, the objections, the
    # add-on. None: no sale is graded on it (measures/sales.py, the C1.6 criterion).
    sale: Sale | None = None
    notes: str = ""  # for the jury

    @property
    def message_urgent(self) -> bool:
        """The key asks the contact's message marked urgent (``crm: [{action: message, urgent:
        true}]``): urgent for the principal who reads it and for the team it is handed over to."""
        return any(x.urgent for x in self.crm if x.action == "message")
