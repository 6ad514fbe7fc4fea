"""Credentials end on the server, and take their open sockets with them (issues 20 and 21).

Signing out, "sign out everywhere", a password change, a revoked link and a deleted API
token each end the credential on every worker: its cookie or token is refused from then
on, and every socket it opened gets a ``closed`` message with the reason and is cut at
once. Real HTTP (cookies, CSRF tokens) and real socket.io clients against a served app.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
import socketio

from omnisim.exams.roster import RosterEntry
from omnisim.live import commands
from omnisim.live.accounts import Accounts
from omnisim.scenario import load_scenario
from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.keys import ACCOUNTS, CREDENTIALS, EXAMS
from omnisim.web.security import SESSION_COOKIE
from tests.conftest import CONNECT_WAIT, MINI_DECK, TEST_PASSWORD, free_port, open_exam


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


@dataclass
class Watched:
    """A socket.io client that keeps what the server said when it closed the socket."""

    sio: socketio.AsyncClient
    closed: list[str] = field(default_factory=list)
    gone: asyncio.Event = field(default_factory=asyncio.Event)

    async def cut(self, timeout: float = 2.0) -> str:
        """The reason the server gave, once the socket is disconnected."""
        await asyncio.wait_for(self.gone.wait(), timeout)
        assert self.closed, "disconnected without a reason"
        return self.closed[-1]


async def watch(url: str, auth: dict[str, Any], cookie: str = "") -> Watched:
    client = socketio.AsyncClient(reconnection=False)
    watched = Watched(client)

    @client.on("closed")
    async def on_closed(data: dict[str, str]) -> None:
        watched.closed.append(data["reason"])

    @client.on("disconnect")
    async def on_disconnect(*_: Any) -> None:
        watched.gone.set()

    headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"} if cookie else {}
    await client.connect(
        url, auth=auth, headers=headers, transports=["websocket"], wait_timeout=CONNECT_WAIT
    )
    return watched


async def sign_in(url: str, login: str) -> tuple[aiohttp.ClientSession, str]:
    """A browser signed in: its HTTP session and its session cookie's value."""
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with http.get(f"{url}/signin") as resp:
        token = csrf_of(await resp.text())
    form = {"login": login, "password": TEST_PASSWORD, "csrf_token": token, "next": "/exams"}
    async with http.post(f"{url}/signin", data=form, headers={"Origin": url}) as resp:
        assert resp.status == 200 and resp.url.path == "/exams", await resp.text()
    cookie = next(c.value for c in http.cookie_jar if c.key == SESSION_COOKIE)
    return http, cookie


async def post_form(http: aiohttp.ClientSession, url: str, path: str) -> int:
    async with http.get(f"{url}/account") as resp:
        token = csrf_of(await resp.text())
    async with http.post(f"{url}{path}", data={"csrf_token": token}, allow_redirects=False) as r:
        return r.status


async def opens_pages(url: str, cookie: str) -> bool:
    """Whether the cookie still opens a trainer's page (else: sent to sign in)."""
    async with aiohttp.ClientSession() as http:
        headers = {"Cookie": f"{SESSION_COOKIE}={cookie}"}
        async with http.get(f"{url}/exams", headers=headers, allow_redirects=False) as resp:
            return resp.status == 200


async def trainer_with_exam(app: Any, login: str) -> tuple[str, str]:
    """A trainer account and one exam of theirs: (trainer id, exam id)."""
    trainer = await app[ACCOUNTS].add_trainer(login, "Anne Formatrice", TEST_PASSWORD)
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    exam, _ = await app[EXAMS].create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001")],
        [RosterEntry("Marc Dubois", evaluator="external")],
        mode="training",
    )
    return trainer.id, exam.exam_id


async def test_signing_out_ends_the_cookie_and_cuts_its_sockets(live):
    _trainer, exam_id = await trainer_with_exam(live.app, "formatrice")
    http, cookie = await sign_in(live.url, "formatrice")
    other_http, other_cookie = await sign_in(live.url, "formatrice")  # another browser
    try:
        board = await watch(live.url, {"exam": exam_id, "board": True}, cookie)
        elsewhere = await watch(live.url, {"exam": exam_id}, other_cookie)
        started = time.perf_counter()
        assert await post_form(http, live.url, "/signout") == 303
        reason = await board.cut()
        print(f"\nsigned out: socket cut after {(time.perf_counter() - started) * 1000:.0f} ms")
        assert "Votre session est fermée" in reason
        assert not await opens_pages(live.url, cookie)  # the old cookie opens nothing
        # The other browser's session was not this one: it goes on.
        assert elsewhere.sio.connected and await opens_pages(live.url, other_cookie)
        again = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await again.connect(
                live.url,
                auth={"exam": exam_id},
                headers={"Cookie": f"{SESSION_COOKIE}={cookie}"},
                transports=["websocket"],
                wait_timeout=CONNECT_WAIT,
            )
        await elsewhere.sio.disconnect()
    finally:
        await http.close()
        await other_http.close()


