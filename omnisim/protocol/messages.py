"""What the server sends a browser over its socket, as closed-schema records.

The push contract (a :class:`Batch` continues one stream after seq ``after`` up to
``upto``), the answers to a join (a desk's, a board's, a jury member's grading stream),
to an action (:class:`Acknowledged`, :class:`Injected`) and to anything refused
(:class:`Refused`), presence on the board, a socket :class:`Closed` for good, and who a
socket is (:class:`Caller`). The protocol itself is told in docs/protocol.md; the feed
sends the batches and join answers (omnisim/web/socket/feed.py).

Each record's JSON is :meth:`Message.to_json` (omnisim.schema.dump); building a record
from that JSON (omnisim.schema.build) gives it back and refuses unknown fields, so the
wire is as closed as the log. A field made with :func:`omnisim.schema.absent` is no key
at all while it is None. TypeScript interfaces of the same names are generated from these
records (omnisim/protocol/typegen.py). The jury's pages get omnisim/protocol/jury_view.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from omnisim.events.exam import Mode
from omnisim.exams.state import Person
from omnisim.schema import Named, absent, dump

Role = Literal["candidate", "trainer", "jury"]

StoredEvent = Annotated[dict[str, Any], Named("StoredEvent")]
"""An event as omnisim/protocol/views.py ``project`` sends it to one role (its envelope
without the stream, its payload without what the role may not see); TypeScript types it
per event type."""


class Message:
    """A record sent over the wire: its JSON is :meth:`to_json`."""

    def to_json(self) -> dict[str, Any]:
        return dump(self)


@dataclass(frozen=True)
class Batch(Message):
    """One push (socket message ``events``): what a role may see of seq after+1..upto of one
    stream. Events the role may not see are left out; the range still covers them."""

    stream: str
    after: int
    upto: int
    events: tuple[StoredEvent, ...]


@dataclass(frozen=True)
class Candidate(Message):
    """A candidate of the exam's roster, as the board and the jury list them."""

    id: str
    name: str
    number: str

    @classmethod
    def of(cls, person: Person) -> Candidate:
        return cls(person.id, person.name, person.number)


@dataclass(frozen=True)
class DeskJoined(Message):
    """The answer to a desk's ``join {"last_seq"}`` (the candidate's, or a trainer or jury
    member following one attempt): a batch from ``last_seq``; ``more`` when it stopped at a
    page (join again from ``last_seq``, which is ``upto``)."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    stream: str
    after: int
    upto: int
    events: tuple[StoredEvent, ...]
    more: bool
    role: Role
    candidate: str
    mode: Mode
    last_seq: int


@dataclass(frozen=True)
class GradingJoined(Message):
    """The answer to a jury member's join of the exam's grading stream, through the blind
    rule (omnisim/jury/blind.py); ``more`` as for a desk."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    stream: str
    after: int
    upto: int
    events: tuple[StoredEvent, ...]
    more: bool


@dataclass(frozen=True)
class BoardCaughtUp(Message):
    """The answer to a board's ``{"all": true, "after"}``: the exam's events after that
    global position, as per-stream batches, with the roster and who is online.
    ``position`` is the ``after`` of the next page (``more``) or of a later catch-up."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    all: Literal[True]
    after: int
    position: int
    more: bool
    batches: tuple[Batch, ...]
    candidates: tuple[Candidate, ...]
    presence: dict[str, bool]


@dataclass(frozen=True)
class BoardJoined(Message):
    """The answer to a board's join of one stream ``{"stream", "last_seq"}``, paged as a
    desk's (``more``); the exam's own stream comes with the roster and who is online, an
    attempt's without."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    stream: str
    after: int
    upto: int
    events: tuple[StoredEvent, ...]
    more: bool
    candidates: tuple[Candidate, ...] | None = absent()
    presence: dict[str, bool] | None = absent()


@dataclass(frozen=True)
class Presence(Message):
    """Socket message ``presence`` to a board: a candidate's link came online or went off."""

    candidate: str
    online: bool


@dataclass(frozen=True)
class Closed(Message):
    """Socket message ``closed``, just before the server disconnects the socket for good:
    its link was revoked, its API token deleted or its session signed out (why, in words).
    Nothing should reconnect it."""

    reason: str


@dataclass(frozen=True)
class WorkerLoad(Message):
    """Socket message ``load`` to every board: a worker's saturation, when it changes and
    every few seconds while it lasts (omnisim/web/socket/overload.py). ``saturated``: new
    connections are refused with a retry hint; ``lag_ms``: the event loop's median lateness
    of the last two seconds; ``depth``: joins and actions not yet answered; ``refused``: how many
    were refused since the worker started."""

    worker: str
    saturated: bool
    lag_ms: int
    depth: int
    refused: int


@dataclass(frozen=True)
class Acknowledged(Message):
    """An action durably logged: the seqs of the events it made (none for an exam command)."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    seq: tuple[int, ...]


@dataclass(frozen=True)
class Injected(Message):
    """A board's ``inject`` to every candidate: who got the contact, and why the others not."""

    ok: Literal[True] = field(default=True, kw_only=True)  # not a refusal
    injected: tuple[str, ...]
    refused: dict[str, str]


@dataclass(frozen=True)
class Refusal(Message):
    """Why something was refused: the field at fault and the reason, in the reader's language."""

    field: str
    reason: str


@dataclass(frozen=True)
class Refused(Message):
    """The answer to a join or an action that was refused: nothing was logged.
    ``retry_after``: the worker is saturated, ask again in that many seconds
    (omnisim/web/socket/overload.py)."""

    ok: Literal[False] = field(default=False, kw_only=True)
    error: Refusal
    retry_after: int | None = absent()

    @classmethod
    def of(cls, field: str, reason: str, retry_after: int | None = None) -> Refused:
        return cls(error=Refusal(field, reason), retry_after=retry_after)


@dataclass(frozen=True)
class ApiError(Message):
    """A refusal over HTTP (the API, the jury's pages); the status code says what kind."""

    error: Refusal

    @classmethod
    def of(cls, field: str, reason: str) -> ApiError:
        return cls(Refusal(field, reason))


@dataclass(frozen=True)
class Caller(Message):
    """Who a socket is, settled when it connects (omnisim/web/socket/gateway.py): the exam,
    the person and their role, the attempt they follow, the language of their refusals, and
    whether it is a trainer's board (every attempt at once) or a trainer's trial at the desk
    of a candidate (omnisim/live/sandbox.py: its exam is found among the trials)."""

    exam: str
    person: str
    role: Role
    candidate: str
    lang: str
    board: bool
    trial: bool = False
