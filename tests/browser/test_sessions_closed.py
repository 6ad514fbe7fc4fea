"""Closed credentials as people meet them in Chromium: a revoked candidate is told why, and a
trainer who signs out everywhere is signed out of every browser at once."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.request

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


def api(url: str, token: str, path: str) -> dict:
    request = urllib.request.Request(
        f"{url}{path}", data=b"{}", method="POST", headers={"Authorization": f"Bearer {token}"}
    )
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read())


async def test_a_revoked_candidate_is_told_why_at_once(server, browser, screenshot_dir):
    proc = await server.start(trainer=True)
    page = await browser.new_page()
    await page.goto(proc.links["candidate"])
    await expect(page.get_by_text("connecté", exact=True)).to_be_visible()
    path = f"/api/exams/{proc.exam_id}/people/c1/revoke"
    await asyncio.to_thread(api, proc.url, proc.api_token, path)
    banner = page.get_by_role("alert").filter(has_text="Le serveur a fermé la connexion")
    await expect(banner).to_be_visible(timeout=3000)
    await expect(page.get_by_text("déconnecté", exact=True)).to_be_visible()
    await page.screenshot(path=screenshot_dir / "desk-link-revoked.png")


async def test_sign_out_everywhere_signs_out_every_browser(server, browser, screenshot_dir):
    proc = await server.start(trainer=True)
    board_path = f"/exams/{proc.exam_id}/board"
    here, there = await browser.new_context(), await browser.new_context()
    mine, other = await here.new_page(), await there.new_page()
    await sign_in(mine, proc.url, "/account")
    await sign_in(other, proc.url, board_path)
    await mine.reload()
    await expect(mine.get_by_role("heading", name="Sessions ouvertes : 2")).to_be_visible()
    await mine.screenshot(path=screenshot_dir / "account-sessions.png")
    await mine.get_by_role("button", name="Se déconnecter partout").click()
    await expect(mine).to_have_url(re.compile(r"/(\?lang=fr)?$"))
    # The other browser's board was cut with the reason, and its cookie opens nothing.
    await expect(other.get_by_text("Votre session est fermée")).to_be_visible(timeout=3000)
    await other.screenshot(path=screenshot_dir / "board-signed-out-elsewhere.png")
    await other.goto(f"{proc.url}{board_path}")
    await expect(other).to_have_url(re.compile(r"/signin\?"))
    await here.close()
    await there.close()
