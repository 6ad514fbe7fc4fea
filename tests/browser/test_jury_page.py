"""Two jury members in Chromium: replay at an evidence moment, independent grading with one
disagreement, side by side, reconciliation (one proposes, the other accepts), signatures, lock;
a change after that is refused; an interview note reaches the result sheet."""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from typing import Any

import aiohttp
import pytest
from playwright.async_api import expect

from omnisim.exams.roster import RosterEntry
from omnisim.live import commands
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK
from tests.fast.test_jury_documents import pdf_text

pytestmark = pytest.mark.browser

JURY = {"j1": "Marc Dubois", "j2": "Ana Roy"}
ANSWER = "Le candidat dit avoir voulu finir sa phrase avant de décrocher."
LONG = "Bonjour madame je suis vraiment désolé pour ce retard de livraison de votre commande"


async def played_exam(live: Any) -> tuple[Any, dict[str, str], Any]:
    trainer = await live.accounts.add_trainer("juryweb", "Formatrice", "mot-de-passe-de-test")
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    exam, tokens = await live.exams.create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001"), RosterEntry("Hugo Lenoir", number="0002")],
        [
            RosterEntry(JURY["j1"], evaluator="external"),
            RosterEntry(JURY["j2"], evaluator="internal"),
        ],
        mode="training",
    )
    candidate = await live.connect(tokens["c1"])  # its desk names the one contact c1
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(lambda e: e["type"] == "contact.offered")
    await asyncio.sleep(0.6)
    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]
    assert (await candidate.act("send", {"contact_id": "c1", "text": LONG}))["ok"]
    draft = {"field": "reply:c1", "contact_id": "c1", "text": "Je reviens vers"}
    assert (await candidate.act("draft", draft))["ok"]
    await asyncio.sleep(0.5)
    return exam, tokens, candidate


async def grading_of(live: Any, token: str) -> dict[str, Any]:
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {token}"}
        async with http.get("/api/grading/c1", headers=head) as r:
            return await r.json()


async def decide_all(page: Any, rows: list[dict[str, Any]], flip: str = "") -> None:
    for row in rows:
        decision = row["proposal"] if row["proposal"] != "a_apprecier" else "acquis"
        if row["id"] == flip:
            decision = "acquis" if decision == "non_acquis" else "non_acquis"
        group = page.get_by_role("radiogroup", name=f"Décision — {row['reference']} ({row['id']})")
        label = "Acquis" if decision == "acquis" else "Non acquis"
        if row["id"] == flip:  # an override without a comment is refused, with the reason
            await group.get_by_label(label, exact=True).check()
            row_id = row["id"].replace(".", "\\.")
            alert = page.locator(f"#criterion-{row_id} [role=alert]")
            await expect(alert).to_contain_text("commentaire")
            comment = page.get_by_label(f"Commentaire — {row['reference']} ({row['id']})")
            await comment.fill("Vu autrement à la réécoute.")
            await comment.press("Tab")  # the comment is saved with the decision picked
            await expect(alert).to_have_count(0)
        else:
            await group.get_by_label(label, exact=True).check()
        await expect(group.get_by_label(label, exact=True)).to_be_checked()


