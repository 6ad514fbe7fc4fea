"""Trainers sign in with a password; the browser then carries a signed session cookie.

The cookie (HttpOnly, SameSite=Strict) names the trainer and one session, signed with
the store's key. The session is opened, and closed, by events of the accounts stream
(omnisim/live/accounts.py), so signing out, signing out everywhere or changing the
password ends the cookie on every worker at once, and the sockets it opened are cut
(omnisim/web/socket/credentials.py). Sockets opened from a trainer's page present the
same cookie.

Sign-in itself is guarded three ways: the form must come from our own page (a
same-origin ``Origin``, or ``Referer``, and a CSRF token bound to the visitor's own
cookie, never one shared by every visitor), and attempts are throttled per login and
per address (omnisim/web/throttle.py).
"""

from __future__ import annotations

import dataclasses
import math
import secrets
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from omnisim.auth.passwords import MAX_LENGTH as MAX_PASSWORD
from omnisim.auth.signing import csrf_token, sign, unsign
from omnisim.live.accounts import SignedIn, Trainer
from omnisim.web.addresses import request_address
from omnisim.web.keys import ACCOUNTS, SETTINGS, SIGNING_KEY, THROTTLE
from omnisim.web.pages.base import PageContext, lang_query, page, refuse, render
from omnisim.web.security import (
    SESSION_COOKIE,
    SESSION_MAX_AGE,
    VISITOR_COOKIE,
    clear_session_cookie,
    clear_visitor_cookie,
    set_session_cookie,
    set_visitor_cookie,
    visitor_binding,
)

MAX_FIELD = MAX_PASSWORD  # characters in the login or the password field


def _cookie_value(trainer_id: str, session_id: str) -> str:
    return f"{trainer_id}:{session_id}"


async def _signed_in(app: web.Application, cookie: str) -> SignedIn | None:
    value = unsign(app[SIGNING_KEY], cookie, time.time(), SESSION_MAX_AGE) if cookie else None
    trainer_id, colon, session_id = (value or "").partition(":")
    return await app[ACCOUNTS].session(trainer_id, session_id) if colon else None


async def current_session(request: web.Request) -> SignedIn | None:
    """The trainer and the open session the request's cookie names, or None."""
    return await _signed_in(request.app, request.cookies.get(SESSION_COOKIE, ""))


async def current_trainer(request: web.Request) -> Trainer | None:
    found = await current_session(request)
    return found.trainer if found else None


async def session_from_environ(app: web.Application, environ: dict[str, Any]) -> SignedIn | None:
    """The signed-in trainer behind a socket.io connection, from its Cookie header."""
    request = environ.get("aiohttp.request")
    header = request.headers.get("Cookie", "") if request is not None else ""
    header = header or environ.get("HTTP_COOKIE", "")
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(header)
    except Exception:
        return None
    morsel = cookies.get(SESSION_COOKIE)
    return await _signed_in(app, morsel.value) if morsel else None


async def require_trainer(request: web.Request) -> Trainer:
    """The signed-in trainer, or a redirect to the sign-in page that comes back here."""
    trainer = await current_trainer(request)
    if trainer is None:
        raise web.HTTPSeeOther(f"/signin?{lang_query(request, next=request.path_qs)}")
    return trainer


@dataclass(frozen=True)
class SignInContext:
    page: PageContext
    next: str
    error: str = ""
    login: str = ""


def _safe_next(value: str) -> str:
    """Only a path of this site: never an absolute or protocol-relative URL."""
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not value.startswith("/") or value.startswith("//"):
        return "/exams"
    return value


def _secure(request: web.Request) -> bool:
    return request.app[SETTINGS].base_url.startswith("https://")