async def test_sign_out_everywhere_and_a_password_change_end_every_session(live):
    trainer_id, exam_id = await trainer_with_exam(live.app, "formatrice")
    browsers = [await sign_in(live.url, "formatrice") for _ in range(3)]
    try:
        async with browsers[0][0].get(f"{live.url}/account") as resp:
            page = await resp.text()
        assert "Sessions ouvertes : 3" in page and "Se déconnecter partout" in page
        sockets = [await watch(live.url, {"exam": exam_id}, c) for _h, c in browsers]
        assert await post_form(browsers[0][0], live.url, "/signout?everywhere=1") == 303
        for socket in sockets:
            assert "Votre session est fermée" in await socket.cut()
        for _http, cookie in browsers:
            assert not await opens_pages(live.url, cookie)

        # A password change (omnisim trainer password) ends every session too.
        http, cookie = await sign_in(live.url, "formatrice")
        browsers.append((http, cookie))
        socket = await watch(live.url, {"exam": exam_id}, cookie)
        await live.accounts.change_password(trainer_id, "un tout nouveau mot de passe")
        assert "Votre session est fermée" in await socket.cut()
        assert not await opens_pages(live.url, cookie)
    finally:
        for http, _cookie in browsers:
            await http.close()


async def test_a_revoked_link_and_a_deleted_token_lose_their_open_sockets(live):
    """Issue 20: identity was checked only at connect; a revoked link kept acting."""
    tokens = await live.session()
    candidate = await watch(live.url, {"token": tokens.candidate})
    jury = await watch(live.url, {"token": tokens.jury})
    trainer = await watch(live.url, {"token": tokens.trainer, "exam": tokens.exam_id})
    auth = {"Authorization": f"Bearer {tokens.trainer}"}
    base = f"{live.url}/api/exams/{tokens.exam_id}"
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base}/people/c1/revoke", headers=auth) as resp:
            assert resp.status == 200
        assert "Ce lien ne fonctionne plus" in await candidate.cut()
        assert jury.sio.connected and trainer.sio.connected  # other links are untouched
        token_id = tokens.trainer.split(".", 1)[0].rpartition(":")[2]
        async with http.delete(f"{live.url}/api/tokens/{token_id}", headers=auth) as resp:
            assert resp.status == 200
        assert "jeton d'API a été révoqué" in await trainer.cut()
    assert jury.sio.connected
    assert live.app[CREDENTIALS].cut_count == 2
    await jury.sio.disconnect()


async def test_the_reason_is_in_the_socket_s_language(live):
    tokens = await live.session()
    candidate = await watch(live.url, {"token": tokens.candidate, "lang": "en"})
    exam = await live.exams.get(tokens.exam_id)

    await commands.run(exam, commands.Revoke(exam.created.trainer_id, "c1"))
    assert "This link no longer works" in await candidate.cut()


async def test_the_sweep_catches_a_password_changed_from_another_process(live, tmp_path):
    """``omnisim trainer password`` writes to the store from its own process: no message
    reaches the server, the sweep finds it."""
    trainer_id, exam_id = await trainer_with_exam(live.app, "formatrice")
    http, cookie = await sign_in(live.url, "formatrice")
    try:
        socket = await watch(live.url, {"exam": exam_id}, cookie)
        elsewhere = Accounts(live.store)  # as the command line would, on the same store
        await elsewhere.change_password(trainer_id, "un tout nouveau mot de passe")
        assert socket.sio.connected  # nobody told this worker
        assert await live.app[CREDENTIALS].recheck("", tell=False) == 1
        assert "Votre session est fermée" in await socket.cut()
    finally:
        await http.close()


@pytest.mark.redis
async def test_a_revocation_on_one_worker_cuts_the_sockets_on_another(aiohttp_server, redis_url):
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    url_a, url_b = f"http://127.0.0.1:{a.port}", f"http://127.0.0.1:{b.port}"
    tokens = await open_exam(a.app)
    candidate = await watch(url_b, {"token": tokens.candidate})  # on worker B
    exam = await a.app[EXAMS].get(tokens.exam_id)

    started = time.perf_counter()
    await commands.run(exam, commands.Revoke(exam.created.trainer_id, "c1"))  # on worker A
    assert "Ce lien ne fonctionne plus" in await candidate.cut()
    print(f"\nrevoked on A: socket on B cut after {(time.perf_counter() - started) * 1000:.0f} ms")

    # A session signed out on B ends its socket on A.
    login = f"f{free_port()}"
    await a.app[ACCOUNTS].add_trainer(login, "Formateur", TEST_PASSWORD)
    http, cookie = await sign_in(url_b, login)
    trainer_id = (await a.app[ACCOUNTS].refresh()).by_login(login).id
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    own, _ = await a.app[EXAMS].create(
        trainer_id, scenario, [RosterEntry("Claire Roussel", number="1")], mode="training"
    )
    try:
        board = await watch(url_a, {"exam": own.exam_id, "board": True}, cookie)
        assert await post_form(http, url_b, "/signout") == 303
        assert "Votre session est fermée" in await board.cut()
    finally:
        await http.close()
