"""Phone lines, reply channels and a trainer playing a customer, in Chromium."""

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


async def test_hold_transfer_and_answer_on_another_channel(
    server, browser, tmp_path, screenshot_dir
):
    db = tmp_path / "events.db"
    proc = await server.start(db, deck=REACTIVE)
    page = await browser.new_page()
    await page.goto(proc.links["candidate"])
    await page.get_by_role("button", name="Commencer l'exercice").click()

    await page.locator("#contacts li[data-contact='appel-1']").click(timeout=5000)
    await page.get_by_role("button", name="Décrocher").click()
    await page.get_by_label("Annonce faite au correspondant").fill(
        "Je vous mets en attente, je vérifie l'agenda."
    )
    await page.get_by_role("button", name="Mettre en attente").click()
    await expect(page.locator("#contacts li[data-contact='appel-1'] .state")).to_have_text(
        "en attente"
    )
    await page.get_by_role("button", name="Reprendre l'appel").click()
    await page.get_by_label("Transférer à…").select_option("maitre-lefevre")
    await page.get_by_role("button", name="Transférer").click()
    await expect(page.locator("#contacts li[data-contact='appel-1'] .state")).to_have_text(
        "transféré"
    )

    await page.locator("#contacts li[data-contact='tchat-faits']").click()
    await page.get_by_role("button", name="Décrocher").click()
    await page.get_by_label("Canal de réponse").select_option("sms")
    await expect(page.get_by_label("Pourquoi ce canal ?")).to_be_visible()
    await page.get_by_label("Pourquoi ce canal ?").fill("Le client est en déplacement.")
    await page.get_by_label("Votre réponse…").fill("Je vous confirme par SMS.")
    await expect(page.locator(".counter")).to_have_text("25 caractères")
    await page.get_by_role("button", name="Envoyer").click()
    await expect(page.locator(".messages li.candidate")).to_contain_text(
        "Je vous confirme par SMS."
    )
    await expect(page.get_by_label("Votre réponse…")).to_have_value("")
    await page.screenshot(path=str(screenshot_dir / "workspace.png"), full_page=True)

    events = logged(db)
    held = next(e for e in events if e["type"] == "contact.held")
    assert held["payload"]["announcement"] == "Je vous mets en attente, je vérifie l'agenda."
    transferred = next(e for e in events if e["type"] == "contact.transferred")
    assert transferred["payload"]["to"] == "maitre-lefevre"
    sms = next(e for e in events if e["type"] == "message.sent" and e["actor"] == "candidate")
    assert (sms["payload"]["channel"], sms["payload"]["justification"]) == (
        "sms",
        "Le client est en déplacement.",
    )


async def test_a_trainer_speaks_as_the_customer(server, browser, tmp_path, screenshot_dir):
    proc = await server.start(tmp_path / "events.db", deck=REACTIVE, trainer=True)
    trainer = await browser.new_page()
    await sign_in(trainer, proc.url, f"/exams/{proc.exam_id}/candidates/c1/console")
    await trainer.get_by_role("button", name="Tout démarrer").click()
    candidate = await browser.new_page()
    await candidate.goto(proc.links["candidate"])
    await expect(candidate.locator("#contacts li[data-contact='tchat-faits']")).to_be_visible(
        timeout=5000
    )

    # The console is the candidate's desk mirrored, with the trainer's hands on each customer.
    contact = trainer.locator("section.contact[data-contact='tchat-faits']")
    await contact.get_by_role("button", name="Jouer Paul Girard").click()
    await expect(contact.locator(".taken-over")).to_have_text("Joué par le formateur")
    await contact.get_by_label("Dire en tant que Paul Girard").fill(
        "Je rappelle pour mon dossier 2024-118."
    )
    await contact.get_by_role("button", name="Dire (en tant que client)").click()
    await expect(trainer.locator("#notice")).to_have_count(0)
    await candidate.locator("#contacts li[data-contact='tchat-faits']").click()
    await expect(candidate.locator(".messages li.customer")).to_contain_text(
        ["Bonjour, j'ai une question sur mon dossier.", "Je rappelle pour mon dossier 2024-118."]
    )
    await expect(contact.locator(".lines li.customer").last).to_contain_text("2024-118")
    await trainer.screenshot(path=str(screenshot_dir / "trainer.png"), full_page=True)


async def test_an_email_shows_its_sender_subject_and_attachments(server, browser, tmp_path):
    proc = await server.start(tmp_path / "events.db", deck=REACTIVE)
    page = await browser.new_page()
    await page.goto(proc.links["candidate"])
    await page.get_by_role("button", name="Commencer l'exercice").click()
    await page.locator("#contacts li[data-contact='email-pieces']").click(timeout=5000)
    meta = page.locator(".meta")
    await expect(meta).to_contain_text("De anne.morel@exemple.fr")
    await expect(meta).to_contain_text("Objet : Pièces du dossier")
    await expect(meta).to_contain_text("Pièces jointes : contrat.pdf, facture.pdf")


async def test_the_dossier_traces_books_takes_messages_and_reports(
    server, browser, tmp_path, screenshot_dir
):
    db = tmp_path / "events.db"
    proc = await server.start(db, deck=ROOT / "decks" / "demo")
    page = await browser.new_page()
    await page.goto(proc.links["candidate"])
    await expect(page.locator("#dossier")).to_contain_text(
        "Le docteur est en formation de 14 h à 16 h"
    )
    await page.get_by_role("button", name="Commencer l'exercice").click()
    await page.locator("#contacts li[data-contact='deplacer-rdv']").click(timeout=30_000)
    await page.get_by_role("button", name="Décrocher").click()

    await page.locator("summary", has_text="CRM").click()
    await page.get_by_label("Nom", exact=True).fill("Lefèvre")
    await page.get_by_label("Prénom").fill("Anne")
    await page.get_by_role("button", name="Créer la fiche").click()
    await expect(page.locator("#trace-record option", has_text="Lefèvre Anne")).to_have_count(1)
    await page.locator("#trace-record").select_option(label="Petit Sophie 06 45 32 10 98")
    await page.get_by_label("Compte rendu").fill("Rendez-vous déplacé au vendredi 10 h 30.")
    await page.get_by_role("button", name="Tracer l'entretien").first.click()

    await page.locator("summary", has_text="Agenda").click()
    await page.locator("#book-principal").select_option("dr-martin")
    await page.locator("#book-slot").select_option("2026-03-13T10:30")
    await page.get_by_role("button", name="Réserver pour le contact sélectionné").click()

    await page.locator("summary", has_text="Rapports de fin de permanence").click()
    await page.get_by_label("Texte du rapport").fill("RAS, rendez-vous de Mme Petit déplacé.")
    await page.get_by_role("button", name="Enregistrer le rapport").click()
    await expect(page.get_by_label("Texte du rapport")).to_have_value("")
    await page.screenshot(path=str(screenshot_dir / "dossier.png"), full_page=True)

    kinds = {e["type"]: e["payload"] for e in logged(db)}
    assert kinds["crm.record_created"]["fields"]["last_name"] == "Lefèvre"
    assert kinds["crm.traced"] == {
        "contact_id": "deplacer-rdv",
        "record_id": "r-petit",
        "summary": "Rendez-vous déplacé au vendredi 10 h 30.",
    }
    assert kinds["agenda.booked"]["start"] == "2026-03-13T10:30"
    assert kinds["report.written"] == {
        "kind": "handover",
        "text": "RAS, rendez-vous de Mme Petit déplacé.",
    }
