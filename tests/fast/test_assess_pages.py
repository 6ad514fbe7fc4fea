"""A signed-in trainer checks a deck before any exam: what it can assess, a dry run, a trial.

Real HTTP against a served app (cookies, CSRF tokens, redirects) and a real socket.io client
on the trial's link; the trial belongs to no exam: not listed, not exported, gone when expired.
"""

from __future__ import annotations

import asyncio
import json
import re
from html import unescape
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
import socketio

import omnisim.web.app  # noqa: F401  imported at collection, not inside a test's event loop
from omnisim.scenario import load_scenario
from omnisim.web.keys import SANDBOXES
from tests.conftest import CONNECT_WAIT, MINI_DECK, Client, of_type
from tests.fast.test_api import ROSTER, api_token
from tests.fast.test_exam_pages import csrf_of, signed_in

DEMO = quote("bundled:demo", safe="")
# A deck with a criterion no contact gives evidence for: no message to take for an urgent caller
# beside another, so MC ACVD C4.3 « classées en fonction de l'urgence » has no occasion.
BOUTIQUE_GAP = (
    "Aucun contact ne permet d'évaluer MC ACVD C4.3 (Les informations sont classées en fonction "
    "de l'urgence, de l'importance)."
)


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
        # No principal's instruction says « s'excuser », nor reserves a promise on a complaint
        # (round 20's complaint_promise): C.1.14 is assessed only in part.
        gap = (
            "CQP C.1.14 (Gérer des situations difficiles) n'est évalué qu'en partie : aucun "
            "contact ne donne lieu à « Réclamation prise comme la consigne le demande (excuses, "
            "questions de la procédure) » ; « Réclamation traitée sans la promesse que la clé "
            "réserve au donneur d'ordres »."
        )
        assert gap in words
        # C.1.6: the urgent call rings during the rescheduling call (round 19).
        assert '<tr class="covered" data-criterion="CQP C.1.6">' in html
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
            html = unescape(await page.text())
            assert "Essai : " in html and "pression-confidentielle" not in html

        client = Client(socketio.AsyncClient(reconnection=False))
        client.listen()
        await client.sio.connect(
            live.url, auth={"token": token}, transports=["websocket"], wait_timeout=CONNECT_WAIT
        )
        try:
            assert (await client.join(0))["ok"]
            assert (await client.act("start"))["ok"]
            offered = await client.wait_for(of_type("contact.offered"), timeout=5)
            contact = offered["payload"]["contact_id"]
            assert contact == "c1"  # a trial's desk is a candidate's: the contact's handle
            assert (await client.act("pickup", {"contact_id": contact}))["ok"]
            sent = {"contact_id": contact, "text": "Bonjour, que puis-je pour vous ?"}
            assert (await client.act("send", sent))["ok"]
            said = await client.wait_for(
                lambda e: e["type"] == "message.sent" and e["actor"] == "customer", timeout=10
            )
            assert said["payload"]["text"]
            # Nothing of the answer key in what the trial's desk receives.
            assert all("trap" not in str(e["payload"].get("reason", "")) for e in client.events)
            assert "pression-confidentielle" not in json.dumps(client.events)
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


