"""Shared test resources: free loopback ports, a real redis-server, stores of both kinds."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio

from omnisim.settings import Settings
from omnisim.store import EventStore, open_store
from omnisim.store.redis_store import RedisBackend

ROOT = Path(__file__).resolve().parents[1]
MINI_DECK = ROOT / "decks" / "mini"
REACTIVE_DECK = ROOT / "tests" / "decks" / "reactive"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, durable like production (fsync always)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed: run `bash tools/setup.sh --test`")
    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(workdir),
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(params=["sqlite", "redis"])
async def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[object]:
    """Factory of stores on the parametrized backend, all on the same log (to test restarts)."""
    made: list[EventStore] = []
    prefix = f"test-{uuid.uuid4().hex}"

    def factory() -> EventStore:
        if request.param == "sqlite":
            store: EventStore = open_store(str(tmp_path / "events.db"))
        else:
            store = EventStore(RedisBackend(request.getfixturevalue("redis_url"), prefix=prefix))
        made.append(store)
        return store

    yield factory
    for store in made:
        await store.close()


class ServerProcess:
    """``omnisim serve`` in a subprocess on a free loopback port, as a user starts it."""

    def __init__(self, store: Path, deck: Path | str = MINI_DECK) -> None:
        self.store, self.deck = store, deck
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.links: dict[str, str] = {}
        self.proc: subprocess.Popen[str] | None = None

    def start(self, deck: bool = True) -> ServerProcess:
        cmd = [
            sys.executable,
            "-m",
            "omnisim",
            "serve",
            "--port",
            str(self.port),
            "--store",
            str(self.store),
        ]
        if deck:
            cmd += ["--deck", str(self.deck)]
        self.proc = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=ROOT,
            env=os.environ | {"OMNISIM_LANG": "fr"},
        )
        assert self.proc.stdout is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"server exited with {self.proc.wait()}")
            for role, label in (
                ("candidate", "Candidat"),
                ("trainer", "Formateur"),
                ("jury", "Jury"),
            ):
                if line.strip().startswith(f"{label} :"):
                    self.links[role] = line.split(" : ", 1)[1].strip()
            if "Running on" in line:
                wait_for_port(self.port)
                return self
        raise TimeoutError("server did not start")

    def token(self, role: str) -> str:
        return self.links[role].split("token=", 1)[1]

    def stop(self, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            if kill:
                self.proc.send_signal(signal.SIGKILL)
            else:
                self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    """Factory of real server processes; all are stopped after the test."""
    started: list[ServerProcess] = []

    def factory(store: Path | None = None, deck: Path | str = MINI_DECK, with_deck: bool = True):
        proc = ServerProcess(store or tmp_path / "events.db", deck).start(with_deck)
        started.append(proc)
        return proc

    yield factory
    for proc in started:
        proc.stop()


@dataclass
class Client:
    """A real socket.io client that records every event list it receives."""

    sio: socketio.AsyncClient
    events: list[dict[str, Any]] = field(default_factory=list)

    async def wait_for(self, predicate, timeout: float = 5.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    return event
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no matching event among {self.events}")
            await asyncio.sleep(0.02)

    async def act(self, kind: str, data: Any = None) -> dict[str, Any]:
        return await self.sio.call(kind, data if data is not None else {}, timeout=5)


@dataclass(frozen=True)
class SessionTokens:
    """One candidate's attempt in a one-candidate exam: its stream and every role's token."""

    session_id: str  # the attempt's stream
    exam_id: str
    candidate: str
    trainer: str  # the exam's trainer's API token
    jury: str


TEST_PASSWORD = "mot-de-passe-de-test"


async def open_exam(
    app: Any, deck: Path | str = MINI_DECK, time_factor: float | None = None, mode: str = "training"
) -> SessionTokens:
    """An exam with one candidate and one external jury member, by a new trainer."""
    from omnisim.app_keys import ACCOUNTS, EXAMS
    from omnisim.exams.service import RosterEntry
    from omnisim.scenario import load_scenario

    accounts = app[ACCOUNTS]
    trainer = await accounts.add_trainer(
        f"f{uuid.uuid4().hex[:12]}", "Formateur Test", TEST_PASSWORD
    )
    scenario = await asyncio.to_thread(load_scenario, deck)
    exam, tokens = await app[EXAMS].create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001")],
        [RosterEntry("Marc Dubois", evaluator="external")],
        mode=mode,
        time_factor=time_factor,
    )
    api_token = await accounts.new_api_token(trainer.id, "tests")
    return SessionTokens(f"{exam.exam_id}-c1", exam.exam_id, tokens["c1"], api_token, tokens["j1"])


@pytest.fixture
async def live(aiohttp_server, tmp_path, request) -> AsyncIterator[Any]:
    """Factory: a served app on one SQLite file, exams on the mini deck, connected clients.

    ``@pytest.mark.settings(name=value)`` overrides server settings for a test.
    """
    from omnisim.app_keys import ACCOUNTS, EXAMS, STORE
    from omnisim.web_app import create_app

    marker = request.node.get_closest_marker("settings")
    overrides = marker.kwargs if marker else {}
    port = free_port()
    settings = Settings(
        store=str(tmp_path / "events.db"), public_url=f"http://127.0.0.1:{port}", **overrides
    )
    app = create_app(settings)
    server = await aiohttp_server(app, port=port)
    clients: list[Client] = []
    trainer_exams: dict[str, str] = {}

    class Live:
        url = f"http://127.0.0.1:{server.port}"
        port = server.port
        store = property(lambda self: app[STORE])
        exams = property(lambda self: app[EXAMS])
        accounts = property(lambda self: app[ACCOUNTS])
        app = property(lambda self: server.app)

        async def session(
            self, deck=MINI_DECK, time_factor: float | None = None, mode: str = "training"
        ) -> SessionTokens:
            tokens = await open_exam(app, deck, time_factor, mode)
            trainer_exams[tokens.trainer] = tokens.exam_id
            return tokens

        async def connect(self, token: str, last_seq: int | None = 0, **auth: Any) -> Client:
            client = Client(socketio.AsyncClient(reconnection=False))

            @client.sio.on("events")
            async def on_events(batch: list[dict[str, Any]]) -> None:
                client.events.extend(batch)

            if token in trainer_exams:
                auth.setdefault("exam", trainer_exams[token])
            await client.sio.connect(
                self.url, auth={"token": token, **auth}, transports=["websocket"]
            )
            clients.append(client)
            if last_seq is not None:
                reply = await client.act("join", {"last_seq": last_seq})
                assert reply["ok"], reply
            return client

    yield Live()
    for client in clients:
        await client.sio.disconnect()


def of_type(kind: str, **payload: Any):
    return lambda e: e["type"] == kind and all(e["payload"].get(k) == v for k, v in payload.items())
