"""The desk a contact-centre agent recognises, played as a candidate meets it (issue 22,
faults 4, 7, 8 and part of 10): the principal's real agenda, « Décrocher » bringing the call
forward, outbound calls as softphone lines, consultation before a transfer, wrap-up codes,
agent status, internal notes, attachments and copies."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

import omnisim.web.app  # noqa: F401  imported at collection, not in the first test's setup on the loop
from tests.browser.test_workspace_desk import (
    CRM_SEARCH,
    VIEWPORT,
    open_desk,
    pick,
    shots,
    start,
)
from tests.conftest import TEST_PASSWORD, of_type

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]


def slot(page: Page, text: str):
    """The agenda row holding ``text`` (a time, a name)."""
    return page.locator(".agenda li.slot", has_text=text)


async def test_a_deck_appointment_moves_and_cancels_and_an_absence_warns(
    live, browser, screenshot_dir
):
    """Fault 4: Mme Petit asks to move her appointment of Friday 9:30, in the deck's agenda."""
    tokens, page = await open_desk(live, browser)
    await start(page)
    await pick(page, "deplacer-rdv", "Décrocher")
    await page.get_by_role("searchbox", name=CRM_SEARCH).fill("petit")
    await page.get_by_role("button", name="Petit Sophie").click()
    await page.get_by_role("tab", name="Agendas").click()
    martin = page.get_by_role("region", name=re.compile("Dr Hélène Martin"))
    await expect(martin).to_contain_text("09:00")  # the doctor's hours are shown
    petit = slot(page, "Mme Sophie Petit")
    await petit.get_by_role("button", name=re.compile("^Déplacer")).click()
    await expect(page.locator(".moving")).to_contain_text("choisissez le nouveau créneau")
    await martin.get_by_role("button", name=re.compile("^Réserver .*13 mars.*10")).click()
    moved = page.locator(".agenda li.slot.booked")
    await expect(moved).to_have_count(1)
    await expect(moved).to_contain_text("Mme Sophie Petit")
    await expect(moved).to_contain_text("déplacé")
    # Her old slot is free again, and says so.
    freed = martin.locator("li.slot", has=page.locator(".when", has_text=re.compile("13 mars.*9")))
    await expect(freed).to_have_class(re.compile(r"\bfree\b"))
    await expect(freed).to_contain_text("libéré")
    await page.screenshot(path=str(shots(screenshot_dir) / "agenda-deck-appointment-moved.png"))
    # M. Dupont's appointment (the deck's) cancels too.
    await (
        slot(page, "M. Jean Dupont")
        .get_by_role("button", name=re.compile("^Annuler le rendez-vous"))
        .click()
    )
    dupont = slot(page, "M. Jean Dupont")
    await expect(dupont).to_have_class(re.compile(r"\bfree\b"))
    await expect(dupont).to_contain_text("annulé")
    # A booking during the doctor's training: a warning, overridden with a reason.
    await martin.get_by_label("Autre créneau").fill("2026-03-12T15:00")
    await martin.get_by_role("button", name="Réserver", exact=True).click()
    warning = martin.locator(".warning[role=alert]")
    await expect(warning).to_contain_text("absent")
    await expect(warning).to_contain_text("formation")
    await page.screenshot(path=str(shots(screenshot_dir) / "agenda-absence-warning.png"))
    await warning.get_by_label("Motif de la dérogation").fill("Demande expresse du docteur.")
    await warning.get_by_role("button", name="Réserver quand même").click()
    await expect(warning).to_be_hidden()
    await expect(page.locator(".agenda li.slot.booked")).to_have_count(2)
    log = await live.store.read(tokens.session_id)
    moves = [e.payload for e in log if e.type == "agenda.moved"]
    assert [(m.start, m.to, m.contact_id, m.record_id) for m in moves] == [
        ("2026-03-13T09:30", "2026-03-13T10:30", "deplacer-rdv", "r-petit")
    ]
    cancelled = [e.payload.start for e in log if e.type == "agenda.cancelled"]
    assert cancelled == ["2026-03-12T10:00"]
    booked = [e.payload for e in log if e.type == "agenda.booked"]
    assert [(b.start, b.override) for b in booked] == [
        ("2026-03-12T15:00", "Demande expresse du docteur.")
    ]


