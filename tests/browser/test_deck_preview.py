"""A trainer previews a deck's timeline in the browser before running it."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


async def test_trainer_sees_the_demo_timeline(server, browser, tmp_path, screenshot_dir):
    proc = await server.start(tmp_path / "events.db", trainer=True)
    page = await browser.new_page()
    await sign_in(page, proc.url, "/decks/demo")
    await expect(page.locator(".title")).to_have_text("Aperçu du deck")
    rows = page.locator("table.preview tbody tr")
    await expect(rows).to_have_count(11)  # 9 scheduled, then the 2 of the library
    urgent = page.locator("tr[data-contact='urgence-cabinet']")
    await expect(urgent).to_contain_text("0:25:00")
    await expect(urgent).to_contain_text("URGENT")
    await expect(urgent).to_contain_text("0:04:10")  # 25 simulated minutes at ×6
    await expect(page.locator(".timeline .tick")).to_have_count(9)
    await expect(rows.last).to_contain_text("bibliothèque (injecté par le formateur)")
    await page.screenshot(path=str(screenshot_dir / "deck_preview.png"), full_page=True)

    await page.get_by_role("link", name="Nouvel examen — demo").click()
    await expect(page.get_by_label("Deck", exact=True)).to_have_value("bundled:demo")

    english = page
    await english.goto(f"{proc.url}/decks/english")
    await expect(english.locator(".title")).to_have_text("Deck preview")
    missing = await english.goto(f"{proc.url}/decks/nope")
    assert missing is not None and missing.status == 404