@pytest.mark.loop_block_ok(1.5)  # the in-process server and Chromium start on two shared cores
async def test_two_jury_members_grade_reconcile_sign_and_lock(live, browser, screenshot_dir):
    exam, tokens, candidate = await played_exam(live)
    out = screenshot_dir / "jury"
    out.mkdir(parents=True, exist_ok=True)
    j1 = await browser.new_page(viewport={"width": 1600, "height": 1000})
    await j1.goto(f"{live.url}/jury?token={tokens['j1']}")
    # Live observation: the candidate's workspace, read only, with the unsent draft.
    await expect(j1.get_by_text(LONG)).to_be_visible()
    await expect(j1.get_by_text("Je reviens vers")).to_be_visible()
    # The candidate's own desk, read-only: scenario clock, a draft named for a person.
    desk = j1.locator("#desk .replay-desk")
    await expect(desk.locator(".desk.read-only .desk-head .clock time")).to_have_text(
        re.compile(r"^09:0\d$")  # hours and minutes, as a desk's clock
    )
    await expect(desk.locator(".conversation .unsent")).to_contain_text(
        "Brouillon de réponse — Claire Dubois (Tchat)"
    )
    for acting in ("textarea", "input[type=text]", ".composer", ".conv-actions"):
        await expect(desk.locator(acting)).to_have_count(0)
    await expect(j1.locator(".timeline .lane")).to_have_count(1)
    assert await j1.evaluate("typeof window.io") == "undefined"  # one client, in the bundle
    # Live: what the candidate sends now appears, and the measures follow.
    await j1.get_by_role("tab", name="Mesures").click()
    words = j1.locator("#measure-chat_words_per_send")
    await expect(words).to_contain_text("14")
    assert (await candidate.act("send", {"contact_id": "c1", "text": "Merci."}))["ok"]
    await expect(j1.get_by_text("Merci.", exact=True)).to_be_visible()
    await expect(words).to_contain_text(" ; ")  # a second chat send, counted
    # Evidence: the chat measure's moment moves the replay there and highlights the event.
    await expect(words).to_contain_text("non conforme")
    await words.get_by_role("button").first.click()
    highlighted = j1.locator("#desk .hl")
    await expect(highlighted).to_contain_text(LONG)
    seq = int(await j1.evaluate("document.body.dataset.replaySeq"))
    sent = [
        e
        for e in await live.store.read(f"{exam.exam_id}-c1")
        if e.type == "message.sent" and e.actor == "candidate"
    ]
    assert seq == sent[0].seq  # the replay stands at that event, not later
    await expect(j1.get_by_text("Je reviens vers")).to_have_count(0)  # typed after that moment
    await j1.screenshot(path=str(out / "replay-evidence.png"))
    # On the jury's laptop (1366×768) the conversation stays readable beside the grid: several
    # lines of transcript (254 px: two thirds of the desk's height, the tools under it).
    await j1.set_viewport_size({"width": 1366, "height": 768})
    box = await j1.locator("#desk .conversation .transcript").bounding_box()
    await j1.screenshot(path=str(out / "replay-1366x768.png"))
    assert box is not None and box["height"] >= 240, box  # 205 px with tools given 1/2.3
    await j1.set_viewport_size({"width": 1600, "height": 1000})
    # Interview: questions drawn from the evidence, each going to its moment.
    await j1.get_by_role("tab", name="Entretien").click()
    moment = j1.get_by_role("button", name="voir le moment")
    question = j1.locator("ol.questions li").filter(has=moment).first
    await expect(question).to_contain_text("09:0")
    await question.get_by_role("button", name="voir le moment").click()
    await expect(j1.locator("#desk .hl")).to_have_count(1)
    # Each question has a field for the jury's note of the candidate's answer (issue 20).
    await expect(question).to_contain_text("Critères : ")
    note = question.get_by_label(re.compile(r"Réponse notée — question \d+"))
    await note.fill(ANSWER)
    await question.get_by_role("button", name="Enregistrer la note").click()
    await expect(question.get_by_role("status")).to_have_text("Note enregistrée.")
    noted = await live.store.read(f"{exam.exam_id}-grading")
    assert noted[-1].type == "grade.interview_noted" and noted[-1].payload.note == ANSWER
    # The stop's last events refresh the live measures once (throttled to 1.5 s): let that
    # read happen before counting what the page asks while it waits for the other member.
    async with j1.expect_response(lambda r: "/jury/measures" in r.url, timeout=10_000):
        await commands.run(exam, commands.Stop("trainer"))
    await asyncio.sleep(1.6)

    # Each member grades alone; the other's decisions are not sent before both hand in.
    await j1.get_by_role("tab", name="Grille et notation").click()
    rows = (await grading_of(live, tokens["j1"]))["criteria"]
    flip = next(r["id"] for r in rows if r["proposal"] != "a_apprecier")
    await decide_all(j1, rows)
    await j1.get_by_role("button", name="Remettre ma notation").click()
    await j1.get_by_role("button", name="Confirmer la remise").click()
    await expect(j1.get_by_text("Notation remise.")).to_be_visible()
    # From now on j1's page waits for j2: it asks the server nothing (no polling) and is
    # never reloaded; j2's hand-in reaches it by a push on the grading stream.
    reads: list[str] = []
    j1.on("request", lambda r: reads.append(f"{r.method} {r.url}"))
    await j1.evaluate("window.stayed = true")  # gone if the page is reloaded
    waiting_since = time.monotonic()
    j2 = await browser.new_page(viewport={"width": 1600, "height": 1000})
    await j2.goto(f"{live.url}/jury?token={tokens['j2']}")
    await expect(j2.get_by_text("Marc Dubois : notation remise")).to_be_visible()
    assert "others" not in (await grading_of(live, tokens["j2"]))["criteria"][0]
    await decide_all(j2, rows, flip=flip)
    await asyncio.sleep(max(0.0, 4.5 - (time.monotonic() - waiting_since)))  # > the old 4 s poll
    assert not [r for r in reads if "/api/" in r or "/jury/" in r], reads
    await expect(j1.locator("table.side-by-side")).to_have_count(0)  # j2's grades not sent
    await j2.get_by_role("button", name="Remettre ma notation").click()
    await j2.get_by_role("button", name="Confirmer la remise").click()
    # j1 sees both gradings side by side within a push, with one read of its view.
    await expect(j1.locator("table.side-by-side tbody tr").first).to_contain_text("Désaccord")
    assert await j1.evaluate("window.stayed === true")
    asked = [r for r in reads if "/api/" in r or "/jury/" in r]
    assert len(asked) == 1 and asked[0].startswith(f"GET {live.url}/api/grading/c1"), asked
    await j1.screenshot(path=str(out / "revealed-by-push.png"), full_page=True)

    # Side by side, the disagreement first; reconciled with a comment.
    first = j2.locator("table.side-by-side tbody tr").first
    await expect(first).to_contain_text("Désaccord")
    await expect(first).to_contain_text("Vu autrement à la réécoute.")
    ref = next(r["reference"] for r in rows if r["id"] == flip)
    await j2.screenshot(path=str(out / "reconciliation.png"), full_page=True)
    proposed = j1.get_by_role("radiogroup", name=f"Décision proposée — {ref} ({flip})")
    await proposed.get_by_label("Acquis", exact=True).check()
    await j1.get_by_label(f"Motif de la proposition — {ref} ({flip})").fill(
        "Accord après réécoute."
    )
    await j1.get_by_role("button", name="Proposer cette décision").click()
    await expect(j1.get_by_text("Votre proposition attend l'accord de Ana Roy.")).to_be_visible()
    await j2.get_by_role("button", name="Accepter la proposition").click()
    await expect(j1.locator("table.side-by-side")).to_contain_text(
        "Concertée : proposée par Marc Dubois, acceptée par Ana Roy : Accord après réécoute."
    )
    for row in (await grading_of(live, tokens["j1"]))["criteria"]:
        if row["final"]["decision"] == "non_acquis":
            box = j1.get_by_label(f"Préconisation — {row['reference']} ({row['id']})")
            await box.fill("S'entraîner sur ce point.")
            await box.locator("xpath=..").get_by_role("button").click()
            await expect(box).to_have_value("S'entraîner sur ce point.")
    await expect(j1.get_by_role("status").filter(has_text="Fiche prête à signer")).to_be_visible()

    # Both sign with their typed name; the sheet locks.
    for page, who in ((j1, "j1"), (j2, "j2")):
        await page.reload()
        await page.get_by_label("Votre nom (signature)").fill(JURY[who])
        await page.get_by_role("button", name="Signer la fiche").click()
        await expect(page.locator(".sign li").filter(has_text=JURY[who])).to_be_visible()
    await j2.reload()
    await expect(
        j2.get_by_text("Fiche verrouillée : toute modification est refusée.")
    ).to_be_visible()
    await expect(j2.get_by_role("button", name="Proposer cette décision")).to_have_count(0)
    await j2.screenshot(path=str(out / "signed.png"), full_page=True)

    # Any change after that is refused.
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {tokens['j1']}"}
        body = {
            "candidate_id": "c1",
            "criterion_id": flip,
            "decision": "non_acquis",
            "comment": "x",
        }
        async with http.post("/api/grading/propose", json=body, headers=head) as r:
            assert r.status == 422 and "verrouillée" in (await r.json())["error"]["reason"]
        async with http.get(
            "/jury/sheet", params={"token": tokens["j1"], "candidate": "c1", "format": "pdf"}
        ) as r:
            pdf = await r.read()
    (out / "fiche.pdf").write_bytes(pdf)
    text = " ".join((await asyncio.to_thread(pdf_text, pdf)).split())
    assert "Entretien avec le candidat" in text and ANSWER in text  # the note, on the sheet
    if shutil.which("pdftoppm"):
        await asyncio.to_thread(
            subprocess.run,
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(out / "fiche.pdf"),
                str(out / "pdf-page1"),
            ],
            check=True,
            timeout=60,
        )


