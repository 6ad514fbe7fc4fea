"""The deck studio's contact form says what a written answer must give (key.answer_points, CP FFP
C2 « pertinente au regard de la demande », CQP C.1.10): a trainer adds a point, its label and the
wordings a jury accepts; a wording the customer already wrote is refused beside its field, in
French, and the fix clears it."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

import omnisim.web.pages.decks  # noqa: F401  the app's modules imported at collection, not in setup
from tests.browser.test_studio import field, part, saved, sign_in
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(2)]


async def test_a_trainer_says_what_the_written_answer_gives(live, browser, screenshot_dir):
    shots = screenshot_dir / "studio"
    shots.mkdir(exist_ok=True)
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    page = await browser.new_page(viewport={"width": 1440, "height": 960})
    await sign_in(page, live.url, "formatrice")
    await page.get_by_label("Titre du nouveau deck").fill("Banque : un e-mail")
    await page.get_by_role("button", name="Écrire un nouveau deck").click()
    await part(page, "Contacts")
    await page.get_by_role("button", name="+ Contact").click()
    await field(page, "contacts[0].id").fill("mail-pret")
    await field(page, "contacts[0].customer.name").fill("Marc Olivier")
    await field(page, "contacts[0].opening").fill(
        "Bonjour, quels justificatifs faut-il pour mon prêt ?"
    )

    points = page.locator('[data-path="contacts[0].key.answer_points"]')
    await expect(points.locator("legend").first).to_contain_text(
        "ce que la réponse écrite doit donner"
    )
    await page.get_by_role("button", name="+ Ajouter un point de la réponse").click()
    label = field(page, "contacts[0].key.answer_points[0].label")
    await label.fill("Les justificatifs qui manquent")
    accepts = page.locator('[data-path="contacts[0].key.answer_points[0].accepts"]')
    await expect(page.get_by_text("formulations acceptées", exact=False).first).to_be_visible()
    await expect(
        page.get_by_role("alert").filter(has_text="au moins une formulation")
    ).to_be_visible()
    await accepts.get_by_role("button", name="+ Ajouter une ligne").click()
    wording = field(page, "contacts[0].key.answer_points[0].accepts[0]")
    await wording.fill("justificatifs")  # the customer's own word
    # The customer's own word is a warning since round 18 (the deck loads; the word counts only
    # outside an echo of theirs), said beside its list, the list not marked invalid.
    problem = page.locator("#f-contacts-0-key-answer_points-0-accepts-problems")
    warned = page.locator("#f-contacts-0-key-answer_points-0-accepts-problems-warnings")
    await expect(warned).to_contain_text("« justificatifs » est aussi dans le message du client")
    await expect(problem).to_have_count(0)
    await expect(accepts.locator("xpath=..")).not_to_have_class(re.compile(r"\bbad\b"))
    await expect(page.locator("details.item summary").last).to_have_text(
        "1. Les justificatifs qui manquent"
    )
    await warned.scroll_into_view_if_needed()
    await page.screenshot(path=str(shots / "answer-points-warned.png"))
    await wording.fill("avis d'imposition")
    await expect(warned).to_have_count(0)
    await saved(page)
    await wording.scroll_into_view_if_needed()
    await page.screenshot(path=str(shots / "answer-points.png"))
