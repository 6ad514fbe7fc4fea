"""Who is online, told to the trainer's board (docs/protocol.md, "Présence").

Presence is socket presence: a candidate is online while at least one socket of their
link is connected, to any worker (counted by omnisim/web/socket/occupancy.py under
``online:<exam>:<candidate>``). The board hears each change as a ``presence`` message
``{"candidate", "online"}``, and reads the whole roster with it when it opens or joins the
exam's stream.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import socketio

from omnisim.protocol.messages import Caller, Candidate
from omnisim.protocol.messages import Presence as Online
from omnisim.web.socket.occupancy import LocalOccupancy, online_key
from omnisim.web.socket.rooms import board_room

if TYPE_CHECKING:
    from omnisim.live.exam import ExamRuntime


class Presence:
    def __init__(self, sio: socketio.AsyncServer, occupancy: LocalOccupancy) -> None:
        self.sio = sio
        self.occupancy = occupancy
        self.occupancy.on_vacated = self.vacated  # a dead worker's sockets, reaped

    async def roster(self, exam: ExamRuntime) -> tuple[tuple[Candidate, ...], dict[str, bool]]:
        """The exam's candidates and which of them are online now."""
        people = exam.state.candidates
        counts = await self.occupancy.count([online_key(exam.exam_id, p.id) for p in people])
        online = {p.id: n > 0 for p, n in zip(people, counts, strict=True)}
        return tuple(Candidate.of(p) for p in people), online

    async def arrived(self, sid: str, who: Caller) -> None:
        """A socket connected: a candidate's first one puts them online."""
        if who.role != "candidate":
            return
        if await self.occupancy.enter(sid, online_key(who.exam, who.candidate)) == 1:
            await self._tell(who.exam, who.candidate, True)

    async def vacated(self, keys: list[str]) -> None:
        """Keys nobody holds any more: a candidate among them is now offline."""
        for key in keys:
            kind, _, rest = key.partition(":")
            if kind == "online":
                exam_id, _, candidate = rest.partition(":")
                await self._tell(exam_id, candidate, False)

    async def _tell(self, exam_id: str, candidate: str, online: bool) -> None:
        said = Online(candidate, online).to_json()
        await self.sio.emit("presence", said, room=board_room(exam_id))
