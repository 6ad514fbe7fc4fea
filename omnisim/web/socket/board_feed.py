"""The trainer's board feed: every attempt of an exam on one socket, and who is connected.

One room per exam (``board:<exam id>``) receives each batch of every attempt
stream and of the exam stream, in the push contract's shape
(``{"stream", "after", "upto", "events"}``), through the trainer's view; the
board folds each stream with the shared reducer. So 60 candidates cost the
server one more emit per batch, never a poll per attempt.

A board opens (and catches up after a reconnection) with one read of the exam's
events by global position (:meth:`EventStore.read_all`), paged, and answered as
per-stream batches of the same contract, so the browser's positions per stream
apply them by the same rule; a gap in one stream is still filled by that stream's
own join.

Presence is socket presence: a candidate is online while at least one of their
link's sockets is connected, to any worker (omnisim/web/socket/occupancy.py). It is told to the
board as a ``presence`` message and in the opening answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import socketio

from omnisim.events import Event
from omnisim.exams.state import attempt_stream
from omnisim.protocol.views import project_all
from omnisim.schema import SchemaError
from omnisim.web.socket.occupancy import LocalOccupancy, online_key, room_key

if TYPE_CHECKING:
    from omnisim.live.exam import ExamRuntime

MAX_SEQ = 2**53
CATCH_UP_PAGE = 2000  # events per catch-up answer (as a join's page: bounded loop time); then again


def board_room(exam_id: str) -> str:
    return f"board:{exam_id}"


def exam_of(stream: str) -> tuple[str, str]:
    """(exam id, part) of a stream: ``ex1-c1`` → (ex1, c1); ``ex1`` → (ex1, "")."""
    exam_id, _, part = stream.partition("-")
    return exam_id, part


def _positions(value: Any, streams: set[str]) -> dict[str, int]:
    """A reconnecting board's per-stream positions, checked (unknown streams are ignored)."""
    if not isinstance(value, dict) or len(value) > len(streams) + 1:
        raise SchemaError("positions", "err.join_shape")
    held = {}
    for stream, seq in value.items():
        if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
            raise SchemaError("positions", "err.last_seq", limit=MAX_SEQ)
        if stream in streams:
            held[stream] = seq
    return held


def on_board(stream: str) -> bool:
    """Whether a stream's batches go to its exam's board (grading, accounts, library don't)."""
    exam_id, part = exam_of(stream)
    return exam_id.startswith("ex") and part != "grading"


class BoardFeed:
    def __init__(self, sio: socketio.AsyncServer, occupancy: LocalOccupancy | None = None) -> None:
        self.sio = sio
        self.occupancy = occupancy if occupancy is not None else LocalOccupancy()
        self.occupancy.on_vacated = self.vacated

    # -- pushes ------------------------------------------------------------------------
    async def publish(self, events: Sequence[Event], local: bool = False) -> None:
        """One batch of one stream to the exam's board room (grading is not the board's);
        ``local``: every member is on this worker, so the relay is not asked."""
        if not events or not on_board(events[0].session_id):
            return
        stream = events[0].session_id
        batch = {
            "stream": stream,
            "after": events[0].seq - 1,
            "upto": events[-1].seq,
            "events": project_all("trainer", list(events)),
        }
        room = board_room(exam_of(stream)[0])
        await self.sio.emit("events", batch, room=room, ignore_queue=local)

    # -- presence ----------------------------------------------------------------------
    async def presence(self, exam: ExamRuntime) -> dict[str, bool]:
        people = [p.id for p in exam.state.candidates]
        counts = await self.occupancy.count([online_key(exam.exam_id, p) for p in people])
        return {p: n > 0 for p, n in zip(people, counts, strict=True)}

    async def connected(self, sid: str, who: dict[str, Any]) -> None:
        if who.get("board"):
            room = board_room(who["exam"])
            await self.sio.enter_room(sid, room)  # in the room, counted, then any read
            if self.occupancy.shared:
                await self.occupancy.enter(sid, room_key(room))
        if who["role"] != "candidate":
            return
        if await self.occupancy.enter(sid, online_key(who["exam"], who["candidate"])) == 1:
            await self._tell(who["exam"], who["candidate"], True)

    async def disconnected(self, sid: str) -> None:
        """Uncount the socket everywhere (its rooms, its presence): it is gone."""
        await self.vacated(await self.occupancy.leave(sid))

    async def vacated(self, keys: list[str]) -> None:
        """Keys nobody holds any more: a candidate among them is now offline."""
        for key in keys:
            kind, _, rest = key.partition(":")
            if kind == "online":
                exam_id, _, candidate = rest.partition(":")
                await self._tell(exam_id, candidate, False)

    async def _tell(self, exam_id: str, candidate: str, online: bool) -> None:
        message = {"candidate": candidate, "online": online}
        await self.sio.emit("presence", message, room=board_room(exam_id))

    # -- opening and catching up: the exam's events by global position -----------------
    async def catch_up(self, exam: ExamRuntime, data: dict[str, Any]) -> dict[str, Any]:
        """``{"all": true, "after": position, "positions"?: {stream: seq}}`` → the exam's events
        after that global position, as per-stream batches of the push contract, with the
        roster and presence.

        ``position`` in the answer is the ``after`` of the next page (``more``) or of the
        catch-up after a reconnection. ``positions`` (a reconnecting board's per-stream
        positions) leaves out what the board already has: only what it missed travels.
        The socket entered the board room (and was counted in it) when it connected,
        before this read: a batch logged meanwhile is either read here or pushed, and the
        client's positions drop what comes twice.
        """
        if set(data) - {"all", "after", "positions"} or data.get("all") is not True:
            raise SchemaError("after", "err.join_shape")
        after = data.get("after", 0)
        if isinstance(after, bool) or not isinstance(after, int) or not 0 <= after <= MAX_SEQ:
            raise SchemaError("after", "err.last_seq", limit=MAX_SEQ)
        people = {attempt_stream(exam.exam_id, p.id) for p in exam.state.candidates}
        people.add(exam.exam_id)
        held = _positions(data.get("positions", {}), people)
        read = await exam.exams.store.read_all(after, CATCH_UP_PAGE, exam.exam_id)
        runs: dict[str, list[Event]] = {}
        for _pos, event in read:
            if event.session_id in people:
                runs.setdefault(event.session_id, []).append(event)
        batches = []
        for stream, events in runs.items():
            have = held.get(stream, 0)
            if events[-1].seq <= have:
                continue  # the board has all of it
            missed = [e for e in events if e.seq > have]
            batches.append(
                {
                    "stream": stream,
                    "after": max(events[0].seq - 1, have),
                    "upto": events[-1].seq,
                    "events": project_all("trainer", missed),
                }
            )
        return {
            "ok": True,
            "all": True,
            "after": after,
            "position": read[-1][0] if read else after,
            "more": len(read) == CATCH_UP_PAGE,
            "batches": batches,
            "candidates": [
                {"id": p.id, "name": p.name, "number": p.number} for p in exam.state.candidates
            ],
            "presence": await self.presence(exam),
        }

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
            answer["presence"] = await self.presence(exam)
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
