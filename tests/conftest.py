"""Shared test resources: free loopback ports, a real redis-server, stores of both kinds."""

from __future__ import annotations

import asyncio
import gc
import importlib
import os
import pkgutil
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio
import yaml
from pytest_asyncio import is_async_test

from omnisim.settings import Settings
from omnisim.store import EventStore, open_store
from omnisim.store.redis_store import RedisBackend

pytest_plugins = ["pytester"]  # tests/fast/test_loop_guard.py runs pytest on pytest

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

    def __init__(self, store: Path | str, deck: Path | str = MINI_DECK) -> None:
        self.store, self.deck = store, deck
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.links: dict[str, str] = {}
        self.said: list[str] = []  # what it printed until it listened
        self.proc: subprocess.Popen[str] | None = None
        self.api_token = ""

    def add_trainer(self) -> str:
        """A trainer account on the store (the CLI, as an administrator does), and its API token."""
        self.add_account()
        return self.issue_token()

    def add_account(self) -> None:
        """The trainer's account, by the CLI (``omnisim trainer add``)."""
        run = [sys.executable, "-m", "omnisim", "trainer"]
        store = ["--store", str(self.store)]
        add = [*run, "add", "--login", "formateur", "--name", "Formateur", "--password-stdin"]
        subprocess.run(
            [*add, "--if-missing", *store],
            input=TEST_PASSWORD + "\n",
            text=True,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )

    def issue_token(self) -> str:
        """An API token for the trainer :meth:`add_account` made (``omnisim trainer token``)."""
        run = [sys.executable, "-m", "omnisim", "trainer"]
        store = ["--store", str(self.store)]
        made = subprocess.run(
            [*run, "token", "--login", "formateur", *store],
            text=True,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        self.api_token = made.stdout.strip()
        return self.api_token

    @property
    def exam_id(self) -> str:
        return self.links["trainer"].rsplit("/", 1)[1]

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
        # A loaded 2-core machine (a CI neighbour, several test workers) may take a while to
        # import and load the deck: 20 s was seen to miss once (topology, under load 7).
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"server exited with {self.proc.wait()}")
            self.said.append(line.rstrip("\n"))
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
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # clients left connected by a failed test
                self.proc.kill()
                self.proc.wait(timeout=10)


class ServerFactory:
    """Starts real server processes; the fixture stops them all after the test.

    Starting one blocks until it listens (about half a second): a sync test calls the
    factory, an async test awaits :meth:`start`, which waits in a thread so that the
    test's event loop keeps running (see the loop guard below).
    """

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[ServerProcess] = []

    def __call__(
        self,
        store: Path | None = None,
        deck: Path | str = MINI_DECK,
        with_deck: bool = True,
        trainer: bool = False,
    ) -> ServerProcess:
        proc = self.process(store, deck)
        if trainer:
            proc.add_trainer()  # before the exam opens: the demo exam is the first trainer's
        return proc.start(with_deck)

    async def start(
        self,
        store: Path | None = None,
        deck: Path | str = MINI_DECK,
        with_deck: bool = True,
        trainer: bool = False,
    ) -> ServerProcess:
        return await asyncio.to_thread(self, store, deck, with_deck, trainer)

    def process(
        self, store: Path | str | None = None, deck: Path | str = MINI_DECK
    ) -> ServerProcess:
        """A server process not started yet, for a test that starts it its own way; stopped
        after the test like the others, even if it fails to start."""
        proc = ServerProcess(store or self.tmp_path / "events.db", deck)
        self.started.append(proc)
        return proc


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerFactory]:
    """Factory of real server processes; all are stopped after the test."""
    factory = ServerFactory(tmp_path)
    yield factory
    for proc in factory.started:
        proc.stop()


