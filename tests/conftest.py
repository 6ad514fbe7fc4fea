"""Shared test resources: free loopback ports, a real redis-server, stores of both kinds."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from omnisim.store import EventStore, open_store
from omnisim.store.redis_store import RedisStore

ROOT = Path(__file__).resolve().parents[1]
MINI_DECK = ROOT / "decks" / "mini"


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
            store = RedisStore(request.getfixturevalue("redis_url"), prefix=prefix)
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