async def test_the_jury_page_opens_an_attempt_longer_than_two_pages(live, browser, screenshot_dir):
    """The replay loads the log page after page (``/jury/log?after=…``) and shows its end."""
    from omnisim.web.pages.log import MAX_LIMIT
    from tests.fast.test_log_pages import LONG_ATTEMPT, long_attempt

    tokens = await long_attempt(live)
    last = await live.store.last_seq(tokens.session_id)
    page = await browser.new_page(viewport={"width": 1600, "height": 1000})
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/jury/log" in r.url else None)
    await page.goto(f"{live.url}/jury?token={tokens.jury}")
    await expect(page.locator("body")).to_have_attribute("data-replay-seq", str(last))
    await expect(page.get_by_text(f"brouillon {LONG_ATTEMPT - 1}")).to_be_visible()
    assert len(asked) == 3 and "after=0" in asked[0], asked
    assert all(f"after={n}" not in asked[0] for n in range(1, MAX_LIMIT))
    out = screenshot_dir / "jury"
    out.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(out / "long-attempt.png"))
    await page.close()


@pytest.mark.settings(read_limit=0.2)  # a read back every 5 s once the burst is spent
@pytest.mark.loop_block_ok(1.5)  # the in-process server and Chromium start on two shared cores
async def test_a_juror_whose_reading_ran_dry_is_told_and_the_page_catches_up(
    live, browser, screenshot_dir
):
    """Reads over the person's budget (omnisim/web/limits.py) are said on the page and waited
    out as the refusal says; a grading click reads nothing (its answer is the grading)."""
    _exam, tokens, candidate = await played_exam(live)
    j1 = await browser.new_page(viewport={"width": 1600, "height": 1000})
    await j1.goto(f"{live.url}/jury?token={tokens['j1']}")
    await j1.get_by_role("tab", name="Mesures").click()
    words = j1.locator("#measure-chat_words_per_send")
    await expect(words).to_contain_text("14")
    async with aiohttp.ClientSession(live.url) as http:  # the same person reads elsewhere
        head = {"Authorization": f"Bearer {tokens['j1']}"}
        for _ in range(200):
            async with http.get("/api/grading/c1", headers=head) as r:
                if r.status == 429:
                    break
        assert r.status == 429
    # The attempt grows: the page's reading of the measures is refused, said, then waited out.
    assert (await candidate.act("send", {"contact_id": "c1", "text": "Merci."}))["ok"]
    problem = j1.locator(".read-problem")
    await expect(problem).to_contain_text("Trop de demandes à la suite")
    await expect(problem).to_contain_text("réessayez dans")
    out = screenshot_dir / "jury"
    out.mkdir(parents=True, exist_ok=True)
    await j1.screenshot(path=str(out / "reading-ran-dry.png"))
    await expect(words).to_contain_text(" ; ", timeout=15_000)  # the second send, counted
    await expect(problem).to_have_count(0)
    # Dry again: a decision still shows at once, from the command's answer.
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {tokens['j1']}"}
        for _ in range(200):
            async with http.get("/api/grading/c1", headers=head) as r:
                if r.status == 429:
                    break
    await j1.get_by_role("tab", name="Grille et notation").click()
    rows = (await grading_of_when_allowed(live, tokens["j1"]))["criteria"]
    await decide_all(j1, rows[:2])
    for row in rows[:2]:
        row_id = row["id"].replace(".", "\\.")
        await expect(j1.locator(f"#criterion-{row_id} [role=alert]")).to_have_count(0)


async def grading_of_when_allowed(live: Any, token: str) -> dict[str, Any]:
    """The grading view, once the person's reading budget allows it again."""
    while True:
        async with aiohttp.ClientSession(live.url) as http:
            head = {"Authorization": f"Bearer {token}"}
            async with http.get("/api/grading/c1", headers=head) as r:
                if r.status != 429:
                    return await r.json()
                await asyncio.sleep(float(r.headers["Retry-After"]))
