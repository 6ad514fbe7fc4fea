"""Every command that changes an exam, carried out on the worker that owns it.

The HTTP API, the exam page, the jury's grading and the socket gateway all change an
exam through :func:`run`: on a single worker (SQLite) or on the owner it runs here;
on any other worker it is forwarded to the owner (omnisim/live/owners.py) with its
arguments as JSON, and the owner's answer or refusal comes back unchanged. A command
therefore never runs on a stale copy held by a worker that does not own the exam, and
a refusal reads the same (same field, same words, in either language) on both paths.

Each command is a name, JSON arguments and a JSON answer; :data:`HERE` says how the
owner carries each one out.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from omnisim import events as ev
from omnisim.exams.roster import ExamRefused
from omnisim.i18n import LANGS
from omnisim.live.owners import OwnerGone
from omnisim.refusals import Refusal
from omnisim.schema import SchemaError, build, dump
from omnisim.store import Fenced, StoreUnavailable

if TYPE_CHECKING:
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams

log = logging.getLogger(__name__)

Command = Callable[["ExamRuntime", dict[str, Any]], Awaitable[dict[str, Any]]]


class Refused(ExamRefused):
    """The owner's refusal, relayed: its field and its words in every language, as it said them."""

    def __init__(self, field: str, key: str, texts: dict[str, str]) -> None:
        self.texts = texts
        super().__init__(field, texts.get("en", key))
        self.key = key

    def render(self, lang: str) -> str:
        return self.texts.get(lang) or self.texts.get("fr") or self.reason


async def _start(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.start_here(args["by"])
    return {}


async def _pause(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.pause_here(args["by"])
    return {}


async def _resume(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.resume_here(args["by"])
    return {}


async def _stop(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.stop_here(args["by"])
    return {}


async def _revoke(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.revoke_here(args["by"], args["person_id"])
    return {}


async def _reissue(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    await exam.reissue_here(args["by"], args["person_id"])
    return {}


async def _lock(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    events = await exam.lock_here(args["by"])
    return {"seq": [e.seq for e in events]}


async def _pass_rule(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    rule = build(ev.PassRuleSet, args["rule"], "rule")
    events = await exam.pass_rule_here(args["by"], rule)
    return {"seq": [e.seq for e in events]}


async def _grade(exam: ExamRuntime, args: dict[str, Any]) -> dict[str, Any]:
    from omnisim.live.jury import act_here  # the jury's rules sit above the exam

    kind = args["type"]
    if kind not in JURY_EVENTS:
        raise SchemaError("type", "err.jury.command")
    command: Any = build(ev.PAYLOADS[kind], args["payload"], "payload")
    events = await act_here(exam, args["by"], command)
    return {"seq": [e.seq for e in events]}


#: How the owner carries out each command.
HERE: dict[str, Command] = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "stop": _stop,
    "revoke": _revoke,
    "reissue": _reissue,
    "lock": _lock,
    "pass_rule": _pass_rule,
    "grade": _grade,
}

#: The jury's commands (event types of the grading stream a jury member appends).
JURY_EVENTS = frozenset(
    ev.PAYLOAD_TYPES[cls]
    for cls in (
        ev.GradeDecided,
        ev.GradeReconciled,
        ev.GradeCommented,
        ev.GradeSubmitted,
        ev.GradeRecommended,
        ev.SheetSigned,
    )
)


def grade_args(jury_id: str, command: Any) -> dict[str, Any]:
    """A jury command as the JSON arguments of ``grade``."""
    return {"by": jury_id, "type": ev.PAYLOAD_TYPES[type(command)], "payload": dump(command)}


async def run(exam: ExamRuntime, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """Carry out ``name`` on the exam's owner: here, or forwarded and its answer relayed.

    After a forwarded command this worker's copy catches up with what the owner
    appended, so what the caller answers next (a summary, the links) is the owner's.
    """
    exams = exam.exams
    for _attempt in range(2):
        owner = await exams.route(exam)
        if owner is not None:
            assert exams.owners is not None
            body = {"exam_command": name, "exam": exam.exam_id, "args": args}
            try:
                answer = await exams.owners.forward(owner, body)
            except OwnerGone as exc:  # dead or cut off: its lease lapses, then a retry lands
                raise StoreUnavailable(f"owner {owner} did not answer") from exc
            await exam.catch_up()
            if answer.get("ok"):
                result: dict[str, Any] = answer.get("result", {})
                return result
            _raise(answer)
        try:
            return await HERE[name](exam, args)
        except Fenced:
            await exam.demote()  # the lease moved on since this worker last renewed it
    raise ExamRefused("type", "err.busy")


async def answer(exams: Exams, body: dict[str, Any]) -> dict[str, Any]:
    """On the owner: carry out a forwarded command; its refusal as the forwarder will say it."""
    try:
        name = body["exam_command"]
        if name not in HERE:
            raise SchemaError("type", "err.busy")
        exam = await exams.get(body["exam"])
        if exam is None:
            raise SchemaError("exam", "err.no_exam")
        if not exam.owned:  # no longer ours: the sender may route again
            raise ExamRefused("type", "err.busy")
        return {"ok": True, "result": await HERE[name](exam, body["args"])}
    except Fenced:
        return _refusal(ExamRefused("type", "err.busy"))
    except Refusal as exc:
        return _refusal(exc)
    except StoreUnavailable:
        return {"ok": False, "unavailable": True}
    except Exception:  # said at once, not left to the forwarder's timeout
        log.exception("forwarded exam command %s failed", body.get("exam_command"))
        return {"ok": False, "internal": True}


def _refusal(exc: Refusal) -> dict[str, Any]:
    texts = {lang: exc.render(lang) for lang in LANGS}
    return {"ok": False, "error": {"field": exc.field, "key": exc.key, "texts": texts}}


def _raise(answer: dict[str, Any]) -> None:
    if answer.get("unavailable"):
        raise StoreUnavailable("the owner's store is unavailable")
    if answer.get("internal"):
        raise RuntimeError("the owner failed to carry out the command (see its log)")
    error = answer["error"]
    raise Refused(error["field"], error["key"], error["texts"])