@dataclass
class Client:
    """A real socket.io client that applies pushed batches by their positions, as a page does.

    A batch is applied only when it continues the client's position; a duplicate is dropped;
    a gap is kept aside until the answer to a join covers it (docs/protocol.md).
    ``gaps`` and ``duplicates`` count what the positions absorbed.
    """

    sio: socketio.AsyncClient
    events: list[dict[str, Any]] = field(default_factory=list)
    # A candidate's client may speak the deck's ids (``deck_ids=True`` at connect): ``events``
    # then name what the desk names by handles as the deck does, ``act`` sends handles, and
    # ``raw`` keeps the events as received (tests/scripted.py DeskNames).
    names: Any = None
    raw: list[dict[str, Any]] = field(default_factory=list)
    pos: int = 0
    joining: bool = False
    held: list[dict[str, Any]] = field(default_factory=list)
    gaps: int = 0
    duplicates: int = 0

    def _apply(self, events: list[dict[str, Any]]) -> None:
        self.raw.extend(events)
        self.events.extend(events if self.names is None else self.names.events(events))

    def take(self, batch: dict[str, Any]) -> None:
        """Apply one pushed batch (or a join answer) by the position rule."""
        if batch["upto"] <= self.pos:
            self.duplicates += 1
        elif batch["after"] == self.pos:
            self._apply(batch["events"])
            self.pos = batch["upto"]
        else:
            self.gaps += 1
            self.held.append(batch)
            return
        self._release()

    def _release(self) -> None:
        """Apply batches held back across a gap once they have become contiguous."""
        while self.held:
            held, self.held = sorted(self.held, key=lambda b: b["after"]), []
            progressed = False
            for batch in held:
                if batch["upto"] <= self.pos:
                    continue
                if batch["after"] <= self.pos and batch["after"] == self.pos:
                    self._apply(batch["events"])
                    self.pos = batch["upto"]
                    progressed = True
                else:
                    self.held.append(batch)
            if not progressed:
                return

    async def join(self, last_seq: int | None = None) -> dict[str, Any]:
        """Ask for what was missed since ``last_seq`` (default: the client's position)."""
        self.joining = True
        try:
            if last_seq is not None:
                self.pos = last_seq
            reply = await self.act("join", {"last_seq": self.pos})
            if reply.get("ok"):
                self.take(reply)
            return reply
        finally:
            self.joining = False

    def listen(self) -> None:
        @self.sio.on("events")
        async def on_events(batch: dict[str, Any]) -> None:
            self.take(batch)

    async def wait_for(self, predicate, timeout: float = 5.0) -> dict[str, Any]:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    return event
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no matching event among {self.events}")
            if self.held and not self.joining:
                await self.join()  # a gap that no batch in flight closed
            await asyncio.sleep(0.02)

    async def act(self, kind: str, data: Any = None) -> dict[str, Any]:
        if self.names is not None and isinstance(data, dict):
            data = self.names.action(kind, data)
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
    """An exam with one candidate and one external jury member (and, in exam mode, an
    internal one: an exam needs two), by a new trainer."""
    from omnisim.exams.roster import RosterEntry
    from omnisim.scenario import load_scenario
    from omnisim.web.keys import ACCOUNTS, EXAMS

    accounts = app[ACCOUNTS]
    trainer = await accounts.add_trainer(
        f"f{uuid.uuid4().hex[:12]}", "Formateur Test", TEST_PASSWORD
    )
    scenario = await asyncio.to_thread(load_scenario, deck)
    exam, tokens = await app[EXAMS].create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001")],
        [RosterEntry("Marc Dubois", evaluator="external")]
        + ([RosterEntry("Ana Roy", evaluator="internal")] if mode == "exam" else []),
        mode=mode,
        time_factor=time_factor,
    )
    api_token = await accounts.new_api_token(trainer.id, "tests")
    return SessionTokens(f"{exam.exam_id}-c1", exam.exam_id, tokens["c1"], api_token, tokens["j1"])


@pytest.fixture(scope="session", autouse=True)
def web_modules() -> None:
    """The web edge imported once, outside any event loop: create_app imports its pages when
    called, and the first test to build an app would otherwise do it on its loop. Every
    catalog is read once too, as create_app does before its first request (web/app.py): a
    test's own bare app (tests/fast/test_auth.py) would otherwise read one on its loop,
    whichever of a worker's tests happened to be first to ask for that language."""
    import omnisim.web
    from omnisim.i18n import LANGS, catalog, data_catalog

    for module in pkgutil.walk_packages(omnisim.web.__path__, "omnisim.web."):
        importlib.import_module(module.name)
    for lang in LANGS:
        catalog(lang)
        data_catalog(lang)


