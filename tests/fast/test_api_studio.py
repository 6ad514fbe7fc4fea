"""The deck studio's API, for a centre's own tools (API token) and for the studio's page
(session cookie plus the page's CSRF token): documents, checks, versions, conflicts,
publication, archive, delete and zips, every refusal in French or English."""

from __future__ import annotations

import copy
import gzip
import io
import json
import re
import zipfile

import aiohttp

from omnisim.web.keys import LIBRARY
from omnisim.web.pages import (  # noqa: F401  imported at collection, not in a test's setup on the loop
    board,
    candidate,
    decks,
    documents,
    exam,
    exams,
    jury,
)
from tests.conftest import TEST_PASSWORD
from tests.fast.test_api import ROSTER, api_token


async def test_a_tool_writes_a_deck_through_the_api(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        api = f"{live.url}/api/decks"
        async with http.post(f"{api}/bundled:mini/duplicate", json={}, headers=auth) as r:
            assert r.status == 201, await r.text()
            made = await r.json()
        deck = made["deck"]
        assert made["title"] == "Mini : un tchat de livraison (copie)" and made["version"] == 1
        async with http.get(f"{api}/{deck}", headers=auth) as r:
            body = await r.json()
        doc, problems = body["document"], body["problems"]
        assert problems == [] and doc["contacts"][0]["id"] == "tchat-livraison"

        broken = copy.deepcopy(doc)
        broken["contacts"][0]["at"] = "bientôt"
        async with http.post(f"{api}/check", json={"document": broken}, headers=auth) as r:
            found = (await r.json())["problems"]
        assert [p["path"] for p in found] == ["contacts[0].at"]
        assert "nombre" in found[0]["message"]  # French unless ?lang=en
        async with http.put(
            f"{api}/{deck}", json={"base": 1, "document": broken}, headers=auth
        ) as r:
            saved = await r.json()
        assert r.status == 200 and saved["version"] == 2 and len(saved["problems"]) == 1
        async with http.post(f"{api}/{deck}/publish?lang=en", json={}, headers=auth) as r:
            refused = await r.json()
        assert r.status == 422 and refused["problems"][0]["path"] == "contacts[0].at"
        assert "problems" in refused["error"]["reason"]

        # Another tool saved from version 1 too: a conflict naming what changed since.
        other = copy.deepcopy(doc)
        other["settings"]["seed"] = 99
        async with http.put(
            f"{api}/{deck}", json={"base": 1, "document": other}, headers=auth
        ) as r:
            conflict = await r.json()
        assert r.status == 409 and conflict["error"]["field"] == "base"
        theirs = conflict["conflict"]["theirs"]
        assert [v["version"] for v in theirs] == [2]
        assert theirs[0]["changes"] == ["Contact tchat-livraison : arrivée 0:00:30 → « bientôt »"]
        assert conflict["conflict"]["merged"]["settings"]["seed"] == 99
        assert conflict["conflict"]["merged"]["contacts"][0]["at"] == "bientôt"

        async with http.post(
            f"{api}/{deck}/restore", json={"version": 1, "base": 2}, headers=auth
        ) as r:
            restored = await r.json()
        assert restored["version"] == 3 and restored["problems"] == []
        async with http.get(f"{api}/{deck}/versions?lang=en", headers=auth) as r:
            history = (await r.json())["versions"]
        assert [v["version"] for v in history] == [3, 2, 1]
        assert history[0]["restored_from"] == 1 and history[0]["author"] == "Formateur API"
        async with http.get(f"{api}/{deck}/diff?from=2&to=3&lang=en", headers=auth) as r:
            assert (await r.json())["changes"] == [
                "Contact tchat-livraison: arrival “bientôt” → 0:00:30"
            ]
        async with http.get(f"{api}/{deck}/versions/2", headers=auth) as r:
            assert (await r.json())["document"]["contacts"][0]["at"] == "bientôt"

        async with http.post(f"{api}/{deck}/publish", json={"version": 3}, headers=auth) as r:
            assert (await r.json())["published"] == 3
        async with http.get(api, headers=auth) as r:
            listed = {d["deck"]: d for d in (await r.json())["decks"]}
        assert listed[deck]["published"] == 3 and listed["bundled:demo"]["read_only"]
        async with http.post(
            f"{live.url}/api/exams", json=ROSTER | {"deck": f"library:{deck}"}, headers=auth
        ) as r:
            assert r.status == 201, await r.text()
        async with http.delete(f"{api}/{deck}", headers=auth) as r:
            assert r.status == 422 and (await r.json())["error"]["field"] == "deck"
        async with http.post(f"{api}/{deck}/archive", json={"archived": True}, headers=auth) as r:
            assert (await r.json())["archived"] is True
        async with http.post(
            f"{live.url}/api/exams", json=ROSTER | {"deck": f"library:{deck}"}, headers=auth
        ) as r:
            assert r.status == 422 and (await r.json())["error"]["field"] == "deck"

        async with http.get(f"{api}/{deck}/zip", headers=auth) as r:
            assert r.headers["Content-Disposition"].endswith('.zip"')
            data = await r.read()
        async with http.post(
            f"{api}?name=again.zip", data=data, headers=auth | {"Content-Type": "application/zip"}
        ) as r:
            again = await r.json()
        assert r.status == 200 and again["deck"] == deck and again["existing"] is True
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
        assert any(re.fullmatch(r"[a-z0-9-]+/contacts/001-tchat-livraison\.yaml", n) for n in names)


async def test_bundled_decks_are_read_only_and_unknown_ones_are_named(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        api = f"{live.url}/api/decks"
        async with http.get(f"{api}/bundled:demo", headers=auth) as r:
            demo = await r.json()
        assert demo["read_only"] and len(demo["document"]["contacts"]) == 11
        async with http.put(
            f"{api}/bundled:demo", json={"base": 1, "document": demo["document"]}, headers=auth
        ) as r:
            assert r.status == 422 and "dupliquez" in (await r.json())["error"]["reason"]
        packed = gzip.compress(json.dumps({"document": demo["document"]}).encode())
        gzipped = auth | {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        async with http.post(f"{api}/check", data=packed, headers=gzipped) as r:
            assert r.status == 200 and (await r.json())["problems"] == []  # as the studio sends
        async with http.get(f"{api}/dk0000000000", headers=auth) as r:
            assert r.status == 404
        async with http.get(f"{api}/bundled:demo/zip", headers=auth) as r:
            assert r.status == 200 and r.content_type == "application/zip"
        async with http.post(f"{api}/new", json={"title": "Vide"}, headers=auth) as r:
            empty = await r.json()
        assert r.status == 201 and empty["title"] == "Vide"
        assert {p["path"] for p in empty["problems"]} >= {"settings.id", "settings.language"}
        async with http.get(f"{api}/schema", headers=auth) as r:
            schema = await r.json()
        assert "key" in schema["properties"]["contacts"]["items"]["properties"]
        markdown = {"text": "# Titre\n<script>alert(1)</script> [x](javascript:alert(1))"}
        async with http.post(f"{live.url}/api/markdown", json=markdown, headers=auth) as r:
            html = (await r.json())["html"]
        assert "<h1>Titre</h1>" in html and "<script>" not in html and "href" not in html


async def test_the_studio_page_calls_the_api_with_its_session_and_csrf_token(live):
    trainer = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    made = await live.app[LIBRARY].duplicate(trainer.id, "bundled:mini", lambda _t: "Mini")
    deck = made.deck.deck_id
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        form = {"login": "anne", "password": TEST_PASSWORD}
        async with http.get(f"{live.url}/signin") as r:
            token = re.search(r'name="csrf_token" value="([^"]+)"', await r.text())
        assert token
        same_origin = {"Origin": live.url}  # sign-in is same-origin only
        signing_in = form | {"csrf_token": token[1]}
        async with http.post(f"{live.url}/signin", data=signing_in, headers=same_origin) as r:
            assert r.status == 200
        async with http.get(f"{live.url}/decks/{deck}") as r:
            page = await r.text()
        csrf = re.search(r'"csrf": "([^"]+)"', page)
        assert csrf and 'id="studio"' in page
        body = {"base": 1, "document": made.deck.document | {"briefing": "Bonjour"}}
        async with http.put(f"{live.url}/api/decks/{deck}", json=body) as r:
            refused = await r.json()
        assert r.status == 422 and refused["error"]["field"] == "X-CSRF-Token"
        async with http.put(
            f"{live.url}/api/decks/{deck}", json=body, headers={"X-CSRF-Token": csrf[1]}
        ) as r:
            assert r.status == 200 and (await r.json())["version"] == 2
    async with (
        aiohttp.ClientSession() as anonymous,
        anonymous.get(f"{live.url}/api/decks/{deck}") as r,
    ):
        assert r.status == 401


async def test_the_studio_says_warnings_apart_and_they_never_block(live):
    """A warning (deck/advice.py: grading only narrowed) comes apart from the problems, at its
    field, in the reader's language; the deck still publishes (fmt18)."""
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        api = f"{live.url}/api/decks"
        async with http.post(f"{api}/bundled:mini/duplicate", json={}, headers=auth) as r:
            deck = (await r.json())["deck"]
        async with http.get(f"{api}/{deck}", headers=auth) as r:
            doc = (await r.json())["document"]
        contact = doc["contacts"][0]
        contact["key"] = {
            "answer_points": [{"label": "Où en est la commande", "accepts": ["commande"]}]
        }
        for lang, word in (("fr", "écho"), ("en", "echo")):
            async with http.post(
                f"{api}/check?lang={lang}", json={"document": doc}, headers=auth
            ) as r:
                body = await r.json()
            assert body["problems"] == []
            assert [w["path"] for w in body["warnings"]] == [
                "contacts[0].key.answer_points[0].accepts[0]"
            ]
            assert word in body["warnings"][0]["message"]
        async with http.put(f"{api}/{deck}", json={"base": 1, "document": doc}, headers=auth) as r:
            assert r.status == 200 and (await r.json())["problems"] == []
        async with http.post(f"{api}/{deck}/publish", json={}, headers=auth) as r:
            assert r.status == 200, await r.text()
