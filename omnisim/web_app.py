"""The aiohttp application: store, sessions and gateway opened and closed with the app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from aiohttp import web

from omnisim.gateway import Gateway
from omnisim.paths import data_dir
from omnisim.sessions import Sessions
from omnisim.settings import Settings
from omnisim.store import EventStore, open_store

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", EventStore)
SESSIONS = web.AppKey("sessions", Sessions)
GATEWAY = web.AppKey("gateway", Gateway)
TEMPLATES = web.AppKey("templates", jinja2.Environment)

VENDOR_HINT = "run `bash tools/setup.sh` (npm ci copies socket.io-client into web/static/vendor)"


def _check_vendor(static: Path) -> None:
    if not (static / "vendor" / "socket.io.min.js").is_file():
        raise RuntimeError(f"missing {static / 'vendor' / 'socket.io.min.js'}: {VENDOR_HINT}")


async def _resources(app: web.Application) -> AsyncIterator[None]:
    store = open_store(app[SETTINGS].store)
    gateway = app[GATEWAY]
    sessions = Sessions(store, gateway.publish)
    gateway.sessions = sessions
    app[STORE] = store
    app[SESSIONS] = sessions
    try:
        yield
    finally:
        await sessions.close()
        await store.close()


def create_app(settings: Settings) -> web.Application:
    from omnisim import deck_pages, pages

    web_dir = data_dir("web")
    _check_vendor(web_dir / "static")
    app = web.Application()
    app[SETTINGS] = settings
    app[TEMPLATES] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    gateway = Gateway(settings.redis or None, settings.rate_limit)
    app[GATEWAY] = gateway
    gateway.sio.attach(app)
    app.cleanup_ctx.append(_resources)
    pages.add_routes(app)
    deck_pages.add_routes(app)
    app.router.add_static("/static/", web_dir / "static", name="static")
    return app
