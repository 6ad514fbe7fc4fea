"""The board with 60 scripted candidates playing over real sockets: one 1920×1080 screenshot.

Saved to test-artifacts/board/board-60.png. The room is mixed (tests/board_crowd.py):
careful and careless candidates, and some never connected, so the board shows
moods, escalations and offline candidates at once.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import expect

from tests.board_crowd import Crowd, api, open_exam
from tests.browser.conftest import sign_in

PACE = 60.0  # the demo's 270 simulated minutes in 4.5 wall minutes: contacts every few seconds


async def test_sixty_candidates_on_one_screen(server, browser, screenshot_dir):
    proc = await server.start(trainer=True)
    exam_id, tokens = await open_exam(proc.url, proc.api_token, 60, PACE)
    crowd = await Crowd.open(proc.url, tokens, PACE)
    await crowd.connect()
    page = await browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        await sign_in(page, proc.url, f"/exams/{exam_id}/board")
        cards = page.locator(".card")
        await expect(cards).to_have_count(60, timeout=15000)
        await asyncio.to_thread(api, proc.url, proc.api_token, f"/api/exams/{exam_id}/start", {})
        await expect(page.locator(".exam-status")).to_have_text("En cours", timeout=10000)
        # Offline candidates are flagged; careless ones' customers escalate within the run.
        await expect(page.locator(".card.offline")).to_have_count(6, timeout=10000)
        await expect(page.locator(".presence.on")).to_have_count(54, timeout=10000)
        await expect(page.locator(".alerts .alert-escalated").first).to_be_visible(timeout=60000)
        # Nobody answers an offline candidate's phone: after 15 real seconds it is an alert.
        await expect(page.locator(".alerts .alert-ringing").first).to_be_visible(timeout=60000)
        await expect(page.locator(".customers .mood").first).to_be_visible()
        # Every card fits the screen: nothing below the fold at 1920×1080.
        last = await cards.last.bounding_box()
        assert last is not None and last["y"] + last["height"] <= 1080, last
        out = screenshot_dir / "board"
        out.mkdir(exist_ok=True)
        await page.screenshot(path=str(out / "board-60.png"))
    finally:
        await page.close()
        await crowd.close()
