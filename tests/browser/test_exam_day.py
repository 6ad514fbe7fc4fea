"""Exam day in one Chromium run, everything through the real pages (issue #11, "How it is shown").

A trainer signs in, creates an exam through the form (demo deck, 2 candidates, 2 jury members;
a jury of one, or of no external member, is refused first), copies the links from the exam
page, starts all from the board; the two candidates play part of the deck through their desks
(queue, pick-up, replies, a CRM trace); a jury member's early hand-in is refused while the
attempt runs; the trainer plays one customer of candidate 1 and hands back, injects a library
contact to candidate 2, stops the exam. Two jury members then grade candidate 1 apart with one
disagreement; one proposes the reconciled decision, which stands only once the other accepts;
they write the recommendations and sign, each under their own name (another name is refused),
and the sheet locks: a change is refused by the page and by the API. The procès-verbal's lock
is refused while candidate 2 has no decision, then accepted once the trainer records them
absent with a reason; an erratum both jurors sign is printed. The result sheet and the
procès-verbal are downloaded from the exam page, their text checked with pypdf and their first
page drawn to PNG (issue 20). Screenshots in test-artifacts/exam_day/.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, expect
from playwright.async_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from omnisim.jury.integrity import log_hash

# The app's page modules, imported at collection rather than in the served loop's setup.
from omnisim.web import app  # noqa: F401
from tests.conftest import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.loop_block_ok(3)]

WIDE = {"width": 1600, "height": 1000}
DESK = {"width": 1366, "height": 768}
MESSAGE_LABEL = "Message"
UNSENT_MESSAGE = "Mme Petit souhaite avancer son rendez-vous"
CANDIDATES = ("Claire Roussel", "Karim Benali")
JURY = ("Marc Dubois", "Sophie Laurent")
# A desk names contacts by neutral handles in order of arrival (omnisim/protocol/handles.py).
CALL = "c1"  # the demo deck's first call (02:00, deplacer-rdv), Sophie Petit
CHAT = "c2"  # its first chat (12:00, panne-fenetre), Isabelle Moreau
EXTRA = "extra-tchat-garantie"  # a library contact (decks/demo/contacts/90-extra-*), never planned
PACE = "150"  # ×150: the call rings 0.8 s after the start, the chat 4.8 s; 270 min last 108 s
CRM_SEARCH = "Rechercher (nom, téléphone, e-mail, n° de dossier)"
TAKEOVER_LINE = "Et ce sera bien avec le docteur Martin lui-même ?"
# Marc's own comment: hidden from Sophie until both have handed in.
J1_NOTE = "Accueil soigné, nom de la patiente repris."
OVERRIDE = "Vu autrement à la réécoute."
AGREED = "Accord après réécoute des deux membres."
ADVICE = "S'entraîner sur ce point en situation."
ABSENT = "Absent à l'appel de 9 h, non excusé."
ERRATUM = "Au critère CQP C.1.2, le commentaire vise l'appel de 09:06 et non celui de 09:16."
PAGE_ERRORS: list[str] = []  # any script error on any page fails the run


async def new_page(browser: Browser, viewport: dict[str, int]) -> tuple[BrowserContext, Page]:
    """A separate browser context per person: no cookie or storage shared."""
    context = await browser.new_context(
        viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris"
    )
    page = await context.new_page()
    page.on("pageerror", lambda err: PAGE_ERRORS.append(f"{page.url}: {err}"))
    return context, page


async def link_of(exam_page: Page, name: str) -> str:
    """A person's link as a trainer copies it: read from the exam page's roster row."""
    row = exam_page.get_by_role("row").filter(has_text=name)
    href = await row.get_by_role("link", name=re.compile("token=")).get_attribute("href")
    assert href, name
    return href


async def grading_rows(base: str, token: str, candidate: str = "c1") -> list[dict[str, Any]]:
    """The grid's rows and proposals, as the jury member's page gets them."""
    async with aiohttp.ClientSession(base) as http:
        head = {"Authorization": f"Bearer {token}"}
        async with http.get(f"/api/grading/{candidate}", headers=head) as r:
            assert r.status == 200, await r.text()
            return (await r.json())["criteria"]


def label_of(row: dict[str, Any]) -> str:
    return f"{row['reference']} ({row['id']})"


async def grade(page: Page, rows: list[dict[str, Any]], flip: str = "", note: str = "") -> None:
    """Acquis / Non acquis on every criterion through the page, following the proposals but
    for ``flip`` (an override, so a comment is asked first); ``note`` commented on the first."""
    for i, row in enumerate(rows):
        decision = row["proposal"] if row["proposal"] != "a_apprecier" else "acquis"
        if row["id"] == flip:
            decision = "acquis" if decision == "non_acquis" else "non_acquis"
        group = page.get_by_role("radiogroup", name=f"Décision — {label_of(row)}")
        choice = group.get_by_label("Acquis" if decision == "acquis" else "Non acquis", exact=True)
        await choice.check()
        comment = page.get_by_label(f"Commentaire — {label_of(row)}")
        if row["id"] == flip:
            css_id = row["id"].replace(".", "\\.")
            alert = page.locator(f"#criterion-{css_id} [role=alert]")
            await expect(alert).to_contain_text("commentaire")  # an override needs a reason
            await comment.fill(OVERRIDE)
            await comment.press("Tab")
            await expect(alert).to_have_count(0)
        elif note and i == 0:
            await comment.fill(note)
            await comment.press("Tab")
        await expect(choice).to_be_checked()


async def expect_inside(part: Locator, whole: Locator) -> None:
    """``part`` is drawn whole inside ``whole``, not clipped by its overflow."""
    inner, outer = await part.bounding_box(), await whole.bounding_box()
    assert inner and outer
    assert inner["x"] >= outer["x"] and inner["y"] >= outer["y"], (inner, outer)
    assert inner["x"] + inner["width"] <= outer["x"] + outer["width"], (inner, outer)
    assert inner["y"] + inner["height"] <= outer["y"] + outer["height"], (inner, outer)


def pdf_text(data: bytes, path: Path) -> str:
    path.write_bytes(data)
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


async def test_exam_day_from_setup_to_signed_documents(live, browser, screenshot_dir):
    PAGE_ERRORS.clear()
    out = screenshot_dir / "exam_day"
    out.mkdir(parents=True, exist_ok=True)

    # -- 1. The trainer signs in through the form and creates the exam through the form.
    await live.accounts.add_trainer("formatrice", "Anne Formatrice", TEST_PASSWORD)
    _, trainer = await new_page(browser, WIDE)
    await trainer.goto(f"{live.url}/signin?next=/exams/new")
    await trainer.get_by_label("Identifiant").fill("formatrice")
    await trainer.get_by_label("Mot de passe").fill(TEST_PASSWORD)
    await trainer.get_by_role("button", name="Se connecter").click()
    await expect(trainer).to_have_url(f"{live.url}/exams/new")
    await trainer.get_by_label("Intitulé").fill("CQP télésecrétaire — jour d'examen")
    await trainer.get_by_label("Deck", exact=True).select_option("bundled:demo")
    await trainer.get_by_label("Examen", exact=True).check()
    await trainer.get_by_label("Rythme").fill(PACE)
    await trainer.get_by_label("Candidats", exact=True).fill(
        f"{CANDIDATES[0]} ; 0001\n{CANDIDATES[1]} ; 0002"
    )
    # An exam needs the jury its grid asks: two members, one external (CQP: « un évaluateur et
    # un co-évaluateur »); a jury of one, then one with no external member, is refused in words.
    for jury, given in (
        (f"{JURY[0]} ; externe", "1 membre(s), dont 1 externe"),
        (f"{JURY[0]} ; interne\n{JURY[1]} ; interne", "2 membre(s), dont 0 externe"),
    ):
        await trainer.get_by_label("Jury", exact=True).fill(jury)
        await trainer.get_by_role("button", name="Créer l'examen").click()
        refusal = trainer.get_by_role("alert")
        await expect(refusal).to_contain_text("En mode examen")
        await expect(refusal).to_contain_text(given)
        await expect(trainer.get_by_label("Candidats", exact=True)).to_have_value(
            f"{CANDIDATES[0]} ; 0001\n{CANDIDATES[1]} ; 0002"
        )
    await trainer.screenshot(path=str(out / "0-exam-jury-refused.png"))
    await trainer.get_by_label("Jury", exact=True).fill(f"{JURY[0]} ; interne\n{JURY[1]} ; externe")
    await trainer.get_by_role("button", name="Créer l'examen").click()
    await expect(trainer.locator("#exam-status")).to_have_text("prêt")
    summary = trainer.locator("p.summary").first
    await expect(summary).to_contain_text("Grille : Télésecrétaire qualifié(e)")
    await expect(summary).to_contain_text("Mode : Examen")
    exam_url = trainer.url.split("?")[0]
    exam_id = exam_url.rsplit("/", 1)[1]

    # -- 2. The links, as the trainer copies them from the exam page.
    links = {name: await link_of(trainer, name) for name in CANDIDATES + JURY}
    await trainer.screenshot(path=str(out / "0-exam-page-links.png"), full_page=True)
    assert all(url.startswith(f"{live.url}/") for url in links.values()), links

    # -- 3. The candidates open their desks, each in its own context; the board starts all.
    _, claire = await new_page(browser, DESK)
    _, karim = await new_page(browser, DESK)
    for desk, name in ((claire, CANDIDATES[0]), (karim, CANDIDATES[1])):
        await desk.goto(links[name])
        await expect(desk.locator(".desk-head .session")).to_have_text("En attente du démarrage")

    await trainer.get_by_role("link", name="Tableau de bord").click()
    claire_card = trainer.locator(".card").filter(has_text=CANDIDATES[0])
    karim_card = trainer.locator(".card").filter(has_text=CANDIDATES[1])
    for card in (claire_card, karim_card):
        await expect(card.locator(".presence")).to_have_text("En ligne")
    await trainer.get_by_role("button", name="Tout démarrer").click()
    await expect(trainer.locator(".exam-status")).to_have_text("En cours")
    for desk in (claire, karim):
        await expect(desk.locator(".desk-head .session")).to_have_text("En cours")

    # Claire takes the call from her queue, speaks, and traces the call in the CRM.
    call = claire.locator(f".queue li[data-contact='{CALL}']")
    await call.get_by_role("button").click(timeout=10_000)
    await claire.locator(".conv-head").get_by_role("button", name="Décrocher").click()
    await expect(claire.locator(".conv-head .state")).to_have_text("en cours")
    reply = claire.get_by_role("textbox", name="Votre réponse…")
    await reply.fill("Bonjour madame Petit, quelles sont vos disponibilités ?")
    await reply.press("Enter")
    await expect(claire.locator(".transcript .msg.candidate")).to_contain_text("disponibilités")
    await claire.get_by_role("searchbox", name=CRM_SEARCH).fill("petit")
    await claire.get_by_role("button", name="Petit Sophie").click()
    await expect(claire.locator(".record")).to_contain_text("13 mars 2026 · Rendez-vous")
    await claire.get_by_role("textbox", name="Motif").first.fill("Déplacer le rendez-vous")
    await claire.get_by_role("textbox", name="Résultat").fill("Rendez-vous déplacé")
    await claire.get_by_role("button", name="Tracer l'entretien").click()
    await expect(claire.get_by_text("Entretien tracé dans le CRM.")).to_be_visible()
    # She starts a message for the doctor and leaves it unsent.
    await claire.get_by_role("tab", name="Message").click()
    await claire.get_by_role("textbox", name=MESSAGE_LABEL).fill(UNSENT_MESSAGE)

    # Karim takes the chat when it arrives and writes two short sends.
    chat = karim.locator(f".queue li[data-contact='{CHAT}']")
    await chat.get_by_role("button").click(timeout=15_000)
    await karim.locator(".conv-head").get_by_role("button", name="Prendre en charge").click()
    await expect(karim.locator(".conv-head .state")).to_have_text("en cours")
    box = karim.get_by_role("textbox", name="Votre réponse…")
    for line in ("Bonjour madame Moreau.", "Quel est le numéro de commande ?"):
        await box.fill(line)
        await box.press("Enter")
        await expect(karim.locator(".transcript .msg.candidate").last).to_have_text(
            re.compile(re.escape(line))
        )

    # -- 4. The board shows both live, with what they did.
    await expect(claire_card.locator(".facts .status")).to_have_text("en cours")
    await expect(karim_card.locator(".facts .status")).to_have_text("en cours")
    await expect(claire_card).to_contain_text("Sophie Petit")
    await expect(karim_card).to_contain_text("Isabelle Moreau")
    await trainer.screenshot(path=str(out / "1-board-two-candidates.png"))

    # The trainer plays Claire's caller, and types as her.
    await claire_card.get_by_role("button", name=CANDIDATES[0]).click()
    drill = trainer.locator("aside.drill")
    await expect(trainer.locator("aside.drill > header h2")).to_contain_text(CANDIDATES[0])
    # Her unsent fields are named in words, not by the desk's field names (crm:q…).
    # The search she ran is not "unsent"; the message she left is, in words.
    unsent = drill.locator(".mirror .unsent-drafts")
    await expect(unsent).to_contain_text("Message pour le mandant en cours de saisie")
    await expect(unsent).to_contain_text(UNSENT_MESSAGE)
    await expect(unsent).not_to_contain_text("Recherche dans le fichier clients")
    await expect(drill.get_by_text("crm:q")).to_have_count(0)
    await drill.get_by_role("button", name="Jouer Sophie Petit").click()
    await expect(drill.get_by_text("Joué par le formateur").first).to_be_visible()
    taken = claire_card.locator(".customers li.taken")
    await expect(taken).to_contain_text("repris")
    await expect_inside(taken.get_by_text("repris"), claire_card)  # even with the drill open
    await drill.get_by_label("Dire en tant que Sophie Petit").fill(TAKEOVER_LINE)
    await drill.get_by_role("button", name="Dire (en tant que client)").click()
    # Claire's desk: the line arrives as her caller's (the candidate is never told who typed).
    said = claire.locator(".transcript .msg.customer").filter(has_text=TAKEOVER_LINE)
    await expect(said).to_be_visible()
    await expect(claire.get_by_text("formateur")).to_have_count(0)
    await claire.screenshot(path=str(out / "2-takeover-seen-by-candidate.png"))
    await trainer.screenshot(path=str(out / "2-takeover-on-board.png"))
    await drill.get_by_role("button", name="Rendre la main").click()
    await expect(drill.get_by_text("Joué par le formateur")).to_have_count(0)

    # The trainer injects a library contact to Karim alone: it reaches his queue, not Claire's.
    await karim_card.get_by_role("button", name=CANDIDATES[1]).click()
    await expect(trainer.locator("aside.drill > header h2")).to_contain_text(CANDIDATES[1])
    await drill.get_by_label("Contact de la bibliothèque").select_option(EXTRA)
    await drill.get_by_role("button", name="Injecter à ce candidat").click()
    injected = karim.locator(".queue li").filter(has_text="Sophie Marchal")
    await expect(injected).to_be_visible(timeout=5000)
    assert re.fullmatch(r"c[0-9]+", await injected.get_attribute("data-contact") or "")
    await karim.screenshot(path=str(out / "3-injected-contact-in-queue.png"))
    await expect(claire.locator(".queue li").filter(has_text="Sophie Marchal")).to_have_count(0)
    # Karim takes the injected chat like any other; the board's card follows.
    await injected.get_by_role("button").click()
    await karim.locator(".conv-head").get_by_role("button", name="Prendre en charge").click()
    await expect(karim.locator(".conv-head")).to_contain_text("Sophie Marchal")
    await box.fill("Bonjour madame Marchal.")
    await box.press("Enter")
    await expect(karim.locator(".transcript .msg.candidate").last).to_contain_text("Marchal")
    await expect(karim_card).to_contain_text("Sophie Marchal")

    # A jury member follows Claire live and tries to hand in while her attempt runs: asked to
    # confirm, then refused with the reason.
    _, j1 = await new_page(browser, WIDE)
    await j1.goto(links[JURY[0]])
    await j1.get_by_role("tab", name="Grille et notation").click()
    await expect(j1.get_by_text("L'épreuve du candidat est en cours")).to_be_visible()
    await j1.get_by_role("button", name="Remettre ma notation").click()
    ask = j1.get_by_role("alertdialog")
    await expect(ask).to_contain_text("Remettre définitivement votre notation ?")
    await ask.get_by_role("button", name="Confirmer la remise").click()
    await expect(j1.get_by_role("alert")).to_contain_text("n'est pas terminée")

    # The trainer stops the exam; both desks end.
    trainer.once("dialog", lambda dialog: dialog.accept())
    await trainer.get_by_role("button", name="Arrêter l'examen").click()
    await expect(trainer.locator(".exam-status")).to_have_text("Arrêté")
    for desk in (claire, karim):
        await expect(desk.locator(".desk-head .session")).to_have_text("Terminé")

    # -- 5. Two jury members, two contexts, grade Claire apart with one disagreement.
    _, j2 = await new_page(browser, WIDE)
    await j1.reload()
    await j2.goto(links[JURY[1]])
    await expect(j1.locator(".unsent-drafts")).to_contain_text(UNSENT_MESSAGE)
    await expect(j1.get_by_text("crm:q")).to_have_count(0)
    for jury in (j1, j2):
        await jury.get_by_role("tab", name="Grille et notation").click()
    token_j1 = links[JURY[0]].split("token=", 1)[1].split("&", 1)[0]
    rows = await grading_rows(live.url, token_j1)
    flip = next(r for r in rows if r["proposal"] != "a_apprecier")
    await grade(j1, rows, note=J1_NOTE)
    await j1.get_by_role("button", name="Remettre ma notation").click()
    await j1.get_by_role("alertdialog").get_by_role("button", name="Confirmer la remise").click()
    await expect(j1.get_by_text("Notation remise.")).to_be_visible()

    # Sophie Laurent sees that Marc handed in, never what he decided, until she hands in too.
    await j2.reload()
    await j2.get_by_role("tab", name="Grille et notation").click()
    await expect(j2.get_by_text(f"{JURY[0]} : notation remise")).to_be_visible()
    await expect(j2.get_by_text(J1_NOTE)).to_have_count(0)
    await expect(j2.locator("table.side-by-side")).to_have_count(0)
    token_j2 = links[JURY[1]].split("token=", 1)[1].split("&", 1)[0]
    assert not any("others" in row for row in await grading_rows(live.url, token_j2))
    await grade(j2, rows, flip=flip["id"])
    await j2.get_by_role("button", name="Remettre ma notation").click()
    await j2.get_by_role("alertdialog").get_by_role("button", name="Confirmer la remise").click()

    # Side by side, the disagreement first; Marc's note now shows.
    side = j2.locator("table.side-by-side")
    await expect(side.locator("tbody tr").first).to_contain_text("Désaccord")
    await expect(side.locator("tbody tr").first).to_contain_text(OVERRIDE)
    await expect(side).to_contain_text(J1_NOTE)
    await j2.screenshot(path=str(out / "4-jury-side-by-side.png"), full_page=True)

    # Marc proposes the reconciled decision with its reason; it stands only once Sophie accepts.
    await j1.reload()
    await j1.get_by_role("tab", name="Grille et notation").click()
    proposed = j1.get_by_role("radiogroup", name=f"Décision proposée — {label_of(flip)}")
    await proposed.get_by_label("Non acquis", exact=True).check()
    await j1.get_by_label(f"Motif de la proposition — {label_of(flip)}").fill(AGREED)
    await j1.get_by_role("button", name="Proposer cette décision").click()
    await expect(j1.get_by_text(f"Votre proposition attend l'accord de {JURY[1]}.")).to_be_visible()
    pending = (await grading_rows(live.url, token_j1))[0]
    assert pending["id"] == flip["id"] and pending["final"]["decision"] is None  # not alone
    row_j2 = j2.locator("#criterion-" + flip["id"].replace(".", "\\."))
    await expect(row_j2).to_contain_text(f"Proposition de {JURY[0]} : Non acquis — « {AGREED} »")
    await row_j2.get_by_role("button", name="Accepter la proposition").click()
    said = f"Concertée : proposée par {JURY[0]}, acceptée par {JURY[1]}"
    await expect(row_j2).to_contain_text(said)
    await expect(j1.locator("table.side-by-side")).to_contain_text(said)
    await j2.screenshot(path=str(out / "4-reconciled-by-both.png"), full_page=True)
    final = await grading_rows(live.url, token_j1)
    missed = [r for r in final if r["final"]["decision"] == "non_acquis"]
    assert flip["id"] in {r["id"] for r in missed}
    for row in missed:
        advice = j1.get_by_label(f"Préconisation — {label_of(row)}")
        await advice.fill(ADVICE)
        await advice.locator("xpath=..").get_by_role("button").click()
        await expect(advice).to_have_value(ADVICE)
    await expect(j1.get_by_role("status").filter(has_text="Fiche prête à signer")).to_be_visible()

    # Marc leaves a second tab open on the grid while both sign.
    stale = await j1.context.new_page()
    await stale.goto(links[JURY[0]])
    await stale.get_by_role("tab", name="Grille et notation").click()
    stale_advice = stale.get_by_label(f"Préconisation — {label_of(missed[0])}")
    await expect(stale_advice).to_have_value(ADVICE)

    # Both sign under their own name (another name is refused): the sheet locks.
    await j1.reload()
    await j1.get_by_role("tab", name="Grille et notation").click()
    await expect(j1.get_by_text(f"tel que le jury l'a enregistré : {JURY[0]}")).to_be_visible()
    await j1.get_by_label("Votre nom (signature)").fill(JURY[1])
    await j1.get_by_role("button", name="Signer la fiche").click()
    refused = j1.locator(".sign").get_by_role("alert")
    await expect(refused).to_contain_text("n'est pas le vôtre", timeout=15_000)
    await j1.screenshot(path=str(out / "5-signature-under-another-name.png"), full_page=True)
    for jury, name in ((j1, JURY[0].upper()), (j2, JURY[1])):
        await jury.reload()
        await jury.get_by_role("tab", name="Grille et notation").click()
        await jury.get_by_label("Votre nom (signature)").fill(name)
        await jury.get_by_role("button", name="Signer la fiche").click()
        await expect(jury.locator(".sign li").filter(has_text=name)).to_be_visible()
    # From the tab left open before the signatures, a change is refused, in words (unless the
    # tab, told of the signatures by the grading stream, already took its controls away).
    locked_text = "Fiche verrouillée : toute modification est refusée."
    try:
        await stale_advice.fill("Changée après les signatures.", timeout=2000)
        await stale_advice.locator("xpath=..").get_by_role("button").click(timeout=2000)
    except PlaywrightTimeout:
        pass  # the tab re-read the grading meanwhile: the control is gone, checked below
    refused = stale.get_by_role("alert").filter(has_text="verrouillée")
    await expect(refused.or_(stale.get_by_text(locked_text))).to_be_visible()
    await stale.screenshot(path=str(out / "5-change-refused-after-lock.png"), full_page=True)
    await j1.reload()
    await j1.get_by_role("tab", name="Grille et notation").click()
    await expect(j1.get_by_text(locked_text)).to_be_visible()
    # Reloaded, the page offers no way to change: no decision, comment or signature control.
    for control in ("Proposer cette décision", "Remettre ma notation", "Signer la fiche"):
        await expect(j1.get_by_role("button", name=control)).to_have_count(0)
    await expect(j1.get_by_role("button", name="Enregistrer la préconisation")).to_have_count(0)
    review = j1.locator("section.review")  # the grid, beside the replay (whose controls stay)
    await expect(review.locator("input:enabled, textarea:enabled, select:enabled")).to_have_count(0)
    await j1.screenshot(path=str(out / "5-locked-record.png"), full_page=True)

    # The API refuses any change after the lock, with the reason in French.
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {token_j1}"}
        change = {"candidate_id": "c1", "criterion_id": flip["id"], "decision": "acquis"}
        for command, body in (
            ("propose", change | {"comment": "Finalement acquis."}),
            ("decide", change | {"comment": "Finalement acquis."}),
            ("recommend", {"candidate_id": "c1", "criterion_id": flip["id"], "text": "Autre."}),
        ):
            async with http.post(f"/api/grading/{command}", json=body, headers=head) as r:
                refusal = await r.json()
                assert 400 <= r.status < 500, (command, r.status, refusal)
                assert "verrouillée" in refusal["error"]["reason"], (command, refusal)
    assert (await grading_rows(live.url, token_j1))[0]["final"] == final[0]["final"]

    # -- 6. The procès-verbal's lock: asked to confirm, refused while Karim has no decision,
    # accepted once the trainer records him absent with the reason.
    await trainer.goto(exam_url)
    await trainer.get_by_role("button", name="Verrouiller le procès-verbal…").click()
    await expect(trainer.get_by_role("alert")).to_contain_text("ne peut pas encore être verrouillé")
    await expect(trainer.locator("#undecided")).to_have_text(f"{CANDIDATES[1]} (n° 0002)")
    await expect(trainer.get_by_role("button", name="Verrouiller définitivement")).to_have_count(0)
    await trainer.screenshot(path=str(out / "6-lock-refused-undecided.png"), full_page=True)
    await trainer.get_by_role("link", name="Revenir à l'examen sans verrouiller").click()
    await trainer.locator("#person-c2").get_by_text("Statut (absent, abandon, exclusion)…").click()
    await trainer.get_by_label(f"Statut de {CANDIDATES[1]}").select_option("absent")
    await trainer.get_by_label(f"Motif — {CANDIDATES[1]}").fill(ABSENT)
    await trainer.get_by_label(f"Motif — {CANDIDATES[1]}").press("Enter")
    await expect(trainer.locator("#person-c2 .record-status")).to_have_text("Absent")
    await trainer.get_by_role("button", name="Verrouiller le procès-verbal…").click()
    freezes = trainer.locator("#freezes")
    await expect(freezes).to_contain_text(f"1 candidat(s) : {CANDIDATES[0]} (n° 0001)")
    await expect(freezes).to_contain_text(f"{CANDIDATES[1]} (n° 0002) : Absent — motif : {ABSENT}")
    await trainer.screenshot(path=str(out / "6-lock-confirmation.png"), full_page=True)
    await trainer.get_by_role("button", name="Verrouiller définitivement").click()
    await expect(trainer.locator("#locked-on")).to_contain_text("Procès-verbal verrouillé le")
    for command in (
        "Démarrer pour tous",
        "Verrouiller le procès-verbal…",
        "Révoquer le lien",
        "Fixer la règle",  # the record keeps the rule it was signed under
    ):
        await expect(trainer.get_by_role("button", name=command)).to_have_count(0)
    # Filing is the trainer's list, not the record: the locked exam is filed, then brought back.
    await trainer.get_by_role("button", name="Classer", exact=True).click()
    await expect(trainer.locator("#archived-note")).to_contain_text("Cet examen est classé")
    await expect(trainer.locator("#locked-on")).to_contain_text("Procès-verbal verrouillé le")
    # The rule the record was signed under, and no dead candidate link.
    await expect(trainer.locator("#pass-rule-set")).to_contain_text("appliquée telle quelle")
    await expect(trainer.get_by_text("lien clos (procès-verbal verrouillé)")).to_have_count(2)
    await trainer.screenshot(path=str(out / "6-locked-and-filed.png"), full_page=True)
    await trainer.get_by_role("button", name="Restaurer", exact=True).click()
    await expect(trainer.locator("#archived-note")).to_have_count(0)

    # An erratum: Marc writes and signs it, Sophie signs it; only then it stands.
    await j1.reload()
    await j1.get_by_role("tab", name="Grille et notation").click()
    await expect(j1.get_by_text("Procès-verbal verrouillé le")).to_be_visible()
    await j1.get_by_label("Correction à porter au procès-verbal").fill(ERRATUM)
    await j1.get_by_label("Votre nom (signature)").fill(JURY[0])
    await j1.get_by_role("button", name="Signer et ajouter l'erratum").click()
    await expect(j1.locator("#erratum-1")).to_contain_text(
        f"en attente de la signature de {JURY[1]}"
    )
    await j2.reload()
    await j2.get_by_role("tab", name="Grille et notation").click()
    await j2.locator("#erratum-1").get_by_label("Votre nom (signature)").fill(JURY[1])
    await j2.get_by_role("button", name="Signer l'erratum n° 1").click()
    await expect(j2.locator("#erratum-1")).to_contain_text("signé par tout le jury")
    await expect(j1.locator("#erratum-1")).to_contain_text("signé par tout le jury")  # pushed
    await j2.screenshot(path=str(out / "6-erratum-signed.png"), full_page=True)

    # -- 7. The documents, from the exam page's links, with the trainer's session.
    await trainer.goto(exam_url)
    sheets = trainer.locator("ul.sheets li").filter(has_text=CANDIDATES[0])
    sheet_href = await sheets.get_by_role("link", name="PDF").get_attribute("href")
    record_href = (
        await trainer.get_by_role("link", name=re.compile("PDF"))
        .filter(has_not_text="HTML")
        .first.get_attribute("href")
    )
    assert sheet_href and record_href and "record" in record_href, (sheet_href, record_href)
    texts = {}
    for name, href in (("fiche", sheet_href), ("proces-verbal", record_href)):
        response = await trainer.context.request.get(f"{live.url}{href}")
        assert response.ok and response.headers["content-type"] == "application/pdf", name
        texts[name] = await asyncio.to_thread(pdf_text, await response.body(), out / f"{name}.pdf")
    log = await live.store.read(f"{exam_id}-c1")
    digest = log_hash(log)  # the attempt ended: its log is what the jury signed
    flat = {name: re.sub(r"\s+", " ", text) for name, text in texts.items()}
    moment = r"\d{1,2} \w+\.? \d{4}, \d{1,2}:\d{2}"
    for name, text in flat.items():
        assert f"{CANDIDATES[0]} · n° 0001" in text, name
        assert digest in text.replace(" ", ""), name  # anyone holding the log can re-hash it
        # Each member's signature: their roster name and quality, their link, the moment.
        for who, quality in zip(JURY, ("interne", "externe"), strict=True):
            said = rf"Signé électroniquement par {who} \(évaluateur {quality}\) via son lien"
            assert re.search(rf"{said} personnel, le {moment}", text), (name, who)
        assert f"proposée par {JURY[0]}, acceptée par {JURY[1]}" in text, name
        assert f"{AGREED}" in text and ADVICE in text, name
        assert re.search(rf"Procès-verbal verrouillé le {moment}", text), name
    assert "Non admis" in flat["fiche"] and "Non acquis" in flat["fiche"]
    record = flat["proces-verbal"]
    assert re.search(rf"^Procès-verbal de session Procès-verbal verrouillé le {moment}", record)
    assert re.search(r"0001 Claire Roussel \d+ / \d+ Non admis", record)
    assert f"0002 Karim Benali — Absent Motif : {ABSENT}" in record
    assert "Nom Qualité Marc Dubois interne Sophie Laurent externe" in record
    assert f"Erratum n° 1 — concerne {CANDIDATES[0]} {ERRATUM}" in record
    assert "Sans effet" not in record
    for name in ("fiche", "proces-verbal"):  # page 1 of each, for a person to look at
        await asyncio.to_thread(
            subprocess.run,
            ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
            + [str(out / f"{name}.pdf"), str(out / f"7-{name}-page1")],
            check=True,
            timeout=60,
        )
        assert (out / f"7-{name}-page1.png").stat().st_size > 10_000
    assert not PAGE_ERRORS, PAGE_ERRORS
