"""HTTP hardening: security headers on every response, the session cookie, CSRF checks.

Installed on an app, in that order and skipped by socket.io, by
``install_page_middlewares`` (middlewares.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from omnisim.auth.signing import check_csrf, csrf_token
from omnisim.i18n import message
from omnisim.live.accounts import SESSION_LIFETIME

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",  # capability links carry their token in the URL
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}

SESSION_COOKIE = "omnisim_session"
SESSION_MAX_AGE = int(SESSION_LIFETIME)
# A visitor who is not signed in gets their own random value, so the sign-in form's CSRF
# token is theirs alone: a shared anonymous token let another site sign a browser in under
# the attacker's account (login CSRF).
VISITOR_COOKIE = "omnisim_visitor"
VISITOR_MAX_AGE = 3600

CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
CSRF_EXEMPT_PREFIXES = ("/api/",)
"""The bearer-token API carries no ambient credential, so CSRF cannot forge it (nor socket.io,
which no page middleware sees: middlewares.py)."""
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def apply_security_headers(response: web.StreamResponse) -> None:
    """Add the security headers (and ``no-store`` on HTML); a header already set is kept."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if response.content_type == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Headers on what handlers return or raise (pages, JSON, static files, 404, HTTPException).

    Not enough alone (a static HTML file, a crash's 500): :func:`security_headers_on_prepare`
    too.
    """
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        apply_security_headers(exc)
        raise
    apply_security_headers(response)
    return response


async def security_headers_on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    """Signal handler run just before headers are sent, for what no middleware sees.

    A static file's content type is only known once the file is opened in ``prepare``, and the
    500 page of a crashed handler or a response made by an outer middleware never passes
    through :func:`security_headers`.
    """
    apply_security_headers(response)


def _strict_cookie(
    response: web.StreamResponse, name: str, value: str, secure: bool, max_age: int
) -> None:
    """HttpOnly keeps it from scripts; SameSite=Strict keeps other sites' pages from sending
    it; ``secure`` when the public URL is https."""
    response.set_cookie(
        name, value, max_age=max_age, path="/", secure=secure, httponly=True, samesite="Strict"
    )


def set_session_cookie(
    response: web.StreamResponse, value: str, secure: bool, max_age: int = SESSION_MAX_AGE
) -> None:
    """Set the trainer's session cookie."""
    _strict_cookie(response, SESSION_COOKIE, value, secure, max_age)


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Expire the session cookie (sign-out)."""
    response.del_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Strict")


def set_visitor_cookie(response: web.StreamResponse, value: str, secure: bool) -> None:
    """The anonymous visitor's own value, that the sign-in form's CSRF token is bound to."""
    _strict_cookie(response, VISITOR_COOKIE, value, secure, VISITOR_MAX_AGE)


def clear_visitor_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(VISITOR_COOKIE, path="/", httponly=True, samesite="Strict")


def visitor_binding(visitor: str) -> str:
    """What an anonymous visitor's CSRF token is bound to (never a session cookie's value)."""
    return f"visitor:{visitor}"


def session_value(request: web.Request) -> str:
    """What CSRF tokens are bound to: the raw session cookie, else the visitor's own value,
    else "" (no form can be posted then)."""
    session = request.cookies.get(SESSION_COOKIE, "")
    if session:
        return session
    visitor = request.cookies.get(VISITOR_COOKIE, "")
    return visitor_binding(visitor) if visitor else ""


def csrf_token_for(request: web.Request, key: bytes) -> str:
    """The token a page served to ``request`` puts in its forms' ``csrf_token`` field.

    It is bound to the cookie the request carried: a response that also sets a new session
    cookie (sign-in) must redirect, so the next page renders a token for the new cookie.
    """
    return csrf_token(key, session_value(request))


def csrf_refusal(request: web.Request) -> web.Response:
    """403 with a plain-text reason, in English with ``?lang=en``, otherwise in French."""
    lang = "en" if request.query.get("lang") == "en" else "fr"
    return web.Response(status=403, text=message(lang, "err.csrf"), content_type="text/plain")


def csrf_middleware(key_getter: Callable[[web.Request], bytes]) -> Middleware:
    """Refuse unsafe requests outside ``/api/`` without a valid CSRF token.

    The token comes from the ``X-CSRF-Token`` header or the ``csrf_token`` form field and must
    be :func:`csrf_token_for` the session cookie the request carries, or, before sign-in, the
    visitor cookie the sign-in page set: a request with neither is refused, so no token is
    shared between visitors.

    The form is read with ``await request.post()``, which aiohttp caches: the handler's own
    ``request.post()`` gets the same fields (it must not use ``request.multipart()`` then).
    ``key_getter`` receives the request, so the key can live in the app's state.
    """

    @web.middleware
    async def csrf_protect(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method not in UNSAFE_METHODS or request.rel_url.raw_path.startswith(
            CSRF_EXEMPT_PREFIXES
        ):
            return await handler(request)
        key = key_getter(request)
        session = session_value(request)
        if not session:
            return csrf_refusal(request)
        header = request.headers.get(CSRF_HEADER)
        if header is not None and check_csrf(key, session, header):
            return await handler(request)
        if request.content_type in _FORM_TYPES:
            field = (await request.post()).get(CSRF_FIELD)
            if isinstance(field, str) and check_csrf(key, session, field):
                return await handler(request)
        return csrf_refusal(request)

    return csrf_protect
