"""A payload typed in any field of a deck never runs: not in the studio (its Markdown preview
included), not in the library, not on the candidate's desk, not on the jury's page."""

from __future__ import annotations

import copy

import pytest
from playwright.async_api import Page, expect

from omnisim.exams.roster import RosterEntry
from omnisim.web.keys import LIBRARY
from tests.browser.test_studio import part, sign_in
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(2)]

SCRIPT = "<script>alert('script')</script>"
IMAGE = "<img src=x onerror=alert('img')>"
SVG = '"><svg onload=alert("svg")>'


def watched(page: Page, fired: list[str]) -> Page:
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    return page


async def test_a_payload_in_any_field_never_runs(live, browser):
    anne = await live.accounts.add_trainer("anne", "Anne Formatrice", TEST_PASSWORD)
    library = live.app[LIBRARY]
    made = await library.duplicate(anne.id, "bundled:mini", lambda _t: f"Deck {IMAGE}")
    doc = copy.deepcopy(made.deck.document)
    doc["briefing"] = f"# Consignes {SCRIPT}\n\n{IMAGE}\n\n[lien](javascript:alert('link'))\n"
    doc["knowledge"] = [{"id": "piege", "body": f"# Article {SVG}\n\n{SCRIPT}"}]
    doc["templates"] = [{"id": "lettre", "title": SVG, "channel": "email", "body": IMAGE}]
    contact = doc["contacts"][0]
    contact["customer"]["name"] = f"Mme {SVG}"
    contact["opening"] = f"Bonjour {SCRIPT} {IMAGE}"
    contact["subject"] = IMAGE
    contact["replies"] = [SCRIPT]
    contact["facts"] = [{"id": "commande", "answer": f"Commande {SCRIPT}", "ask": ["commande"]}]
    saved = await library.save(anne.id, made.deck.deck_id, 1, doc)
    assert saved.problems == []
    assert await library.publish(anne.id, made.deck.deck_id, 2) == []
    fired: list[str] = []

    studio = watched(await browser.new_page(), fired)
    await sign_in(studio, live.url, "anne", f"/decks/{made.deck.deck_id}")
    await part(studio, "Consignes du candidat")
    preview = studio.locator(".md-body")
    await expect(preview).to_contain_text("Consignes <script>alert('script')</script>")
    await expect(preview.locator("img, script, a[href^='javascript']")).to_have_count(0)
    await part(studio, "Contacts")
    await studio.locator(".item-list button").first.click()
    await expect(studio.locator('[data-path="contacts[0].customer.name"]')).to_have_value(
        f"Mme {SVG}"
    )
    await studio.goto(f"{live.url}/decks")
    await expect(studio.locator("table.library")).to_contain_text(f"Deck {IMAGE}")

    scenario = await library.scenario_for(anne.id, f"library:{made.deck.deck_id}", exam=True)
    _exam, tokens = await live.exams.create(
        anne.id,
        scenario,
        [RosterEntry("Claire", number="1")],
        [RosterEntry("Marc", evaluator="external")],
        mode="training",
        time_factor=60,
    )
    desk = watched(await browser.new_page(viewport={"width": 1366, "height": 768}), fired)
    await desk.goto(f"{live.url}/candidate?token={tokens['c1']}")
    await desk.get_by_role("button", name="Commencer l'exercice").click()
    await expect(desk.get_by_text(f"Bonjour {SCRIPT} {IMAGE}")).to_be_visible(timeout=10000)
    await desk.get_by_role("button", name="Prendre en charge").click()
    await desk.get_by_label("Votre réponse…").fill("Votre numéro de commande ?")
    await desk.get_by_role("button", name="Envoyer").click()
    await expect(desk.get_by_text(f"Commande {SCRIPT}")).to_be_visible(timeout=10000)
    await desk.get_by_role("tab", name="Consignes").click()
    await desk.get_by_role("tab", name="Base de connaissances").click()
    jury = watched(await browser.new_page(), fired)
    await jury.goto(f"{live.url}/jury?token={tokens['j1']}&candidate=c1")
    await expect(jury.locator("#desk")).to_contain_text("Mme")
    await desk.wait_for_timeout(500)
    assert fired == [], fired
    for page in (studio, desk, jury):
        assert (
            await page.evaluate("document.querySelectorAll('script:not([src]):not([type])').length")
            == 0
        )
