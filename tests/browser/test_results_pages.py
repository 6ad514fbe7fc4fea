"""Results in Chromium, as their users meet them, with screenshots (test-artifacts/):

- a candidate ends a training attempt: their desk turns into their debrief; they jump from a
  criterion to its moment in their replay; a second attempt shows on their progress page;
- a trainer reads the cohort and the calibration over several generated exams (scripted
  candidates, scripted jurors) and follows a figure down to its cases and a cell down to the
  moment of the attempt.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from playwright.async_api import expect

from omnisim.exams.roster import RosterEntry
from omnisim.scenario import load_scenario
from tests.browser.conftest import sign_in
from tests.cohort_gen import play_styles, write_exams
from tests.conftest import MINI_DECK, TEST_PASSWORD

pytestmark = pytest.mark.browser

CONTACT = "c1"  # the mini deck's one contact, as the desk names it (omnisim/protocol/handles.py)
RUDE = "slt c pa mon pb"  # SMS language, no greeting: criteria not met, with their moments


async def training(live: Any, trainer_id: str, factor: float) -> str:
    """A one-candidate training exam on the mini deck for Claire Roussel, n° 0001."""
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    _exam, tokens = await live.exams.create(
        trainer_id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001")],
        [],
        mode="training",
        time_factor=factor,
    )
    return tokens["c1"]


async def play(live: Any, token: str, text: str) -> None:
    candidate = await live.connect(token)
    await candidate.wait_for(lambda e: e["type"] == "contact.offered", timeout=20)
    assert (await candidate.act("pickup", {"contact_id": CONTACT}))["ok"]
    assert (await candidate.act("send", {"contact_id": CONTACT, "text": text}))["ok"]


async def test_a_training_attempt_ends_in_a_debrief_and_a_second_shows_progress(
    live: Any, browser: Any, screenshot_dir: Any
) -> None:
    trainer = await live.accounts.add_trainer("formateur", "Anne Formatrice", TEST_PASSWORD)
    token = await training(live, trainer.id, 100.0)  # 10 simulated minutes in 6 s
    page = await browser.new_page(viewport={"width": 1440, "height": 900})
    await page.goto(f"{live.url}/candidate?token={token}")
    await page.get_by_role("button", name="Commencer l'exercice").click()
    await play(live, token, RUDE)
    # The attempt ends on its own: the desk turns into the debrief.
    heading = page.get_by_role("heading", name="Votre débriefing")
    await expect(heading).to_be_visible(timeout=30_000)
    await expect(page.locator("body")).to_have_attribute("data-debrief-ready", "1")
    failed = page.locator("li.criterion.st-non_acquis")
    assert await failed.count() >= 1
    first = failed.first
    await expect(first.get_by_text("À faire autrement")).to_be_visible()
    await expect(first.get_by_text(f"« {RUDE} »")).to_be_visible()  # their own line, quoted
    await expect(first.locator(".cite")).to_contain_text("Le référentiel :")
    # From the criterion to the moment: the replay moves there and marks it.
    moment = first.locator("ul.moments button.moment").first
    seq = await moment.get_attribute("data-seq")
    await moment.click()
    await expect(page.locator("body")).to_have_attribute("data-replay-seq", seq)
    await expect(moment).to_have_class("moment current")
    await expect(page.get_by_role("status").filter(has_text="Moment choisi")).to_be_visible()
    await page.screenshot(path=str(screenshot_dir / "results-debrief.png"), full_page=True)
    # Nothing names the deck's key: no contact id, no measure note.
    html = await page.content()
    assert "tchat-livraison" not in html
    # A second attempt, enrolled again under the same number by the same trainer.
    second = await training(live, trainer.id, 100.0)
    await page.goto(f"{live.url}/candidate?token={second}")
    await page.get_by_role("button", name="Commencer l'exercice").click()
    await play(live, second, "Bonjour, service clients, Claire. Je vérifie votre commande.")
    await expect(page.get_by_role("heading", name="Votre débriefing")).to_be_visible(timeout=30_000)
    await page.get_by_role("link", name="Voir ma progression").click()
    await expect(page.get_by_role("columnheader", name="Épreuve 1")).to_be_visible()
    await expect(page.get_by_role("columnheader", name="Épreuve 2")).to_be_visible()
    rows = page.locator("table.progress-table tbody tr")
    mini = await asyncio.to_thread(load_scenario, MINI_DECK)  # a deck read: off the loop
    assert await rows.count() == len(mini.grids["cp_ffp"].criteria)
    await page.screenshot(path=str(screenshot_dir / "results-progress.png"), full_page=True)
    # The trainer sees the same person's two attempts.
    await sign_in(page, live.url, "/results/candidates/0001")
    await expect(page.get_by_role("columnheader", name="Épreuve 2")).to_be_visible()


@pytest.fixture(scope="module")
def played() -> Any:
    return asyncio.run(play_styles())


async def test_cohort_and_calibration_over_generated_exams(
    live: Any, browser: Any, screenshot_dir: Any, played: Any
) -> None:
    trainer = await live.accounts.add_trainer("formateur", "Anne Formatrice", TEST_PASSWORD)
    scenario, styles = played
    await write_exams(
        live.store,
        trainer.id,
        scenario,
        styles,
        exams=6,
        candidates=8,
        start=1_795_000_000.0,
        people=14,
        with_logs=True,
    )
    page = await browser.new_page(viewport={"width": 1440, "height": 900})
    await sign_in(page, live.url, "/results")
    table = page.get_by_role("table", name="Critères par candidat — Télésecrétaire qualifié(e)")
    await expect(table).to_be_visible()
    assert await table.locator("tbody tr").count() == 48
    await expect(
        page.get_by_role("heading", name="Critères le plus souvent non acquis")
    ).to_be_visible()
    await page.screenshot(path=str(screenshot_dir / "results-cohort.png"), full_page=True)
    # A period that matches nothing says so.
    await page.get_by_label("Du", exact=True).fill("2031-01-01")
    await page.get_by_role("button", name="Afficher").click()
    await expect(page.get_by_role("status")).to_contain_text("Aucune épreuve ne correspond")
    # A cell opens the attempt's debrief at the moment its proposal rests on.
    await page.goto(f"{live.url}/results")
    cell = page.locator("td.cell.st-non_acquis a").first
    href = await cell.get_attribute("href")
    assert href and "&at=" in href
    await cell.click()
    await expect(page.get_by_role("heading", name="Débriefing de l'épreuve")).to_be_visible()
    seq = href.split("&at=")[1].split("&")[0]
    await expect(page.locator("body")).to_have_attribute("data-replay-seq", seq)
    # The calibration: warnings, criteria, pairs; every figure opens its cases.
    await page.goto(f"{live.url}/results/calibration")
    await expect(page.get_by_role("heading", name="Binômes de jurés")).to_be_visible()
    await expect(page.get_by_role("alert")).to_contain_text(
        "la proposition automatique est contredite"
    )
    await page.screenshot(path=str(screenshot_dir / "results-calibration.png"), full_page=True)
    await page.locator("tr.warned td.num a").nth(1).click()
    await expect(
        page.get_by_role("heading", name="décisions contraires à la proposition")
    ).to_be_visible()
    assert await page.get_by_role("link", name="Ouvrir l'épreuve à ce moment").count() >= 1
