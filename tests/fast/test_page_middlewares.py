"""socket.io's requests run under none of the page middlewares (issue 25, item 2).

Every poll and handshake went through the security headers, CSRF and over-budget frames,
and a websocket's whole lifetime ran inside them. Now one middleware decides, on the
route the router matched, that socket.io's handler skips them (omnisim/web/middlewares.py);
pages keep all three, and socket.io's responses keep their security headers.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import aiohttp
import pytest
from aiohttp import web
from aiohttp.typedefs import Handler

from omnisim.web.middlewares import SOCKET_PATH, page_middlewares
from omnisim.web.security import SECURITY_HEADERS

PAGE_FRAMES = {"security_headers", "csrf_protect", "over_budget"}


def awaited_names(task: asyncio.Task) -> list[str]:
    """The functions a task is suspended in, outermost first."""
    names = []
    coro = task.get_coro()
    while coro is not None and hasattr(coro, "cr_code"):
        names.append(coro.cr_code.co_name)
        coro = coro.cr_await
    return names


async def test_an_open_websocket_runs_under_no_page_middleware(live):
    async with aiohttp.ClientSession() as http:
        ws = await http.ws_connect(f"{live.url}{SOCKET_PATH}?EIO=4&transport=websocket")
        assert (await ws.receive_str()).startswith("0")
        chains = [awaited_names(task) for task in asyncio.all_tasks()]
        [chain] = [c for c in chains if "handle_request" in c]  # engine.io's, this socket's
        assert not PAGE_FRAMES & set(chain), chain
        await ws.close()


async def test_socketio_responses_keep_their_security_headers(live):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{live.url}{SOCKET_PATH}?EIO=4&transport=polling") as response:
            assert response.status == 200
            for name, value in SECURITY_HEADERS.items():
                assert response.headers[name] == value
        async with http.post(f"{live.url}/signin", data={}) as page:
            assert page.status == 403  # a page still meets CSRF


@pytest.fixture
async def counted(aiohttp_client):
    """An app whose page middleware counts what it sees."""
    seen: Counter[str] = Counter()

    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        seen[request.path] += 1
        return await handler(request)

    async def ok(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    app = web.Application()
    app.middlewares.append(page_middlewares(count))
    for method in ("GET", "POST"):
        app.router.add_route(method, SOCKET_PATH, ok)
        app.router.add_route(method, "/page", ok)
    return seen, await aiohttp_client(app)


async def test_the_page_middlewares_see_pages_and_not_socketio(counted):
    seen, client = counted
    assert (await client.get(f"{SOCKET_PATH}?EIO=4&transport=polling")).status == 200
    assert (await client.post(SOCKET_PATH)).status == 200
    assert (await client.get("/page")).status == 200
    assert (await client.get(f"{SOCKET_PATH}elsewhere")).status == 404
    # Decided on the matched route: what is not socket.io's handler meets them all.
    assert seen == Counter({"/page": 1, f"{SOCKET_PATH}elsewhere": 1})
