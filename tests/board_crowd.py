"""A room of scripted candidates over real socket.io, and a board watching them.

Used by the 60-candidate board screenshot (tests/browser/test_board_crowd.py) and
the board latency bench (bench/board.py). Only loopback addresses are contacted;
every wait is bounded.

The room is mixed on purpose, so the board has something to show: most candidates
are careful, one in four careless (their customers escalate), and one in ten never
connects (the board must show them offline).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import urllib.request
from dataclasses import dataclass, field
from typing import Any

import socketio

from omnisim.deck import Deck
from omnisim.deck.scripts import load_scripts
from omnisim.protocol.handles import Handles
from omnisim.scenario.check import load_deck
from tests.conftest import CONNECT_WAIT, ROOT
from tests.scripted import DeskNames, ScriptedCandidate, Step

DEMO_DECK = "bundled:demo"


def events_of(batch: Any) -> list[dict[str, Any]]:
    """A push's events, in the contract's batch shape or the older bare list."""
    return list(batch["events"]) if isinstance(batch, dict) else list(batch)


def api(url: str, token: str, path: str, body: Any = None) -> Any:
    """One call of the trainer's JSON API (blocking: call it in a thread)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url + path,
        data=data,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="GET" if body is None else "POST",
    )
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 (loopback)
        return json.loads(answer.read() or b"null")


async def open_exam(url: str, token: str, count: int, time_factor: float) -> tuple[str, dict]:
    """An exam of ``count`` candidates on the demo deck: its id and each candidate's token."""
    candidates = [{"name": f"Candidat {n:02d}", "number": f"{n:04d}"} for n in range(1, count + 1)]
    jury = [
        {"name": "Marc Dubois", "evaluator": "internal"},
        {"name": "Sophie Laurent", "evaluator": "external"},
    ]  # an exam's jury, as its grid asks
    body = {"deck": DEMO_DECK, "candidates": candidates, "jury": jury, "time_factor": time_factor}
    made = await asyncio.to_thread(api, url, token, "/api/exams", body)
    tokens = {
        link["person_id"]: link["url"].split("token=", 1)[1]
        for link in made["links"]
        if link["role"] == "candidate"
    }
    return made["exam_id"], tokens


@dataclass
class Bot:
    """One scripted candidate on one socket."""

    person: str
    token: str
    careful: bool
    sio: socketio.AsyncClient = field(
        default_factory=lambda: socketio.AsyncClient(reconnection=False)
    )
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


class SeenNames(DeskNames):
    """A bot's handles when the server runs in another process (no mapping to look at): the
    dossier's follow the deck's order, as the server's do; a contact's handle is learnt as the
    desk sees it offered, matched to the deck's contact by channel, customer and subject."""

    def __init__(self, deck: Deck) -> None:
        super().__init__(Handles(deck))
        self.waiting = list(deck.contacts)

    def event(self, event: dict[str, Any]) -> dict[str, Any]:
        p = event["payload"]
        if event["type"] == "contact.offered" and self.handles.deck_id(p["contact_id"]) is None:
            same = (c for c in self.waiting if c.channel == p["channel"])
            named = [c for c in same if c.customer.name == p["customer_name"]]
            found = next((c for c in named if c.subject == p.get("subject", "")), None)
            if found is None and named:
                found = named[0]
            if found is not None:
                self.waiting.remove(found)
                self.handles._name("contact", found.id)  # the n-th offered is c<n>, here too
        return super().event(event)


