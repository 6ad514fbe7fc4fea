"""Debian's Chromium driven by Playwright (``playwright install`` cannot download browsers here)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, async_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run `bash tools/setup.sh --test`")
    return CHROMIUM


@pytest.fixture
async def browser(chromium_path: str) -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path, args=FLAGS)
        yield browser
        await browser.close()


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


async def sign_in(page, base_url: str, next_path: str) -> None:
    """Sign the page in as the trainer the server fixture created, and go to ``next_path``."""
    from tests.conftest import TEST_PASSWORD

    await page.goto(f"{base_url}{next_path}")  # not signed in: the sign-in form, then back
    await page.get_by_label("Identifiant").fill("formateur")
    await page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await page.wait_for_url(f"{base_url}{next_path}")
