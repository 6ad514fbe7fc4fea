"""The trainer's board feed: every attempt of an exam on one socket, and who is connected.

One room per exam (``board:<exam id>``) receives each batch of every attempt
stream and of the exam stream, in the push contract's shape
(``{"stream", "after", "upto", "events"}``), through the trainer's view; the
board folds each stream with the shared reducer. So 60 candidates cost the
server one more emit per batch, never a poll per attempt.

Presence is socket presence: a candidate is online while at least one of their
link's sockets is connected to this process. It is told to the board as a
``presence`` message and in the exam stream's join answer.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.events import Event
from omnisim.exams.state import attempt_stream
from omnisim.schema import SchemaError
from omnisim.views import project_all

if TYPE_CHECKING:
    from omnisim.exams.runtime import ExamRuntime

MAX_SEQ = 2**53


def board_room(exam_id: str) -> str:
    return f"board:{exam_id}"


def exam_of(stream: str) -> tuple[str, str]:
    """(exam id, part) of a stream: ``ex1-c1`` → (ex1, c1); ``ex1`` → (ex1, "")."""
    exam_id, _, part = stream.partition("-")
    return exam_id, part


class BoardFeed:
    def __init__(self, sio: socketio.AsyncServer) -> None:
        self.sio = sio
        self.online: Counter[tuple[str, str]] = Counter()  # (exam, candidate) -> sockets
        self.candidate_sids: dict[str, tuple[str, str]] = {}

    # -- pushes ------------------------------------------------------------------------
    async def publish(self, events: Sequence[Event]) -> None:
        """One batch of one stream to the exam's board room (grading is not the board's)."""
        if not events:
            return
        stream = events[0].session_id
        exam_id, part = exam_of(stream)
        if not exam_id.startswith("ex") or part == "grading":
            return  # accounts, library, grading: not the board's
        batch = {
            "stream": stream,
            "after": events[0].seq - 1,
            "upto": events[-1].seq,
            "events": project_all("trainer", list(events)),
        }
        await self.sio.emit("events", batch, room=board_room(exam_id))

    # -- presence ----------------------------------------------------------------------
    def presence(self, exam: ExamRuntime) -> dict[str, bool]:
        return {p.id: self.online[(exam.exam_id, p.id)] > 0 for p in exam.state.candidates}

    async def connected(self, sid: str, who: dict[str, Any]) -> None:
        if who.get("board"):
            await self.sio.enter_room(sid, board_room(who["exam"]))
        if who["role"] != "candidate":
            return
        key = (who["exam"], who["candidate"])
        self.candidate_sids[sid] = key
        self.online[key] += 1
        if self.online[key] == 1:
            await self._tell(key, True)

    async def disconnected(self, sid: str) -> None:
        key = self.candidate_sids.pop(sid, None)
        if key is None:
            return
        self.online[key] -= 1
        if self.online[key] <= 0:
            del self.online[key]
            await self._tell(key, False)

    async def _tell(self, key: tuple[str, str], online: bool) -> None:
        exam_id, candidate = key
        message = {"candidate": candidate, "online": online}
        await self.sio.emit("presence", message, room=board_room(exam_id))

    # -- joining one stream of the exam --------------------------------------------------
    async def join(self, sid: str, exam: ExamRuntime, data: dict[str, Any]) -> dict[str, Any]:
        """``{"stream", "last_seq"}`` → the batch from ``last_seq`` to now (the contract's ack).

        The socket entered the board room when it connected, before this read: a batch
        logged meanwhile is either in the read or pushed, and the client's positions
        drop what it receives twice.
        """
        if set(data) - {"stream", "last_seq"}:
            raise SchemaError("stream", "err.join_shape")
        stream = data.get("stream", exam.exam_id)
        last_seq = data.get("last_seq", 0)
        if isinstance(last_seq, bool) or not isinstance(last_seq, int):
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        if not 0 <= last_seq <= MAX_SEQ:
            raise SchemaError("last_seq", "err.last_seq", limit=MAX_SEQ)
        answer: dict[str, Any] = {"ok": True, "stream": stream, "after": last_seq}
        if stream == exam.exam_id:
            async with exam.lock:
                backlog = await exam.exams.store.read(stream, last_seq)
                upto = exam.state.last_seq
            answer["presence"] = self.presence(exam)
            answer["candidates"] = [
                {"id": p.id, "name": p.name, "number": p.number} for p in exam.state.candidates
            ]
        else:
            by_stream = {attempt_stream(exam.exam_id, p.id): p.id for p in exam.state.candidates}
            if not isinstance(stream, str) or stream not in by_stream:
                raise SchemaError("stream", "err.board_stream", stream=str(stream)[:60])
            runtime = await exam.attempt(by_stream[stream])
            async with runtime.lock:
                backlog = await runtime.store.read(stream, last_seq)
                upto = runtime.engine.state.last_seq
        answer["upto"] = max(upto, last_seq)
        answer["events"] = project_all("trainer", backlog)
        return answer

    async def inject_all(
        self, exam: ExamRuntime, trainer_id: str, action: Any, lang: str
    ) -> dict[str, Any]:
        """The same library contact to every candidate; those who cannot take it are listed."""
        from omnisim.engine import ActionRefused

        done: list[str] = []
        refused: dict[str, str] = {}
        for person in exam.state.candidates:
            runtime = await exam.attempt(person.id)
            try:
                await runtime.act("trainer", action, trainer_id)
                done.append(person.id)
            except ActionRefused as exc:
                refused[person.id] = exc.render(lang)
        return {"ok": True, "injected": done, "refused": refused}