async def test_decrocher_in_the_phone_panel_brings_the_call_forward(live, browser):
    """Fault 7: a chat is on screen when a call rings; « Décrocher » shows the call."""
    tokens, page = await open_desk(live, browser)
    trainer = await live.connect(tokens.trainer)
    await start(page)
    await trainer.wait_for(of_type("contact.offered", contact_id="panne-fenetre"), timeout=15)
    await pick(page, "panne-fenetre")
    await expect(page.locator(".conv-head")).to_contain_text("Isabelle Moreau")
    # Her number sits only on her CRM record: it comes with her chat.
    await expect(page.locator(".conv-meta")).to_contain_text("06 20 30 40 50")
    assert (await trainer.act("inject", {"contact_id": "extra-appel-relance"}))["ok"]
    line = page.locator(".softphone li.line.ringing", has_text="Marc Lenoir")
    await line.get_by_role("button", name="Décrocher").click(timeout=10_000)
    await expect(page.locator(".conv-head")).to_contain_text("Marc Lenoir")
    await expect(page.locator(".conv-head .state")).to_have_text("en cours")


async def calling_back(live, browser):
    """Mme Roussel's e-mail taken, and her call back placed: (tokens, page, the call's line)."""
    tokens, page = await open_desk(live, browser)
    await start(page)
    await pick(page, "message-email")
    await page.locator(".conv-head").get_by_role("button", name="Appeler le client").click()
    line = page.locator(".softphone li.line.outbound")
    await expect(line).to_contain_text("Claire Roussel · Appel sortant")
    return tokens, page, line


async def test_an_outbound_call_from_an_email_is_a_line_the_reply_box_follows(
    live, browser, screenshot_dir
):
    """Fault 8: Mme Roussel's e-mail asks to be called back; the candidate calls her."""
    tokens, page, line = await calling_back(live, browser)
    await expect(line).to_contain_text("06 81 72 63 54")
    await expect(line.locator(".timer")).to_be_visible()
    await expect(page.locator(".transcript")).to_contain_text("Appel sortant vers 06 81 72 63 54")
    # She picks up, by phone, in her own conversation.
    await expect(page.locator(".transcript .msg.customer").last).to_contain_text("", timeout=10_000)
    channel = page.get_by_label("Canal de réponse")
    await expect(channel).to_have_value("phone")
    reply = page.get_by_role("textbox", name="Votre réponse…")
    for text in ("Bonjour madame Roussel, c'est le cabinet Lefèvre.", "Vos documents sont reçus."):
        await reply.fill(text)
        await page.keyboard.press("Enter")
        await expect(page.locator(".transcript .msg.candidate").last).to_contain_text(text)
    await expect(page.get_by_label("Pourquoi ce canal ?")).to_have_count(0)
    await page.screenshot(path=str(shots(screenshot_dir) / "outbound-call-in-progress.png"))
    await line.get_by_label("Annonce faite au correspondant").fill("Je vérifie, un instant.")
    await line.get_by_role("button", name="Mettre en attente").click()
    await expect(line).to_contain_text("en attente")
    await line.get_by_role("button", name="Reprendre l'appel").click()
    await line.get_by_role("button", name="Raccrocher").click()
    await expect(line).to_have_count(0)
    await expect(page.locator(".transcript")).to_contain_text("Fin de l'appel")
    await expect(channel).to_have_value("email")
    log = await live.store.read(tokens.session_id)
    call = next(e.payload for e in log if e.type == "call.outbound")
    assert (call.kind, call.contact_id) == ("customer", "message-email")
    mine = [e.payload for e in log if e.type == "message.sent" and e.actor == "candidate"]
    assert [(m.channel, m.justification) for m in mine] == [("phone", ""), ("phone", "")]
    assert [e.type for e in log if e.type in ("contact.held", "contact.resumed", "call.ended")] == [
        "contact.held",
        "contact.resumed",
        "call.ended",
    ]


