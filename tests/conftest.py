"""Shared test resources: free loopback ports, a real redis-server, stores of both kinds."""

from __future__ import annotations

import shutil
import socket
import subprocess
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
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
         "--save", "", "--appendonly", "yes", "--appendfsync", "always"],
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