def _form_page(request: web.Request, ctx: SignInContext, status: int = 200) -> web.Response:
    """The sign-in form, its CSRF token bound to this visitor's own cookie (set here when
    the visitor has none yet). Its referrer policy lets the browser name our origin when
    the form is posted (``no-referrer``, kept everywhere else, makes it ``null``)."""
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    stale = bool(request.cookies.get(SESSION_COOKIE))  # a closed or expired session's
    fresh = not visitor or stale
    if fresh:
        visitor = secrets.token_urlsafe(24)
    token = csrf_token(request.app[SIGNING_KEY], visitor_binding(visitor))
    ctx = dataclasses.replace(ctx, page=dataclasses.replace(ctx.page, csrf=token))
    response = render(request, "signin.html", ctx, status=status)
    if stale:  # else the form's token, bound to the visitor, would not match it
        clear_session_cookie(response)
    if fresh:
        set_visitor_cookie(response, visitor, secure=_secure(request))
    response.headers["Referrer-Policy"] = "same-origin"
    return response


async def sign_in_page(request: web.Request) -> web.Response:
    target = _safe_next(request.query.get("next", ""))
    if await current_session(request) is not None:
        raise web.HTTPSeeOther(target)  # signed in already
    return _form_page(request, SignInContext(page(request, "signin.title"), target))


def expected_origin(request: web.Request) -> str:
    """Our origin: the configured public URL's, else the one the browser asked (its Host)."""
    public = request.app[SETTINGS].public_url
    if public:
        parts = urlsplit(public)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.host}"


def same_origin(request: web.Request) -> bool:
    """The request names our origin in ``Origin``, or (when it sends none, or ``null``)
    in ``Referer``; neither: refused."""
    ours = expected_origin(request)
    origin = request.headers.get("Origin", "")
    if origin and origin != "null":
        return origin.rstrip("/") == ours
    referer = urlsplit(request.headers.get("Referer", ""))
    return bool(referer.scheme) and f"{referer.scheme}://{referer.netloc}" == ours


async def sign_in(request: web.Request) -> web.Response:
    if not same_origin(request):
        raise refuse(request, 403, "err.foreign_origin")
    form = await request.post()
    login, password = str(form.get("login", "")), str(form.get("password", ""))
    target = _safe_next(str(form.get("next", "")))
    if len(login) > MAX_FIELD or len(password) > MAX_FIELD:
        raise refuse(request, 400, "err.field_too_long", field="login/password")
    address = request_address(request, request.app[SETTINGS].trusted_proxies)
    throttle = request.app[THROTTLE]
    wait = await throttle.attempt(login, address)
    if wait > 0:
        seconds = math.ceil(wait)
        ctx_page = page(request, "signin.title")
        error = ctx_page.say("signin.throttled", wait=seconds)
        ctx = SignInContext(ctx_page, target, error, login)
        response = _form_page(request, ctx, status=429)
        response.headers["Retry-After"] = str(seconds)
        return response
    accounts = request.app[ACCOUNTS]
    trainer = await accounts.sign_in(login, password)
    if trainer is None:
        ctx_page = page(request, "signin.title")
        ctx = SignInContext(ctx_page, target, ctx_page.t("signin.failed"), login)
        return _form_page(request, ctx, status=401)
    await throttle.succeeded(login, address)
    session_id = await accounts.open_session(trainer.id)
    response = web.HTTPSeeOther(target)
    value = sign(request.app[SIGNING_KEY], _cookie_value(trainer.id, session_id), time.time())
    set_session_cookie(response, value, secure=_secure(request))
    clear_visitor_cookie(response)
    raise response


async def sign_out(request: web.Request) -> web.Response:
    """Close this session (its cookie and its sockets, on every worker); with
    ``everywhere=1``, every session of the trainer."""
    found = await current_session(request)
    if found is not None:
        accounts = request.app[ACCOUNTS]
        if request.query.get("everywhere") == "1":
            await accounts.close_sessions(found.trainer.id)
        else:
            await accounts.close_session(found.trainer.id, found.session_id)
    response = web.HTTPSeeOther(f"/?{lang_query(request)}")
    clear_session_cookie(response)
    raise response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/signin", sign_in_page, name="signin")
    app.router.add_post("/signin", sign_in, name="signin_post")
    app.router.add_post("/signout", sign_out, name="signout")