async def test_consulting_the_supervisor_then_transferring_says_to_whom(live, browser):
    """The softphone's consult transfer: hold the caller, speak to the supervisor, transfer."""
    tokens, page = await open_desk(live, browser)
    await start(page)
    caller = await live.handle(tokens, "contact", "deplacer-rdv", wait=15)
    supervisor = await live.handle(tokens, "staff", "superviseure")
    line = page.locator(f".softphone li[data-line='{caller}']")
    await line.get_by_role("button", name="Décrocher").click(timeout=10_000)
    await line.get_by_label("Annonce faite au correspondant").fill("Je me renseigne, un instant.")
    await line.get_by_label("Transférer à…").select_option(supervisor)
    await line.get_by_role("button", name="Consulter").click()
    consult = page.locator(".softphone li.line.outbound")
    await expect(consult).to_contain_text("Mme Nadia Ferrand")
    await expect(line).to_contain_text("en attente")
    panel = page.locator(".conversation.call")
    await expect(panel).to_contain_text("Mme Nadia Ferrand, je vous écoute.")
    await panel.get_by_role("textbox", name="Ce que vous dites").fill(
        "Mme Petit veut déplacer un rendez-vous déjà pris."
    )
    await page.keyboard.press("Enter")
    await expect(panel).to_contain_text("Entendu, passez-moi l'appel.")
    await panel.get_by_role("button", name="Transférer l'appelant").click()
    await expect(page.locator(".queue .filed summary")).to_contain_text("Contacts classés (1)")
    await page.locator(".queue .filed summary").click()
    await page.locator(f".queue .filed li[data-contact='{caller}'] button").click()
    await expect(page.locator(".transcript")).to_contain_text("Consultation de Mme Nadia Ferrand")
    await expect(page.locator(".transcript")).to_contain_text("Transféré à Mme Nadia Ferrand")
    # The transferred call takes its wrap-up code, as a desk takes it after a transfer.
    head = page.locator(".conv-head")
    await expect(head.get_by_role("button", name="Raccrocher")).to_have_count(0)
    await head.get_by_role("button", name="Clôturer").click()
    wrap = page.locator(".wrap-up")
    await wrap.get_by_label("Qualification").select_option("transferred")
    await wrap.get_by_role("button", name="Valider la clôture").click()
    await expect(page.locator(".transcript")).to_contain_text("Clôturé · Transféré")
    await expect(head.get_by_role("button", name="Clôturer")).to_have_count(0)  # once
    log = await live.store.read(tokens.session_id)
    kinds = [
        e.type for e in log if e.actor in ("candidate", "system") and e.type != "contact.offered"
    ]
    assert (
        kinds.index("contact.held")
        < kinds.index("call.outbound")
        < kinds.index("contact.transferred")
        < kinds.index("contact.closed")
    )
    closed = next(e.payload for e in log if e.type == "contact.closed")
    assert (closed.contact_id, closed.wrap_up) == ("deplacer-rdv", "transferred")


async def test_a_chat_asking_for_a_manager_is_handed_to_the_supervisor(live, browser):
    """Fault 10: a chat flagged « Demande un responsable » can be transferred, and says to whom."""
    tokens, page = await open_desk(live, browser)
    trainer = await live.connect(tokens.trainer)
    await start(page)
    await trainer.wait_for(of_type("contact.offered", contact_id="panne-fenetre"), timeout=15)
    assert (await trainer.act("take_over", {"contact_id": "panne-fenetre"}))["ok"]
    await pick(page, "panne-fenetre")
    head = page.locator(".conv-head")
    supervisor = await live.handle(tokens, "staff", "superviseure")
    await head.get_by_label("Transférer à…").select_option(supervisor)
    await head.get_by_label("Note pour le destinataire").fill(
        "Cliente mécontente, panne après pose."
    )
    await head.get_by_role("button", name="Transférer").click()
    await expect(page.locator(".transcript")).to_contain_text(
        "Transféré à Mme Nadia Ferrand (superviseure du plateau)"
    )
    await expect(page.locator(".transcript")).to_contain_text("panne après pose")
    log = await live.store.read(tokens.session_id)
    moved = next(e.payload for e in log if e.type == "contact.transferred")
    assert (moved.contact_id, moved.to) == ("panne-fenetre", "superviseure")


