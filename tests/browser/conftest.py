"""Debian's Chromium driven by Playwright (``playwright install`` cannot download browsers here)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, async_playwright

CHROMIUM = "/usr/bin/chromium"
# --lang and a French LANG: Chromium's own language, which its date fields follow (jj/mm/aaaa;
# Debian's chromium-l10n holds it, tools/setup.sh --test installs it).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--lang=fr-FR",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} missing: run `bash tools/setup.sh --test`")
    return CHROMIUM


LOCALE = "fr-FR"  # a French centre's browser: its date fields read jj/mm/aaaa, as users see them


def _french_by_default(browser: Browser) -> Browser:
    """Every page and context opened on ``browser`` speaks French unless a test says otherwise
    (navigator.language and Intl are set per context by Playwright; FLAGS and LANG set
    Chromium's own, which its date fields follow)."""
    new_context, new_page = browser.new_context, browser.new_page

    async def french_context(**options: Any) -> Any:
        return await new_context(**{"locale": LOCALE, **options})

    async def french_page(**options: Any) -> Any:
        return await new_page(**{"locale": LOCALE, **options})

    browser.new_context = french_context  # type: ignore[method-assign]
    browser.new_page = french_page  # type: ignore[method-assign]
    return browser


@pytest.fixture
async def browser(chromium_path: str) -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=chromium_path,
            args=FLAGS,
            env=dict(os.environ, LANG="fr_FR.UTF-8", LANGUAGE="fr"),
        )
        yield _french_by_default(browser)
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
