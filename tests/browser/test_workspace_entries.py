"""What the candidate types, counts and reads on the desk (issue 22, faults 6 and 10), in
Chromium at 1366×768: required fields and formats refused at the field, in French or English,
nothing typed lost; the SMS counter; one date and time format; the newest line in view; the
English link on screen before the start."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

import omnisim.web.app  # noqa: F401  imported here, not in the first test's setup on the loop
from tests.browser.test_workspace_contact import open_desk, take
from tests.browser.test_workspace_desk import DEMO, VIEWPORT, shots

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]


def error_at(page: Page, label: str):
    """The refusal shown under the field labelled ``label``."""
    field = page.get_by_role("textbox", name=label, exact=True)
    return page.locator(".field", has=field).locator(".field-error")


async def start(page: Page) -> None:
    await page.get_by_role(
        "button", name=re.compile("Commencer l'exercice|Start the exercise")
    ).click()


async def test_required_fields_and_formats_are_refused_where_typed(live, browser, screenshot_dir):
    tokens, page = await open_desk(live, browser)
    await start(page)
    # An e-mail without a subject.
    await take(page, "Claire Roussel")
    subject = page.get_by_label("Objet", exact=True)
    await expect(subject).to_have_value("RE: Documents pour mon dossier")  # as a mail client
    await subject.fill("")
    body = page.get_by_role("textbox", name="Votre réponse…")
    await body.fill("Bonjour Madame, bien reçu, je transmets à Maître Lefèvre.")
    await body.press("Control+Enter")
    await expect(page.locator(".comp-subject .field-error")).to_have_text("Champ obligatoire.")
    await expect(subject).to_have_attribute("aria-invalid", "true")
    await expect(body).to_have_value("Bonjour Madame, bien reçu, je transmets à Maître Lefèvre.")

    # A message: no recipient, then a call-back number that is none.
    await page.get_by_role("tab", name="Message").click()
    lefevre = await live.handle(tokens, "principal", "cabinet-lefevre")  # the desk's handle
    await expect(page.get_by_label("Donneur d'ordres")).to_have_value(lefevre)  # the contact's
    await page.get_by_label("De la part de").fill("Claire Roussel")
    await page.get_by_label("Comment le joindre (téléphone ou e-mail)").fill("abc")
    await page.get_by_role("textbox", name="Message").fill("Rappeler avant lundi.")
    save = page.get_by_role("button", name="Enregistrer le message")
    await save.click()
    await expect(page.locator(".message-form .field-error")).to_have_text("Champ obligatoire.")
    form = page.locator(".message-form")  # « Pour », not a transfer's « Note pour le destinataire »
    await expect(form.get_by_label("Pour")).to_have_attribute("aria-invalid", "true")
    await form.get_by_label("Pour").select_option(
        await live.handle(tokens, "staff", "maitre-lefevre")
    )
    await save.click()
    await expect(error_at(page, "Comment le joindre (téléphone ou e-mail)")).to_have_text(
        "« abc » n'est ni un numéro de téléphone ni une adresse e-mail."
    )
    await expect(page.get_by_label("De la part de")).to_have_value("Claire Roussel")  # kept
    await page.screenshot(path=str(shots(screenshot_dir) / "message-refused-at-field.png"))
    await page.get_by_label("Comment le joindre (téléphone ou e-mail)").fill("06 81 72 63 54")
    await save.click()
    await expect(page.get_by_text("Message enregistré.")).to_be_visible()

    # A record: a phone "abc", an e-mail "pas-un-email"; an empty interaction log.
    await page.get_by_role("tab", name="CRM").click()
    await page.locator("summary", has_text="Nouvelle fiche").click()
    await page.get_by_label("Nom", exact=True).fill("Vasseur")
    await page.get_by_role("textbox", name="Téléphone", exact=True).fill("abc")
    await page.get_by_role("button", name="Créer la fiche").click()
    await expect(error_at(page, "Téléphone")).to_contain_text(
        "« abc » n'est pas un numéro de téléphone"
    )
    await page.get_by_role("textbox", name="Téléphone", exact=True).fill("06 55 44 33 22")
    await page.get_by_role("textbox", name="E-mail", exact=True).fill("pas-un-email")
    await page.get_by_role("button", name="Créer la fiche").click()
    await expect(error_at(page, "E-mail")).to_contain_text(
        "« pas-un-email » n'est pas une adresse e-mail"
    )
    await expect(page.get_by_label("Nom", exact=True)).to_have_value("Vasseur")
    await page.get_by_role("button", name="Tracer l'entretien").click()
    await expect(error_at(page, "Motif")).to_have_text("Champ obligatoire.")
    await page.get_by_label("Motif", exact=True).fill("Documents reçus")
    await page.get_by_role("button", name="Tracer l'entretien").click()
    await expect(error_at(page, "Résultat")).to_have_text("Champ obligatoire.")

    # In English, the same refusals, in English; what was typed is still there.
    await page.get_by_role("link", name="English").click()
    await expect(page.get_by_label("Reason", exact=True)).to_have_value("Documents reçus")
    await page.get_by_role("button", name="Trace the conversation").click()
    await expect(error_at(page, "Outcome")).to_have_text("Required.")
    await page.locator("summary", has_text="New record").click()
    await expect(page.get_by_role("textbox", name="E-mail", exact=True)).to_have_value(
        "pas-un-email"
    )
    await page.get_by_role("button", name="Create the record").click()
    await expect(error_at(page, "E-mail")).to_contain_text(
        "“pas-un-email” is not an e-mail address"
    )

    log = await live.store.read(tokens.session_id)
    mine = [e.type for e in log if e.actor == "candidate" and e.type != "draft.saved"]
    assert "message.sent" not in mine and "crm.record_created" not in mine
    assert "crm.traced" not in mine and mine.count("message.taken") == 1


async def test_a_message_left_without_a_number_says_so(live, browser, screenshot_dir):
    """CQP C.1.8: the caller left no number. « Numéro non communiqué » sets the phone field
    aside (what was typed in it is kept for an untick) and the message is saved; the list of
    messages says the number was not given. In English, the same box."""
    tokens, page = await open_desk(live, browser)
    await start(page)
    await take(page, "Claire Roussel")
    await page.get_by_role("tab", name="Message").click()
    form = page.locator(".message-form")
    await form.get_by_label("Pour").select_option(
        await live.handle(tokens, "staff", "maitre-lefevre")
    )
    await page.get_by_label("De la part de").fill("Un voisin de Mme Roussel")
    reach = page.get_by_label("Comment le joindre (téléphone ou e-mail)")
    await reach.fill("06 81")
    box = page.get_by_role("checkbox", name="Numéro non communiqué")
    await box.check()
    await expect(reach).to_be_disabled()
    await expect(reach).to_have_value("06 81")  # kept, not sent
    await page.get_by_role("textbox", name="Message").fill(
        "Pour information, ne demande pas de rappel."
    )
    await page.screenshot(path=str(shots(screenshot_dir) / "message-no-number.png"))
    await page.get_by_role("button", name="Enregistrer le message").click()
    await expect(page.get_by_text("Message enregistré.")).to_be_visible()
    await expect(box).not_to_be_checked()  # the form is ready for the next message
    await expect(reach).to_be_enabled()
    await page.get_by_role("link", name="English").click()
    await page.get_by_role("tab", name="Message").click()
    await expect(page.get_by_role("checkbox", name="Number not given")).to_be_visible()
    await page.screenshot(path=str(shots(screenshot_dir) / "message-no-number-en.png"))
    log = await live.store.read(tokens.session_id)
    taken = [e.payload for e in log if e.type == "message.taken"]
    assert [(p.phone, p.no_number, p.caller) for p in taken] == [
        ("", True, "Un voisin de Mme Roussel")
    ]


async def test_the_sms_counter_counts_as_the_network_does(live, browser, screenshot_dir):
    _, page = await open_desk(live, browser)
    await start(page)
    await take(page, "Jean Dupont")
    body = page.get_by_role("textbox", name="Votre réponse…")
    counter = page.locator(".composer .counter")
    await body.fill("a" * 160)
    await expect(counter).to_have_text("160 caractère(s) · 1 SMS (160 caractères par SMS)")
    await body.fill("a" * 307)  # issue 22: 307 characters showed « 2 SMS »
    await expect(counter).to_have_text("307 caractère(s) · 3 SMS (153 caractères par SMS)")
    await body.fill("Êtes-vous disponible vendredi 13 mars à 10 h 30 ? Cordialement, le cabinet.")
    await expect(counter).to_have_text(
        "75 caractère(s) · 2 SMS (67 caractères par SMS : Ê hors alphabet GSM)"
    )
    await page.screenshot(path=str(shots(screenshot_dir) / "sms-counter-unicode.png"))


async def test_one_date_and_time_format_everywhere_on_the_desk(live, browser):
    for lang, day, slot, history, busy in (
        (
            "",
            "jeudi 12 mars 2026",
            "Déplacer jeudi 12 mars 2026, 10:00",
            "mardi 10 février 2026 · Rendez-vous",
            "Le créneau du jeudi 12 mars 2026, 10:00 est déjà pris",
        ),
        (
            "en",
            "Thursday, March 12, 2026",
            "Move Thursday, March 12, 2026, 10:00\u202fAM",
            "Tuesday, February 10, 2026 · Appointment",
            "Thursday, March 12, 2026, 10:00\u202fAM",
        ),
    ):
        _, page = await open_desk(live, browser, lang=lang)
        await expect(page.locator(".desk-head .clock .day")).to_have_text(day)
        await start(page)
        await take(page, "Sophie Petit", "Décrocher" if not lang else "Pick up")
        await page.get_by_role("textbox", name=re.compile("Votre réponse…|Your reply…")).fill(
            "Bonjour."
        )
        await page.keyboard.press("Enter")
        stamp = page.locator(".transcript .msg.candidate time").first
        await expect(stamp).to_have_text(re.compile(r"^(\d\d:\d\d|\d{1,2}:\d\d\u202f[AP]M)$"))
        await page.get_by_role("searchbox").first.fill("dupont")
        await page.get_by_role("button", name=re.compile("^Dupont Jean")).click()
        await expect(page.locator(".record .history")).to_contain_text(history)
        await page.get_by_role("tab", name="Agendas").click()
        # M. Dupont's appointment, named in the format; its time typed for a booking, refused.
        await expect(page.get_by_role("button", name=slot)).to_be_visible()
        agenda = page.locator(".agenda").first
        await agenda.get_by_label(re.compile("Autre créneau|Another slot")).fill("2026-03-12T10:00")
        await agenda.get_by_role("button", name=re.compile("^(Réserver|Book)$")).click()
        await expect(page.locator(".agenda .refusal")).to_contain_text(busy)
        await page.close()


async def test_the_newest_line_stays_in_full_view(live, browser, screenshot_dir):
    """A refusal growing the composer, or a hint above, never half-hides the last line."""
    tokens, page = await open_desk(live, browser)
    trainer = await live.connect(tokens.trainer)
    await start(page)
    await take(page, "Isabelle Moreau")
    event = await trainer.wait_for(
        lambda e: (
            e["type"] == "contact.offered" and e["payload"]["customer_name"] == "Isabelle Moreau"
        ),
        timeout=10,
    )
    chat = event["payload"]["contact_id"]
    assert (await trainer.act("take_over", {"contact_id": chat}))["ok"]
    for n in range(14):
        line = f"Ligne {n} : ma fenêtre ne ferme plus, la poignée tourne dans le vide."
        assert (await trainer.act("say", {"contact_id": chat, "text": line}))["ok"]
    last = page.locator(".transcript .msg").last
    await expect(last).to_contain_text("Ligne 13")
    body = page.get_by_role("textbox", name="Votre réponse…")
    await body.fill("   ")
    await body.press("Enter")  # refused: the composer grows under the transcript
    await expect(page.locator(".composer .field-error")).to_be_visible()
    await page.wait_for_timeout(300)
    inside = await page.evaluate(
        """() => {
            const t = document.querySelector('.transcript');
            const a = t.getBoundingClientRect(), b = t.lastElementChild.getBoundingClientRect();
            return [b.top >= a.top - 1 && b.bottom <= a.bottom + 1, a.bottom - b.bottom];
        }"""
    )
    await page.screenshot(path=str(shots(screenshot_dir) / "transcript-newest-line.png"))
    assert inside[0], inside


async def test_the_english_link_is_on_screen_before_the_start(live, browser):
    for mode in ("training", "exam"):
        tokens = await live.session(DEMO, time_factor=6, mode=mode)
        page = await browser.new_page(viewport=VIEWPORT)
        await page.goto(f"{live.url}/candidate?token={tokens.candidate}")
        link = page.get_by_role("link", name="English")
        await expect(link).to_be_visible()
        box = await link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= VIEWPORT["width"], (mode, box)
        await expect(page.locator(".desk-head .clock .time")).to_be_visible()
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORT["width"], width
        if mode == "training":
            await expect(page.locator(".conversation.ready .pace-note")).to_contain_text(
                "1 minute réelle = 6 minutes simulées"
            )
        await page.close()