async def test_closing_asks_a_wrap_up_code_and_notes_status_attachments_and_copies(
    live, browser, screenshot_dir
):
    """The agent-desk basics: internal note, attachments opened and sent, a copy, a wrap-up code
    when closing, and a status (available, wrap-up, break) the trainer's board sees."""
    tokens, page = await open_desk(live, browser)
    await start(page)
    await pick(page, "message-email")
    # An incoming attachment opens.
    await (
        page.locator(".conv-meta")
        .get_by_role("button", name=re.compile("jugement-2025.pdf"))
        .click()
    )
    document = page.get_by_role("dialog", name=re.compile("Jugement du 14 novembre 2025"))
    await expect(document).to_contain_text("4 200")
    await document.get_by_role("button", name="Fermer").click()
    # An internal note, never sent to the customer.
    await page.get_by_role("button", name="Note interne").click()
    await page.get_by_label("Texte de la note").fill(
        "Pièces reçues, à transmettre à Maître Lefèvre."
    )
    await page.get_by_role("button", name="Ajouter la note").click()
    await expect(page.locator(".transcript .msg.note")).to_contain_text("Pièces reçues")
    # A reply with a copy and a document of the centre attached.
    await page.get_by_label("Objet", exact=True).fill("Vos documents")
    await page.get_by_label("Copie (Cc)").fill("accueil@lefevre-avocats.fr")
    await page.get_by_label("Joindre un document").select_option("plan-acces-cabinet-martin.pdf")
    await expect(page.locator(".composer .enclosed")).to_contain_text(
        "plan-acces-cabinet-martin.pdf"
    )
    await page.get_by_role("textbox", name="Votre réponse…").fill("Bien reçu, je transmets.")
    await page.get_by_role("button", name="Envoyer").click()
    sent = page.locator(".transcript .msg.candidate").last
    await expect(sent).to_contain_text("accueil@lefevre-avocats.fr")
    await expect(sent).to_contain_text("plan-acces-cabinet-martin.pdf")
    # The status the board sees.
    await page.locator(".softphone").get_by_label("Statut").select_option("wrap_up")
    # Closing asks for the wrap-up code.
    await page.locator(".conv-head").get_by_role("button", name="Clôturer").click()
    wrap = page.locator(".wrap-up")
    await expect(wrap.get_by_label("Qualification")).to_be_visible()
    await page.screenshot(path=str(shots(screenshot_dir) / "wrap-up-code.png"))
    await wrap.get_by_label("Qualification").select_option("message")
    await wrap.get_by_role("button", name="Valider la clôture").click()
    await expect(page.locator(".conv-head .state")).to_have_text("clôturé")
    await expect(page.locator(".transcript")).to_contain_text("Message transmis")
    log = await live.store.read(tokens.session_id)
    closed = next(e.payload for e in log if e.type == "contact.closed")
    assert closed.wrap_up == "message"
    reply = [e.payload for e in log if e.type == "message.sent" and e.actor == "candidate"][-1]
    assert reply.cc == ("accueil@lefevre-avocats.fr",)
    assert reply.attachments == ("plan-acces-cabinet-martin.pdf",)
    assert [e.payload.status for e in log if e.type == "agent.status"] == ["wrap_up"]
    notes = [e.payload.text for e in log if e.type == "contact.noted"]
    assert notes == ["Pièces reçues, à transmettre à Maître Lefèvre."]
    # The trainer's board shows the candidate's status.
    trainer = await live.accounts.by_api_token(tokens.trainer)
    board = await browser.new_page(viewport=VIEWPORT)
    await board.goto(f"{live.url}/exams/{tokens.exam_id}/board")
    await board.get_by_label("Identifiant").fill(trainer.login)
    await board.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    await board.get_by_role("button", name="Se connecter").click()
    await expect(board.locator(".card .agent-status")).to_contain_text("Post-appel")


async def test_a_customer_called_back_can_be_transferred_from_the_call_s_own_line(
    live, browser, screenshot_dir
):
    """The outbound call to a customer has the inbound line's transfer: choose, then transfer."""
    tokens, page, line = await calling_back(live, browser)
    reply = page.get_by_role("textbox", name="Votre réponse…")
    await reply.fill("Bonjour madame Roussel, je vous passe Maître Lefèvre.")
    await page.keyboard.press("Enter")
    lefevre = await live.handle(tokens, "staff", "maitre-lefevre")
    await line.get_by_label("Transférer à…").select_option(lefevre)
    await page.screenshot(path=str(shots(screenshot_dir) / "outbound-call-transfer.png"))
    await line.get_by_role("button", name="Transférer", exact=True).click()
    await expect(line).to_have_count(0)  # the call ends with the transfer
    log = await live.store.read(tokens.session_id)
    moved = [e.payload for e in log if e.type == "contact.transferred"]
    assert [(m.contact_id, m.to) for m in moved] == [("message-email", "maitre-lefevre")]
    assert any(e.type == "call.ended" for e in log)
