"""The trainer's results over real HTTP: cohort, calibration, the cases behind a figure,
progress, exports, archive, filters that match nothing and filters that are no filter.

The exams are generated (tests/cohort_gen.py): scripted candidates played once, scripted
jurors grading every sheet through the grading stream's own events.
"""

from __future__ import annotations

import asyncio
import io
import re
from html import unescape
from typing import Any

import aiohttp
import openpyxl
import pytest

from tests.cohort_gen import play_styles, write_exams
from tests.fast.test_exam_pages import csrf_of, signed_in

START = 1_795_000_000.0  # 18 Nov 2026


@pytest.fixture(scope="module")
def played() -> Any:
    return asyncio.run(play_styles(("careful", "careless", "hurried")))


async def _setup(live: Any, played: Any, exams: int = 4) -> tuple[Any, str, list[str]]:
    http = await signed_in(live)
    trainer = (await live.accounts.refresh()).by_login("formatrice")
    scenario, styles = played
    ids = await write_exams(
        live.store, trainer.id, scenario, styles, exams=exams, candidates=6, start=START, people=8
    )
    return http, trainer.id, ids


async def _get(http: Any, url: str) -> tuple[int, str]:
    """The page's status and text, entities read (« d'acquisition », not « d&#39;… »)."""
    async with http.get(url) as resp:
        return resp.status, unescape(await resp.text())


@pytest.mark.loop_block_ok(2.0)
async def test_cohort_calibration_cases_and_progress(live: Any, played: Any) -> None:
    http, _trainer, ids = await _setup(live, played)
    try:
        status, html = await _get(http, f"{live.url}/results")
        assert status == 200
        assert "Télésecrétaire qualifié(e)" in html
        assert html.count('class="cell st-') == 4 * 6 * 17
        assert "Taux d'acquisition" in html and "Critères le plus souvent non acquis" in html
        # A cell opens the trainer's debrief at the criterion's moment.
        cell = re.search(r'href="(/exams/ex\w+/candidates/c\d+/debrief\?criterion=[^"]+)"', html)
        assert cell, "no cell links down to its moment"
        status, html = await _get(http, f"{live.url}/results/calibration")
        assert status == 200
        assert "Binômes de jurés" in html and "Kappa" in html
        assert "Mme Durand" in html or "M. Petit" in html
        # Every figure opens its cases; each case opens its exam and its moment.
        first = re.search(r'href="(/results/cases\?[^"]+)"', html).group(1)
        status, cases = await _get(http, f"{live.url}{first}")
        assert status == 200 and "Ouvrir l'épreuve à ce moment" in cases
        assert re.search(r'href="/exams/ex\w+\?lang=fr"', cases)
        # Progress: a number of the pool sits several exams.
        status, html = await _get(http, f"{live.url}/results/candidates/0001")
        assert status == 200 and "Épreuve 1" in html
        assert "Inscrire à un nouvel entraînement" in html
        status, _ = await _get(http, f"{live.url}/results/candidates/9999")
        assert status == 404
    finally:
        await http.close()


@pytest.mark.loop_block_ok(2.0)
async def test_filters_empty_states_and_bad_dates(live: Any, played: Any) -> None:
    http, _trainer, _ids = await _setup(live, played, exams=2)
    try:
        status, html = await _get(http, f"{live.url}/results?from=2030-01-01")
        assert status == 200
        assert "Aucune épreuve ne correspond à ces filtres" in html
        status, html = await _get(http, f"{live.url}/results/calibration?mode=training")
        assert status == 200 and "Aucune fiche signée ne correspond" in html
        status, html = await _get(http, f"{live.url}/results?from=2026-13-45&lang=en")
        assert status == 422
        assert 'Date not recognised: "2026-13-45"' in html
        assert 'value="2026-13-45"' in html  # what was typed is kept
        status, html = await _get(http, f"{live.url}/results?from=2026-12-01&to=2026-11-01")
        assert status == 422 and "La fin de la période précède son début" in html
    finally:
        await http.close()


