"""The guard of tests/conftest.py fails any async test that blocks the event loop.

Checked directly on the guard, then through pytest itself (pytester): the hooks,
pytest-asyncio's loop, pytest-aiohttp's fixtures, the per-test marker and teardown.
"""

from __future__ import annotations

import asyncio
import gc
import time

import pytest

from tests.conftest import LoopBlockGuard, _descheduled

LOOP_BLOCK_LIMIT = 0.25  # the guard's default: OMNISIM_LOOP_BLOCK_LIMIT may raise the suite's


def test_a_coroutine_that_blocks_the_loop_is_reported_with_its_line_and_duration():
    async def blocking_step() -> None:
        gc.collect()  # timed apart: the guard hooks gc.callbacks
        time.sleep(0.5)  # noqa: ASYNC251 -- the block under test
        await asyncio.sleep(0)

    original = asyncio.Handle._run  # type: ignore[attr-defined]
    with LoopBlockGuard(LOOP_BLOCK_LIMIT) as guard:
        asyncio.run(blocking_step())
    assert asyncio.Handle._run is original  # type: ignore[attr-defined]

    [block] = guard.blocks
    assert 0.5 <= block.seconds < 2.0
    assert block.gc_seconds > 0
    assert "blocking_step()" in block.callback
    assert "tests/fast/test_loop_guard.py" in block.where
    assert "time.sleep(0.5)" in block.where
    report = guard.report()
    assert report is not None
    assert f"{block.seconds:.3f} s during setup by task" in report
    assert "blocking_step()" in report and "time.sleep(0.5)" in report


def test_a_short_block_passes():
    async def brief_step() -> None:
        time.sleep(0.05)  # noqa: ASYNC251 -- well under the limit
        await asyncio.sleep(0)

    with LoopBlockGuard(LOOP_BLOCK_LIMIT) as guard:
        asyncio.run(brief_step())
    assert guard.blocks == []
    assert guard.report() is None


def test_garbage_collection_is_not_counted_as_the_test_blocking_the_loop():
    """A full collection of a big test session's heap can take a quarter of a second."""

    async def step_with_a_long_collection(guard: LoopBlockGuard) -> None:
        guard._time_gc("start", {"generation": 2})
        time.sleep(0.4)  # noqa: ASYNC251 -- stands for the collection
        guard._time_gc("stop", {"generation": 2})
        time.sleep(0.05)  # noqa: ASYNC251 -- the step's own work
        await asyncio.sleep(0)

    with LoopBlockGuard(LOOP_BLOCK_LIMIT) as guard:
        asyncio.run(step_with_a_long_collection(guard))
    assert guard.blocks == []
    assert guard._time_gc not in gc.callbacks


def test_a_starved_callback_is_not_counted_and_a_computing_one_is():
    """With every core taken (one test worker per core beside browsers and servers), a callback
    can sit descheduled: it used no CPU and the sampler, starved too, never saw it. Here the
    sampler is kept from running: a wait it cannot see is starvation, a computation is not."""

    async def waits() -> None:
        time.sleep(0.4)  # noqa: ASYNC251 -- stands for being descheduled
        await asyncio.sleep(0)

    async def computes() -> None:
        began = time.perf_counter()
        while time.perf_counter() - began < 0.4:
            pass
        await asyncio.sleep(0)

    for step, counted in ((waits, False), (computes, True)):
        guard = LoopBlockGuard(LOOP_BLOCK_LIMIT)
        guard._sample = lambda: None  # type: ignore[method-assign]  # the starved sampler
        with guard:
            asyncio.run(step())
        assert bool(guard.blocks) is counted, (step, guard.blocks)


INNER_TESTS = """
import asyncio
import time

import pytest
from aiohttp import web


async def test_a_coroutine_that_sleeps():
    time.sleep(0.4)
    await asyncio.sleep(0)


async def test_a_short_block():
    time.sleep(0.05)


@pytest.mark.loop_block_ok(1.0)
async def test_a_block_its_marker_allows():
    time.sleep(0.4)


async def test_a_handler_that_sleeps(aiohttp_client):
    async def slow_handler(request):
        time.sleep(0.4)
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/", slow_handler)
    client = await aiohttp_client(app)
    assert (await client.get("/")).status == 200


@pytest.fixture
async def slow_teardown():
    yield
    time.sleep(0.4)


async def test_a_fixture_that_blocks_in_teardown(slow_teardown):
    pass


def test_a_sync_test_is_not_watched():
    async def blocking():
        time.sleep(0.3)

    asyncio.run(blocking())
"""