class Crowd:
    """Scripted candidates playing the demo deck at ``time_factor`` on a running server."""

    def __init__(
        self, url: str, tokens: dict[str, str], time_factor: float, deck: Deck, scripts: Any
    ) -> None:
        self.url = url
        self.deck = deck
        self.scripts = scripts
        self.scale = deck.time_factor / time_factor  # the bots' pauses shrink with the pace
        self.bots = [
            Bot(person, token, careful=n % 4 != 3)
            for n, (person, token) in enumerate(sorted(tokens.items()), start=1)
            if n % 10 != 0  # one in ten never connects: offline on the board
        ]

    @classmethod
    async def open(cls, url: str, tokens: dict[str, str], time_factor: float) -> Crowd:
        """The crowd, its deck and scripts parsed off the event loop (CPU work)."""
        deck = await asyncio.to_thread(load_deck, ROOT / "decks" / "demo")
        scripts = await asyncio.to_thread(load_scripts)
        return cls(url, tokens, time_factor, deck, scripts)

    async def connect(self) -> None:
        await asyncio.gather(*(self._connect(bot) for bot in self.bots))

    async def _connect(self, bot: Bot) -> None:
        script = ScriptedCandidate(self.deck, dict(self.scripts), bot.careful)
        names = SeenNames(self.deck)  # the desk names contacts and records by handles

        async def run(steps: list[Step]) -> None:
            for delay, kind, data in steps:
                await asyncio.sleep(delay * self.scale)
                with contextlib.suppress(Exception):  # refused or disconnected: part of life
                    await bot.sio.call(kind, names.action(kind, data), timeout=30)

        def on_events(batch: Any) -> None:
            for event in names.events(events_of(batch)):
                steps = script.on_event(event)
                if steps:
                    bot.tasks.append(asyncio.create_task(run(steps)))

        bot.sio.on("events", on_events)
        await bot.sio.connect(
            self.url, auth={"token": bot.token}, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        await bot.sio.call("join", {"last_seq": 0}, timeout=30)

    async def close(self) -> None:
        for bot in self.bots:
            for task in bot.tasks:
                task.cancel()
        await asyncio.gather(*(bot.sio.disconnect() for bot in self.bots))


class BoardWatcher:
    """A board's socket: joins every stream of the exam and times each batch's arrival.

    ``latencies`` holds, for every event received live, its arrival time here minus its
    ``wall_time`` (both on this machine's clock: loopback only).
    """

    def __init__(self, url: str, token: str, exam_id: str) -> None:
        self.url, self.token, self.exam_id = url, token, exam_id
        self.sio = socketio.AsyncClient(reconnection=False)
        self.positions: dict[str, int] = {}
        self.latencies: list[float] = []
        self.batches = 0  # batches pushed to this board (bench/board.py)
        self.gaps: list[tuple[str, int, int, int]] = []  # (stream, position, after, upto)

    async def connect_measuring(self) -> dict[str, int]:
        """Join every stream once (a board opened late): events, JSON bytes and streams."""
        self.sio.on("events", lambda batch: None)
        auth = {"token": self.token, "exam": self.exam_id, "board": True}
        await self.sio.connect(
            self.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        exam = await self.sio.call("join", {"stream": self.exam_id, "last_seq": 0}, timeout=30)
        sizes = {"events": len(exam["events"]), "bytes": len(json.dumps(exam)), "streams": 1}
        for person in exam["candidates"]:
            stream = f"{self.exam_id}-{person['id']}"
            joined = await self.sio.call("join", {"stream": stream, "last_seq": 0}, timeout=60)
            sizes["events"] += len(joined["events"])
            sizes["bytes"] += len(json.dumps(joined, ensure_ascii=False).encode())
            sizes["streams"] += 1
        return sizes

    async def connect(self) -> dict[str, Any]:
        import time

        def on_events(batch: dict[str, Any]) -> None:
            now = time.time()
            self.batches += 1
            stream = batch["stream"]
            pos = self.positions.get(stream, 0)
            if batch["upto"] <= pos:
                return
            if batch["after"] != pos:
                self.gaps.append((stream, pos, batch["after"], batch["upto"]))
                return
            self.positions[stream] = batch["upto"]
            self.latencies += [now - e["wall_time"] for e in batch["events"]]

        self.sio.on("events", on_events)
        auth = {"token": self.token, "exam": self.exam_id, "board": True}
        await self.sio.connect(
            self.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        exam = await self.sio.call("join", {"stream": self.exam_id, "last_seq": 0}, timeout=30)
        assert exam["ok"], exam
        self.positions[self.exam_id] = max(self.positions.get(self.exam_id, 0), exam["upto"])
        for person in exam["candidates"]:
            stream = f"{self.exam_id}-{person['id']}"
            joined = await self.sio.call("join", {"stream": stream, "last_seq": 0}, timeout=30)
            assert joined["ok"], joined
            self.positions[stream] = max(self.positions.get(stream, 0), joined["upto"])
        return exam

    async def close(self) -> None:
        await self.sio.disconnect()
