"""Every command that changes an exam, carried out on the worker that owns it: one table,
one loop, one envelope.

The exam page, the HTTP API, the jury's grading and the socket gateway (a candidate's or a
trainer's action on an attempt) all change an exam through :func:`run`. On a single worker
(SQLite), or on the exam's owner, the command runs here; on any other worker it travels to
the owner (omnisim/live/owners.py) in an :class:`Envelope` (a closed record: the ``method``,
one of :data:`TABLE`'s names, the exam and the command's arguments) and the owner's
:class:`Reply` comes back. A command never runs on a stale copy held by a worker that does
not own the exam, and a refusal reads the same (field, words, language) on both paths.

Each command is a frozen record of its arguments (omnisim/live/command_records.py), built
back from JSON on the owner with unknown fields refused; :data:`TABLE` says how the owner
carries each one out: the exam's ``*_here`` methods (omnisim/live/exam.py), the jury's
rules (omnisim/live/jury.py), the record's (omnisim/live/record.py), the attempt's engine
(omnisim/live/attempt.py). Once the record is locked, the owner refuses every command but
an erratum and filing (which touches none of the exam's streams), whatever route it came by.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from omnisim import events as ev
from omnisim.engine import ActionRefused
from omnisim.events import Event
from omnisim.exams.roster import ExamRefused
from omnisim.i18n import LANGS
from omnisim.live import jury, record
from omnisim.live.command_records import (
    ERRATUM_EVENTS,
    JURY_EVENTS,
    ON_EXAM,
    ON_PERSON,
    Act,
    Archive,
    Command,
    Erratum,
    Grade,
    InjectAll,
    Lock,
    Method,
    PassRule,
    Pause,
    Reissue,
    Resume,
    Revoke,
    Start,
    Status,
    Stop,
)
from omnisim.live.exam import ExamRuntime
from omnisim.live.owners import OwnerGone
from omnisim.protocol.actions import Inject, parse_action
from omnisim.protocol.handles import worded
from omnisim.refusals import Declined, RefusalError
from omnisim.schema import SchemaError, build, dump
from omnisim.store import Fenced, StoreUnavailable

if TYPE_CHECKING:
    from omnisim.live.exams import Exams

log = logging.getLogger(__name__)

Answer = dict[str, Any]  # a command's JSON answer ({"seq": [...]}, or {} when it has none)


# -- how the owner carries each one out ------------------------------------------------
def _seqs(events: Sequence[Event]) -> Answer:
    return {"seq": [e.seq for e in events]}


async def _start(exam: ExamRuntime, c: Start) -> Answer:
    await exam.start_here(c.by)
    return {}


async def _pause(exam: ExamRuntime, c: Pause) -> Answer:
    await exam.pause_here(c.by)
    return {}


async def _resume(exam: ExamRuntime, c: Resume) -> Answer:
    await exam.resume_here(c.by)
    return {}


async def _stop(exam: ExamRuntime, c: Stop) -> Answer:
    await exam.stop_here(c.by)
    return {}


async def _revoke(exam: ExamRuntime, c: Revoke) -> Answer:
    await exam.revoke_here(c.by, c.person_id)
    return {}


async def _reissue(exam: ExamRuntime, c: Reissue) -> Answer:
    await exam.reissue_here(c.by, c.person_id)
    return {}


async def _lock(exam: ExamRuntime, c: Lock) -> Answer:
    return _seqs(await record.lock_here(exam, c.by))


async def _status(exam: ExamRuntime, c: Status) -> Answer:
    return _seqs(await record.status_here(exam, c.by, c.person_id, c.status, c.reason))


async def _erratum(exam: ExamRuntime, c: Erratum) -> Answer:
    if c.type not in ERRATUM_EVENTS:
        raise SchemaError("type", "err.jury.command")
    command: Any = build(ev.PAYLOADS[c.type], c.payload, "payload")
    return _seqs(await record.erratum_here(exam, c.by, command))


async def _archive(exam: ExamRuntime, c: Archive) -> Answer:
    return _seqs(await exam.exams.filing.file(exam.state, c.by, c.archived))


async def _pass_rule(exam: ExamRuntime, c: PassRule) -> Answer:
    return _seqs(await exam.pass_rule_here(c.by, c.rule))


async def _grade(exam: ExamRuntime, c: Grade) -> Answer:
    if c.type not in JURY_EVENTS:
        raise SchemaError("type", "err.jury.command")
    command: Any = build(ev.PAYLOADS[c.type], c.payload, "payload")
    return _seqs(await jury.grade_here(exam, c.by, command))


async def _act(exam: ExamRuntime, c: Act, parsed: Any = None) -> Answer:
    """``parsed``: the action as the gateway parsed it from ``c`` on this worker (parsed here
    when the command came from another worker)."""
    action = parse_action(c.type, c.data, c.role) if parsed is None else parsed
    if c.type == "start" and exam.created.mode == "exam":
        raise ExamRefused("type", "err.exam_mode_start")  # only the trainer, for everyone
    runtime = await exam.attempt(c.candidate)
    answered = runtime.answered(c.by, c.action_id)
    if answered is not None:
        return {"seq": answered["seq"]}
    if c.role != "candidate":
        return _seqs(await runtime.act(c.role, action, c.by, c.action_id))
    try:  # the desk names handles (omnisim/protocol/handles.py); the engine, the deck's ids
        action = runtime.handles.taken(action)
        return _seqs(await runtime.act(c.role, action, c.by, c.action_id))
    except RefusalError as exc:
        told = worded(exc, c.type)  # in the desk's words, without the deck's ids
        if told is exc:
            raise
        raise told from exc


async def _inject_all(exam: ExamRuntime, c: InjectAll) -> Answer:
    """Those who cannot take the contact are listed, with why in every language."""
    done: list[str] = []
    refused: dict[str, dict[str, str]] = {}
    for person in exam.state.candidates:
        runtime = await exam.attempt(person.id)
        try:
            await runtime.act("trainer", Inject(c.contact_id), c.by)
            done.append(person.id)
        except ActionRefused as exc:
            refused[person.id] = _texts(exc)
    return {"injected": done, "refused": refused}


@dataclass(frozen=True)
class Kind:
    """One command of the table: its arguments, how the owner carries it out, and whether
    it changes the exam's own streams (a forwarder's copy then catches up)."""

    args: type
    here: Callable[[ExamRuntime, Any], Awaitable[Answer]]
    exam_wide: bool = True


#: Every command, by method.
TABLE: dict[Method, Kind] = {
    "start": Kind(Start, _start),
    "pause": Kind(Pause, _pause),
    "resume": Kind(Resume, _resume),
    "stop": Kind(Stop, _stop),
    "revoke": Kind(Revoke, _revoke),
    "reissue": Kind(Reissue, _reissue),
    "lock": Kind(Lock, _lock),
    "archive": Kind(Archive, _archive, exam_wide=False),  # the filing stream (live/filing.py)
    "pass_rule": Kind(PassRule, _pass_rule),
    "grade": Kind(Grade, _grade),
    "act": Kind(Act, _act, exam_wide=False),
    "inject_all": Kind(InjectAll, _inject_all, exam_wide=False),
    "status": Kind(Status, _status),
    "erratum": Kind(Erratum, _erratum),
}
METHODS: dict[type, Method] = {kind.args: name for name, kind in TABLE.items()}
#: What a locked record still takes: an erratum both jurors sign, and filing, which writes
#: the trainer's filing stream and none of the exam's (its log and sealed archive stay as sealed).
AFTER_LOCK: frozenset[Method] = frozenset({"erratum", "archive"})

__all__ = [
    "AFTER_LOCK",
    "JURY_EVENTS",
    "METHODS",
    "ON_EXAM",
    "ON_PERSON",
    "TABLE",
    "Act",
    "Archive",
    "Command",
    "Erratum",
    "Grade",
    "InjectAll",
    "Lock",
    "PassRule",
    "Pause",
    "Reissue",
    "Resume",
    "Revoke",
    "Start",
    "Status",
    "Stop",
    "answer",
    "run",
]


async def _here(method: Method, exam: ExamRuntime, command: Any, parsed: Any = None) -> Answer:
    """Carry out ``command`` on this worker, the exam's owner: refused, with the reason, once
    the record is locked (but an erratum): every route reaches the exam through here.
    ``parsed``: an :class:`Act`'s action, already parsed from it by the gateway."""
    if exam.state.locked and method not in AFTER_LOCK:
        raise ExamRefused("type", "err.record_locked")
    if parsed is not None and method == "act":
        return await _act(exam, command, parsed)
    return await TABLE[method].here(exam, command)


