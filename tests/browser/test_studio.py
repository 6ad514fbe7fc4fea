"""A trainer writes a deck from nothing in the studio, through the forms alone (no file, no
YAML), fixes the mistake named beside its field, publishes it, makes an exam on it that a
candidate plays, downloads it as a zip that `omnisim deck check` accepts and that comes
back as the same deck."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import zipfile

import pytest
from playwright.async_api import Page, expect

import omnisim.web.pages.board
import omnisim.web.pages.candidate
import omnisim.web.pages.decks
import omnisim.web.pages.documents
import omnisim.web.pages.exam
import omnisim.web.pages.jury  # noqa: F401  the app's modules imported at collection, not in setup
from tests.conftest import ROOT, TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(2)]


async def sign_in(page: Page, url: str, login: str, path: str = "/decks") -> None:
    await page.goto(f"{url}{path}")
    await page.get_by_label("Identifiant").fill(login)
    await page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await page.wait_for_url(f"{url}{path}")


def field(page: Page, path: str):
    """The control of a document field (every control carries its path)."""
    return page.locator(f'[data-path="{path}"]').first


async def part(page: Page, name: str) -> None:
    await (
        page.get_by_role("navigation", name="Parties du deck")
        .get_by_role("button", name=name)
        .click()
    )


async def saved(page: Page) -> None:
    await expect(page.locator(".sync")).to_have_text(
        re.compile(r"^Enregistré \(version \d+\)$"), timeout=10000
    )


async def assess_served(page: Page) -> dict[str, bool]:
    """Which of the assessment pages (coverage, dry run, try) the studio found on the server."""
    return await page.evaluate("JSON.parse(document.getElementById('boot').textContent).tools")


async def write_the_deck(page: Page) -> None:
    """Settings, one principal with an agenda, two CRM records, one template, a chat and a
    phone contact with facts and a key: every value typed in a form."""
    await field(page, "settings.grid").fill("cqp_telesecretaire")
    await part(page, "Donneurs d'ordres")
    await page.get_by_role("button", name="+ Donneur d'ordres").click()
    await field(page, "principals[0].id").fill("dr-martin")
    await field(page, "principals[0].name").fill("Dr Hélène Martin")
    await field(page, "principals[0].sector").fill("médecine générale")
    await page.get_by_role("button", name="+ Ajouter un créneau").click()
    await field(page, "principals[0].agenda[0].start").fill("2026-03-12T14:00")
    await field(page, "principals[0].agenda[0].end").fill("2026-03-12T14:30")
    await page.get_by_role("button", name="+ Ajouter une personne").click()
    await field(page, "principals[0].staff[0].id").fill("dr-martin")
    await field(page, "principals[0].staff[0].name").fill("Dr Hélène Martin")
    await field(page, "principals[0].staff[0].role").fill("médecin")

    await part(page, "Fiches CRM")
    for n, (last, first, phone) in enumerate(
        [("Roche", "Bernard", "06 11 90 80 70"), ("Petit", "Sophie", "06 22 33 44 55")]
    ):
        await page.get_by_role("button", name="+ Fiche CRM").click()
        await field(page, f"crm[{n}].last_name").fill(last)
        await field(page, f"crm[{n}].first_name").fill(first)
        await field(page, f"crm[{n}].phone").fill(phone)
        await field(page, f"crm[{n}].principal").fill("dr-martin")

    await part(page, "Lettres-types")
    await page.get_by_role("button", name="+ Lettre-type").click()
    await field(page, "templates[0].id").fill("confirmation-rdv")
    await field(page, "templates[0].title").fill("Confirmation de rendez-vous")
    body = field(page, "templates[0].body")
    await body.fill("Bonjour ,\n\nVotre rendez-vous est confirmé.\n")
    await body.press("Control+Home")
    await body.press("End")
    await body.press("ArrowLeft")  # after "Bonjour"
    await page.get_by_label("Variable").select_option("client.nom")
    await page.get_by_role("button", name="Insérer").click()
    await expect(body).to_have_value(
        "Bonjour {{ client.nom }},\n\nVotre rendez-vous est confirmé.\n"
    )
    await expect(page.locator(".md-body")).to_contain_text("Votre rendez-vous est confirmé.")

    await part(page, "Contacts")
    await page.get_by_role("button", name="+ Contact").click()  # a chat (the default channel)
    await field(page, "contacts[0].id").fill("tchat-rdv")
    await field(page, "contacts[0].at").fill("2:00")
    await field(page, "contacts[0].principal").fill("dr-martin")
    await field(page, "contacts[0].customer.name").fill("Sophie Petit")
    await field(page, "contacts[0].customer.record").fill("fiche-2")
    await field(page, "contacts[0].opening").fill(
        "Bonjour, je voudrais un rendez-vous avec le docteur."
    )
    await page.get_by_role("button", name="+ Ajouter un fait").click()
    await field(page, "contacts[0].facts[0].answer").fill("C'est pour un certificat de sport.")
    await (
        page.locator('[data-path="contacts[0].facts[0].ask"]')
        .get_by_role("button", name="+ Ajouter une ligne")
        .click()
    )
    await field(page, "contacts[0].facts[0].ask[0]").fill("quel motif")
    await page.locator('[data-path="contacts[0].key.reply_channels"]').get_by_label("Tchat").check()
    await (
        page.locator('[data-path="contacts[0].key.expected_facts"]')
        .get_by_role("button", name="+ Ajouter une ligne")
        .click()
    )
    await field(page, "contacts[0].key.expected_facts[0]").fill("fait-1")
    await field(page, "contacts[0].key.template").fill("confirmation-rdv")
    await field(page, "contacts[0].key.notes").fill("Proposer le créneau libre de 14 h.")

    await page.get_by_role("button", name="+ Contact").click()
    await field(page, "contacts[1].id").fill("appel-urgent")
    await field(page, "contacts[1].channel").select_option("phone")
    await field(page, "contacts[1].customer.name").fill("Bernard Roche")
    await field(page, "contacts[1].opening").fill("Allô ? Mon père a très mal à la poitrine !")
    await page.get_by_role("button", name="+ Ajouter un fait").click()
    await field(page, "contacts[1].facts[0].answer").fill("Il a 72 ans.")
    await (
        page.locator('[data-path="contacts[1].facts[0].ask"]')
        .get_by_role("button", name="+ Ajouter une ligne")
        .click()
    )
    await field(page, "contacts[1].facts[0].ask[0]").fill("quel âge")
    await field(page, "contacts[1].key.urgent").check()
    await field(page, "contacts[1].key.priority").fill("1")
    await field(page, "contacts[1].key.transfer_to").fill("dr-martin")
    await field(page, "contacts[1].key.notes").fill("Urgence vitale : orienter vers le 15.")


async def test_a_trainer_writes_publishes_plays_and_downloads_a_deck(
    live, browser, screenshot_dir, tmp_path
):
    shots = screenshot_dir / "studio"
    shots.mkdir(exist_ok=True)
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    page = await browser.new_page(viewport={"width": 1440, "height": 960}, accept_downloads=True)
    await sign_in(page, live.url, "formatrice")
    await page.get_by_label("Titre du nouveau deck").fill("Cabinet Martin : une matinée")
    await page.get_by_role("button", name="Écrire un nouveau deck").click()
    await expect(page.locator(".deck-title")).to_have_text("Cabinet Martin : une matinée")
    deck_id = page.url.split("/decks/")[1].split("?")[0]
    await write_the_deck(page)
    await saved(page)

    # A mistake: the call arrives after the end of the hour. Named beside its field, in
    # French; the timeline shows it outside the day; fixed, it is gone.
    arrival = field(page, "contacts[1].at")
    await arrival.fill("1:30:00")
    problem = page.locator("#f-contacts-1-at-problems")
    await expect(problem).to_have_text("Arrive à 1:30:00, après la fin de la session (1:00:00).")
    await expect(arrival).to_have_attribute("aria-invalid", "true")
    await expect(page.locator(".mark[data-contact='appel-urgent']")).to_have_class(
        re.compile(r"\blate\b")
    )
    await arrival.scroll_into_view_if_needed()
    await page.mouse.wheel(0, -250)  # the timeline above the field, in the same view
    await page.screenshot(path=str(shots / "editor-mistake.png"))
    await arrival.fill("0:20:00")
    await expect(problem).to_have_count(0)
    await expect(page.get_by_role("button", name="Aucun problème")).to_be_visible()

    # A warning (round 18): what only narrows the grading is said, and the deck still saves:
    # a reply time longer than the session cannot be missed.
    sla = field(page, "contacts[1].key.sla_minutes")
    await sla.fill("120")
    await sla.press("Tab")
    await expect(page.locator(".sync")).not_to_have_text(re.compile("^Enregistré"))
    await saved(page)
    beside = page.locator("ul.field-warnings")  # said beside its field, not as invalid
    await expect(beside).to_contain_text("dépasse la durée de la session (60 min)")
    await expect(sla).not_to_have_attribute("aria-invalid", "true")
    button = page.get_by_role("button", name="Aucun problème · 1 avertissement(s)")
    await expect(button).to_be_visible()
    if not await page.locator(".all-good, .problem-list").count():
        await button.click()  # the list opens
    warned = page.locator(".warning-list")
    await expect(warned).to_contain_text("120")
    await sla.scroll_into_view_if_needed()
    await page.screenshot(path=str(shots / "editor-warning.png"))
    await page.evaluate("window.scrollTo(0, 0)")
    await page.screenshot(path=str(shots / "editor-warning-list.png"))
    await sla.fill("")
    await expect(warned).to_have_count(0)
    await saved(page)

    # The timeline: dragging the chat later moves its arrival; the arrow keys nudge it.
    mark = page.locator(".mark[data-contact='tchat-rdv']")
    await expect(mark).to_have_attribute("aria-valuenow", "120")
    await mark.scroll_into_view_if_needed()
    box = await mark.bounding_box()
    assert box is not None
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.mouse.move(*middle)
    await page.mouse.down()
    await page.mouse.move(middle[0] + 150, middle[1], steps=8)
    await page.mouse.up()
    dragged = int(await mark.get_attribute("aria-valuenow") or 0)
    assert 600 < dragged < 900, dragged  # ~11 simulated minutes later on a 60-minute day
    await mark.focus()
    await page.keyboard.press("ArrowLeft")  # one minute earlier
    await expect(mark).to_have_attribute("aria-valuenow", str(dragged - 60))
    await page.locator(".item-list").get_by_role("button", name="Sophie Petit").click()
    await expect(field(page, "contacts[0].at")).to_have_value(
        f"0:{(dragged - 60) // 60:02d}:{(dragged - 60) % 60:02d}"
    )
    await saved(page)
    await page.locator(".timeline-box").screenshot(path=str(shots / "timeline.png"))
    await page.evaluate("window.scrollTo(0, 0)")
    await page.screenshot(path=str(shots / "editor.png"))

    # From the editor, on the draft being written: the coverage matrix names a criterion this
    # deck cannot assess, and the dry run plays it (omnisim/web/pages/assess.py).
    assert await assess_served(page) == {"coverage": True, "dryrun": True, "try": True}
    async with page.context.expect_page() as opened:
        await page.get_by_role("button", name="Critères couverts").click()
    coverage = await opened.value
    await expect(coverage.locator("body")).to_contain_text(
        "Aucun contact ne permet d'évaluer CQP C.1.8 (Prendre des messages)."
    )
    await coverage.screenshot(path=str(shots / "coverage.png"), full_page=True)
    await coverage.close()
    async with page.context.expect_page() as opened:
        await page.get_by_role("button", name="Essai à blanc").click()
    dryrun = await opened.value
    await expect(dryrun.locator("body")).to_contain_text("C.1")
    await dryrun.screenshot(path=str(shots / "dryrun.png"), full_page=True)
    await dryrun.close()
    await page.get_by_label("Contact à jouer").select_option("tchat-rdv")  # one contact, tried
    await page.get_by_label("Rythme").fill("60")
    async with page.context.expect_page() as opened:
        await page.get_by_role("button", name="Essayer comme candidat").click()
    trial = await opened.value  # the candidate's desk, on no exam
    await trial.get_by_role("button", name="Commencer l'exercice").click()
    await expect(trial.get_by_text("je voudrais un rendez-vous avec le docteur")).to_be_visible(
        timeout=20000
    )
    await trial.close()

    # Published, the deck is offered to an exam; a candidate plays it.
    await page.get_by_role("button", name="Publier la version").click()
    await expect(page.locator(".notice")).to_contain_text(
        "publiée : les examens peuvent l'utiliser"
    )
    await page.get_by_role("link", name="Nouvel examen").click()
    await expect(page.get_by_label("Deck", exact=True)).to_have_value(f"library:{deck_id}")
    await page.get_by_label("Entraînement").check()
    await page.get_by_label("Rythme").fill("150")
    await page.get_by_label("Candidats", exact=True).fill("Claire Roussel ; 0001")
    await page.get_by_role("button", name="Créer l'examen").click()
    await expect(page.locator("#exam-status")).to_have_text("prêt")
    link = await page.locator("#person-c1 a.url").get_attribute("href")
    assert link
    candidate = await browser.new_page(viewport={"width": 1366, "height": 768})
    await candidate.goto(link)
    await candidate.get_by_role("button", name="Commencer l'exercice").click()
    await expect(candidate.get_by_text("je voudrais un rendez-vous avec le docteur")).to_be_visible(
        timeout=20000
    )
    await candidate.get_by_role("button", name="Prendre en charge").click()
    await candidate.get_by_label("Votre réponse…").fill("Bonjour, quel motif ?")
    await candidate.get_by_role("button", name="Envoyer").click()
    await expect(candidate.get_by_text("C'est pour un certificat de sport.")).to_be_visible(
        timeout=15000
    )
    await candidate.screenshot(path=str(shots / "candidate-plays.png"))
    await candidate.close()

    # The zip: `omnisim deck check` accepts it, and imported again it is the same deck.
    await page.goto(f"{live.url}/decks/{deck_id}")
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Télécharger (zip)").click()
    archive = tmp_path / "deck.zip"
    await (await downloading.value).save_as(archive)
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(folder)
    (top,) = [p for p in folder.iterdir() if p.is_dir()]
    checked = await asyncio.to_thread(  # the command line, as a trainer runs it
        subprocess.run,
        [sys.executable, "-m", "omnisim", "deck", "check", str(top)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "appel-urgent" in checked.stdout and "tchat-rdv" in checked.stdout
    await page.goto(f"{live.url}/decks")
    await page.get_by_label("Importer un deck (zip)").set_input_files(str(archive))
    await page.get_by_role("button", name="Importer", exact=True).click()
    await expect(page.locator(".notice")).to_contain_text("déjà dans la bibliothèque")
    assert page.url.split("/decks/")[1].split("?")[0] == deck_id
    await page.goto(f"{live.url}/decks")
    await expect(page.locator("table.library tbody tr[data-deck^='dk']")).to_have_count(1)
    await page.screenshot(path=str(shots / "library.png"), full_page=True)
