"""The agent desk played as a candidate would, in Chromium, at 1366×768 (issue #10)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Page, expect

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]
DEMO = ROOT / "decks" / "demo"
VIEWPORT = {"width": 1366, "height": 768}


def shots(screenshot_dir: Path) -> Path:
    folder = screenshot_dir / "desk"
    folder.mkdir(exist_ok=True)
    return folder


def logged(db: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        return [json.loads(b) for (b,) in conn.execute("SELECT body FROM events ORDER BY seq")]


async def open_desk(live, browser, factor: float = 300, mode: str = "training", lang: str = ""):
    tokens = await live.session(DEMO, time_factor=factor, mode=mode)
    page = await browser.new_page(viewport=VIEWPORT)
    url = f"{live.url}/candidate?token={tokens.candidate}" + (f"&lang={lang}" if lang else "")
    await page.goto(url)
    await expect(page.get_by_role("status").filter(has_text="connecté")).to_be_visible()
    return tokens, page


async def start(page: Page) -> None:
    await page.get_by_role("button", name="Commencer l'exercice").click()


async def test_the_desk_fits_the_screen_and_a_call_rings(live, browser, screenshot_dir):
    _, page = await open_desk(live, browser)
    await start(page)
    call = page.locator(".queue li[data-contact='deplacer-rdv']")
    await expect(call).to_have_class(__import__("re").compile("ringing"), timeout=5000)
    await expect(call).to_contain_text("Sophie Petit")
    await expect(call.get_by_role("img", name="Téléphone")).to_be_visible()
    await expect(call.locator(".sla")).to_be_visible()
    await expect(page.locator(".softphone")).to_contain_text("06 45 32 10 98")
    await expect(page.locator(".softphone")).to_contain_text("Lignes : 1/4")
    # The scenario's clock: the deck starts at 09:00 on 12 March.
    await expect(page.locator(".clock .time")).to_contain_text("09:")
    await expect(page.locator(".clock .day")).to_contain_text("12 mars")
    size = await page.evaluate(
        "[document.documentElement.scrollHeight, document.documentElement.scrollWidth]"
    )
    assert size[0] <= 768 and size[1] <= 1366, size
    await page.screenshot(path=str(shots(screenshot_dir) / "queue-ringing-call.png"))