@pytest.fixture
async def live(aiohttp_server, tmp_path, request) -> AsyncIterator[Any]:
    """Factory: a served app on one SQLite file, exams on the mini deck, connected clients.

    ``@pytest.mark.settings(name=value)`` overrides server settings for a test.
    """
    from omnisim.web.app import create_app
    from omnisim.web.keys import ACCOUNTS, EXAMS, STORE

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

        async def handle(
            self, tokens: SessionTokens, kind: str, deck_id: str, wait: float = 0.0
        ) -> str:
            """What the candidate's desk calls a deck id (omnisim/protocol/handles.py): the
            server's own mapping of the attempt (a contact's once it was offered, waited for
            up to ``wait`` seconds)."""
            exam = await app[EXAMS].get(tokens.exam_id)
            runtime = await exam.attempt(tokens.session_id.rsplit("-", 1)[1])
            deadline = asyncio.get_running_loop().time() + wait
            handle = runtime.handles.handle(kind, deck_id)
            while handle is None and asyncio.get_running_loop().time() < deadline:
                await asyncio.sleep(0.05)
                handle = runtime.handles.handle(kind, deck_id)
            assert handle is not None, f"no handle for {kind} {deck_id!r} yet"
            return handle

        async def connect(
            self,
            token: str,
            last_seq: int | None = 0,
            deck_ids: bool = False,
            tap: Any = None,
            **auth: Any,
        ) -> Client:
            client = Client(socketio.AsyncClient(reconnection=False))
            client.listen()
            if tap is not None:  # records every frame received (tests/leaks.py Tap)
                tap.on(client.sio)
            if deck_ids:  # a candidate's client that speaks the deck's ids, as a test does
                from tests.scripted import DeskNames

                identity = await app[EXAMS].authenticate(token)
                assert identity is not None and identity.role == "candidate"
                runtime = await identity.exam.attempt(identity.person.id)
                client.names = DeskNames(runtime.handles)

            if token in trainer_exams:
                auth.setdefault("exam", trainer_exams[token])
            await client.sio.connect(
                self.url,
                auth={"token": token, **auth},
                transports=["websocket"],
                wait_timeout=CONNECT_WAIT,
            )
            clients.append(client)
            if last_seq is not None:
                reply = await client.join(last_seq)
                assert reply["ok"], reply
            return client

    yield Live()
    for client in clients:
        await client.sio.disconnect()


# How long a test's socket.io client waits for its namespace to connect: python-socketio's
# default is 1 s, which a loaded two-core CI run exceeded once while a second worker rebuilt
# the exam from Redis (tests/fast/test_workers.py); a real refusal still fails at once.
CONNECT_WAIT = 10.0


def of_type(kind: str, **payload: Any):
    return lambda e: e["type"] == kind and all(e["payload"].get(k) == v for k, v in payload.items())


# -- Guard: no test may block the event loop -----------------------------------------------
#
# Every asyncio loop (pytest-asyncio's, the one aiohttp_server/aiohttp_client run on, any
# other) runs each ready callback through ``asyncio.Handle._run``; debug mode times that call
# in ``BaseEventLoop._run_once``. The guard times the same call without debug mode, whose
# other checks (thread checks, coroutine origin tracking, resource warnings) would slow every
# async test down by about a tenth and change what they test. A sampler thread records where
# a callback is stuck while it runs long, so a failure names the blocking line and not only
# the task. Garbage collection is not the test's doing (a full collection of this suite's heap
# takes up to a quarter of a second): its pauses are timed apart and not counted. Nor is a
# callback the machine starved (tests run one worker per core, beside browsers and servers): one
# that used little CPU time and that the sampler never caught running was not blocking; one that
# waits on the loop (a sleep, a file, a lock) is caught by the sampler, and one that computes
# uses the CPU. Sync tests
# are not watched.

# Seconds one loop callback may run; @pytest.mark.loop_block_ok(s). A machine shared with other
# work may raise it (OMNISIM_LOOP_BLOCK_LIMIT=1): CI runs with the default.
LOOP_BLOCK_LIMIT = float(os.environ.get("OMNISIM_LOOP_BLOCK_LIMIT", "0.25"))


