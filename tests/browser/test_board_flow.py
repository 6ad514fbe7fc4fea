"""A trainer runs a room from the board: candidates live, a customer played, injections, pauses.

The trainer works in Chromium; the two candidates act over their own sockets (real
socket.io clients), so what the board shows comes only from the exam's feed.
Screenshots in test-artifacts/board/.
"""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

# The app's page modules, imported at collection rather than in the served loop's setup.
from omnisim.web import app  # noqa: F401
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

CHAT = "extra-tchat-garantie"  # the demo deck's library (decks/demo/contacts/9x-extra-*)
CALL = "extra-appel-relance"


def offered(client, contact_id: str) -> bool:
    return any(
        e["type"] == "contact.offered" and e["payload"]["contact_id"] == contact_id
        for e in client.events
    )


async def test_the_trainer_runs_the_room_from_the_board(live, browser, screenshot_dir):
    out = screenshot_dir / "board"
    out.mkdir(exist_ok=True)
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    page = await browser.new_page(viewport={"width": 1600, "height": 1000})
    await page.goto(f"{live.url}/exams/new")
    await page.get_by_label("Identifiant").fill("formatrice")
    await page.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await page.get_by_label("Deck", exact=True).select_option("bundled:demo")
    await page.get_by_label("Examen", exact=True).check()
    await page.get_by_label("Rythme").fill("2")
    await page.get_by_label("Candidats", exact=True).fill(
        "Claire Roussel ; 0001\nKarim Benali ; 0002"
    )
    await page.get_by_label("Jury", exact=True).fill("Marc Dubois ; interne\nAna Roy ; externe")
    await page.get_by_role("button", name="Créer l'examen").click()
    await expect(page.locator("#exam-status")).to_have_text("prêt")
    tokens = {}
    for person in ("c1", "c2"):
        url = await page.locator(f"#person-{person} a.url").get_attribute("href")
        assert url
        tokens[person] = url.split("token=", 1)[1]

    await page.get_by_role("link", name="Tableau de bord").click()
    cards = page.locator(".card")
    await expect(cards).to_have_count(2)
    claire_card, karim_card = cards.nth(0), cards.nth(1)
    await expect(claire_card.locator(".presence")).to_have_text("Hors ligne")
    await expect(page.get_by_text("Mode : Examen")).to_be_visible()
    await expect(page.get_by_text("Rythme : ×2")).to_be_visible()
    # One socket.io client, inside the page's bundle: no second copy loaded beside it.
    assert await page.evaluate("typeof window.io") == "undefined"

    # Their sockets speak the deck's ids as this test does (their desks name handles).
    claire = await live.connect(tokens["c1"], deck_ids=True)
    karim = await live.connect(tokens["c2"], deck_ids=True)
    await expect(claire_card.locator(".presence")).to_have_text("En ligne")
    await expect(karim_card.locator(".presence")).to_have_text("En ligne")

    await page.get_by_role("button", name="Tout démarrer").click()
    await expect(page.locator(".exam-status")).to_have_text("En cours")
    await expect(claire_card.locator(".facts .status")).to_have_text("en cours")

    # Inject a library contact to Claire only, from her desk's mirror.
    await claire_card.get_by_role("button", name="Claire Roussel").click()
    drill = page.locator("aside.drill")
    await expect(drill.locator("> header h2")).to_contain_text("Claire Roussel")
    await drill.get_by_label("Contact de la bibliothèque").select_option(CHAT)
    await drill.get_by_role("button", name="Injecter à ce candidat").click()
    await claire.wait_for(lambda e: e["type"] == "contact.offered")
    assert offered(claire, CHAT) and not offered(karim, CHAT)
    await expect(claire_card.locator(".facts .open")).to_have_text("Ouverts : 1")

    # Claire answers over her socket: the mirror shows it.
    assert (await claire.act("pickup", {"contact_id": CHAT}))["ok"]
    reply = {"contact_id": CHAT, "text": "Bonjour, je regarde votre garantie."}
    assert (await claire.act("send", reply))["ok"]
    contact = drill.locator(f"section.contact[data-contact='{CHAT}']")
    # The mirror is the candidate's own desk (in its shadow root), read-only.
    mirror = drill.locator(".mirror")
    await expect(mirror.locator(".transcript li.msg.candidate")).to_contain_text(
        "Bonjour, je regarde votre garantie."
    )
    trace = {"contact_id": CHAT, "record_id": "", "summary": "Garantie fenêtre, pose à vérifier"}
    assert (await claire.act("crm_trace", trace))["ok"]
    draft = {"field": f"reply:{CHAT}", "text": "Je vous propose le passage", "contact_id": CHAT}
    assert (await claire.act("draft", draft))["ok"]
    await expect(drill.locator(".operations")).to_contain_text(
        "Trace CRM Garantie fenêtre, pose à vérifier"
    )
    # Times are the scenario's clock, as on the candidate's desk, never an elapsed « 0:00:00 ».
    scenario_time = r"^(0[7-9]|1[0-9]):[0-5][0-9]:[0-5][0-9]$"
    await expect(drill.locator(".operations time").first).to_have_text(re.compile(scenario_time))
    desk_clock = r"^(0[7-9]|1[0-9]):[0-5][0-9]$"  # the desk's own clock: hours and minutes
    await expect(mirror.locator(".desk-head .clock time")).to_have_text(re.compile(desk_clock))
    # Unsent drafts are named for a person, never by their field id: the reply where the
    # candidate's composer is, the others listed under the queue.
    unsent = mirror.locator(".conversation .unsent")
    await expect(unsent).to_contain_text("Brouillon de réponse — Sophie Marchal (Tchat)")
    await expect(unsent).to_contain_text("Je vous propose le passage")
    note = {"field": "msg:text", "text": "Rappeler Mme Marchal demain", "contact_id": CHAT}
    assert (await claire.act("draft", note))["ok"]
    drafts = mirror.locator(".unsent-drafts")
    await expect(drafts).to_contain_text("Message pour le mandant en cours de saisie")
    await expect(drafts).to_contain_text("Rappeler Mme Marchal demain")
    for shown in (unsent, drafts):
        await expect(shown).not_to_contain_text("reply:")
        await expect(shown).not_to_contain_text("msg:")
    # Nothing in the mirror acts: no composer, no field to type in, no acting button.
    await expect(mirror.locator(".read-only")).to_have_count(1)
    for acting in ("textarea", "input[type=text]", ".composer", "button.primary", ".conv-actions"):
        await expect(mirror.locator(acting)).to_have_count(0)
    await page.screenshot(path=str(out / "board-mirror.png"))

    # The trainer plays the customer, types as her, and hands back.
    await contact.get_by_role("button", name="Jouer Sophie Marchal").click()
    await expect(contact.locator(".taken-over")).to_have_text("Joué par le formateur")
    await expect(claire_card.locator(".customers li.taken")).to_contain_text("repris")
    await contact.get_by_label("Dire en tant que Sophie Marchal").fill(
        "Elle a été posée il y a huit mois, exactement."
    )
    await contact.get_by_role("button", name="Dire (en tant que client)").click()
    said = await claire.wait_for(
        lambda e: (
            e["type"] == "message.sent"
            and e["payload"]["text"] == "Elle a été posée il y a huit mois, exactement."
        )
    )
    assert said["actor"] == "customer"  # the candidate never learns a trainer spoke
    await expect(mirror.locator(".transcript li.msg.customer").last).to_contain_text("huit mois")
    await expect(contact.locator(".last-said")).to_contain_text("huit mois")
    await page.screenshot(path=str(out / "board-takeover.png"))
    await contact.get_by_role("button", name="Rendre la main").click()
    await expect(contact.locator(".taken-over")).to_have_count(0)

    # Inject to all: both get the call; the chat again is refused for Claire only.
    await page.locator("#inject-all-contact").select_option(CALL)
    await page.get_by_role("button", name="Injecter à tous").click()
    await expect(page.locator("#notice")).to_have_text("Contact injecté (2 candidat(s)).")
    await karim.wait_for(lambda e: e["type"] == "contact.offered")
    assert offered(claire, CALL) and offered(karim, CALL)
    await page.locator("#inject-all-contact").select_option(CHAT)
    await page.get_by_role("button", name="Injecter à tous").click()
    await expect(page.locator("#notice")).to_contain_text("Contact injecté (1 candidat(s)).")
    await expect(page.locator("#notice")).to_contain_text(
        "Claire Roussel : Le contact extra-tchat-garantie"
    )
    await karim.wait_for(
        lambda e: e["type"] == "contact.offered" and e["payload"]["contact_id"] == CHAT
    )

    # Pause Claire alone, then resume her.
    await drill.get_by_role("button", name="Mettre ce candidat en pause").click()
    await expect(claire_card.locator(".facts .status")).to_have_text("en pause")
    await claire.wait_for(lambda e: e["type"] == "session.paused")
    await expect(karim_card.locator(".facts .status")).to_have_text("en cours")
    assert not any(e["type"] == "session.paused" for e in karim.events)
    await drill.get_by_role("button", name="Reprendre ce candidat").click()
    await expect(claire_card.locator(".facts .status")).to_have_text("en cours")

    # Karim's connection drops: the board warns.
    await karim.sio.disconnect()
    await expect(karim_card.locator(".presence")).to_have_text("Hors ligne")
    await expect(karim_card.locator(".alerts")).to_contain_text("Candidat hors ligne")
    await karim_card.get_by_role("button", name="Karim Benali").click()
    await expect(drill.locator(".warning")).to_contain_text("Ce candidat est hors ligne")
    await page.screenshot(path=str(out / "board-two.png"))

    # Stopping the exam asks first: dismissed, nothing happens; accepted, every attempt ends.
    page.once("dialog", lambda dialog: dialog.dismiss())
    await page.get_by_role("button", name="Arrêter l'examen").click()
    await expect(claire_card.locator(".facts .status")).to_have_text("en cours")
    page.once("dialog", lambda dialog: dialog.accept())
    await page.get_by_role("button", name="Arrêter l'examen").click()
    await expect(page.locator(".exam-status")).to_have_text("Arrêté")
    await expect(claire_card.locator(".facts .status")).to_have_text("terminé")
    await expect(karim_card.locator(".facts .status")).to_have_text("terminé")

    # The console of one candidate is the same desk, alone; English is available.
    exam_path = page.url.split("/board")[0]
    await page.goto(f"{exam_path}/candidates/c1/console?lang=en")
    await expect(page.locator("aside.drill > header h2")).to_contain_text("Claire Roussel")
    await expect(page.get_by_role("button", name="Pause this candidate")).to_be_visible()
    await expect(page.get_by_role("button", name="Start all")).to_be_visible()
