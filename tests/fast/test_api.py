"""The JSON API does what the pages do, for scripts and a centre's own tools; its OpenAPI
description matches its routes."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import random
import zipfile
from pathlib import Path

import aiohttp

from omnisim.protocol.actions import GRADING
from omnisim.web.api import ENDPOINTS
from tests.conftest import ROOT, TEST_PASSWORD

ROSTER = {
    "deck": "bundled:mini",
    "title": "Examen blanc",
    "mode": "exam",
    "time_factor": 120,
    "candidates": [{"name": "Claire Roussel", "number": "0001"}, {"name": "Karim", "number": "2"}],
    "jury": [
        {"name": "Marc Dubois", "evaluator": "internal"},
        {"name": "Ana Roy", "evaluator": "external"},
    ],
}


async def api_token(live, http: aiohttp.ClientSession) -> dict[str, str]:
    await live.accounts.add_trainer("api", "Formateur API", TEST_PASSWORD)
    body = {"login": "api", "password": TEST_PASSWORD, "label": "script"}
    async with http.post(f"{live.url}/api/tokens", json=body) as resp:
        assert resp.status == 201
        token = (await resp.json())["token"]
    return {"Authorization": f"Bearer {token}"}


async def test_a_script_runs_an_exam_end_to_end(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        async with http.get(f"{live.url}/api/decks", headers=auth) as resp:
            assert "bundled:demo" in {d["deck"] for d in (await resp.json())["decks"]}
        async with http.post(f"{live.url}/api/exams", json=ROSTER, headers=auth) as resp:
            assert resp.status == 201, await resp.text()
            exam = await resp.json()
        assert exam["mode"] == "exam" and exam["time_factor"] == 120
        assert exam["deck"]["hash"].startswith("sha256:")
        links = {link["person_id"]: link["url"] for link in exam["links"]}
        assert set(links) == {"c1", "c2", "j1", "j2"} and links["c1"].startswith(live.url)
        base = f"{live.url}/api/exams/{exam['exam_id']}"
        async with http.post(f"{base}/start", headers=auth) as resp:
            assert (await resp.json())["status"] == "running"
        async with http.post(f"{base}/start", headers=auth) as resp:
            assert resp.status == 422
            assert (await resp.json())["error"]["field"] == "type"
        async with http.post(f"{base}/pause", headers=auth) as resp:
            assert (await resp.json())["status"] == "paused"
        async with http.post(f"{base}/people/c2/revoke", headers=auth) as resp:
            revoked = {link["person_id"]: link for link in (await resp.json())["links"]}["c2"]
        assert revoked["revoked"] is True and revoked["url"] is None
        async with http.get(f"{base}/export", headers=auth) as resp:
            lines = (await resp.text()).splitlines()
        assert '"exam.created"' in lines[0] and any('"session.paused"' in x for x in lines)
        async with http.get(f"{live.url}/api/exams", headers=auth) as resp:
            assert [e["exam_id"] for e in (await resp.json())["exams"]] == [exam["exam_id"]]

        jury = {"Authorization": "Bearer " + links["j1"].split("token=")[1]}
        decision = {"candidate_id": "c1", "criterion_id": "nope", "decision": "acquis"}
        async with http.post(f"{live.url}/api/grading/decide", json=decision, headers=jury) as r:
            assert r.status == 422 and (await r.json())["error"]["field"] == "criterion_id"
        async with http.post(f"{live.url}/api/grading/decide", json=decision, headers=auth) as r:
            assert r.status == 401  # a trainer's token is not a jury member's


async def test_errors_name_the_field_in_french_or_english(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        bad = ROSTER | {"candidates": [{"name": "Claire", "number": ""}]}
        async with http.post(f"{live.url}/api/exams", json=bad, headers=auth) as resp:
            error = (await resp.json())["error"]
        assert resp.status == 422 and error["field"] == "candidates[0].number"
        assert "obligatoire" in error["reason"]
        url = f"{live.url}/api/exams?lang=en"
        async with http.post(url, json=ROSTER | {"mode": "fun"}, headers=auth) as resp:
            assert (await resp.json())["error"] == {
                "field": "mode",
                "reason": "expected exam or training",
            }
        async with http.post(url, json=ROSTER | {"extra": 1}, headers=auth) as resp:
            assert (await resp.json())["error"]["field"] == "extra"
        async with http.post(
            url, data="{", headers=auth | {"Content-Type": "application/json"}
        ) as r:
            assert r.status == 422 and (await r.json())["error"]["field"] == "body"
        async with http.post(f"{live.url}/api/tokens", json={"login": "api", "password": "x"}) as r:
            assert r.status == 401


async def test_an_exam_needs_the_jury_its_grid_asks_and_a_training_any(live):
    """Issue 20: two evaluators, one external (the grid says so); refused in words."""
    one = [{"name": "Marc Dubois", "evaluator": "external"}]
    inside = [
        {"name": "Marc Dubois", "evaluator": "internal"},
        {"name": "Ana Roy", "evaluator": "internal"},
    ]
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        for jury, given in (
            (one, "1 membre(s), dont 1 externe"),
            (inside, "2 membre(s), dont 0 externe"),
            ([], "0 membre(s)"),
        ):
            async with http.post(
                f"{live.url}/api/exams", json=ROSTER | {"jury": jury}, headers=auth
            ) as r:
                error = (await r.json())["error"]
            assert r.status == 422 and error["field"] == "jury", error
            assert "mode examen" in error["reason"] and given in error["reason"], error
            assert (
                "Un ou deux représentants du monde économique" in error["reason"]
            )  # the grid's text
        async with http.post(
            f"{live.url}/api/exams?lang=en", json=ROSTER | {"jury": one}, headers=auth
        ) as r:
            assert "exam mode" in (await r.json())["error"]["reason"]
        for jury in (one, inside, []):
            training = ROSTER | {"jury": jury, "mode": "training"}
            async with http.post(f"{live.url}/api/exams", json=training, headers=auth) as r:
                assert r.status == 201, await r.text()


def zipped(folder: Path, top: str = "mon-deck", extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"{top}/{path.relative_to(folder)}")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def test_an_uploaded_deck_is_validated_and_playable(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        zip_headers = auth | {"Content-Type": "application/zip"}
        data = zipped(ROOT / "decks" / "mini")
        async with http.post(
            f"{live.url}/api/decks?name=mini.zip", data=data, headers=zip_headers
        ) as r:
            assert r.status == 201, await r.text()
            deck = (await r.json())["deck"]
        async with http.post(
            f"{live.url}/api/exams", json=ROSTER | {"deck": deck}, headers=auth
        ) as r:
            assert r.status == 201

        escaping = zipped(ROOT / "decks" / "mini", extra={"../evil.yaml": b"x: 1"})
        async with http.post(f"{live.url}/api/decks", data=escaping, headers=zip_headers) as r:
            problems = (await r.json())["error"]["problems"]
        assert r.status == 422 and any("../evil.yaml" in p["file"] for p in problems)
        broken = zipped(
            ROOT / "decks" / "mini", extra={"mon-deck/contacts/x.yaml": b"id: [unclosed"}
        )
        async with http.post(f"{live.url}/api/decks", data=broken, headers=zip_headers) as r:
            problems = (await r.json())["error"]["problems"]
        assert any(p["file"].endswith("contacts/x.yaml") and p["line"] >= 1 for p in problems)
        async with http.post(f"{live.url}/api/decks", data=b"not a zip", headers=zip_headers) as r:
            assert r.status == 422


async def test_openapi_describes_exactly_the_api_routes(live):
    async with aiohttp.ClientSession() as http, http.get(f"{live.url}/api/openapi.json") as resp:
        spec = await resp.json()
    described = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    served = {
        (route.method, route.resource.canonical)
        for route in live.app.router.routes()
        if route.resource is not None
        and route.resource.canonical.startswith("/api/")
        and route.method != "HEAD"
    }
    assert described == served
    assert {(e.method, e.path) for e in ENDPOINTS} == served
    create = spec["paths"]["/api/exams"]["post"]["requestBody"]["content"]["application/json"]
    assert "candidates" in create["schema"]["properties"]
    # The grading bodies are the grading events' own records, but what the server fills in.
    grading = spec["paths"]["/api/grading/{command}"]["post"]
    assert grading["parameters"][0]["schema"]["enum"] == list(GRADING)
    bodies = grading["requestBody"]["content"]["application/json"]["schema"]["oneOf"]
    sign = next(b for b in bodies if b["title"] == "sign")
    assert set(sign["properties"]) == {"candidate_id", "sheet_hash", "name"}
    decide = next(b for b in bodies if b["title"] == "decide")
    assert decide["properties"]["decision"] == {"enum": ["acquis", "non_acquis"]}
    answer = grading["responses"]["201"]["content"]["application/json"]["schema"]
    assert set(answer["properties"]) == {"ok", "seq", "grading"}  # the grading it leaves
    view = spec["paths"]["/api/grading/{candidate_id}"]["get"]["responses"]["200"]
    assert "criteria" in view["content"]["application/json"]["schema"]["properties"]


async def test_an_api_token_can_be_revoked_and_a_password_changed(live):
    async with aiohttp.ClientSession() as http:
        body = {"login": "api", "password": TEST_PASSWORD}
        await live.accounts.add_trainer("api", "Formateur API", TEST_PASSWORD)
        async with http.post(f"{live.url}/api/tokens", json=body) as resp:
            made = await resp.json()
        auth = {"Authorization": f"Bearer {made['token']}"}
        async with http.get(f"{live.url}/api/exams", headers=auth) as resp:
            assert resp.status == 200
        url = f"{live.url}/api/tokens/{made['token_id']}"
        async with http.delete(url, headers=auth) as resp:
            assert resp.status == 200
        async with http.get(f"{live.url}/api/exams", headers=auth) as resp:
            assert resp.status == 401
    trainer = live.accounts.state.by_login("api")
    await live.accounts.change_password(trainer.id, "un tout autre mot de passe")
    assert await live.accounts.sign_in("api", TEST_PASSWORD) is None
    assert await live.accounts.sign_in("api", "un tout autre mot de passe") is not None


async def test_bodies_are_read_whole_up_to_their_stated_limits(live):
    """One partial read cut bodies where the network paused: a valid 1 MiB zip was "not a
    zip" and 900 KB of JSON "invalid". Sent in small pieces, each is read whole, and past
    the limit refused by its field (issue 21)."""

    def trickled(data: bytes, piece: int = 7_000):
        async def pieces():
            for start in range(0, len(data), piece):
                await asyncio.sleep(0)
                yield data[start : start + piece]

        return pieces()

    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        noise = random.Random(21)  # base64 of random bytes: it does not compress
        extra = {
            f"mon-deck/notes{n}.txt": base64.b64encode(noise.randbytes(500_000)) for n in (1, 2)
        }
        big = zipped(ROOT / "decks" / "mini", extra=extra)
        assert len(big) > 1024 * 1024
        headers = auth | {"Content-Type": "application/zip"}
        url = f"{live.url}/api/decks?name=grand.zip"
        async with http.post(url, data=trickled(big), headers=headers) as resp:
            assert resp.status == 201, await resp.text()
        body = json.dumps(ROSTER) + " " * 900_000  # JSON allows the blanks
        headers = auth | {"Content-Type": "application/json"}
        data = trickled(body.encode())
        async with http.post(f"{live.url}/api/exams", data=data, headers=headers) as resp:
            assert resp.status == 201, await resp.text()
        over = json.dumps(ROSTER) + " " * (1024 * 1024)
        async with http.post(
            f"{live.url}/api/exams", data=trickled(over.encode()), headers=headers
        ) as resp:
            assert resp.status == 422
            assert (await resp.json())["error"]["field"] == "body"