@pytest.mark.loop_block_ok(2.0)
async def test_exports_in_both_languages(live: Any, played: Any) -> None:
    http, _trainer, _ids = await _setup(live, played, exams=2)
    try:
        async with http.get(f"{live.url}/results/cohort.csv") as resp:
            assert resp.status == 200 and resp.content_type == "text/csv"
            text = (await resp.read()).decode("utf-8")
        assert text.startswith("\ufeffExamen;Date;Mode;N°;Candidat;")
        assert re.search(r"\d+\s?%", text)  # French percentages: "83 %"
        assert "nov. 2026" in text
        async with http.get(f"{live.url}/results/cohort.csv?lang=en") as resp:
            english = (await resp.read()).decode("utf-8")
        assert english.startswith("Exam,Date,Mode,No.,Candidate,") and "Nov 18, 2026" in english
        async with http.get(f"{live.url}/results/calibration.xlsx?lang=en") as resp:
            assert resp.status == 200
            book = openpyxl.load_workbook(io.BytesIO(await resp.read()))
        sheet = book.worksheets[0]
        assert sheet.cell(1, 4).value == "Agreement"
        share = sheet.cell(2, 4)
        assert 0 <= share.value <= 1 and share.number_format == "0%"  # a number, shown as %
        async with http.get(f"{live.url}/results/cohort.xlsx") as resp:
            book = openpyxl.load_workbook(io.BytesIO(await resp.read()))
        day = book.worksheets[0].cell(2, 2)
        assert day.number_format == "dd/mm/yyyy" and day.value.year == 2026
    finally:
        await http.close()


@pytest.mark.loop_block_ok(2.0)
async def test_archive_and_restore_through_the_list(live: Any, played: Any) -> None:
    http, _trainer, ids = await _setup(live, played, exams=2)
    try:
        status, html = await _get(http, f"{live.url}/exams")
        assert status == 200 and "Créé le" in html and "nov. 2026" in html
        token = csrf_of(html)
        url = f"{live.url}/exams/{ids[0]}/filing?back=list"
        async with http.post(url, data={"csrf_token": token, "archived": "1"}) as resp:
            assert resp.status == 200 and resp.url.path == "/exams"
            listed = await resp.text()
        assert f'id="exam-{ids[0]}"' not in listed and f'id="exam-{ids[1]}"' in listed
        assert "Afficher aussi les examens classés (1)" in listed
        _, cohort = await _get(http, f"{live.url}/results")
        assert cohort.count('class="cell st-') == 6 * 17  # the archived exam is left out
        _, everything = await _get(http, f"{live.url}/results?archived=1")
        assert everything.count('class="cell st-') == 2 * 6 * 17
        again = f"{live.url}/exams/{ids[0]}/filing"
        async with http.post(again, data={"csrf_token": token, "archived": "1"}) as resp:
            assert resp.status == 409 and "déjà classé" in await resp.text()
        async with http.post(
            f"{live.url}/exams/{ids[0]}/filing?back=list",
            data={"csrf_token": token, "archived": "0"},
        ) as resp:
            assert f'id="exam-{ids[0]}"' in await resp.text()
    finally:
        await http.close()


@pytest.mark.loop_block_ok(2.0)
async def test_another_trainer_sees_none_of_it(live: Any, played: Any) -> None:
    http, _trainer, ids = await _setup(live, played, exams=1)
    await http.close()
    other = await live.accounts.add_trainer("autre", "Autre Formateur", "un mot de passe très long")
    scenario, styles = played
    await write_exams(
        live.store, other.id, scenario, styles, exams=1, candidates=2, start=START, seed=9
    )
    token = await live.accounts.new_api_token(other.id, "t")
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        aiohttp.ClientSession(headers=headers) as api,
        api.get(f"{live.url}/api/results/cohort") as resp,
    ):
        body = await resp.json()
    assert resp.status == 200
    assert {row["exam_id"] for t in body["tables"] for row in t["rows"]} == {"ex09000000"}
    assert ids[0] not in str(body)
    # Filing is a command of the bus through the API too; the summary has its date.
    async with (
        aiohttp.ClientSession(headers=headers) as api,
        api.post(f"{live.url}/api/exams/ex09000000/filing", json={"archived": True}) as resp,
    ):
        summary = await resp.json()
    assert resp.status == 200 and summary["archived"] is True
    assert summary["created_at"] == START
    async with (
        aiohttp.ClientSession(headers=headers) as api,
        api.get(f"{live.url}/api/results/cohort") as resp,
    ):
        assert (await resp.json())["tables"] == []  # archived: out of the default cohort