def test_the_guard_fails_blocking_tests_through_pytest(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("tests.conftest.LOOP_BLOCK_LIMIT", 0.25)  # whatever the environment says
    pytester.makeini(
        """
        [pytest]
        asyncio_mode = auto
        asyncio_default_fixture_loop_scope = function
        markers = loop_block_ok(seconds): allowed loop block
        """
    )
    pytester.makepyfile(test_inner=INNER_TESTS)
    recorder = pytester.inline_run("-p", "tests.conftest", "-p", "no:cacheprovider")
    reports = {
        (r.nodeid.rsplit("::", 1)[-1], r.when): r
        for r in recorder.getreports("pytest_runtest_logreport")
    }
    outcomes = {key: r.outcome for key, r in reports.items() if r.when == "call" or r.failed}
    assert outcomes == {
        ("test_a_coroutine_that_sleeps", "call"): "failed",
        ("test_a_short_block", "call"): "passed",
        ("test_a_block_its_marker_allows", "call"): "passed",
        ("test_a_handler_that_sleeps", "call"): "failed",
        ("test_a_fixture_that_blocks_in_teardown", "call"): "passed",
        ("test_a_fixture_that_blocks_in_teardown", "teardown"): "failed",
        ("test_a_sync_test_is_not_watched", "call"): "passed",
    }

    def failure(name: str, when: str = "call") -> str:
        return reports[(name, when)].longreprtext

    text = failure("test_a_coroutine_that_sleeps")
    assert "the event loop was blocked longer than 0.25 s" in text
    assert "during call by task" in text and "test_a_coroutine_that_sleeps()" in text
    assert "time.sleep(0.4)" in text
    # A request handler served by pytest-aiohttp's server, on the test's loop.
    text = failure("test_a_handler_that_sleeps")
    assert "in slow_handler: time.sleep(0.4)" in text
    text = failure("test_a_fixture_that_blocks_in_teardown", "teardown")
    assert "during teardown" in text and "in slow_teardown: time.sleep(0.4)" in text


def test_a_callback_seen_only_where_the_os_deschedules_it_is_starved():
    """Sampled in a non-blocking socket's send, or while the default executor starts its
    thread, a callback that barely used the CPU waited for the scheduler, not on a lock or a
    sleep of its own; seen anywhere else (a sleep, a lock of the code's) it is counted."""
    send = (
        "lib/python3.11/asyncio/selector_events.py:1057 in write: n = self._sock.send(data)"
        " <- lib/python3.11/asyncio/transports.py:123 in writelines: self.write(data)"
    )
    thread = (
        "lib/python3.11/threading.py:327 in wait: waiter.acquire()"
        " <- lib/python3.11/threading.py:969 in start: self._started.wait()"
        " <- lib/python3.11/concurrent/futures/thread.py:199 in _adjust_thread_count: t.start()"
    )
    assert _descheduled(send) and _descheduled(thread)
    assert not _descheduled("tests/x.py:3 in waits: time.sleep(0.4)")
    assert not _descheduled("lib/python3.11/threading.py:327 in wait: waiter.acquire()")
    # A send further out than the innermost frame (the code waited inside it): counted.
    assert not _descheduled("x.py:1 in f: lock.acquire() <- " + send)


def test_the_product_parsing_yaml_in_a_loop_callback_is_reported_whatever_it_took():
    """A parse of bundled data is quick on a quiet machine and 0.3 s on a loaded one: the guard
    reports it on the loop every time (a request handler's first grading view read the jury's
    interview questions there), and leaves alone a parse in a thread or one the test asked."""
    from omnisim.jury import interview

    async def test_body() -> None:
        interview.templates.cache_clear()
        interview.templates()  # the test's own call: a fixture may read a deck on the loop
        interview.templates.cache_clear()
        await asyncio.to_thread(interview.templates)  # a thread: what the product must do
        interview.templates.cache_clear()
        # A callback of the loop's with no test frame under it, as aiohttp's handler task.
        asyncio.get_running_loop().call_soon(interview.templates)
        await asyncio.sleep(0)

    with LoopBlockGuard(LOOP_BLOCK_LIMIT) as guard:
        asyncio.run(test_body())
    assert guard.blocks == []
    [where] = guard.yaml_on_loop
    assert "omnisim/jury/interview.py" in where and "in templates" in where
    report = guard.report()
    assert report is not None and "the product parsed YAML on the event loop" in report


def test_a_callback_kept_off_the_cpu_by_the_machine_is_starved_wherever_it_was_seen(
    monkeypatch: pytest.MonkeyPatch,
):
    """The kernel's run delay says when this process's threads were runnable but waiting for a
    CPU. A callback seen anywhere (here in a sleep, which alone is counted), with little CPU,
    while the process queued for a core at least half the time, was starved; with no such
    delay the same callback blocked the loop."""

    async def waits() -> None:
        time.sleep(0.5)  # noqa: ASYNC251 -- stands for a line the machine kept off the CPU
        await asyncio.sleep(0)

    began = time.perf_counter()
    queued = lambda: time.perf_counter() - began  # noqa: E731 -- a core lost all along
    for delay, counted in ((queued, False), (lambda: 0.0, True)):
        monkeypatch.setattr("tests.conftest._run_delay", delay)
        with LoopBlockGuard(LOOP_BLOCK_LIMIT) as guard:
            asyncio.run(waits())
        assert bool(guard.blocks) is counted, (delay, guard.blocks)
