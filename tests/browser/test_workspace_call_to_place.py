"""A call to place on the desk (``outbound: true``, MC ACVD C2.2 « de lancement », C1.3
« ÉMETTRE UN APPEL »): it waits « À appeler » with its customer's name and number, without
ringing; « Appeler » dials that number, the customer picks up with their opening line and the
talk goes on in the contact, on one softphone line."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

import omnisim.web.app  # noqa: F401  imported at collection, not in the first test's setup on the loop
from tests.browser.test_workspace_desk import DESKS, VIEWPORT, named, shots, start
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]

BOUTIQUE = ROOT / "decks" / "mc_acvd_boutique"
CALL = "04-appel-sortant-conseil"  # M. Perrin, to be called back at 45:00


async def test_a_call_to_place_waits_to_be_dialled_and_the_customer_answers(
    live, browser, screenshot_dir
):
    tokens = await live.session(BOUTIQUE, time_factor=300)
    page = await browser.new_page(viewport=VIEWPORT)
    DESKS[page] = (live, tokens)
    page.on("pageerror", lambda err: print("PAGE ERROR", err))
    await page.goto(f"{live.url}/candidate?token={tokens.candidate}")
    await expect(page.get_by_role("status").filter(has_text="connecté")).to_be_visible()
    await start(page)
    handle = await named(page, CALL)
    item = page.locator(f".queue li[data-contact='{handle}']")
    await expect(item).to_contain_text("À appeler", timeout=15_000)
    await expect(item).not_to_have_class(re.compile("ringing"))
    line = page.locator(f".softphone li[data-line='{handle}']")
    await expect(line).to_contain_text("Olivier Perrin")
    await expect(line).to_contain_text("06 55 66 77 88")
    await expect(line).to_contain_text("À appeler")
    await expect(line).not_to_have_class(re.compile("ringing"))
    await expect(line.locator(".timer")).to_have_count(0)  # no ring timer: nobody waits on it
    await expect(line.get_by_role("button", name="Décrocher")).to_have_count(0)
    await item.locator("button.q-open").click()
    await expect(page.locator(".conv-head .state")).to_have_text("À appeler")
    await expect(page.locator(".conv-head").get_by_role("button", name="Décrocher")).to_have_count(
        0
    )
    await page.screenshot(path=str(shots(screenshot_dir) / "call-to-place-waiting.png"))

    await line.get_by_role("button", name="Appeler", exact=True).click()
    await expect(page.locator(".conv-head")).to_contain_text("Olivier Perrin")
    await expect(page.locator(".conv-head .state")).to_have_text("en cours")
    customer = page.locator(".transcript .msg.customer")
    await expect(customer.first).to_contain_text("Allô, oui ? Olivier Perrin, j'écoute.")
    reply = page.get_by_role("textbox", name="Votre réponse…")
    hello = (
        "Bonjour Monsieur Perrin, Julie de Maison Verte, je vous rappelle pour votre purificateur."
    )
    await reply.fill(hello)
    await page.keyboard.press("Enter")
    await expect(page.locator(".transcript .msg.candidate").last).to_contain_text(hello)
    await expect(customer).to_have_count(2, timeout=15_000)  # he answers what he hears
    # One line on the softphone for the one conversation: his, in progress.
    await expect(page.locator(".softphone li.line")).to_have_count(1)
    await expect(line).to_contain_text("en cours")
    await page.screenshot(path=str(shots(screenshot_dir) / "call-to-place-connected.png"))

    log = await live.store.read(tokens.session_id)
    placed = [e.payload for e in log if e.type == "call.outbound"]
    assert [(p.to, p.kind, p.contact_id) for p in placed] == [("06 55 66 77 88", "customer", CALL)]
    picked = [e for e in log if e.type == "contact.picked_up" and e.payload.contact_id == CALL]
    assert len(picked) == 1 and picked[0].seq < next(
        e.seq for e in log if e.type == "call.outbound"
    )
    offered = next(e for e in log if e.type == "contact.offered" and e.payload.contact_id == CALL)
    assert offered.payload.to_place
    moods = [
        e.payload.cause
        for e in log
        if e.type == "customer.mood" and e.payload.contact_id == CALL and e.seq < picked[0].seq
    ]
    assert "waiting" not in moods  # he never waited on a ringing line