@dataclass(frozen=True)
class LoopBlock:
    seconds: float  # garbage collection excluded
    callback: str  # the task (coroutine) or plain callback that held the loop
    where: str  # innermost frames sampled while it ran, "" if not sampled
    phase: str  # setup, call or teardown
    gc_seconds: float = 0.0  # garbage collection during the callback, not counted


def _short_path(filename: str) -> str:
    path = Path(filename)
    for base in (ROOT, Path(sys.prefix), Path(sys.base_prefix)):
        if path.is_relative_to(base):
            return str(path.relative_to(base))
    return filename


def _describe_callback(handle: asyncio.Handle) -> str:
    callback = handle._callback  # type: ignore[attr-defined]
    task = getattr(callback, "__self__", None)
    if isinstance(task, asyncio.Task):
        coro = task.get_coro()
        name = getattr(coro, "__qualname__", repr(coro))
        frame = getattr(coro, "cr_frame", None)
        now = f", now at {_short_path(frame.f_code.co_filename)}:{frame.f_lineno}" if frame else ""
        return f"task {task.get_name()!r} running {name}(){now}"
    return f"callback {getattr(callback, '__qualname__', repr(callback))}"


def _where(frame: Any) -> str:
    """The callback's own frames (below asyncio's Handle._run), innermost last."""
    frames = traceback.extract_stack(frame)
    events_py = os.path.join("asyncio", "events.py")
    runs = [i for i, f in enumerate(frames) if f.name == "_run" and f.filename.endswith(events_py)]
    own = (frames[runs[-1] + 1 :] or frames[-1:]) if runs else frames
    lines = [
        f"{_short_path(f.filename)}:{f.lineno} in {f.name}" + (f": {f.line}" if f.line else "")
        for f in own[-int(os.environ.get("OMNISIM_LOOP_BLOCK_FRAMES", "4")) :]
    ]
    return " <- ".join(reversed(lines))


# Places where a sampled thread cannot be waiting on anything but the OS scheduler: a
# non-blocking socket's send, and the default executor starting its thread (the new
# thread must be scheduled before ``start`` returns). Seen there with little CPU time, a
# callback was starved by other processes, not blocking the loop.
DESCHEDULED_AT = (
    ("innermost", "in write: n = self._sock.send(data)"),
    ("anywhere", "in _adjust_thread_count: t.start()"),
    # The executor's queue: its lock is held an instant by a worker thread, unless the OS
    # deschedules that thread while it holds it.
    ("innermost", "in submit: self._work_queue.put(w)"),
)


def _run_delay() -> float | None:
    """Seconds this process's threads have spent runnable but waiting for a CPU, summed
    (``/proc/self/task/*/schedstat``, second field); None where the kernel does not say."""
    total = 0
    try:
        tasks = list(os.scandir("/proc/self/task"))
    except OSError:
        return None
    for task in tasks:
        try:
            with open(f"{task.path}/schedstat") as stat:
                total += int(stat.read().split()[1])
        except OSError:
            continue  # that thread ended since the listing
        except (IndexError, ValueError):
            return None
    return total / 1e9


def _descheduled(where: str) -> bool:
    innermost = where.split(" <- ")[0]
    return any(
        (at in innermost) if scope == "innermost" else (at in where) for scope, at in DESCHEDULED_AT
    )


# The YAML readers the product uses; a parse inside a loop callback is reported whatever its
# duration (libyaml's and the pure one's alike).
YAML_READERS = ("load", "safe_load", "parse", "compose", "load_all", "safe_load_all")
YAML_DIR = os.path.dirname(yaml.__file__)
PRODUCT_DIR = str(ROOT / "omnisim")
TESTS_DIR = str(ROOT / "tests")


def _product_callback(frame: Any) -> bool:
    """Whether ``frame`` is the product's code in a callback the tests did not call into
    (a test or a fixture may read a deck on the loop; a request handler may not)."""
    if not frame.f_code.co_filename.startswith(PRODUCT_DIR):
        return False
    events_py = os.path.join("asyncio", "events.py")
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith(TESTS_DIR):
            return False
        if frame.f_code.co_name == "_run" and name.endswith(events_py):
            return True
        frame = frame.f_back
    return True


