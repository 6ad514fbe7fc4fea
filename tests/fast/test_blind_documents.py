"""The blind rule on every route (issue 20): before every jury member has handed in, a
juror's link shows nothing of another juror's grading, in HTML, PDF, CSV or JSON, on every
GET route the app has (a route added later is walked too), and flipping one's own
decisions reveals nothing either: whatever juror 2 decided, juror 1 reads the same bytes.
"""

from __future__ import annotations

import asyncio
import io
import re
from typing import Any

import aiohttp
import pytest
from pypdf import PdfReader

from omnisim import events as ev
from omnisim.exams.roster import RosterEntry
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK
from tests.jury_flow import act, end_attempt

SKIP = ("/static", "/socket.io/")
PARAMS = {
    "exam_id": "",  # the exam's own id
    "candidate_id": "c1",
    "person_id": "c1",
    "deck_id": "mini",
    "deck": "bundled:demo",  # the deck studio's routes (trainer only)
    "version": "1",
    "number": "0001",  # a candidate's progress across exams (trainer only)
    "what": "cohort",  # the results' exports (trainer only)
    "fmt": "csv",
}
# "Édité le 6 déc. 2026, 07:27", "Produced on Dec 6, 2026, 7:27 AM": the clock, not the rule.
MOMENT = re.compile(r"(\d{1,2} \w+\.?|\w+\.? \d{1,2},) \d{4},? \d{1,2}:\d{2}(\s[AP]M)?")
CSRF = re.compile(r'name="csrf_token" value="[^"]*"')  # the sign-in form's, per visitor


async def jury_exam(live: Any) -> tuple[Any, dict[str, str]]:
    trainer = await live.accounts.add_trainer("blind", "Formatrice", "mot-de-passe-de-test")
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    exam, tokens = await live.exams.create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001"), RosterEntry("Hugo Lenoir", number="0002")],
        [
            RosterEntry("Marc Dubois", evaluator="internal"),
            RosterEntry("Ana Roy", evaluator="external"),
        ],
        mode="exam",
    )
    for candidate in ("c1", "c2"):
        await end_attempt(exam, candidate)
    return exam, tokens


async def decide_all(exam: Any, who: str, decision: str, comment: str) -> None:
    for c in exam.scenario.grids[exam.created.grid_id].criteria:
        for candidate in ("c1", "c2"):
            await act(exam, who, ev.GradeDecided(candidate, c.id, decision, comment))
    await act(exam, who, ev.InterviewNoted("c1", "q1", "Comment accueillez-vous ?", comment))


def urls(app: Any, exam_id: str) -> list[str]:
    """Every GET route of the app, its path filled in: none is left out."""
    found = []
    for route in app.router.routes():
        info = route.resource.get_info() if route.resource else {}
        path = info.get("path") or info.get("formatter")
        if route.method != "GET" or not path or path.startswith(SKIP):
            continue
        names = re.findall(r"{(\w+)}", path)
        assert set(names) <= set(PARAMS), f"a new route parameter to walk: {path}"
        for name in names:
            path = path.replace(f"{{{name}}}", PARAMS[name] or exam_id)
        found.append(path)
    assert {"/jury/sheet", "/jury/record", "/jury/grading.csv", "/api/grading/c1"} <= set(found)
    return sorted(set(found))


def readable(body: bytes, kind: str) -> str:
    if kind == "application/pdf":
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    if kind == "application/zip":
        return f"<zip of {len(body)} bytes>"
    return body.decode("utf-8", "replace")


async def walk(live: Any, token: str, paths: list[str]) -> dict[str, str]:
    """What juror 1's link reads on every route: query and bearer, each document's forms."""
    seen = {}
    head = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession(live.url) as http:
        for path in paths:
            variants: list[dict[str, str]] = [{}]
            if path.startswith("/jury"):
                variants = [{"candidate": "c1"}, {"candidate": "c2"}]
                if path in ("/jury/sheet", "/jury/record"):
                    variants += [{"candidate": "c1", "format": "pdf"}, {"lang": "en"}]
            for extra in variants:
                query = {"token": token} | extra
                async with http.get(path, params=query, headers=head, allow_redirects=False) as r:
                    body = await r.read()
                    text = await asyncio.to_thread(readable, body, r.content_type)
                text = CSRF.sub("", MOMENT.sub("…", text))
                seen[f"{path}?{sorted(extra.items())}"] = f"{r.status} {text}"
    return seen


@pytest.mark.settings(read_limit=1000.0)  # every route, read again and again: not a budget test
async def test_juror_one_reads_nothing_of_juror_two_on_any_route_until_both_handed_in(live):
    exam, tokens = await jury_exam(live)
    paths = urls(live.app, exam.exam_id)
    walked: dict[tuple[str, str], dict[str, str]] = {}
    for mine in ("acquis", "non_acquis"):  # juror 1 flips their own decisions…
        for theirs, secret in (("acquis", "AVIS-SECRET-A"), ("non_acquis", "AVIS-SECRET-B")):
            await decide_all(exam, "j1", mine, f"Mon avis ({mine})")
            await decide_all(exam, "j2", theirs, secret)  # …juror 2 decides, never hands in
            walked[mine, theirs] = seen = await walk(live, tokens["j1"], paths)
            for where, text in seen.items():
                for marker in ("AVIS-SECRET", "Ana Roy :"):
                    assert marker not in text, (where, marker)
            read = seen["/jury/sheet?[('candidate', 'c1')]"]
            assert read.startswith("200") and f"Mon avis ({mine})" in read  # their own, shown
    for mine in ("acquis", "non_acquis"):
        a, b = walked[mine, "acquis"], walked[mine, "non_acquis"]
        changed = [where for where in a if a[where] != b[where]]
        assert changed == [], changed  # nothing juror 1 reads depends on juror 2's grading
    flipped = walked["non_acquis", "acquis"]
    assert any(walked["acquis", "acquis"][w] != flipped[w] for w in flipped)  # the test sees
    # Once both have handed in, each reads the other's grading: the rule is blind, not deaf.
    await act(exam, "j1", ev.GradeSubmitted("c1"))
    await act(exam, "j2", ev.GradeSubmitted("c1"))
    async with aiohttp.ClientSession(live.url) as http:
        query = {"token": tokens["j1"], "candidate": "c1"}
        async with http.get("/jury/sheet", params=query) as r:
            assert "AVIS-SECRET-B" in await r.text()
        async with http.get("/jury/grading.csv", params={"token": tokens["j1"]}) as r:
            assert "AVIS-SECRET-B" in (await r.read()).decode("utf-8-sig")