async def test_trials_expire_and_a_trainer_keeps_three_at_most(live):
    sandboxes = live.app[SANDBOXES]
    now = [1000.0]
    sandboxes.clock = lambda: now[0]
    mini = await asyncio.to_thread(load_scenario, MINI_DECK)
    trials = []
    for _ in range(4):
        now[0] += 1
        trials.append(await sandboxes.open("t1", "Anne (essai)", mini, pace=60))
    other = await sandboxes.open("t2", "Marc (essai)", mini)
    assert len(sandboxes) == 4  # the first of t1's four was closed
    assert await sandboxes.authenticate(trials[0].token) is None
    assert (await sandboxes.authenticate(trials[3].token)).role == "candidate"
    # A trial's link opens nothing of the exams, and an exam's token nothing of the trials.
    assert await live.exams.authenticate(trials[3].token) is None
    assert trials[3].exam.exam_id not in await live.store.session_ids()

    # 10 simulated minutes at ×60 last 10 s; the trial is closed 30 min after that.
    now[0] += 10 + 30 * 60 + 1
    assert await sandboxes.authenticate(trials[3].token) is None
    assert await sandboxes.get(trials[3].exam.exam_id) is None
    refused = socketio.AsyncClient(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        await refused.connect(
            live.url,
            auth={"token": trials[3].token},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
    assert await sandboxes.sweep() == 4 and len(sandboxes) == 0
    assert other.exam.exam_id not in [t.exam.exam_id for t in sandboxes.of_trainer("t2")]


async def test_the_api_twins_answer_in_json_and_are_described(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        base = f"{live.url}/api/decks/{DEMO}"
        async with http.get(f"{base}/coverage?lang=en", headers=auth) as resp:
            assert resp.status == 200
            found = await resp.json()
        assert [g["grid"] for g in found["grids"]] == ["cqp_telesecretaire"]
        grid = found["grids"][0]
        assert grid["prepared"] and grid["warning"] is None and grid["total"] == 17
        c1_14 = next(c for c in grid["criteria"] if c["id"] == "cqp.c1_14")
        assert c1_14["status"] == "partial"
        assert c1_14["missing"] == ["instructed_apology", "complaint_promise"]
        assert c1_14["sentence"].startswith(
            "CQP C.1.14 (Handle difficult situations) is assessed only"
        )
        c1_6 = next(c for c in grid["criteria"] if c["id"] == "cqp.c1_6")
        assert c1_6["status"] == "covered" and c1_6["missing"] == []
        assert set(c1_6["contacts"]) == {"urgence-cabinet", "deplacer-rdv"}
        boutique = quote("bundled:mc_acvd_boutique", safe="")
        url = f"{live.url}/api/decks/{boutique}/coverage?lang=en"
        async with http.get(url, headers=auth) as resp:
            c4_3 = next(
                c for c in (await resp.json())["grids"][0]["criteria"] if c["id"] == "mc.c4.urgence"
            )
        assert c4_3["status"] == "none" and c4_3["missing"] == ["handover_urgency"]
        assert c4_3["sentence"].startswith("No contact lets the jury assess MC ACVD C4.3")
        c1_8 = next(c for c in grid["criteria"] if c["id"] == "cqp.c1_8")
        assert set(c1_8["contacts"]) == {
            "pression-confidentielle",
            "message-email",
            "tchat-honoraires",
            "sms-confirmation",  # fmt17: its file has a namesake (Dupont / Dupond)
        }
        async with http.get(f"{base}/coverage?grid=mc_acvd", headers=auth) as resp:
            other = (await resp.json())["grids"][0]
        assert not other["prepared"] and other["warning"].startswith("Ce deck ne prépare pas")

        async with http.post(f"{base}/dryrun", json={}, headers=auth) as resp:
            assert resp.status == 200, await resp.text()
            run = await resp.json()
        assert [r["style"] for r in run["runs"]] == ["careful", "careless"]
        assert run["grids"][0]["verdict"] == "yes" and run["seconds"] > 0
        assert run["grids"][0]["outcomes"]["careless"]["passed"] is False

        async with http.post(f"{base}/try", json={"pace": 0}, headers=auth) as resp:
            assert resp.status == 422
            assert (await resp.json())["error"]["field"] == "pace"
        body = {"contact": "urgence-cabinet", "pace": 12}
        async with http.post(f"{base}/try", json=body, headers=auth) as resp:
            assert resp.status == 201, await resp.text()
            trial = await resp.json()
        assert trial["url"].startswith(f"{live.url}/candidate?token=")
        assert trial["time_factor"] == 12 and trial["contact"] == "urgence-cabinet"
        async with aiohttp.ClientSession() as anonymous, anonymous.get(trial["url"]) as page:
            assert page.status == 200

        async with http.get(f"{base}/coverage") as resp:
            assert resp.status == 401  # no token, nothing of the answer key
        async with http.get(f"{live.url}/api/openapi.json") as resp:
            paths = (await resp.json())["paths"]
        assert {"/api/decks/{deck}/coverage", "/api/decks/{deck}/dryrun"} <= set(paths)
        assert "post" in paths["/api/decks/{deck}/try"]


async def test_the_exam_form_warns_and_lets_the_trainer_go_past(live):
    http = await signed_in(live)
    try:
        async with http.get(f"{live.url}/exams/new?deck=bundled:mc_acvd_boutique") as resp:
            words = text_of(await resp.text())
        assert "Avant de créer cet examen" in words
        assert BOUTIQUE_GAP in words
        async with http.get(f"{live.url}/decks/{DEMO}/warnings") as resp:
            assert (await resp.json())["warnings"] == []  # every criterion has an occasion
        url = f"{live.url}/decks/{DEMO}/warnings?grid=mc_acvd&lang=en"
        async with http.get(url) as resp:
            said = await resp.json()
        assert said["warnings"][0].startswith("This deck does not prepare for the grid")
        assert said["coverage"] == f"/decks/{DEMO}/coverage?grid=mc_acvd&lang=en"
        services = quote("bundled:ccs_rc_services", safe="")
        async with http.get(f"{live.url}/decks/{services}/warnings") as resp:
            assert (await resp.json())["warnings"] == []  # it assesses all of its grid

        # A warning, not a refusal: the exam is created on the demo with another grid.
        async with http.get(f"{live.url}/exams/new") as resp:
            token = csrf_of(await resp.text())
        form = {
            "csrf_token": token,
            "deck": "bundled:demo",
            "grid": "mc_acvd",
            "mode": "training",
            "candidates": "Claire Roussel ; 0001",
        }
        async with http.post(f"{live.url}/exams", data=form) as resp:
            assert resp.status == 200 and re.fullmatch(r"/exams/ex[0-9a-f]+", resp.url.path)
    finally:
        await http.close()

    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        body = ROSTER | {"deck": "bundled:mc_acvd_boutique", "grid": "mc_acvd"}
        async with http.post(f"{live.url}/api/exams", json=body, headers=auth) as resp:
            assert resp.status == 201
            made = await resp.json()
        assert made["warnings"] == [BOUTIQUE_GAP]
