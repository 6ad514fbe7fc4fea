"""The feed: the one server side of the push and join contract (docs/protocol.md).

Desk, board and jury follow the log the same way. Once an exam's events are durable
(omnisim/live/attempt.py, omnisim/live/exam.py), :meth:`Feed.publish` sends them as one
batch to each room that should get them, each through its view (omnisim/web/socket/rooms.py):
an attempt's role rooms (omnisim/protocol/views.py), the exam's board room, each jury
member's room of the grading stream (the blind rule, omnisim/jury/blind.py). A join is
answered by :meth:`Feed.join` with the same batch from the client's position, paged, and
a board opens with :meth:`Feed.catch_up`, the exam's events by global position.

Every emit asks the occupancy first (omnisim/web/socket/occupancy.py), from this worker's
copy of the counts (mirror.py): a room nobody holds on any worker is skipped, one whose
members are all on this worker is sent to without the Redis relay (push.py). Nothing is lost by
skipping, because a socket enters its room and is counted in it, on every worker's copy
when it is its worker's first there, before it reads its backlog.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import socketio
from engineio.packet import Packet

from omnisim.events import Event
from omnisim.exams.streams import Stream, attempt_stream, grading_stream, logged, parse
from omnisim.jury.blind import blind
from omnisim.protocol.messages import (
    Batch,
    BoardCaughtUp,
    BoardJoined,
    Caller,
    DeskJoined,
    GradingJoined,
    Message,
)
from omnisim.protocol.views import View, project_all
from omnisim.schema import SchemaError
from omnisim.store import EventStore, StoreUnavailable
from omnisim.store.base import MAX_SEQ
from omnisim.web.pages.log import PageAsk, log_page
from omnisim.web.socket.occupancy import LocalOccupancy, room_key
from omnisim.web.socket.presence import Presence
from omnisim.web.socket.push import Pushes, encode, send_local
from omnisim.web.socket.rooms import ROLES, board_room, jury_room, role_room

if TYPE_CHECKING:
    from omnisim.live.attempt import SessionRuntime
    from omnisim.live.exam import ExamRuntime
    from omnisim.live.exams import Exams
    from omnisim.live.sandbox import Sandboxes

JOIN_PAGE = 2000  # events at most in one join answer; the client joins again for the rest
CATCH_UP_PAGE = 2000  # events per catch-up answer (as a join's page: bounded loop time)

#: What a room's sockets may see of a batch's events: the candidate's under the attempt's
#: handles (omnisim/protocol/handles.py, :func:`desk_view`), the others' with the deck's ids.
SEEN_BY: dict[str, View] = {role: partial(project_all, role) for role in ROLES}


def desk_view(role: str, runtime: SessionRuntime) -> View:
    """What a desk of ``role`` sees of ``runtime``'s events: a candidate's never names the deck."""
    return runtime.handles.view if role == "candidate" else SEEN_BY[role]


def batch(stream: str, after: int, upto: int, events: list[dict[str, Any]]) -> Batch:
    """One push (or the batch of a join answer): the events a room may see of seq after+1..upto."""
    return Batch(stream, after, upto, tuple(events))


def position(value: Any, field: str) -> int:
    """A log position a client sent (``last_seq``, ``after``): an integer 0..MAX_SEQ."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEQ:
        raise SchemaError(field, "err.last_seq", limit=MAX_SEQ)
    return value


def _positions(value: Any, streams: set[str]) -> dict[str, int]:
    """A reconnecting board's per-stream positions, checked (unknown streams are ignored)."""
    if not isinstance(value, dict) or len(value) > len(streams) + 1:
        raise SchemaError("positions", "err.join_shape")
    held = {stream: position(seq, "positions") for stream, seq in value.items()}
    return {stream: seq for stream, seq in held.items() if stream in streams}


@dataclass(frozen=True)
class Target:
    """What a join reads: a stream, the room its next batches come to, the reader's view."""

    stream: str
    room: str
    view: View
    known: int  # the stream's last seq as this worker has folded it: beyond, ask the store


