"""The commands that change an exam, each a frozen record of its arguments (carried out by
the table of omnisim/live/commands.py, on the exam's owner).

Built back from JSON on the owner with unknown fields refused, so a command forwarded
between workers is exactly the one sent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from omnisim import events as ev
from omnisim.schema import dump

Method = Literal[
    "start",
    "pause",
    "resume",
    "stop",
    "revoke",
    "reissue",
    "lock",
    "archive",
    "pass_rule",
    "grade",
    "act",
    "inject_all",
    "status",
    "erratum",
]


# -- the commands: one record of arguments each --------------------------------------
@dataclass(frozen=True)
class Start:
    """Every candidate starts together (in exam mode, only this way)."""

    by: str


@dataclass(frozen=True)
class Pause:
    by: str


@dataclass(frozen=True)
class Resume:
    by: str


@dataclass(frozen=True)
class Stop:
    by: str


@dataclass(frozen=True)
class Revoke:
    by: str
    person_id: str


@dataclass(frozen=True)
class Reissue:
    """A new link for this person; the old one stops working."""

    by: str
    person_id: str


@dataclass(frozen=True)
class Lock:
    """Close the procès-verbal: grading ends and every link of the exam dies."""

    by: str


@dataclass(frozen=True)
class Archive:
    """File the exam away (out of lists and cohorts), or bring it back: the trainer's own
    filing stream, never the exam's (omnisim/live/filing.py), so a locked record takes it."""

    by: str
    archived: bool = True


@dataclass(frozen=True)
class PassRule:
    """The trainer's pass rule where the text states none; refused once a sheet is signed."""

    by: str
    rule: ev.PassRuleSet


@dataclass(frozen=True)
class Grade:
    """A jury member's decision, comment, reconciliation, recommendation or signature."""

    by: str
    type: str  # one of JURY_EVENTS
    payload: dict[str, Any]

    @classmethod
    def of(cls, jury_id: str, command: Any) -> Grade:
        return cls(jury_id, ev.PAYLOAD_TYPES[type(command)], dump(command))


@dataclass(frozen=True)
class Act:
    """A candidate's or trainer's action on one attempt (omnisim/protocol/actions.py), as
    the gateway checked it; ``action_id`` makes a resend get the first answer back."""

    by: str
    role: Literal["candidate", "trainer", "jury"]
    candidate: str
    type: str
    data: dict[str, Any]
    action_id: str = ""


@dataclass(frozen=True)
class InjectAll:
    """The trainer's board offers the same library contact to every candidate."""

    by: str
    contact_id: str


@dataclass(frozen=True)
class Status:
    """The trainer records why a candidate has no decision (absent, abandoned, excluded,
    with the reason), or withdraws it (``present``)."""

    by: str
    person_id: str
    status: str
    reason: str


@dataclass(frozen=True)
class Erratum:
    """A jury member writes or signs an erratum to the locked record (the one thing a
    locked record takes)."""

    by: str
    type: str  # one of ERRATUM_EVENTS
    payload: dict[str, Any]

    @classmethod
    def of(cls, jury_id: str, command: Any) -> Erratum:
        return cls(jury_id, ev.PAYLOAD_TYPES[type(command)], dump(command))


Command = (
    Start
    | Pause
    | Resume
    | Stop
    | Revoke
    | Reissue
    | Lock
    | Archive
    | PassRule
    | Grade
    | Act
    | InjectAll
    | Status
    | Erratum
)

#: The trainer's commands on the whole exam, by the name the socket, the page and the API
#: give them ("lock" is no socket action: the gateway's parse refuses it). Filing
#: (:class:`Archive`) has its own routes, ``…/filing``, apart from the record's commands.
ON_EXAM: dict[str, Callable[[str], Command]] = {
    "start": Start,
    "pause": Pause,
    "resume": Resume,
    "stop": Stop,
    "lock": Lock,
}
#: The trainer's commands on one person's link.
ON_PERSON: dict[str, Callable[[str, str], Command]] = {"revoke": Revoke, "reissue": Reissue}

#: The jury's commands (event types of the grading stream a jury member appends).
JURY_EVENTS = frozenset(
    ev.PAYLOAD_TYPES[cls]
    for cls in (
        ev.GradeDecided,
        ev.ReconcileProposed,
        ev.ReconcileAgreed,
        ev.GradeCommented,
        ev.InterviewNoted,
        ev.GradeSubmitted,
        ev.GradeRecommended,
        ev.SheetSigned,
    )
)
#: What a jury member appends to a locked record.
ERRATUM_EVENTS = frozenset(ev.PAYLOAD_TYPES[cls] for cls in (ev.ErratumWritten, ev.ErratumSigned))
