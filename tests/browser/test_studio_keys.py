"""A contact's key says what its template's variables hold (MC ACVD C3.3 « Les variables
correctes sont ajoutées »), in the studio's contact form: the template's variables offered as
names, each value or accepted value one per line, kept across a reload."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from omnisim.web.keys import LIBRARY
from tests.browser.test_studio import field, part, saved, sign_in
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(2)]

KEY = "contacts[7].key.variables"  # 08-email-attestation-achat, Mme Lefort's attestation


async def test_a_trainer_says_what_a_letters_variables_hold(live, browser, screenshot_dir):
    shots = screenshot_dir / "studio"
    shots.mkdir(exist_ok=True)
    anne = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    made = await live.app[LIBRARY].duplicate(anne.id, "bundled:mc_acvd_cycles", lambda _t: "Cycles")
    page: Page = await browser.new_page(viewport={"width": 1400, "height": 900})
    await sign_in(page, live.url, "anne", f"/decks/{made.deck.deck_id}")
    await part(page, "Contacts")
    await page.locator(".item-list").get_by_role("button", name="Dominique Lefort").click()
    # The bundled key's values, one per line.
    await expect(field(page, f"{KEY}.objet[0]")).to_have_value("vélo électrique Urbano 7")
    await expect(field(page, f"{KEY}.objet[1]")).to_have_value("Urbano 7")
    await expect(field(page, f"{KEY}.reference[0]")).to_have_value("AC-49876")
    # A new variable: the names offered are those the template's body uses.
    adding = field(page, f"{KEY}.*")
    offered = await page.locator(f"#{await adding.get_attribute('list')} option").evaluate_all(
        "options => options.map(o => o.value)"
    )
    assert {"objet", "reference", "date", "client.nom"} <= set(offered), offered
    await adding.fill("date")
    await page.locator(f'fieldset[data-path="{KEY}"] .map-add button').click()
    await field(page, f"{KEY}.date[0]").fill("12/05/2026")
    await saved(page)
    box = page.locator(f'fieldset[data-path="{KEY}"]')
    await box.scroll_into_view_if_needed()
    await box.screenshot(path=str(shots / "key-variables.png"))
    await page.reload()
    await part(page, "Contacts")
    await page.locator(".item-list").get_by_role("button", name="Dominique Lefort").click()
    await expect(field(page, f"{KEY}.date[0]")).to_have_value("12/05/2026")
