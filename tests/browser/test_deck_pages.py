"""A trainer sees which certification each deck prepares, and a deck's grids beside its timeline."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


async def test_deck_list_and_preview_with_its_grids(server, browser, tmp_path, screenshot_dir):
    proc = await server.start(tmp_path / "events.db", trainer=True)
    shots = screenshot_dir / "decks"
    shots.mkdir(exist_ok=True)
    page = await browser.new_page(viewport={"width": 1400, "height": 900})
    await sign_in(page, proc.url, "/decks")
    row = page.locator("tr[data-deck='cp_ffp_energie']")
    await expect(row).to_contain_text("Conseiller la clientèle en appels entrants")
    await expect(row).to_contain_text("Titre RNCP relation client, BLOC 1")
    await expect(page.locator("tr[data-deck='mc_acvd_shop']")).to_contain_text("Anglais".lower())
    await page.screenshot(path=str(shots / "deck_list.png"), full_page=True)

    await row.get_by_role("link", name="Service clients Énergie Lumière : appels entrants").click()
    grids = page.get_by_role("complementary", name="Grilles de critères")
    await expect(grids.locator("section.grid")).to_have_count(2)
    await expect(grids.locator("li[data-criterion='rncp1.c9']")).to_contain_text("récoltant")
    timeline = page.locator("section.preview-timeline")
    await expect(timeline.locator("table.preview tbody tr")).to_have_count(6)
    box_t, box_g = await timeline.bounding_box(), await grids.bounding_box()
    assert box_t and box_g and box_g["x"] > box_t["x"] + box_t["width"] - 1  # beside, not below
    await page.screenshot(path=str(shots / "deck_preview_grids.png"), full_page=True)

    await page.goto(f"{proc.url}/decks/ccs_rc_customer_desk?lang=en")
    english = page.get_by_role("complementary", name="Criteria grids")
    await expect(english).to_contain_text("Establish an effective contact adapted to the customer")
