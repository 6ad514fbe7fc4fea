"""The engine's state: nothing but a fold of the session's events."""

from __future__ import annotations

from dataclasses import dataclass, field

from omnisim.engine.clock import SimClock
from omnisim.events import Channel


@dataclass
class Pending:
    """A customer line scheduled by the fold, said when the sim clock reaches ``due``."""

    due: float
    text: str
    reason: str
    channel: str = ""  # where it is said; empty = the contact's current channel


@dataclass
class ContactState:
    status: str = "pending"  # pending, offered, active, held, closed, transferred
    channel: Channel = "chat"  # the deck's channel until the customer switches
    offered_at: float | None = None
    mood: float = 0.0
    mood_at: float = 0.0
    moved: bool = False  # the mood has changed since the contact arrived
    upset: bool = False  # mood was or went negative, or they escalated: calming them is graded
    calmed_said: bool = False
    escalation: str = ""  # "", "supervisor", "complaint"
    switched: bool = False
    opening_said: bool = False
    revealed: set[str] = field(
        default_factory=set
    )  # fact ids, and "card:<item>" said from the card
    replies_used: int = 0
    evasive_used: int = 0
    evasive_streak: int = 0  # evasive answers in a row: at EVASIVE_PATIENCE they lose patience
    candidate_turns: int = 0
    replied: bool = False  # the candidate has written or spoken to them at least once
    via: str = ""  # the channel the candidate last used with them: they carry on there
    asked: bool = False  # their last line was a question, not answered yet
    last_line: str = ""  # their last line
    said: set[str] = field(default_factory=set)  # every line said (phrases.said_key): never twice
    engaged: bool = False  # the candidate's last message dealt with the request (not warm words)
    greeted: bool = False  # they have returned a greeting
    left: bool = False  # they have said goodbye
    hold_silent: bool = False  # a line fell due while on hold: the silence is logged
    traps_fired: set[int] = field(default_factory=set)
    next_steps: int = 0  # concrete next steps announced (each calms, up to NEXT_STEP_MAX)
    awaited_given: bool = False  # the candidate said what they wait to hear
    proposed: bool = False  # the candidate proposed something concrete (schedule.py: calming)
    waiting_since: float | None = None  # the customer waits for the candidate since then
    chases: int = 0  # patience periods run out since waiting_since
    chase_lines: int = 0  # chase lines said so far (each is said once, whatever the channel)
    taken_over: bool = False
    pending: list[Pending] = field(default_factory=list)
    call: str = ""  # the outbound call live with this customer (engine/calls.py), if any

    @property
    def open(self) -> bool:
        return self.status in ("offered", "active", "held")


@dataclass
class CallState:
    """An outbound call's line: whom it reaches (``kind``: a contact's ``customer``, a
    ``staff`` member, a ``number``), the contact it is about, whether it is still live."""

    to: str
    kind: str
    contact_id: str = ""
    live: bool = True
    voicemail: bool = False  # nobody answers: the candidate may leave a message
    said: int = 0  # the candidate's lines so far


@dataclass
class SessionState:
    clock: SimClock
    created: object | None = None
    started: bool = False
    ended: bool = False
    last_seq: int = 0
    last_sim: float = 0.0
    contacts: dict[str, ContactState] = field(default_factory=dict)
    crm_created: list[str] = field(default_factory=list)
    booked: set[tuple[str, str]] = field(default_factory=set)  # (principal, start) this session
    freed: set[tuple[str, str]] = field(default_factory=set)  # the deck's, moved or cancelled
    calls: dict[str, CallState] = field(default_factory=dict)  # outbound calls by call id
