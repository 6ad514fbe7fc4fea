"""A trainer checks a deck before any exam, in Chromium on a real server: what the deck can
assess, its dry run, and one contact tried at the candidate's desk in a side window."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from playwright.async_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

DEMO = quote("bundled:demo", safe="")


async def test_a_trainer_sees_coverage_runs_the_dry_run_and_tries_a_contact(
    server, browser, tmp_path, screenshot_dir
):
    proc = await server.start(tmp_path / "events.db", trainer=True)
    page = await browser.new_page(viewport={"width": 1440, "height": 900})
    await sign_in(page, proc.url, "/decks/bundled:demo/coverage")

    # -- What the deck can assess: the matrix, and what it cannot, in words.
    await expect(
        page.get_by_role("heading", name="Ce que le deck permet d'évaluer")
    ).to_be_visible()
    gaps = page.get_by_role("region", name="Ce que le deck ne permet pas d'évaluer")
    # No principal's instruction says « s'excuser », nor reserves a promise on a complaint
    # (round 20's complaint_promise): C.1.14 is assessed only in part.
    await expect(gaps).to_contain_text(
        "CQP C.1.14 (Gérer des situations difficiles) n'est évalué qu'en partie : aucun contact "
        "ne donne lieu à « Réclamation prise comme la consigne le demande (excuses, questions de "
        "la procédure) » ; « Réclamation traitée sans la promesse que la clé réserve au donneur "
        "d'ordres »."
    )
    matrix = page.get_by_role("table", name="Télésecrétaire qualifié(e) — Ce que le deck")
    # C.1.6: the urgent call rings during the rescheduling call (round 19).
    await expect(matrix.locator("tr[data-criterion='CQP C.1.6']")).to_have_class("covered")
    await expect(matrix.locator("thead th.contact")).to_have_count(11)
    c1_8 = matrix.locator("tr[data-criterion='CQP C.1.8']")
    # Three messages to take, and the SMS whose file has a namesake (Dupont / Dupond): the
    # right record among namesakes is C.1.8's too (round 17, fmt17).
    await expect(c1_8.locator("td.hit")).to_have_count(4)
    await expect(c1_8).to_contain_text("message")
    await page.screenshot(path=str(screenshot_dir / "deck_coverage.png"), full_page=True)

    # Another certification's grid: the page says the deck does not prepare for it.
    await page.get_by_label("Grille").select_option("mc_acvd")
    await page.get_by_role("button", name="Afficher").click()
    await expect(page.get_by_role("alert")).to_contain_text("Ce deck ne prépare pas à la grille")
    await page.get_by_label("Grille").select_option("")
    await page.get_by_role("button", name="Afficher").click()

    # -- The dry run: a careful and a careless candidate, their proposals, the answer.
    await page.get_by_role("button", name="Lancer l'essai à blanc").click()
    verdict = page.get_by_role("status").filter(has_text="Ce deck sépare")
    await expect(verdict).to_contain_text(
        "Ce deck sépare un bon candidat d'un candidat faible", timeout=30_000
    )
    proposals = page.locator("section.grid-run table.proposals")
    await expect(proposals.locator("tbody tr")).to_have_count(17)
    await expect(proposals.locator("tr[data-criterion='cqp.c1_8'] td").nth(0)).to_have_text(
        "Acquis"
    )
    await expect(proposals.locator("tr[data-criterion='cqp.c1_8'] td").nth(1)).to_have_text(
        "Non acquis"
    )
    await expect(page.locator("ul.not-separating li").first).to_be_visible()
    await page.locator("#dryrun").scroll_into_view_if_needed()
    await page.screenshot(path=str(screenshot_dir / "deck_dryrun.png"), full_page=True)

    # -- Try one contact: the candidate's real desk opens in a side window.
    await page.get_by_label("Contact", exact=True).select_option("panne-fenetre")
    await page.get_by_label("Rythme").fill("30")
    async with page.expect_popup() as opened:
        await page.get_by_role("button", name="Ouvrir le poste du candidat").click()
    desk = await opened.value
    await desk.set_viewport_size({"width": 1366, "height": 768})
    await expect(desk).to_have_title(re.compile("Poste agent"))
    await desk.get_by_role("button", name="Commencer l'exercice").click()
    await expect(
        desk.get_by_text("ma fenêtre posée la semaine dernière ne ferme plus")
    ).to_be_visible(timeout=10_000)
    await desk.get_by_role("button", name="Prendre en charge").click()
    await desk.get_by_label("Votre réponse…").fill("Quelle pièce ?")
    await desk.get_by_role("button", name="Envoyer").click()
    await expect(desk.get_by_text("Celle de la cuisine.")).to_be_visible(timeout=10_000)
    await desk.screenshot(path=str(screenshot_dir / "deck_try_desk.png"))

    # The trial belongs to no exam: the trainer's exams list stays empty.
    await page.goto(f"{proc.url}/exams")
    await expect(page.get_by_text("Essai")).to_have_count(0)

    # -- The exam form says it too, as the deck and the grid are chosen; creating stays open.
    await page.goto(f"{proc.url}/exams/new")
    box = page.locator("#deck-warnings")
    # A deck with no urgent caller's message beside another: MC ACVD C4.3 has no occasion.
    await page.get_by_label("Deck", exact=True).select_option("bundled:mc_acvd_boutique")
    await expect(box).to_contain_text("Aucun contact ne permet d'évaluer MC ACVD C4.3")
    await page.get_by_label("Deck", exact=True).select_option("bundled:demo")
    await expect(box).to_be_hidden()  # every criterion of its own grid has an occasion
    await page.get_by_label("Grille", exact=True).select_option("mc_acvd")
    await expect(box).to_contain_text("Ce deck ne prépare pas à la grille")
    await expect(
        box.get_by_role("link", name="Voir ce que le deck permet d'évaluer")
    ).to_have_attribute("href", f"/decks/{DEMO}/coverage?grid=mc_acvd&lang=fr")
    await page.screenshot(path=str(screenshot_dir / "exam_new_warnings.png"), full_page=True)
    await page.get_by_label("Deck", exact=True).select_option("bundled:ccs_rc_services")
    await page.get_by_label("Grille", exact=True).select_option("")
    await expect(box).to_be_hidden()
    await expect(page.get_by_role("button", name="Créer l'examen")).to_be_enabled()
