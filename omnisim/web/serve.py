"""``omnisim serve``: the application run on its host and port, with the demo exam if asked.

The command line (omnisim/cli/commands.py) reads the settings and says what fails;
running the server is the web edge's, the only layer that imports aiohttp.
"""

from __future__ import annotations

import asyncio
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
    web.run_app(
        app, host=settings.host, port=settings.port, print=say, loop=new_loop(settings.event_loop)
    )
