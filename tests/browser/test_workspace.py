"""A trainer playing a customer, seen from the trainer's console and the candidate's desk."""

from __future__ import annotations

import json
import sqlite3

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
REACTIVE = ROOT / "tests" / "decks" / "reactive"


def logged(db) -> list[dict]:
    with sqlite3.connect(db) as conn:
        return [json.loads(b) for (b,) in conn.execute("SELECT body FROM events ORDER BY seq")]


async def test_a_trainer_speaks_as_the_customer(server, browser, tmp_path, screenshot_dir):
    proc = await server.start(tmp_path / "events.db", deck=REACTIVE, trainer=True)
    trainer = await browser.new_page()
    await sign_in(trainer, proc.url, f"/exams/{proc.exam_id}/candidates/c1/console")
    await trainer.get_by_role("button", name="Tout démarrer").click()
    candidate = await browser.new_page()
    await candidate.goto(proc.links["candidate"])
    # The desk names contacts by neutral handles (c1…): the candidate finds the customer by name.
    queued = candidate.locator(".queue li").filter(has_text="Paul Girard")
    await expect(queued).to_be_visible(timeout=5000)
    assert await queued.get_attribute("data-contact") != "tchat-faits"

    # The console is the candidate's desk mirrored, with the trainer's hands on each customer.
    contact = trainer.locator("section.contact[data-contact='tchat-faits']")
    await contact.get_by_role("button", name="Jouer Paul Girard").click()
    await expect(contact.locator(".taken-over")).to_have_text("Joué par le formateur")
    await contact.get_by_label("Dire en tant que Paul Girard").fill(
        "Je rappelle pour mon dossier 2024-118."
    )
    await contact.get_by_role("button", name="Dire (en tant que client)").click()
    await expect(trainer.locator("#notice")).to_have_count(0)
    await queued.locator("button").click()
    await expect(candidate.locator(".transcript .msg.customer")).to_contain_text(
        ["Bonjour, j'ai une question sur mon dossier.", "Je rappelle pour mon dossier 2024-118."]
    )
    mirror = trainer.locator("aside.drill .mirror")  # the candidate's desk, read-only
    await expect(mirror.locator(".transcript li.msg.customer").last).to_contain_text("2024-118")
    await expect(contact.locator(".last-said")).to_contain_text("2024-118")
    await trainer.screenshot(path=str(screenshot_dir / "trainer.png"), full_page=True)
