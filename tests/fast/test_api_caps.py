"""Every text of the API is capped like the forms, refused in words beyond, and the caps
are stated in the OpenAPI description (issue 21, item 8).

Before: a 100 KB candidate number and a 300 KB exam title were accepted through the API,
and the form cut titles at 200 characters without a word.
"""

from __future__ import annotations

import re
from typing import Any

import aiohttp
import pytest

from omnisim.exams.roster import MAX_NAME, MAX_NUMBER, MAX_TITLE
from omnisim.protocol.actions import MAX_TEXT
from omnisim.web.api.base import MAX_JSON
from tests.conftest import TEST_PASSWORD
from tests.fast.test_exam_pages import create, signed_in

ROSTER: dict[str, Any] = {
    "deck": "bundled:mini",
    "title": "Examen blanc",
    "mode": "training",
    "candidates": [{"name": "Claire Roussel", "number": "0001"}],
    "jury": [{"name": "Marc Dubois", "evaluator": "external"}],
}


@pytest.fixture
async def api(live):
    await live.accounts.add_trainer("api", "Formateur API", TEST_PASSWORD)
    http = aiohttp.ClientSession()
    body = {"login": "api", "password": TEST_PASSWORD, "label": "script"}
    async with http.post(f"{live.url}/api/tokens", json=body) as resp:
        token = (await resp.json())["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    yield http
    await http.close()


@pytest.mark.parametrize(
    ("change", "field", "limit"),
    [
        ({"title": "T" * 300_000}, "title", MAX_TITLE),
        ({"title": "T" * (MAX_TITLE + 1)}, "title", MAX_TITLE),
        (
            {"candidates": [{"name": "Claire Roussel", "number": "9" * 100_000}]},
            "candidates[0].number",
            MAX_NUMBER,
        ),
        (
            {"candidates": [{"name": "N" * (MAX_NAME + 1), "number": "1"}]},
            "candidates[0].name",
            MAX_NAME,
        ),
        ({"deck": "bundled:" + "x" * 200}, "deck", 100),
        ({"grid": "g" * 101}, "grid", 100),
    ],
)
async def test_a_text_over_its_cap_is_refused_naming_the_field(live, api, change, field, limit):
    async with api.post(f"{live.url}/api/exams", json=ROSTER | change) as resp:
        assert resp.status == 422
        error = (await resp.json())["error"]
    assert error["field"] == field
    assert re.sub(r"\D", "", error["reason"]) == str(limit), error  # "200 caractères au plus."
    assert await live.exams.of_trainer(live.accounts.state.by_login("api").id) == []


async def test_the_token_s_label_and_the_upload_s_name_are_refused_not_cut(live, api):
    body = {"login": "api", "password": TEST_PASSWORD, "label": "L" * 121}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{live.url}/api/tokens", json=body) as resp:
            assert resp.status == 422 and (await resp.json())["error"]["field"] == "label"
        body = {"login": "x" * 2000, "password": "y"}
        async with http.post(f"{live.url}/api/tokens", json=body) as resp:
            assert resp.status == 422 and (await resp.json())["error"]["field"] == "login"
    async with api.post(f"{live.url}/api/decks?name={'n' * 201}.zip", data=b"PK") as resp:
        assert resp.status == 422 and (await resp.json())["error"]["field"] == "name"


@pytest.mark.settings(rate_limit=100.0)
async def test_a_grading_text_is_capped_as_an_action_s(live):
    tokens = await live.session()
    head = {"Authorization": f"Bearer {tokens.jury}"}
    async with aiohttp.ClientSession() as http:
        body = {"candidate_id": "c1", "criterion_id": "x" * (MAX_TEXT + 1), "decision": "acquis"}
        async with http.post(f"{live.url}/api/grading/decide", json=body, headers=head) as resp:
            assert resp.status == 422
            assert (await resp.json())["error"]["field"] == "criterion_id"


async def test_the_form_refuses_a_long_title_in_words_and_keeps_what_was_typed(live):
    http = await signed_in(live)
    try:
        title = "Session de novembre " * 11  # 220 characters
        resp = await create(http, live, title=title)
        html = await resp.text()
        assert resp.status == 422
        assert "200 caractères au plus" in html
        assert re.search(r'id="title"[^>]*class="[^"]*field-error', html)
        assert title.strip() in html  # nothing typed is lost
    finally:
        await http.close()


async def test_the_openapi_description_states_every_cap(live):
    async with aiohttp.ClientSession() as http, http.get(f"{live.url}/api/openapi.json") as resp:
        spec = await resp.json()
    uncapped = []
    for path, operations in spec["paths"].items():
        for method, op in operations.items():
            body = op.get("requestBody")
            if body is None:
                continue
            assert "MiB at most" in body["description"], (method, path)
            stack = [(f"{method} {path}", c["schema"]) for c in body["content"].values()]
            while stack:
                where, node = stack.pop()
                text = node.get("type") == "string" and not {"enum", "format"} & set(node)
                if text and "maxLength" not in node:
                    uncapped.append(where)
                if node.get("type") == "array" and "maxItems" not in node:
                    uncapped.append(where)
                for key, value in node.items():
                    if isinstance(value, dict):
                        stack.append((f"{where}.{key}", value))
                    elif isinstance(value, list):
                        stack += [(f"{where}.{key}", v) for v in value if isinstance(v, dict)]
    assert uncapped == []
    exam = spec["paths"]["/api/exams"]["post"]["requestBody"]["content"]["application/json"]
    fields = exam["schema"]["properties"]
    assert fields["title"]["maxLength"] == MAX_TITLE
    assert fields["candidates"]["maxItems"] == 500
    person = fields["candidates"]["items"]["properties"]
    assert person["number"]["maxLength"] == MAX_NUMBER and person["name"]["maxLength"] == MAX_NAME
    assert MAX_JSON == 1024 * 1024  # as the description says