class Feed:
    def __init__(
        self,
        sio: socketio.AsyncServer,
        exams: Exams,
        occupancy: LocalOccupancy,
        pushes: Pushes | None = None,
        sandboxes: Sandboxes | None = None,
    ) -> None:
        self.sio = sio
        self.exams = exams
        self.sandboxes = sandboxes  # trainers' trials: candidate desks of their own exams
        self.occupancy = occupancy
        self.pushes = pushes  # to the other workers' sockets (push.py), when there are others
        self.relayed = pushes is not None  # rooms may have members on other workers
        self.presence = Presence(sio, occupancy)
        self.emits = Counter[str]()  # room emits made, skipped, and made locally (bench/board.py)
        exams.subscribe(self.publish)  # told of every batch once durably logged

    # -- rooms -------------------------------------------------------------------------
    async def enter(self, sid: str, room: str) -> None:
        """In the room, then counted in it (relayed): only then may the caller read a backlog."""
        await self.sio.enter_room(sid, room)
        if self.occupancy.shared:  # fenced: no worker skips the room once the backlog is read
            await self.occupancy.enter(sid, room_key(room), fence=True)

    async def connected(self, sid: str, who: Caller) -> None:
        """A socket is counted in its rooms and as present (on every worker) before any read."""
        if who.board:
            await self.enter(sid, board_room(who.exam))
        await self.presence.arrived(sid, who)

    async def disconnected(self, sid: str) -> None:
        """Uncount the socket everywhere (its rooms, its presence): it is gone."""
        await self.presence.vacated(await self.occupancy.leave(sid))

    async def _with_members(self, rooms: list[str]) -> dict[str, bool]:
        """The rooms an emit can reach someone in, each with whether all its members are
        on this worker: here, the local rooms; relayed, the rooms counted on any worker
        (occupancy.py, this worker's copy: no round trip). Asked after the events are
        durable: a member counted later reads them in its backlog. Unsure (Redis down,
        the copy catching up): all, through the relay.

        A room whose members are all here is emitted to without the relay: publishing
        it would cost a Redis round trip here and a wake-up of every other worker for a
        room none of them holds (the relay was a fifth of a worker's time with two)."""
        local = self.sio.manager.rooms.get("/", {})
        if not self.relayed:
            return {room: True for room in rooms if local.get(room)}
        try:
            counts = self.occupancy.everywhere([room_key(r) for r in rooms])
        except StoreUnavailable:
            return dict.fromkeys(rooms, False)
        return {
            room: len(local.get(room) or ()) >= n
            for room, n in zip(rooms, counts, strict=True)
            if n > 0
        }

    # -- pushing -----------------------------------------------------------------------
    async def publish(self, events: Sequence[Event]) -> None:
        """Send freshly logged events of one stream to every room that should get them.

        Each room gets the batch's positions even when its view keeps none of the
        events, so its clients' positions advance and the next batch is contiguous.
        """
        if not events:
            return
        name = events[0].session_id
        stream = logged(name)
        if stream is None:
            return  # accounts, library: nobody follows them live
        rooms = await self._rooms(name, stream)
        live = await self._with_members(list(rooms))
        self.emits["skipped"] += len(rooms) - len(live)
        self.emits["sent"] += len(live)
        self.emits["local"] += sum(live.values())  # not through the relay
        after, upto = events[0].seq - 1, events[-1].seq
        packets: dict[View, list[Packet]] = {}  # encoded once per view: board and trainer share
        for room, view in rooms.items():
            if room not in live:
                continue
            if view not in packets:
                body = batch(name, after, upto, view(events)).to_json()
                packets[view] = encode(self.sio, "events", body)
            if not live[room] and self.pushes is not None:  # members on other workers too
                await self.pushes.send(room, packets[view])
            else:
                await send_local(self.sio, room, packets[view])

    async def _rooms(self, name: str, stream: Stream) -> dict[str, View]:
        """Each room that follows the stream, with its view."""
        if stream.kind == "grading":
            exam = await self.exams.get(stream.exam_id)
            if exam is None:
                return {}
            # Its state has folded these events: a hand-in that completes the jury reveals
            # in the same batch.
            state = exam.state
            return {jury_room(name, m.id): partial(blind, state, m.id) for m in state.jury}
        rooms = {}
        if stream.kind == "attempt":
            runtime = await self._attempt(stream)
            for role in ROLES:
                if runtime is not None:
                    rooms[role_room(name, role)] = desk_view(role, runtime)
                elif role != "candidate":  # never without the attempt's handles: it joins again
                    rooms[role_room(name, role)] = SEEN_BY[role]
        rooms[board_room(stream.exam_id)] = SEEN_BY["trainer"]
        return rooms

    async def _attempt(self, stream: Stream) -> SessionRuntime | None:
        """The attempt that just logged on this worker (its handles are folded)."""
        exam = await self.sandboxes.get(stream.exam_id) if self.sandboxes is not None else None
        exam = exam or await self.exams.get(stream.exam_id)
        return exam.attempts.get(stream.person) if exam is not None else None

    # -- joining one stream --------------------------------------------------------------
    async def join(self, sid: str, who: Caller, exam: ExamRuntime, data: Any) -> Message:
        """``{"last_seq", "stream"?}`` → the stream's batch after ``last_seq``, one page.

        A desk (and a trainer's console, a jury page) joins the attempt it follows; a jury
        page also the grading stream, through the blind rule; a board any attempt of its
        exam, or the exam's stream (with the roster and presence).
        """
        if not isinstance(data, dict) or set(data) - {"last_seq", "stream"}:
            raise SchemaError("last_seq", "err.join_shape")
        last_seq = position(data.get("last_seq", 0), "last_seq")
        store = exam.exams.store
        if who.board:
            return await self._board_join(sid, exam, data.get("stream", exam.exam_id), last_seq)
        person = who.person
        if who.role == "jury" and data.get("stream") == grading_stream(exam.exam_id):
            view: View = partial(blind, exam.state, person)
            room = jury_room(data["stream"], person)
            target = Target(data["stream"], room, view, exam.state.grading_seq)
            got, more = await self._page(sid, store, target, last_seq)
            return GradingJoined(got.stream, got.after, got.upto, got.events, more)
        runtime = await exam.attempt(who.candidate)
        stream = runtime.session_id
        if data.get("stream", stream) != stream:
            raise SchemaError("stream", "err.join_stream", stream=stream)
        room = role_room(stream, who.role)
        if who.role == "candidate" and runtime.handles.seq < last_seq:
            async with runtime.lock:  # another worker's attempt: its handles up to last_seq
                await runtime.catch_up()
        view = desk_view(who.role, runtime)
        target = Target(stream, room, view, runtime.engine.state.last_seq)
        got, more = await self._page(sid, store, target, last_seq)
        return DeskJoined(
            got.stream,
            got.after,
            got.upto,
            got.events,
            more,
            who.role,
            who.candidate,
            exam.created.mode,
            last_seq=got.upto,
        )

    async def _board_join(
        self, sid: str, exam: ExamRuntime, name: Any, last_seq: int
    ) -> BoardJoined:
        """A board fills a gap in one stream of its exam (its room was entered at connect)."""
        stream = parse(name) if isinstance(name, str) else None
        room = board_room(exam.exam_id)
        if stream is not None and stream.exam_id == exam.exam_id and stream.kind == "exam":
            target = Target(name, room, SEEN_BY["trainer"], exam.state.last_seq)
            got, more = await self._page(sid, exam.exams.store, target, last_seq)
            candidates, online = await self.presence.roster(exam)
            return BoardJoined(
                got.stream,
                got.after,
                got.upto,
                got.events,
                more,
                candidates=candidates,
                presence=online,
            )
        people = {p.id for p in exam.state.candidates}
        if stream is None or stream.exam_id != exam.exam_id or stream.person not in people:
            raise SchemaError("stream", "err.board_stream", stream=str(name)[:60])
        runtime = await exam.attempt(stream.person)
        target = Target(name, room, SEEN_BY["trainer"], runtime.engine.state.last_seq)
        got, more = await self._page(sid, exam.exams.store, target, last_seq)
        return BoardJoined(got.stream, got.after, got.upto, got.events, more)

    async def _page(
        self, sid: str, store: EventStore, target: Target, last_seq: int
    ) -> tuple[Batch, bool]:
        """In the room first, then the backlog: an event logged meanwhile comes both ways
        and the client's positions drop the second copy. No lock is held while reading,
        so a long log delays only this client."""
        await self.enter(sid, target.room)
        found = await log_page(store, target.stream, PageAsk(last_seq, JOIN_PAGE))
        if not found.events and last_seq > target.known:
            last = await store.last_seq(target.stream)  # another worker may have appended
            if last_seq > last:
                raise SchemaError("last_seq", "err.last_seq_ahead", last=last)
        shown = target.view(found.events)
        return batch(target.stream, last_seq, found.upto, shown), found.more

    # -- a board's opening and catching up: the exam's events by global position --------
    async def catch_up(self, exam: ExamRuntime, data: Any) -> BoardCaughtUp:
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
        shape = isinstance(data, dict) and not set(data) - {"all", "after", "positions"}
        if not shape or data.get("all") is not True:
            raise SchemaError("after", "err.join_shape")
        after = position(data.get("after", 0), "after")
        streams = {attempt_stream(exam.exam_id, p.id) for p in exam.state.candidates}
        streams.add(exam.exam_id)
        held = _positions(data.get("positions", {}), streams)
        read = await exam.exams.store.read_all(after, CATCH_UP_PAGE, exam.exam_id)
        runs: dict[str, list[Event]] = {}
        for _pos, event in read:
            if event.session_id in streams:
                runs.setdefault(event.session_id, []).append(event)
        batches = []
        for stream, events in runs.items():
            have = held.get(stream, 0)
            if events[-1].seq <= have:
                continue  # the board has all of it
            missed = SEEN_BY["trainer"]([e for e in events if e.seq > have])
            batches.append(batch(stream, max(events[0].seq - 1, have), events[-1].seq, missed))
        candidates, online = await self.presence.roster(exam)
        return BoardCaughtUp(
            all=True,
            after=after,
            position=read[-1][0] if read else after,
            more=len(read) == CATCH_UP_PAGE,
            batches=tuple(batches),
            candidates=candidates,
            presence=online,
        )
