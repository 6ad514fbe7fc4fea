"""The composition root: the aiohttp app, and its store, accounts, owners, exams and gateway
built in dependency order (each given what it needs when built), opened and closed with the app."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import os
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import jinja2
from aiohttp import web

from omnisim.i18n import LANGS, catalog, data_catalog, message, say
from omnisim.live.accounts import Accounts
from omnisim.live.exams import Exams
from omnisim.live.library import Library
from omnisim.live.owners import Owners
from omnisim.live.rehearsals import Rehearsals
from omnisim.live.sandbox import Sandboxes
from omnisim.paths import data_dir
from omnisim.settings import Settings
from omnisim.store import open_store
from omnisim.web import api, signin
from omnisim.web.keys import (
    ACCOUNTS,
    BUDGETS,
    CREDENTIALS,
    EXAMS,
    GATEWAY,
    LIBRARY,
    REHEARSALS,
    SANDBOXES,
    SETTINGS,
    SIGNING_KEY,
    STORE,
    TEMPLATES,
    THROTTLE,
)
from omnisim.web.limits import Budgets, buckets_for
from omnisim.web.middlewares import SOCKET_PATH, install_page_middlewares
from omnisim.web.pages import (
    account,
    assess,
    board,
    calibration,
    candidate,
    debrief,
    decks,
    documents,
    exam,
    exams,
    jury,
    results,
)
from omnisim.web.signin import session_from_environ
from omnisim.web.socket.credentials import Credentials
from omnisim.web.socket.feed import Feed
from omnisim.web.socket.gateway import Gateway, socket_server
from omnisim.web.socket.guard import GuardedServer
from omnisim.web.socket.occupancy import occupancy_for
from omnisim.web.socket.overload import Overload
from omnisim.web.socket.push import Pushes
from omnisim.web.throttle import throttle_for

VENDOR_HINT = "run `bash tools/setup.sh` (npm ci and npm run build fill web/static/app)"
# Served to the browser, built from npm packages at setup (never a CDN): the app cannot run without.
BUILT_ASSETS = (
    "app/workspace.js",
    "app/board.js",
    "app/jury.js",
    "app/examform.js",
    "app/studio.js",
)


def _check_vendor(static: Path) -> None:
    for asset in BUILT_ASSETS:
        if not (static / asset).is_file():
            raise RuntimeError(f"missing {static / asset}: {VENDOR_HINT}")


def _warm(env: jinja2.Environment) -> None:
    """Compile every template and read every catalog once, before the first request.

    Compiling a template takes a few hundred milliseconds on a cold machine: done on
    the event loop at the first page, it would stall every candidate's socket.
    """
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
    from omnisim.deck.channel_rules import channel_rules
    from omnisim.deck.scripts import load_scripts
    from omnisim.engine.calls import staff_lines
    from omnisim.grading import bundled_grids
    from omnisim.jury.interview import templates
    from omnisim.scenario.catalog import bundled_deck_infos, bundled_decks

    bundled_decks()  # listed by the exam and deck pages
    bundled_grids()
    bundled_deck_infos()  # the certifications each bundled deck prepares
    channel_rules()
    load_scripts()
    templates()  # the jury's interview questions, asked at the first grading view
    from omnisim.language import analyse

    # Lexicons (VADER's for English) load here, not on the loop at a session's first message.
    from omnisim.language.sms import dictionary_word

    for lang, text in (("fr", "Bonjour, merci."), ("en", "Hello, thank you.")):
        analyse(text, lang)
        dictionary_word("bien-etre", lang)  # the dossier's shown names read the SMS lexicon
    for lang in LANGS:
        catalog(lang)
        data_catalog(lang)
        staff_lines(lang)  # what a colleague says on a call
        message(lang, "err.too_big", size=20_000, limit=16_384)  # loads Babel's locale data


async def _resources(app: web.Application, sio: GuardedServer) -> AsyncIterator[None]:
    """Open the store, then build each piece on the ones it needs, in dependency order:
    accounts, owners (with Redis), exams, the feed (rooms, occupancy, presence), the
    budgets and the sign-in throttle (in Redis when there is one), the credentials that
    cut sockets, then the gateway over ``sio``;
    start them, and close them in reverse.

    Each piece gets its collaborators when built, and nothing is assigned to a piece
    afterwards. Two edges point back, and both are registrations made by the later
    piece, as python-socketio is meant to be used: ``sio`` is made and attached by
    :func:`create_app` (aiohttp freezes its routes when the app starts, before this
    runs), and the gateway registers its handlers on it; the exams publish what they log
    to whoever subscribed, and the feed subscribes when built, so the exams know
    nothing of the web. The owners answer forwarded commands only once the exams start,
    after the gateway exists, so no command runs before its events can be pushed.
    """
    await asyncio.to_thread(_warm, app[TEMPLATES])
    settings = app[SETTINGS]
    store = open_store(settings.store)
    # One server process owns an SQLite file; Redis is shared by several workers.
    exclusive = not settings.store.startswith(("redis://", "rediss://"))
    accounts = Accounts(store)
    key = await accounts.signing_key()
    link_key = hmac.new(key, b"omnisim.links", hashlib.sha256).digest()
    owners = None
    if not exclusive:
        await store.backend.check_durable()  # type: ignore[attr-defined]
        from omnisim.store.migrate import refuse_unmigrated

        # Logs of the first Redis layout would be silently ignored: copy them first.
        await refuse_unmigrated(store.backend, settings.store)  # type: ignore[arg-type]
        await store.backend.backfill()  # type: ignore[attr-defined]  # read_all positions
        owners = Owners(settings.store, ttl=settings.lease_ttl)
    exams = Exams(store, exclusive=exclusive, link_key=link_key, owners=owners)
    sandboxes = Sandboxes()  # trainers' trials: each its own exams, in memory
    # Room occupancy and presence, shared by the workers through Redis (occupancy.py); a
    # killed worker's sockets count until its heartbeat lapses, as long as a lease.
    occupancy = occupancy_for(settings.redis, settings.lease_ttl)
    pushes = Pushes(sio, settings.redis) if settings.redis else None  # to other workers' sockets
    feed = Feed(sio, exams, occupancy, pushes, sandboxes=sandboxes)
    overload = Overload(  # refuses arrivals past the worker's measured capacity
        sio,
        lag_limit=settings.overload_lag_ms / 1000,
        depth_limit=settings.overload_depth,
        worker=f"{socket.gethostname()}:{os.getpid()}",
    )
    sandboxes.subscribe(feed.publish)  # a trial's events are pushed like an exam's
    # Budgets by person and address, and sign-in attempts, shared through Redis by the
    # workers (limits.py, throttle.py); the credentials each socket holds, cut when they die.
    budgets = Budgets(
        buckets_for(settings.redis),
        act=settings.rate_limit,
        read=settings.read_limit,
        people_per_address=settings.people_per_address,
    )
    throttle = throttle_for(settings.redis)
    credentials = Credentials(sio, exams, accounts, settings.redis)
    gateway = Gateway(
        sio,
        exams,
        accounts,
        feed,
        functools.partial(session_from_environ, app),
        budgets,
        credentials,
        sandboxes=sandboxes,
        sockets_per_token=settings.sockets_per_token,
        sockets_per_address=settings.sockets_per_address,
        trusted_proxies=settings.trusted_proxies,
        overload=overload,
    )
    app[STORE], app[ACCOUNTS], app[EXAMS], app[GATEWAY] = store, accounts, exams, gateway
    app[BUDGETS], app[THROTTLE], app[CREDENTIALS] = budgets, throttle, credentials
    app[LIBRARY] = Library(store)
    app[SANDBOXES], app[REHEARSALS] = sandboxes, Rehearsals()
    app[SIGNING_KEY] = key
    await exams.start()  # answers what other workers forward, now that its events are pushed
    await occupancy.start()
    if pushes is not None:
        await pushes.start()
    await credentials.start()
    if feed.relayed and not sio.manager_initialized:
        # The relay's Redis listener starts with the worker, not with its first socket:
        # /healthz judges it, and a fresh worker with no client yet is healthy.
        sio.manager_initialized = True
        sio.manager.initialize()
    loop = asyncio.get_running_loop()
    sweeper = loop.create_task(exams.sweeping(), name="omnisim-sweep")
    trials = loop.create_task(sandboxes.sweeping(), name="omnisim-trials")
    probe = loop.create_task(overload.probing(), name="omnisim-overload")
    try:
        yield
    finally:
        sweeper.cancel()
        trials.cancel()
        probe.cancel()
        await sandboxes.close()
        await credentials.close()
        await throttle.close()
        await budgets.close()
        await exams.close()
        await occupancy.close()
        if pushes is not None:
            await pushes.close()
        if owners is not None:
            await owners.close()
        await store.close()


async def healthz(request: web.Request) -> web.Response:
    """200 while this worker can serve: its store answers and its Redis listeners are alive.

    A load balancer takes a worker out when this fails (its socket.io relay or the
    owners' link died, so it would miss or fail to forward events).
    """
    problems = []
    try:
        await request.app[STORE].last_seq("healthz")
    except Exception as exc:  # any failure of the store is a failed check
        problems.append(f"store: {type(exc).__name__}")
    owners = request.app[EXAMS].owners
    if owners is not None and not owners.healthy():
        problems.append("owners: Redis listener down")
    relay = getattr(request.app[GATEWAY].sio.manager, "thread", None)
    feed = request.app[GATEWAY].feed
    if feed.relayed and (relay is None or relay.done()):
        problems.append("socket.io relay: Redis listener down")
    if feed.pushes is not None and not feed.pushes.healthy():
        problems.append("pushes: Redis listener down")
    if not feed.occupancy.healthy():
        problems.append("occupancy: copy of the room counts not caught up")
    said = {"ok": not problems, "problems": problems, "rooms": feed.occupancy.described()}
    return web.json_response(said, status=503 if problems else 200)


def create_app(settings: Settings) -> web.Application:
    web_dir = data_dir("web")
    _check_vendor(web_dir / "static")
    app = web.Application(client_max_size=21 * 1024 * 1024)  # a deck zip up to 20 MiB
    app[SETTINGS] = settings
    app[TEMPLATES] = jinja2.Environment(
        loader=jinja2.FileSystemLoader(web_dir / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    app[TEMPLATES].globals["say"] = say  # {{ say(text, lang) }}: a catalog Text in that language
    # Security headers, CSRF, a page over budget answered 429; socket.io skips them.
    install_page_middlewares(app, lambda request: request.app[SIGNING_KEY])
    sio = socket_server(
        settings.redis,
        settings.public_url,
        auth_deadline=settings.auth_deadline,
        pending_per_address=settings.pending_per_address,
        trusted_proxies=settings.trusted_proxies,
    )
    # The socket.io route, before the app starts; handlers come with the gateway.
    sio.attach(app, SOCKET_PATH)
    app.cleanup_ctx.append(functools.partial(_resources, sio=sio))
    families = (candidate, signin, account, exams, exam, board, decks, assess, api, jury, documents)
    for family in (*families, debrief, results, calibration):
        family.add_routes(app)
    app.router.add_static("/static/", web_dir / "static", name="static")
    app.router.add_get("/healthz", healthz, name="healthz")
    return app
