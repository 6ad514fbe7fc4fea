"""Sign-in is guarded: our own page only, a visitor's own CSRF token, attempts throttled.

Before (issue 21, items 3 and 4): a missing or ``null`` Origin was accepted with the CSRF
token every anonymous visitor shared (login CSRF), and 8.4 wrong guesses per second went
through on each of ``/signin`` and ``/api/tokens`` with no 429 and no lock-out. Each test
gives itself its own client address (``X-Forwarded-For`` from a trusted loopback proxy),
so the per-address counts of one test do not reach another's.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import time
from typing import Any

import aiohttp
import pytest

from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.throttle import FREE_PER_ADDRESS, FREE_PER_LOGIN
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.settings(trusted_proxies="127.0.0.1")
_addresses = itertools.count(1)


def fresh_address() -> str:
    n = next(_addresses)
    return f"198.18.{n // 250}.{n % 250 + 1}"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


class Visitor:
    """A browser on the sign-in page: its own cookies, its own address."""

    def __init__(self, url: str, address: str | None = None) -> None:
        self.url = url
        self.address = address or fresh_address()
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.token = ""

    async def open(self) -> Visitor:
        async with self.http.get(f"{self.url}/signin", headers=self.headers()) as resp:
            assert resp.headers["Referrer-Policy"] == "same-origin"
            self.token = csrf_of(await resp.text())
        return self

    def headers(self, **more: str) -> dict[str, str]:
        return {"X-Forwarded-For": self.address, **more}

    async def sign_in(
        self, login: str, password: str, headers: dict[str, str] | None = None
    ) -> tuple[int, str, dict[str, Any]]:
        form = {"login": login, "password": password, "csrf_token": self.token, "next": "/exams"}
        sent = self.headers(**({"Origin": self.url} if headers is None else headers))
        async with self.http.post(
            f"{self.url}/signin", data=form, headers=sent, allow_redirects=False
        ) as resp:
            return resp.status, await resp.text(), dict(resp.headers)

    async def close(self) -> None:
        await self.http.close()


async def test_sign_in_needs_our_own_origin_or_referer(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    visitor = await Visitor(live.url).open()
    try:
        for headers in (
            {},  # neither
            {"Origin": "null"},  # what a page under no-referrer sends
            {"Origin": "http://evil.example"},
            {"Origin": "null", "Referer": "http://evil.example/signin"},
            {"Referer": f"{live.url.replace('127.0.0.1', 'localhost')}/signin"},
        ):
            status, text, _ = await visitor.sign_in("formatrice", TEST_PASSWORD, headers)
            assert status == 403 and "ne vient pas d'une page de ce serveur" in text, headers
        status, _, _ = await visitor.sign_in(
            "formatrice", TEST_PASSWORD, {"Origin": "null", "Referer": f"{live.url}/signin"}
        )
        assert status == 303  # a Referer of ours stands in for a null Origin
    finally:
        await visitor.close()


async def test_the_sign_in_token_is_the_visitor_s_own(live):
    """Login CSRF: an attacker's page posts the attacker's login with a token it fetched."""
    await live.accounts.add_trainer("attaquant", "Attaquant", TEST_PASSWORD)
    attacker = await Visitor(live.url).open()
    victim = await Visitor(live.url).open()
    try:
        assert attacker.token != victim.token
        victim.token, mine = attacker.token, victim.token
        status, text, _ = await victim.sign_in("attaquant", TEST_PASSWORD)
        assert status == 403 and "csrf_token" in text
        anonymous = aiohttp.ClientSession()  # no visitor cookie at all: nothing to bind to
        async with anonymous.post(
            f"{live.url}/signin",
            data={"login": "attaquant", "password": TEST_PASSWORD, "csrf_token": attacker.token},
            headers={"Origin": live.url},
        ) as resp:
            assert resp.status == 403
        await anonymous.close()
        victim.token = mine
        status, _, headers = await victim.sign_in("attaquant", TEST_PASSWORD)
        assert status == 303
    finally:
        await attacker.close()
        await victim.close()


async def guess(visitor: Visitor, login: str, until: float, stop_at_429: bool) -> dict[int, int]:
    """Wrong passwords as fast as answers come: answers by status."""
    answers: dict[int, int] = {}
    n = 0
    while time.monotonic() < until:
        n += 1
        status, _, _ = await visitor.sign_in(login, f"mauvais-mot-{n}")
        answers[status] = answers.get(status, 0) + 1
        if stop_at_429 and status == 429:
            break
    return answers


@pytest.mark.loop_block_ok(2)
async def test_guesses_are_throttled_with_a_growing_wait(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    visitor = await Visitor(live.url).open()
    try:
        started = time.monotonic()
        first = await guess(visitor, "formatrice", started + 30, stop_at_429=True)
        assert first == {401: FREE_PER_LOGIN, 429: 1}, first  # 5 free, then a wait
        more = await guess(visitor, "formatrice", time.monotonic() + 1.5, stop_at_429=False)
        # Then waits of 1 s, 2 s, 4 s… from each attempt: one more password at most.
        assert more.get(401, 0) <= 1 and more.get(429, 0) >= 1, more
        wait = 0
        while wait < 2:  # guess on until a wait of 2 s or more (4 s is next but one)
            status, text, headers = await visitor.sign_in("formatrice", "encore")
            more[status] = more.get(status, 0) + 1
            wait = int(headers.get("Retry-After", 0))
        checked = first[401] + more.get(401, 0)
        took = time.monotonic() - started
        print(
            f"\nguesses at /signin: {checked} passwords checked in {took:.1f} s "
            f"({checked / took:.2f}/s), {first[429] + more.get(429, 0)} refused with 429"
        )
        assert checked <= FREE_PER_LOGIN + 3
        assert f"Trop de tentatives, réessayez dans {wait}" in text and 2 <= wait <= 8
        # Even the right password waits: the wait is checked before any password.
        status, _, _ = await visitor.sign_in("formatrice", TEST_PASSWORD)
        assert status == 429
        await asyncio.sleep(wait + 0.1)
        status, _, _ = await visitor.sign_in("formatrice", TEST_PASSWORD)
        assert status == 303
    finally:
        await visitor.close()


async def test_unknown_logins_are_answered_as_known_ones(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    seen = []
    for login in ("formatrice", "personne-de-ce-nom"):
        visitor = await Visitor(live.url).open()
        try:
            answers = []
            for n in range(FREE_PER_LOGIN + 2):
                status, text, _ = await visitor.sign_in(login, f"faux-{n}")
                text = re.sub(r'value="[^"]*"', 'value=""', text)  # tokens, the login typed
                answers.append((status, re.sub(r"\d+ s", "N s", text)))
            seen.append(answers)
        finally:
            await visitor.close()
    assert seen[0] == seen[1]
    assert [status for status, _ in seen[0]] == [401] * FREE_PER_LOGIN + [429, 429]


async def test_the_api_shares_the_counts_and_says_it_in_json(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    address = fresh_address()
    headers = {"X-Forwarded-For": address}
    async with aiohttp.ClientSession() as http:

        async def guess(n: int) -> tuple[int, int]:
            body = {"login": "formatrice", "password": f"faux-{n}"}
            async with http.post(f"{live.url}/api/tokens", json=body, headers=headers) as resp:
                return resp.status, int(resp.headers.get("Retry-After", "0"))

        statuses = [(await guess(n))[0] for n in range(FREE_PER_LOGIN)]
        assert statuses == [401] * FREE_PER_LOGIN
        visitor = await Visitor(live.url, address).open()
        for n in range(2):  # two more guesses, each once its wait is over: the next wait is 4 s
            status, wait = await guess(FREE_PER_LOGIN + n)
            if status == 429:
                await asyncio.sleep(wait)
                status, wait = await guess(FREE_PER_LOGIN + n)
            assert status == 401
        status, _, _ = await visitor.sign_in("formatrice", TEST_PASSWORD)  # the page: same count
        await visitor.close()
        assert status == 429
        body = {"login": "formatrice", "password": TEST_PASSWORD}
        async with http.post(f"{live.url}/api/tokens?lang=en", json=body, headers=headers) as resp:
            assert resp.status == 429 and int(resp.headers["Retry-After"]) >= 1
            error = (await resp.json())["error"]
        assert error["field"] == "login" and "Too many attempts, try again in" in error["reason"]


async def test_an_address_trying_many_logins_waits_too(live):
    visitor = await Visitor(live.url).open()
    try:
        statuses = [
            (await visitor.sign_in(f"login-{n}", "faux"))[0] for n in range(FREE_PER_ADDRESS + 1)
        ]
        assert statuses[:FREE_PER_ADDRESS] == [401] * FREE_PER_ADDRESS
        assert statuses[-1] == 429  # a login never tried, from an address that tried many
        elsewhere = await Visitor(live.url).open()
        assert (await elsewhere.sign_in("login-0", "faux"))[0] == 401
        await elsewhere.close()
    finally:
        await visitor.close()


async def test_a_success_forgets_the_login_s_count(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    visitor = await Visitor(live.url).open()
    try:
        for n in range(FREE_PER_LOGIN - 1):
            assert (await visitor.sign_in("formatrice", f"faux-{n}"))[0] == 401
        assert (await visitor.sign_in("formatrice", TEST_PASSWORD))[0] == 303
        await visitor.http.post(f"{live.url}/signout")  # no CSRF: refused, cookie kept
        visitor.http.cookie_jar.clear()
        await visitor.open()
        for n in range(FREE_PER_LOGIN - 1):
            assert (await visitor.sign_in("formatrice", f"faux-{n}"))[0] == 401
    finally:
        await visitor.close()


@pytest.mark.redis
@pytest.mark.loop_block_ok(2)
async def test_two_workers_count_the_same_attempts(aiohttp_server, redis_url):
    settings = Settings(store=redis_url, redis=redis_url, trusted_proxies="127.0.0.1")
    workers = [await aiohttp_server(create_app(settings)) for _ in range(2)]
    login = f"f{time.monotonic_ns() % 10**9}"
    address = fresh_address()
    statuses = []
    for n in range(FREE_PER_LOGIN + 1):
        worker = workers[n % 2]
        visitor = await Visitor(f"http://127.0.0.1:{worker.port}", address).open()
        statuses.append((await visitor.sign_in(login, f"faux-{n}"))[0])
        await visitor.close()
    assert statuses == [401] * FREE_PER_LOGIN + [429]
