"""``omnisim serve``: the application run on its host and port, with the demo exam if asked.

The command line (omnisim/cli/commands.py) reads the settings and says what fails;
running the server is the web edge's, the only layer that imports aiohttp.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable
from pathlib import Path

import uvloop
from aiohttp import web

from omnisim.i18n import message
from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.demo import open_demo_exam


def new_loop(name: str) -> asyncio.AbstractEventLoop:
    """The served app's event loop. uvloop by default: the loop's own machinery (sockets,
    callbacks, timers) was the largest slice of a loaded worker's CPU under asyncio's
    pure-Python loop; ``asyncio`` keeps Python's own, as the test suite runs."""
    return uvloop.new_event_loop() if name == "uvloop" else asyncio.new_event_loop()


# Container allocations between two young collections (Python's default: 700). A worker
# allocates a task, futures, packets and events per action, nearly all freed by their
# reference counts; at 700 the collector ran hundreds of times a second, and every tenth
# run went through the middle generation too.
YOUNG_THRESHOLD = 10_000


async def settle_heap(app: web.Application | None = None) -> None:
    """Once started: what start-up built (modules, decks, the language's tables) is frozen
    out of the cyclic collector, and its young collections are made rarer.

    perf (bench/load.py, 300 candidates) put a sixth of the worker's main thread in the
    collector, most of it walking the same long-lived start-up objects at every full
    collection. Frozen objects are never collected: only those made before serving, after
    a full collection (no garbage is frozen), are frozen."""
    gc.collect()
    gc.freeze()
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


def serve(
    settings: Settings, demo_deck: Path | None, say: Callable[[str], None], lang: str
) -> None:
    """Serve until interrupted; with ``demo_deck``, open a training exam on it at start-up."""
    app = create_app(settings)

    async def say_loop(app: web.Application) -> None:
        """The loop that really runs, said at start-up (``asyncio`` or ``uvloop``)."""
        running = type(asyncio.get_running_loop()).__module__.split(".")[0]
        say(message(lang, "cli.event_loop", name=running))

    app.on_startup.append(say_loop)
    if demo_deck is not None:

        async def open_demo(app: web.Application) -> None:
            say("\n".join(await open_demo_exam(app, demo_deck, lang)))

        app.on_startup.append(open_demo)
    app.on_startup.append(settle_heap)  # last: after the demo exam is open
    web.run_app(
        app, host=settings.host, port=settings.port, print=say, loop=new_loop(settings.event_loop)
    )