# -- between workers -------------------------------------------------------------------
@dataclass(frozen=True)
class Envelope:
    """A command on its way to the exam's owner."""

    method: Method
    exam: str
    args: dict[str, Any]


@dataclass(frozen=True)
class Said:
    """A refusal as the owner said it: its field, its key and its words in every language."""

    field: str
    key: str
    texts: dict[str, str]


@dataclass(frozen=True)
class Reply:
    """The owner's answer: the command's answer, or its refusal, or why it could not run."""

    answer: dict[str, Any] | None = None
    refused: None | Said = None  # None first: an answer is built back without trying a Said
    failed: Literal["", "unavailable", "internal"] = ""


class Relayed(Declined):
    """The owner's refusal, relayed: its field and its words in every language, as it said them.

    A business refusal whatever the owner's was: the edges check what is malformed before
    a command travels (the gateway parses an action, the API and pages their bodies).
    """

    def __init__(self, said: Said) -> None:
        self.texts = said.texts
        super().__init__(said.field, said.texts.get("en", said.key))
        self.key = said.key

    def render(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts.get("fr") or self.reason


def _texts(exc: RefusalError) -> dict[str, str]:
    return {lang: exc.render(lang) for lang in LANGS}


async def run(exam: ExamRuntime, command: Command, parsed: Any = None) -> Answer:
    """Carry out ``command`` on the exam's owner: here, or forwarded and its answer relayed.

    After a forwarded command that changed the exam, this worker's copy catches up with
    what the owner appended, so what the caller answers next (a summary, the links) is
    the owner's. A lease lost under an append (``Fenced``) routes the command again.
    ``parsed``: an :class:`Act`'s action as the caller parsed it from the command's own
    type, data and role (the gateway does, to refuse before forwarding): carried out here
    without parsing it again; a forwarded command is parsed by its owner.
    """
    method = METHODS[type(command)]
    kind, exams = TABLE[method], exam.exams
    for attempt in range(2):
        owner = await exams.route(exam, fresh=attempt > 0)
        if owner is not None:
            assert exams.owners is not None  # an owner elsewhere: the exams are shared
            envelope = Envelope(method, exam.exam_id, dump(command))
            try:
                raw = await exams.owners.forward(owner, dump(envelope))
            except OwnerGone as exc:  # dead or cut off: its lease lapses, then a retry lands
                exams.distrust(exam.exam_id)
                raise StoreUnavailable(f"owner {owner} did not answer") from exc
            reply = build(Reply, raw)
            busy = reply.refused is not None and reply.refused.key == "err.busy"
            if busy and exams.distrust(exam.exam_id) and attempt == 0:
                continue  # a trusted owner no longer owns it (nothing was done): route afresh
            if kind.exam_wide:
                await exam.catch_up()
            elif method == "archive":  # filed by the owner: this worker's copy learns it
                await exams.filing.marked(exam.state)
            return _unwrap(reply)
        try:
            return await _here(method, exam, command, parsed)
        except Fenced:
            await exam.demote()  # the lease moved on since this worker last renewed it
    raise ExamRefused("type", "err.busy")


async def answer(exams: Exams, body: dict[str, Any]) -> dict[str, Any]:
    """On the owner: carry out a forwarded envelope; its refusal as the forwarder will say it."""
    try:
        envelope = build(Envelope, body)
        kind = TABLE[envelope.method]
        command: Any = build(kind.args, envelope.args, "args")
        exam = await exams.get(envelope.exam)
        if exam is None:
            raise SchemaError("exam", "err.no_exam")
        if not exam.owned:  # no longer ours: the sender routes again on its resend
            raise ExamRefused("type", "err.busy")
        reply = Reply(answer=await _here(envelope.method, exam, command))
    except Fenced:
        reply = _refusal(ExamRefused("type", "err.busy"))
    except RefusalError as exc:
        reply = _refusal(exc)
    except StoreUnavailable:
        reply = Reply(failed="unavailable")
    except Exception:  # said at once, not left to the forwarder's timeout
        log.exception("forwarded command %s failed", body.get("method"))
        reply = Reply(failed="internal")
    return dump(reply)


def _refusal(exc: RefusalError) -> Reply:
    return Reply(refused=Said(exc.field, exc.key, _texts(exc)))


def _unwrap(reply: Reply) -> Answer:
    if reply.refused is not None:
        raise Relayed(reply.refused)
    if reply.failed == "unavailable":
        raise StoreUnavailable("the owner's store is unavailable")
    if reply.failed == "internal" or reply.answer is None:
        raise RuntimeError("the owner failed to carry out the command (see its log)")
    return reply.answer
