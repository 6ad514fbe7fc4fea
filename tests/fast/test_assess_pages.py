"""A signed-in trainer checks a deck before any exam: what it can assess, a dry run, a trial.

Real HTTP against a served app (cookies, CSRF tokens, redirects) and a real socket.io client
on the trial's link; the trial belongs to no exam: not listed, not exported, gone when expired.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any
from urllib.parse import quote

import aiohttp
import socketio

import omnisim.web.app  # noqa: F401  imported at collection, not inside a test's event loop
from tests.conftest import Client, of_type
from tests.fast.test_exam_pages import csrf_of, signed_in

DEMO = quote("bundled:demo", safe="")


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


async def test_the_coverage_page_names_what_the_demo_cannot_assess(live):
    http = await signed_in(live)
    try:
        async with http.get(f"{live.url}/decks/{DEMO}/coverage") as resp:
            assert resp.status == 200
            html = await resp.text()
        words = text_of(html)
        assert "Ce que le deck permet d'évaluer" in words
        gap = "Aucun contact ne permet d'évaluer CQP C.1.6 (Détecter les appels prioritaires)."
        assert gap in words
        # One column per contact (9 of the day, 2 of the library), one row per criterion.
        assert len(re.findall(r'<th scope="col" class="contact ', html)) == 11
        assert len(re.findall(r"<tr class=\"(covered|partial|none|extra|jury)\"", html)) == 17
        row = re.search(r'data-criterion="CQP C.1.8">(.*?)</tr>', html, re.S)
        assert row and "message" in row.group(1) and "évalué" in row.group(1)

        # Another certification's grid: said, and judged all the same.
        async with http.get(f"{live.url}/decks/{DEMO}/coverage?grid=mc_acvd&lang=en") as resp:
            words = text_of(await resp.text())
        assert "This deck does not prepare for the grid" in words
        assert "No contact lets the jury assess" in words

        async with http.get(f"{live.url}/decks/{quote('bundled:nope', safe='')}/coverage") as r:
            assert r.status == 404
        async with http.get(f"{live.url}/decks/{DEMO}/coverage?grid=nope") as resp:
            assert resp.status == 404
    finally:
        await http.close()


async def test_the_dry_run_says_whether_the_deck_separates_good_from_weak(live):
    http = await signed_in(live)
    try:
        async with http.get(f"{live.url}/decks/{DEMO}/coverage") as resp:
            token = csrf_of(await resp.text())
        async with http.post(f"{live.url}/decks/{DEMO}/dryrun", data={}) as resp:
            assert resp.status == 403  # no CSRF token: refused like every form
        async with http.post(f"{live.url}/decks/{DEMO}/dryrun", data={"csrf_token": token}) as resp:
            assert resp.status == 200
            html = await resp.text()
        words = text_of(html)
        assert "Ce deck sépare un bon candidat d'un candidat faible" in words
        assert "Candidat soigneux : admis" in words or "Candidat soigneux : sans décision" in words
        assert "Candidat négligent : non admis" in words
        careful = re.findall(r'<td class="verdict (\w+)">', html)
        assert len(careful) == 2 * 17
        assert "Les critères qui ne départagent pas" in words
    finally:
        await http.close()


async def trial_link(
    http: aiohttp.ClientSession, live: Any, **fields: str
) -> aiohttp.ClientResponse:
    async with http.get(f"{live.url}/decks/{DEMO}/coverage") as resp:
        token = csrf_of(await resp.text())
    return await http.post(
        f"{live.url}/decks/{DEMO}/try", data={"csrf_token": token, **fields}, allow_redirects=False
    )


async def test_a_trial_of_one_contact_opens_the_real_desk_and_the_customer_answers(live):
    http = await signed_in(live)
    try:
        resp = await trial_link(http, live, contact="pression-confidentielle", pace="30")
        assert resp.status == 303
        location = resp.headers["Location"]
        assert location.startswith("/candidate?") and "token=" in location
        token = location.split("token=", 1)[1].split("&", 1)[0]
        # The link alone opens the desk, as a side window has it.
        async with aiohttp.ClientSession() as anonymous, anonymous.get(live.url + location) as page:
            assert page.status == 200
            assert "Essai : " in unescape(await page.text())

        client = Client(socketio.AsyncClient(reconnection=False))
        client.listen()
        await client.sio.connect(live.url, auth={"token": token}, transports=["websocket"])
        try:
            assert (await client.join(0))["ok"]
            assert (await client.act("start"))["ok"]
            offered = await client.wait_for(of_type("contact.offered"), timeout=5)
            contact = offered["payload"]["contact_id"]
            assert contact == "pression-confidentielle"
            assert (await client.act("pickup", {"contact_id": contact}))["ok"]
            sent = {"contact_id": contact, "text": "Bonjour, que puis-je pour vous ?"}
            assert (await client.act("send", sent))["ok"]
            said = await client.wait_for(
                lambda e: e["type"] == "message.sent" and e["actor"] == "customer", timeout=10
            )
            assert said["payload"]["text"]
            # Nothing of the answer key in what the trial's desk receives.
            assert all("trap" not in str(e["payload"].get("reason", "")) for e in client.events)
        finally:
            await client.sio.disconnect()

        # It belongs to no exam: not listed, not exported, not reachable as an exam.
        async with http.get(f"{live.url}/exams") as resp:
            assert "Essai" not in unescape(await resp.text())
        exam_id = token.split("-", 1)[0]
        async with http.get(f"{live.url}/exams/{exam_id}") as resp:
            assert resp.status == 404
        async with http.get(f"{live.url}/exams/{exam_id}/export") as resp:
            assert resp.status == 404
        assert exam_id not in await live.store.session_ids()
    finally:
        await http.close()


async def test_a_bad_trial_names_its_field_and_keeps_what_was_typed(live):
    http = await signed_in(live)
    try:
        resp = await trial_link(http, live, contact="pression-confidentielle", pace="vite")
        assert resp.status == 422
        html = await resp.text()
        assert re.search(r'id="try-pace" name="pace" [^>]*field-error" value="vite"', html)
        assert 'value="pression-confidentielle" selected' in html
        resp = await trial_link(http, live, contact="personne")
        assert resp.status == 422
        assert "Contact inconnu dans ce deck : personne." in unescape(await resp.text())
    finally:
        await http.close()
