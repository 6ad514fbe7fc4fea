"""A trainer signs in, creates an exam for a room, hands out links; strangers get nothing.

Real HTTP against a served app (cookies, CSRF tokens and redirects as a browser has them).
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import aiohttp
import pytest
import socketio

from tests.conftest import CONNECT_WAIT, TEST_PASSWORD

CANDIDATES = "Claire Roussel ; 0001\nKarim Benali ; 0002\nÉlodie Martin ; 0003"
JURY = "Marc Dubois ; interne\nSophie Laurent ; externe"
SECURITY = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


async def signed_in(live: Any) -> aiohttp.ClientSession:
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with http.get(f"{live.url}/signin") as resp:
        token = csrf_of(await resp.text())
    form = {"login": "formatrice", "password": TEST_PASSWORD, "csrf_token": token, "next": "/exams"}
    async with http.post(f"{live.url}/signin", data=form, headers=same_origin(live)) as resp:
        assert resp.status == 200 and resp.url.path == "/exams"
    return http


def same_origin(live: Any) -> dict[str, str]:
    """What a browser sends with the sign-in form posted from our own page."""
    return {"Origin": live.url}


async def create(http: aiohttp.ClientSession, live: Any, **fields: str) -> aiohttp.ClientResponse:
    async with http.get(f"{live.url}/exams/new") as resp:
        token = csrf_of(await resp.text())
    form = {
        "csrf_token": token,
        "title": "Session de novembre",
        "deck": "bundled:mini",
        "mode": "exam",
        "candidates": CANDIDATES,
        "jury": JURY,
    } | fields
    return await http.post(f"{live.url}/exams", data=form)


async def test_a_trainer_creates_an_exam_and_every_person_gets_a_working_link(live):
    http = await signed_in(live)
    try:
        resp = await create(http, live)
        assert resp.status == 200 and re.fullmatch(r"/exams/ex[0-9a-f]+", resp.url.path)
        html = await resp.text()
        links = re.findall(r'href="(http://127\.0\.0\.1:\d+/(candidate|jury)\?token=[^"]+)"', html)
        assert len({url for url, _ in links}) == 5
        assert sum(role == "candidate" for _, role in links) == 3
        for name in ("Claire Roussel", "Karim Benali", "Élodie Martin", "Sophie Laurent"):
            assert name in html
        exam_id = resp.url.path.rsplit("/", 1)[1]
        for url, role in {u: r for u, r in links}.items():
            async with aiohttp.ClientSession() as anonymous, anonymous.get(url) as page:
                assert page.status == 200, url
            token = url.split("token=", 1)[1]
            other = "jury" if role == "candidate" else "candidate"
            wrong_role = url.replace(f"/{role}?", f"/{other}?")
            async with aiohttp.ClientSession() as anonymous, anonymous.get(wrong_role) as page:
                assert page.status == 403
            # The token names its exam: moved to another exam id, it opens nothing.
            forged = token.replace(exam_id, "ex0000000000", 1)
            forged_url = f"{live.url}/{role}?token={forged}"
            async with aiohttp.ClientSession() as anonymous, anonymous.get(forged_url) as page:
                assert page.status == 403
        async with http.get(f"{live.url}/exams") as page:
            assert "Session de novembre" in await page.text()
    finally:
        await http.close()


async def test_links_come_from_the_public_url_never_the_host_header(live):
    http = await signed_in(live)
    try:
        resp = await create(http, live)
        page = f"{live.url}{resp.url.path}"
        async with http.get(page, headers={"Host": "evil.example:80"}) as spoofed:
            html = await spoofed.text()
        assert "evil.example" not in html
        assert f"{live.url}/candidate?token=" in html
    finally:
        await http.close()


async def test_strangers_cannot_see_answer_keys_or_create_exams(live):
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as anonymous:
        async with anonymous.get(f"{live.url}/decks/demo", allow_redirects=False) as resp:
            assert resp.status == 303 and resp.headers["Location"].startswith("/signin")
        async with anonymous.get(f"{live.url}/exams/new", allow_redirects=False) as resp:
            assert resp.status == 303
        async with anonymous.get(f"{live.url}/signin") as resp:
            token = csrf_of(await resp.text())
        form = {"csrf_token": token, "deck": "bundled:demo", "candidates": "A ; 1", "mode": "exam"}
        async with anonymous.post(f"{live.url}/exams", data=form, allow_redirects=False) as resp:
            assert resp.status == 303 and resp.headers["Location"].startswith("/signin")
        async with anonymous.post(f"{live.url}/api/exams", json={}) as resp:
            assert resp.status == 401
        async with anonymous.get(f"{live.url}/jury?token=wrong") as resp:
            assert resp.status == 403


async def test_a_form_post_without_its_csrf_token_is_refused(live):
    http = await signed_in(live)
    try:
        form = {"deck": "bundled:mini", "mode": "exam", "candidates": "A ; 1"}
        async with http.post(f"{live.url}/exams", data=form) as resp:
            assert resp.status == 403
            assert "csrf_token" in await resp.text()
        async with http.post(f"{live.url}/exams", data=form | {"csrf_token": "forged"}) as resp:
            assert resp.status == 403
    finally:
        await http.close()


async def test_a_wrong_password_is_refused_and_the_cookie_is_strict(live):
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        async with http.get(f"{live.url}/signin") as resp:
            token = csrf_of(await resp.text())
        form = {"login": "formatrice", "password": "pas le bon mot", "csrf_token": token}
        async with http.post(f"{live.url}/signin", data=form, headers=same_origin(live)) as resp:
            assert resp.status == 401
            assert "incorrect" in await resp.text()
        form["password"] = TEST_PASSWORD
        async with http.post(
            f"{live.url}/signin", data=form, headers=same_origin(live), allow_redirects=False
        ) as resp:
            cookie = resp.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "omnisim_session=" in cookie


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("candidates", "Claire Roussel ; 0001\nKarim ; 0001", "apparaît deux fois"),
        ("candidates", "", "au moins un candidat"),
        ("candidates", "Claire Roussel ;", "numéro de candidat est obligatoire"),
        ("jury", "Marc ; président", "ligne 1"),
        ("time_factor", "vite", "Rythme"),
        ("deck", "bundled:nope", "Deck inconnu"),
    ],
)
async def test_a_bad_field_is_named_in_french_and_nothing_typed_is_lost(
    live, field, value, message
):
    http = await signed_in(live)
    try:
        resp = await create(http, live, **{field: value})
        html = await resp.text()
        assert resp.status == 422
        assert message in html
        assert re.search(rf'id="{field}"[^>]*class="[^"]*field-error', html), field
        assert "Session de novembre" in html  # the title typed is still there
    finally:
        await http.close()


async def test_security_headers_on_every_route(live):
    http = await signed_in(live)
    try:
        resp = await create(http, live)
        exam_path = resp.url.path
        html = await resp.text()
        candidate = re.search(r'href="(http://[^"]+/candidate\?token=[^"]+)"', html).group(1)
        paths = {route.resource.canonical for route in live.app.router.routes() if route.resource}
        assert {"/", "/signin", "/exams", "/exams/new", "/candidate", "/jury"} <= paths
        urls = [
            "/",
            "/signin",
            "/exams",
            "/exams/new",
            exam_path,
            f"{exam_path}/links",
            f"{exam_path}/export",
            candidate.split(str(live.port), 1)[1],
            "/decks/demo",
            "/api/openapi.json",
            "/static/app.css",
            "/nowhere",
            "/jury?token=wrong",
        ]
        for url in urls:
            async with http.get(f"{live.url}{url}") as page:
                csp = page.headers.get("Content-Security-Policy", "")
                assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
                assert "unsafe-inline" not in csp
                for name, value in SECURITY.items():
                    assert page.headers.get(name) == value, (url, name)
                if page.content_type == "text/html":
                    assert "<script>" not in (await page.text()), url  # no inline script
    finally:
        await http.close()


async def test_candidate_and_jury_sockets_are_scoped_to_their_exam_and_role(live):
    first, second = await live.session(), await live.session()
    jury = await live.connect(first.jury)
    assert (await jury.act("pickup", {"contact_id": "tchat-livraison"}))["ok"] is False
    # A jury link cannot follow a candidate of another exam.
    client = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            live.url,
            auth={"token": first.jury, "candidate": "c9"},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
    # A trainer's API token opens only that trainer's exams.
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(
            live.url,
            auth={"token": first.trainer, "exam": second.exam_id},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )


async def test_a_refused_command_is_explained_on_the_exam_page(live):
    http = await signed_in(live)
    try:
        resp = await create(http, live)
        exam_page = await resp.text()
        token = csrf_of(exam_page)
        async with http.post(f"{resp.url}/resume", data={"csrf_token": token}) as refused:
            assert refused.status == 409
            assert "L'examen n'est pas en pause." in unescape(await refused.text())
        async with http.post(f"{resp.url}/start", data={"csrf_token": token}) as started:
            assert started.status == 200 and "en cours" in await started.text()
        async with http.get(f"{live.url}/exams") as listing:
            assert "en cours" in await listing.text()
    finally:
        await http.close()


async def test_the_grid_is_named_by_its_title_never_its_identifier(live):
    http = await signed_in(live)
    try:
        async with http.get(f"{live.url}/exams/new") as resp:
            form = await resp.text()
        options = dict(re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', form))
        assert unescape(options["cqp_telesecretaire"]) == "Télésecrétaire qualifié(e)"
        assert unescape(options["cp_ffp"]) == "Conseiller la clientèle en appels entrants"
        resp = await create(http, live, deck="bundled:demo")
        summary = unescape(await resp.text()).split('class="summary"', 1)[1].split("</p>", 1)[0]
        assert "Grille : Télésecrétaire qualifié(e) v" in summary
        assert "cqp_telesecretaire" not in summary
        async with http.get(f"{live.url}/exams/new?lang=en") as resp:
            english = dict(
                re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', await resp.text())
            )
        assert english["cqp_telesecretaire"] != "cqp_telesecretaire"
    finally:
        await http.close()
