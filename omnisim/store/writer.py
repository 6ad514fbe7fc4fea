"""One thread that runs jobs in order and hands each outcome back to the event loop.

The SQLite writer (omnisim/store/sqlite_store.py) owns its connection on this thread. A
job costs the loop one put on a C queue and the answer one ``call_soon_threadsafe``: a
``ThreadPoolExecutor`` adds, per call, a concurrent future with its condition, a work item,
a semaphore check and a chained asyncio future, all Python code run under the GIL that
the writer thread also wants (a tenth of the loop's time at 300 candidates).
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

#: Told the job's value, or the exception it raised (then the value is None).
Done = Callable[[Any, BaseException | None], None]
_Job = tuple[Callable[[], Any], Done, asyncio.AbstractEventLoop]


class ThreadWorker:
    """Runs ``submit``-ted jobs one at a time, in order, on one thread of its own."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None  # started by the first job
        self._stopped = False

    def submit(self, job: Callable[[], Any], done: Done) -> None:
        """Run ``job`` on the thread, then ``done(value, error)`` on the calling loop."""
        if self._stopped:
            raise RuntimeError("the writer thread is stopped")
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
            self._thread.start()
        self._jobs.put((job, done, asyncio.get_running_loop()))

    async def run(self, job: Callable[[], T]) -> T:
        """``job``'s value, computed on the thread."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()

        def done(value: Any, error: BaseException | None) -> None:
            if future.done():
                return
            if error is None:
                future.set_result(value)
            else:
                future.set_exception(error)

        self.submit(job, done)
        return await future

    def stop(self) -> None:
        """No job after this; the thread ends once the queued ones have run."""
        if not self._stopped:
            self._stopped = True
            if self._thread is not None:
                self._jobs.put(None)
                self._thread.join()

    def _run(self) -> None:
        while (item := self._jobs.get()) is not None:
            job, done, loop = item
            value, error = None, None
            try:
                value = job()
            except BaseException as exc:  # handed to the caller, on its loop
                error = exc
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(done, value, error)
