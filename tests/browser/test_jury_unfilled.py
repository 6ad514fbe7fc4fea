"""A letter sent over the desk's unfilled-variables warning, as the jury replays it (MC ACVD C3
« les variables correctes sont ajoutées aux emplacements prévus »): the candidate inserts a
template, is warned, sends « quand même »; their own desk shows the letter as sent, nothing
more; the jury's replay marks the line, names the variables left and highlights them, and
marks it apart on the timeline. In Chromium at 1366×768, with an axe check of the jury's page."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import expect

from tests.browser.test_workspace_contact import open_desk, take
from tests.browser.test_workspace_desk import VIEWPORT, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]
LEFT = "{{ client.civilite }}, {{ rdv.date }}, {{ rdv.heure }}"


async def cleared(live, stream: str, field: str) -> None:
    """Once sent, the composer's draft is saved empty: waited for, so the replay shows none."""
    for _ in range(100):
        saved = [
            e.payload.text
            for e in await live.store.read(stream)
            if e.type == "draft.saved" and e.payload.field == field
        ]
        if saved and saved[-1] == "":
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"the draft {field} was never cleared")


async def test_the_jury_sees_a_letter_sent_despite_the_warning_and_its_variables(
    live, browser, screenshot_dir
):
    tokens, page = await open_desk(live, browser)
    await page.get_by_role("button", name="Commencer l'exercice").click()
    await take(page, "Claire Roussel")
    await page.get_by_label("Modèle").select_option(label="Confirmation de rendez-vous")
    await page.get_by_role("button", name="Insérer").click()
    await page.get_by_role("button", name="Envoyer", exact=True).click()
    warning = page.locator(".composer .warning.unfilled")
    await expect(warning.locator("p")).to_contain_text(LEFT)
    await warning.get_by_role("button", name="Envoyer quand même").click()
    sent = page.locator(".transcript .msg.candidate")
    await expect(sent).to_contain_text("{{ client.civilite }}")
    # The candidate's own desk: sent, as they wrote it; no mark, no highlight.
    await expect(page.locator(".unfilled-sent, mark.unfilled-var, .msg.unfilled")).to_have_count(0)
    log = await live.store.read(tokens.session_id)
    (letter,) = [e for e in log if e.type == "message.sent" and e.actor == "candidate"]
    assert letter.payload.unfilled_ok is True
    await cleared(live, tokens.session_id, f"reply:{letter.payload.contact_id}")
    trainer = await live.connect(tokens.trainer)
    assert (await trainer.act("pause"))["ok"]  # the desk holds still for the jury and the shot
    await page.close()

    jury = await browser.new_page(viewport=VIEWPORT)
    jury.on("pageerror", lambda err: print("PAGE ERROR", err))
    await jury.goto(f"{live.url}/jury?token={tokens.jury}")
    desk = jury.locator("#desk .replay-desk")
    await desk.locator(".queue li.q-item", has_text="Claire Roussel").get_by_role("button").click()
    line = desk.locator(f'.transcript .msg.candidate[data-seq="{letter.seq}"]')
    await expect(line).to_have_class(re.compile(r"\bunfilled\b"))
    # Sent is sent: the letter is no unsent reply draft, even with the page left at once.
    await expect(desk.locator(".conversation .unsent")).to_have_count(0)
    note = line.get_by_role("note")
    await expect(note).to_have_text(
        f"⚠ Envoyé malgré l'avertissement : variables non remplies ({LEFT})"
    )
    marked = line.locator("mark.unfilled-var")
    await expect(marked).to_have_text(
        ["{{ client.civilite }}", "{{ rdv.date }}", "{{ rdv.heure }}"]
    )
    # The letter reads whole, as the candidate sent it.
    assert await line.locator(".msg-text").text_content() == letter.payload.text
    # A long letter: its head in view, in the transcript only (the page stays at its top).
    await line.evaluate(
        "el => { const ol = el.parentElement;"
        " ol.scrollTop += el.getBoundingClientRect().top - ol.getBoundingClientRect().top - 4; }"
    )
    out = screenshot_dir / "jury"
    out.mkdir(parents=True, exist_ok=True)
    await jury.screenshot(path=str(out / "letter-sent-despite-warning.png"))
    await marked.first.evaluate(
        "el => { const ol = el.closest('ol');"
        " ol.scrollTop += el.getBoundingClientRect().top - ol.getBoundingClientRect().top - 30; }"
    )
    await jury.screenshot(path=str(out / "letter-sent-despite-warning-variables.png"))
    # The timeline marks it apart, with words in its title.
    mark = jury.locator(".timeline .mark.unfilled")
    await expect(mark).to_have_count(1)
    await expect(mark).to_have_attribute(
        "title", re.compile("envoyé malgré l'avertissement \\(variables non remplies\\)$")
    )
    assert await serious_violations(jury, "jury replay, letter sent anyway") == []
    # In English, from the catalogs.
    await jury.goto(f"{live.url}/jury?token={tokens.jury}&lang=en")
    desk = jury.locator("#desk .replay-desk")
    await desk.locator(".queue li.q-item", has_text="Claire Roussel").get_by_role("button").click()
    line = desk.locator(f'.transcript .msg.candidate[data-seq="{letter.seq}"]')
    await expect(line.get_by_role("note")).to_have_text(
        f"⚠ Sent despite the warning: variables not filled in ({LEFT})"
    )
    await jury.close()