class LoopBlockGuard:
    """While entered, records every loop callback that runs longer than ``limit`` seconds."""

    def __init__(self, limit: float = LOOP_BLOCK_LIMIT) -> None:
        self.limit = limit
        self.phase = "setup"
        self.blocks: list[LoopBlock] = []
        self._running: dict[int, tuple[float, asyncio.Handle]] = {}  # thread id -> callback
        self._gc_started: dict[int, float] = {}  # thread id -> start of its collection
        self._gc_spent: dict[int, float] = {}  # thread id -> seconds collecting so far
        self._sampled: dict[tuple[int, float], str] = {}
        # (thread, start) -> the first and last (time, this process's run delay) the sampler saw
        self._delays: dict[tuple[int, float], list[tuple[float, float]]] = {}
        self._stop = threading.Event()
        self._sampler: threading.Thread | None = None
        self._original: Callable[[asyncio.Handle], None] | None = None
        self._yaml: dict[str, Callable[..., Any]] = {}
        self.yaml_on_loop: list[str] = []  # where the product parsed YAML in a loop callback

    def __enter__(self) -> LoopBlockGuard:
        original = self._original = asyncio.Handle._run  # type: ignore[attr-defined]
        guard = self

        def timed_run(handle: asyncio.Handle) -> None:
            thread, start = threading.get_ident(), time.perf_counter()
            worked = time.thread_time()
            collecting = guard._gc_spent.get(thread, 0.0)
            guard._running[thread] = (start, handle)
            try:
                original(handle)
            finally:
                took = time.perf_counter() - start
                worked = time.thread_time() - worked
                guard._running.pop(thread, None)
                collected = guard._gc_spent.get(thread, 0.0) - collecting
                collected = collected if collected >= 1e-3 else 0.0  # young generations: noise
                where = guard._sampled.pop((thread, start), "") if took > guard.limit else ""
                # Starved, not blocking: the callback barely ran on the CPU and the sampler,
                # itself starved, never saw it running (other processes held both cores).
                queued = guard._queued(thread, start)
                starved = worked - collected < guard.limit / 2 and (
                    not where or _descheduled(where) or queued
                )
                if took - collected > guard.limit and not starved:
                    callback = _describe_callback(handle)
                    # asyncio's own loop shutdown (it starts a thread and waits): not the test's
                    if "shutdown_default_executor" not in callback:
                        block = LoopBlock(took - collected, callback, where, guard.phase, collected)
                        guard.blocks.append(block)

        asyncio.Handle._run = timed_run  # type: ignore[attr-defined]
        self._yaml = {name: getattr(yaml, name) for name in YAML_READERS}
        for name, read in self._yaml.items():
            setattr(yaml, name, self._watch_yaml(read))
        gc.callbacks.append(self._time_gc)
        if self.limit != float("inf"):
            self._sampler = threading.Thread(target=self._sample, name="loop-guard", daemon=True)
            self._sampler.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        asyncio.Handle._run = self._original  # type: ignore[attr-defined]
        for name, read in self._yaml.items():
            setattr(yaml, name, read)
        gc.callbacks.remove(self._time_gc)
        self._stop.set()
        if self._sampler is not None:
            self._sampler.join()
        self._sampled.clear()

    def _watch_yaml(self, read: Callable[..., Any]) -> Callable[..., Any]:
        """``read`` that records the product's own YAML parsed inside a loop callback."""
        guard = self

        def watched(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() in guard._running:
                caller = sys._getframe(1)
                while caller is not None and caller.f_code.co_filename.startswith(YAML_DIR):
                    caller = caller.f_back
                if caller is not None and _product_callback(caller):
                    where = _where(sys._getframe(1))
                    guard.yaml_on_loop.append(f"{guard.phase}: {where}")
            return read(*args, **kwargs)

        return watched

    def _queued(self, thread: int, start: float) -> bool:
        """Whether, while the callback ran, this process's threads spent at least half the
        time runnable but off the CPU (the kernel's run delay): the loop thread, or the thread
        holding the GIL it waits for, was kept waiting by the machine, not by the code. A sleep
        or a lock of the code's own adds no run delay."""
        seen = self._delays.pop((thread, start), [])
        if len(seen) < 2:
            return False
        (began, first), (ended, last) = seen[0], seen[-1]
        return ended - began >= self.limit / 4 and last - first >= (ended - began) / 2

    def _time_gc(self, phase: str, info: dict[str, int]) -> None:
        """gc.callbacks hook: adds each collection's duration to its thread's total."""
        thread, now = threading.get_ident(), time.perf_counter()
        if phase == "start":
            self._gc_started[thread] = now
        elif (started := self._gc_started.pop(thread, None)) is not None:
            self._gc_spent[thread] = self._gc_spent.get(thread, 0.0) + now - started

    def _sample(self) -> None:
        """Where each long-running callback is, looked at while it still runs."""
        period = min(0.05, self.limit / 4)
        while not self._stop.wait(period):
            now = time.perf_counter()
            for thread, (start, _handle) in self._running.copy().items():
                if now - start >= self.limit / 2:
                    frame = sys._current_frames().get(thread)
                    if frame is not None:
                        self._sampled[(thread, start)] = _where(frame)
                    delay = _run_delay()
                    if delay is not None:
                        seen = self._delays.setdefault((thread, start), [])
                        seen[min(len(seen), 1) :] = [(time.perf_counter(), delay)]

    def report(self, phases: tuple[str, ...] = ("setup", "call", "teardown")) -> str | None:
        """The failure message for the blocks recorded in ``phases``, or None if none."""
        blocks = sorted(
            (b for b in self.blocks if b.phase in phases), key=lambda b: b.seconds, reverse=True
        )
        parsed = [w for w in self.yaml_on_loop if w.split(":", 1)[0] in phases]
        if not blocks and not parsed:
            return None
        lines = []
        if parsed:
            # Deterministic where a block is not: a parse that took 0.1 s on a quiet machine
            # takes 0.3 s on a loaded one. Parse in a thread, or warm at start (web/app.py).
            lines.append("the product parsed YAML on the event loop (do it in a thread):")
            lines += [f"  {w}" for w in dict.fromkeys(parsed)]
        if not blocks:
            return "\n".join(lines)
        lines.append(
            f"the event loop was blocked longer than {self.limit:g} s "
            "(mark the test @pytest.mark.loop_block_ok(seconds) if that is intended):"
        )
        for b in blocks:
            gc_note = f" (+{b.gc_seconds:.3f} s of garbage collection)" if b.gc_seconds else ""
            lines.append(f"  {b.seconds:.3f} s during {b.phase} by {b.callback}{gc_note}")
            if b.where:
                lines.append(f"      blocked at {b.where}")
        return "\n".join(lines)


_LOOP_GUARD = pytest.StashKey[LoopBlockGuard]()


def _loop_block_limit(item: pytest.Item) -> float:
    marker = item.get_closest_marker("loop_block_ok")
    if marker is None:
        return LOOP_BLOCK_LIMIT
    if len(marker.args) != 1 or not isinstance(marker.args[0], int | float):
        raise pytest.UsageError(f"{item.nodeid}: use @pytest.mark.loop_block_ok(seconds)")
    return float(marker.args[0])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    __tracebackhide__ = True  # a failing fixture's traceback need not show this hook
    if is_async_test(item):
        guard = LoopBlockGuard(_loop_block_limit(item)).__enter__()
        item.stash[_LOOP_GUARD] = guard
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    guard = item.stash.get(_LOOP_GUARD, None)
    if guard is not None:
        guard.phase = "call"
    result = yield  # a test that failed anyway keeps its own failure
    if guard is not None and (message := guard.report(("setup", "call"))):
        pytest.fail(message, pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    __tracebackhide__ = True
    guard = item.stash.get(_LOOP_GUARD, None)
    if guard is None:
        return (yield)
    guard.phase = "teardown"
    try:
        result = yield
    finally:
        guard.__exit__()
        del item.stash[_LOOP_GUARD]
    if message := guard.report(("teardown",)):
        __tracebackhide__ = False  # else pytest adds "all traceback entries are hidden"
        pytest.fail(message, pytrace=False)
    return result
