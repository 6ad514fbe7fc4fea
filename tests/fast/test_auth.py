"""Security primitives: password hashes, capability tokens, signed values, HTTP hardening."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
from argon2 import PasswordHasher

from omnisim.auth import passwords, signing
from omnisim.auth.passwords import (
    check_new_password,
    hash_password,
    needs_rehash,
    verify_password,
    verify_password_async,
)
from omnisim.auth.signing import check_csrf, csrf_token, sign, unsign
from omnisim.auth.tokens import make_token, matches, new_secret, split_token, token_hash
from omnisim.i18n import message
from omnisim.schema import SchemaError
from omnisim.web.middlewares import install_page_middlewares
from omnisim.web.security import (
    CONTENT_SECURITY_POLICY,
    SESSION_COOKIE,
    VISITOR_COOKIE,
    clear_session_cookie,
    csrf_token_for,
    set_session_cookie,
    visitor_binding,
)

PASSWORD = "correct horse battery"
KEY = b"k" * 32
OTHER_KEY = b"o" * 32


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_password(PASSWORD)


# -- passwords ---------------------------------------------------------------------------


def test_hash_verifies_and_wrong_password_does_not(stored):
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "!")
    assert not verify_password(stored, "")


def test_hash_is_not_the_password_and_is_salted(stored):
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored
    assert hash_password(PASSWORD) != stored


@pytest.mark.parametrize("bad", ["", "garbage", "é$argon2id$", "$argon2id$v=19$m=8,t=1,p=1$$"])
def test_malformed_hash_is_refused_without_raising(bad, stored):
    assert not verify_password(bad, PASSWORD)
    assert not verify_password(stored[:-4], PASSWORD)
    assert not verify_password(stored, "\udc80 lone surrogate")


def test_needs_rehash(stored):
    assert not needs_rehash(stored)
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD)
    assert needs_rehash(weak)
    assert needs_rehash("garbage")


async def test_async_verification_runs_off_the_event_loop(stored, monkeypatch):
    threads = []
    real = passwords.verify_password

    def spy(stored_hash: str, pw: str) -> bool:
        threads.append(threading.get_ident())
        return real(stored_hash, pw)

    monkeypatch.setattr(passwords, "verify_password", spy)
    assert await verify_password_async(stored, PASSWORD)
    assert not await verify_password_async(stored, "wrong password!")
    assert threads and threading.get_ident() not in threads


@pytest.mark.parametrize(
    ("pw", "reason"),
    [
        ("short", "shorter than 12 characters"),
        ("x" * 11, "shorter than 12 characters"),
        ("x" * 1025, "longer than 1024 characters"),
        (" \t\n" * 5, "only whitespace"),
        ("twelve chars\udc80", "not valid text (lone surrogate)"),
    ],
)
def test_new_password_refusals_name_the_field(pw, reason):
    with pytest.raises(SchemaError) as refused:
        check_new_password(pw)
    assert refused.value.field == "password"
    assert refused.value.reason == reason
    assert refused.value.key.startswith("err.password_")  # and it reads in French
    assert refused.value.render("fr").startswith(("Mot de passe", "Le mot de passe"))


def test_password_bounds_read_as_written_in_both_languages():
    with pytest.raises(SchemaError) as refused:
        check_new_password("x" * 1025)
    assert refused.value.render("fr") == "Mot de passe trop long : 1024 caractères au maximum."


def test_new_password_accepted_at_the_bounds():
    check_new_password("x" * 12)
    check_new_password("  spaced out  ")
    check_new_password("é" * 1024)


# -- tokens ------------------------------------------------------------------------------


def test_token_round_trip_and_hash():
    secret = new_secret()
    assert len(secret) == 32 and secret != new_secret()
    token = make_token("ex3f2a1c:p7", secret)
    assert token == f"ex3f2a1c:p7.{secret}"
    assert split_token(token) == ("ex3f2a1c:p7", secret)
    stored = token_hash(token)
    assert len(stored) == 64 and int(stored, 16) >= 0
    assert secret not in stored
    assert matches(stored, token)
    assert not matches(stored, make_token("ex3f2a1c:p8", secret))
    assert not matches(stored, make_token("ex3f2a1c:p7", new_secret()))
    assert not matches("é" * 64, token)
    assert not matches(stored, token + "\udc80")


@pytest.mark.parametrize("scope", ["", "ex.3f", "ex 3f", "ex/3f", "é", "x" * 129])
def test_make_token_refuses_ambiguous_scopes(scope):
    with pytest.raises(ValueError, match="scope"):
        make_token(scope, new_secret())


@pytest.mark.parametrize("secret", ["", "short", "has.dot" + "x" * 20, "x" * 20 + "/"])
def test_make_token_refuses_bad_secrets(secret):
    with pytest.raises(ValueError, match="secret"):
        make_token("ex1", secret)


@pytest.mark.parametrize(
    "token", ["", "nodot", ".secretsecretsecret", "ex1.", "ex1.short", "a.b.c" + "x" * 20, "é.x"]
)
def test_split_token_refuses_malformed(token):
    assert split_token(token) is None


# -- signing -----------------------------------------------------------------------------


def test_sign_round_trip():
    for value in ["trainer:42", "", "with.dots.and é ✓"]:
        assert unsign(KEY, sign(KEY, value, 1000.0), now=1000.5, max_age=60) == value


def test_tampering_any_byte_invalidates():
    signed = sign(KEY, "trainer:42", 1_700_000_000.25)
    alphabet = "AQgw09_-."
    for i, char in enumerate(signed):
        for other in alphabet:
            if other != char:
                tampered = signed[:i] + other + signed[i + 1 :]
                assert unsign(KEY, tampered, 1_700_000_001, 60) is None, (i, other)
        assert unsign(KEY, signed[:i] + signed[i + 1 :], 1_700_000_001, 60) is None
    assert unsign(KEY, signed + "A", 1_700_000_001, 60) is None


def test_expiry_and_clock_skew():
    signed = sign(KEY, "v", 1000.0)
    assert unsign(KEY, signed, now=1060.0, max_age=60) == "v"
    assert unsign(KEY, signed, now=1060.01, max_age=60) is None
    assert unsign(KEY, signed, now=1000.0 - signing.CLOCK_SKEW, max_age=60) == "v"
    assert unsign(KEY, signed, now=1000.0 - signing.CLOCK_SKEW - 1, max_age=60) is None


def test_wrong_key_and_malformed():
    signed = sign(KEY, "v", 1000.0)
    assert unsign(OTHER_KEY, signed, 1000.0, 60) is None
    for bad in ["", "v", "a.b.c", "é" + signed, signed.replace(".", ":"), signed + "\udc80"]:
        assert unsign(KEY, bad, 1000.0, 60) is None


def test_bad_keys_and_times_are_programming_errors():
    with pytest.raises(ValueError, match="key"):
        sign(b"short", "v", 1000.0)
    for when in [-1.0, float("nan"), float("inf")]:
        with pytest.raises(ValueError, match="issued_at"):
            sign(KEY, "v", when)
    assert len(signing.new_key()) == 32


def test_csrf_token_bound_to_session_and_key():
    session = sign(KEY, "trainer:42", 1000.0)
    token = csrf_token(KEY, session)
    assert check_csrf(KEY, session, token)
    assert not check_csrf(KEY, session, "")
    assert not check_csrf(KEY, session, token[:-1])
    assert not check_csrf(KEY, session, token + "é")
    assert not check_csrf(OTHER_KEY, session, token)
    assert not check_csrf(KEY, sign(KEY, "trainer:43", 1000.0), token)
    assert not check_csrf(KEY, "", token)
    assert check_csrf(KEY, "", csrf_token(KEY, ""))
    # A session signature is no CSRF token: each use signs under its own purpose.
    payload, _, mac = session.rpartition(".")
    assert not check_csrf(KEY, payload, mac)


# -- HTTP --------------------------------------------------------------------------------

APP_KEY = web.AppKey("signing_key", bytes)


def make_app(static: Path) -> web.Application:
    async def page(request: web.Request) -> web.Response:
        return web.Response(text="<p>page</p>", content_type="text/html")

    async def data(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def forbidden(request: web.Request) -> web.Response:
        raise web.HTTPForbidden(text="non")

    async def crash(request: web.Request) -> web.Response:
        raise RuntimeError("boom")

    async def form(request: web.Request) -> web.Response:
        name = (await request.post()).get("name")
        assert isinstance(name, str)
        return web.Response(text=f"name={name}")

    async def body(request: web.Request) -> web.Response:
        return web.json_response(await request.json())

    async def sign_in(request: web.Request) -> web.Response:
        response = web.Response(text="ok")
        set_session_cookie(response, "session-value", secure=request.query.get("https") == "1")
        return response

    async def sign_out(request: web.Request) -> web.Response:
        response = web.Response(text="bye")
        clear_session_cookie(response)
        return response

    app = web.Application()
    app[APP_KEY] = KEY
    install_page_middlewares(app, lambda request: request.app[APP_KEY])
    app.router.add_get("/page", page)
    app.router.add_get("/data", data)
    app.router.add_get("/forbidden", forbidden)
    app.router.add_get("/crash", crash)
    app.router.add_get("/sign-in", sign_in)
    app.router.add_post("/sign-out", sign_out)
    app.router.add_post("/form", form)
    app.router.add_post("/body", body)
    app.router.add_post("/api/thing", data)
    app.router.add_post("/socket.io/", data)
    app.router.add_static("/static/", static)
    return app


@pytest.fixture
async def client(aiohttp_client, tmp_path):
    (tmp_path / "style.css").write_text("p { color: red }")
    (tmp_path / "help.html").write_text("<p>aide</p>")
    return await aiohttp_client(make_app(tmp_path))


def assert_hardened(response: aiohttp.ClientResponse, html: bool) -> None:
    headers = response.headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert (headers.get("Cache-Control") == "no-store") == html


@pytest.mark.parametrize(
    ("path", "status", "html"),
    [
        ("/page", 200, True),
        ("/data", 200, False),
        ("/static/style.css", 200, False),
        ("/static/help.html", 200, True),
        ("/static/missing.css", 404, False),
        ("/nowhere", 404, False),
        ("/forbidden", 403, False),
        ("/crash", 500, False),
        ("/page?lang=en", 200, True),
    ],
)
async def test_security_headers_on_every_response(client, path, status, html):
    response = await client.get(path)
    assert response.status == status
    assert_hardened(response, html)


async def test_security_headers_on_not_modified_static(client):
    first = await client.get("/static/style.css")
    again = await client.get(
        "/static/style.css", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert again.status == 304
    assert_hardened(again, html=False)


async def test_session_cookie_attributes(client):
    for https in ("0", "1"):
        response = await client.get(f"/sign-in?https={https}")
        cookie = response.headers["Set-Cookie"]
        assert cookie.startswith(f"{SESSION_COOKIE}=session-value;")
        for attribute in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"):
            assert attribute in cookie
        assert ("Secure" in cookie) == (https == "1")


async def test_clear_session_cookie(client):
    token = csrf_token(KEY, "session-value")
    response = await client.post(
        "/sign-out",
        data={"csrf_token": token},
        headers={"Cookie": f"{SESSION_COOKIE}=session-value"},
    )
    assert response.status == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f'{SESSION_COOKIE}="";') and "Max-Age=0" in cookie


async def test_post_without_csrf_is_refused_in_french(client):
    response = await client.post("/form", data={"name": "Ada"})
    assert response.status == 403
    assert await response.text() == "Jeton CSRF manquant ou invalide (champ csrf_token)."
    assert response.content_type == "text/plain"
    assert_hardened(response, html=False)
    english = await client.post("/form?lang=en", data={"name": "Ada"})
    assert english.status == 403
    assert await english.text() == message("en", "err.csrf")
    for method in ("PUT", "PATCH", "DELETE"):
        assert (await client.request(method, "/form")).status == 403


VISITOR = {"Cookie": f"{VISITOR_COOKIE}=v1"}


async def test_valid_csrf_lets_the_handler_read_its_form(client):
    visitor = csrf_token(KEY, visitor_binding("v1"))
    data = {"name": "Ada", "csrf_token": visitor}
    response = await client.post("/form", data=data, headers=VISITOR)
    assert response.status == 200
    assert await response.text() == "name=Ada"

    multipart = aiohttp.FormData()
    multipart.add_field("csrf_token", visitor)
    multipart.add_field("name", "Grace")
    multipart.add_field("file", b"bytes", filename="notes.txt")
    response = await client.post("/form", data=multipart, headers=VISITOR)
    assert response.status == 200
    assert await response.text() == "name=Grace"


async def test_no_token_is_shared_by_every_visitor(client):
    """Login CSRF: the token bound to "" (any visitor without a cookie) is no good, nor is
    another visitor's, nor a visitor's own token without their cookie."""
    shared = csrf_token(KEY, "")
    for token, headers in (
        (shared, {}),
        (shared, VISITOR),
        (csrf_token(KEY, visitor_binding("v2")), VISITOR),
        (csrf_token(KEY, visitor_binding("v1")), {}),
        (csrf_token(KEY, "v1"), VISITOR),  # the raw value, not its binding
    ):
        response = await client.post("/form", data={"csrf_token": token}, headers=headers)
        assert response.status == 403, (token, headers)


async def test_csrf_is_bound_to_the_session_cookie(client):
    cookie = {"Cookie": f"{SESSION_COOKIE}=session-a"}
    own = csrf_token(KEY, "session-a")
    response = await client.post("/form", data={"name": "A", "csrf_token": own}, headers=cookie)
    assert response.status == 200
    for foreign in (csrf_token(KEY, ""), csrf_token(KEY, "session-b"), csrf_token(OTHER_KEY, "")):
        refused = await client.post(
            "/form", data={"name": "A", "csrf_token": foreign}, headers=cookie
        )
        assert refused.status == 403
    # The token bound to a session is no good once the cookie is gone.
    assert (await client.post("/form", data={"csrf_token": own})).status == 403


async def test_csrf_header_for_non_form_bodies(client):
    token = csrf_token(KEY, visitor_binding("v1"))
    response = await client.post("/body", json={"a": 1}, headers={"X-CSRF-Token": token} | VISITOR)
    assert response.status == 200 and await response.json() == {"a": 1}
    assert (await client.post("/body", json={"a": 1}, headers=VISITOR)).status == 403
    wrong = await client.post("/body", json={"a": 1}, headers={"X-CSRF-Token": "nope"} | VISITOR)
    assert wrong.status == 403
    # A wrong header does not hide a valid form field.
    both = await client.post(
        "/form",
        data={"name": "Ada", "csrf_token": token},
        headers={"X-CSRF-Token": "nope"} | VISITOR,
    )
    assert both.status == 200


async def test_api_socketio_and_safe_methods_are_exempt(client):
    assert (await client.post("/api/thing", json={})).status == 200
    assert (await client.post("/socket.io/")).status == 200
    assert (await client.get("/page")).status == 200


async def test_dot_segments_do_not_reach_a_protected_route_through_the_exemption(client):
    reader, writer = await asyncio.open_connection(client.host, client.port)
    writer.write(
        b"POST /api/../form HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    status_line = (await reader.read()).split(b"\r\n", 1)[0]
    writer.close()
    await writer.wait_closed()
    assert status_line == b"HTTP/1.1 404 Not Found"


def test_csrf_token_for_uses_the_request_cookie():
    request = make_mocked_request("GET", "/", headers={"Cookie": f"{SESSION_COOKIE}=abc"})
    assert csrf_token_for(request, KEY) == csrf_token(KEY, "abc")
    visitor = make_mocked_request("GET", "/", headers={"Cookie": f"{VISITOR_COOKIE}=v1"})
    assert csrf_token_for(visitor, KEY) == csrf_token(KEY, visitor_binding("v1"))
    assert csrf_token_for(make_mocked_request("GET", "/"), KEY) == csrf_token(KEY, "")
