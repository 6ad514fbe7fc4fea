"""Locking the procès-verbal (issue 20): only a stopped exam whose every candidate has a sheet
the whole jury signed or a status the trainer recorded with its reason; the trainer confirms
on a page naming what the lock freezes; then every command, form, API route and socket
action that would append to any stream of the exam is refused with the reason, and nothing
is appended, but an erratum every jury member signs, which the record then prints. Filing the
exam away (and back) stays open: it writes the trainer's filing stream, none of the exam's."""

from __future__ import annotations

import asyncio
import re
from html import unescape
from typing import Any, get_args

import pytest
import socketio

from omnisim import events as ev
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import attempt_stream, grading_stream
from omnisim.live import commands
from tests.conftest import CONNECT_WAIT
from tests.fast.test_exam_pages import create, csrf_of, signed_in
from tests.fast.test_jury_documents import pdf_text
from tests.jury_flow import grade_through

JURY = {"j1": "Marc Dubois", "j2": "Sophie Laurent"}
LOCKED = "verrouillé"


async def positions(live: Any, exam: Any) -> dict[str, int]:
    """The last seq of every stream of the exam."""
    streams = [exam.exam_id, grading_stream(exam.exam_id)]
    streams += [attempt_stream(exam.exam_id, p.id) for p in exam.state.candidates]
    return {s: await live.store.last_seq(s) for s in streams}


def every_command(exam: Any) -> list[Any]:
    """One command of each method of the bus, as its callers build it (but the erratum and
    filing, which a lock leaves open)."""
    cid = exam.scenario.grids[exam.created.grid_id].criteria[0].id
    contact = exam.scenario.deck.contacts[0].id
    return [
        commands.Start("t"),
        commands.Pause("t"),
        commands.Resume("t"),
        commands.Stop("t"),
        commands.Revoke("t", "c1"),
        commands.Reissue("t", "j1"),
        commands.Lock("t"),
        commands.PassRule("t", ev.PassRuleSet("share_of_criteria", 0.5)),
        commands.Grade.of("j1", ev.GradeCommented("c1", "Après coup.")),
        commands.Grade.of("j1", ev.GradeDecided("c2", cid, "acquis", "")),
        commands.Act("c1", "candidate", "c1", "send", {"contact_id": contact, "text": "Oui"}),
        commands.Act("t", "trainer", "c1", "inject", {"contact_id": contact}),
        commands.InjectAll("t", contact),
        commands.Status("t", "c2", "present", "Finalement présent."),
    ]


async def test_a_lock_needs_a_stopped_complete_record_then_nothing_but_errata_is_added(live):
    http = await signed_in(live)
    try:
        resp = await create(http, live, time_factor="60")
        assert resp.status == 200, await resp.text()
        exam_url = str(resp.url).split("?", 1)[0]
        exam_id = exam_url.rsplit("/", 1)[1]
        token = csrf_of(await resp.text())

        async def post(path: str, **form: str) -> tuple[int, str]:
            async with http.post(f"{exam_url}{path}", data={"csrf_token": token} | form) as r:
                return r.status, unescape(await r.text())

        assert (await post("/start"))[0] == 200
        # One click never locks: the button leads to a confirmation page…
        status, page = await post("/lock")
        assert status == 200 and "Verrouiller le procès-verbal ?" in page
        assert "n'est pas arrêté" in page and 'id="confirm-lock"' not in page
        # …and a lock confirmed while the exam runs is refused, with the reason.
        status, page = await post("/lock", confirm="yes")
        assert status == 409 and "arrêtez-le avant de verrouiller" in page
        assert (await post("/stop"))[0] == 200
        async with http.get(f"{exam_url}/lock") as r:
            page = unescape(await r.text())
        assert "3 candidat(s) n'ont ni fiche signée" in page and 'id="confirm-lock"' not in page
        for name in ("Claire Roussel", "Karim Benali", "Élodie Martin"):
            assert name in page
        status, page = await post("/lock", confirm="yes")
        assert (
            status == 409 and "3 candidat(s) sans fiche signée par tout le jury ni statut" in page
        )

        exam = await live.exams.get(exam_id)
        await grade_through(exam, "c1", JURY)
        # A status needs its reason; the page says so and keeps what was chosen.
        status, page = await post("/people/c2/status", status="absent", reason=" ")
        assert status == 409 and "Le motif est obligatoire" in page
        assert '<option value="absent" selected>' in page
        assert (await post("/people/c2/status", status="absent", reason="Non présenté."))[0] == 200
        api = await live.accounts.new_api_token(exam.created.trainer_id, "tests")
        bearer = {"Authorization": f"Bearer {api}"}
        async with http.post(
            f"{live.url}/api/exams/{exam_id}/people/c3/status",
            json={"status": "excluded", "reason": "Téléphone personnel pendant l'épreuve."},
            headers=bearer,
        ) as r:
            assert r.status == 200, await r.text()
        with pytest.raises(ExamRefused, match="final"):  # a signed sheet's decision stands
            await commands.run(exam, commands.Status("t", "c1", "absent", "Erreur."))

        async with http.get(f"{exam_url}/lock") as r:
            page = unescape(await r.text())
        freezes = page[page.index('id="freezes"') :]
        assert "1 candidat(s) : Claire Roussel" in freezes
        assert "Karim Benali (n° 0002) : Absent — motif : Non présenté." in freezes
        assert (
            "Élodie Martin (n° 0003) : Exclu" in freezes
            and "Marc Dubois, Sophie Laurent" in freezes
        )
        status, page = await post("/lock", confirm="yes")
        assert status == 200 and "Procès-verbal verrouillé le" in page
        # The candidates' links died with the lock: the page lists none, and says why.
        assert "/candidate?token=" not in page and "lien clos (procès-verbal verrouillé)" in page
        assert "/jury?token=" in page  # the jury still reads the documents and signs errata

        # -- locked: try everything, from every door ------------------------------------
        exam = await live.exams.get(exam_id)
        before = await positions(live, exam)
        tried = {type(c) for c in every_command(exam)} | {commands.Erratum, commands.Archive}
        assert tried == set(get_args(commands.Command)), "a new command to try on a lock"
        # Open after a lock: the erratum (below), and filing, which touches no exam stream.
        assert set(commands.AFTER_LOCK) == {"erratum", "archive"}
        for command in every_command(exam):
            with pytest.raises(ExamRefused) as refused:
                await commands.run(exam, command)
            assert refused.value.key == "err.record_locked", command
        for path, form in (
            ("/start", {}),
            ("/pause", {}),
            ("/resume", {}),
            ("/stop", {}),
            ("/lock", {"confirm": "yes"}),
            ("/pass_rule", {"kind": "all_criteria"}),
            ("/people/c1/revoke", {}),
            ("/people/j2/reissue", {}),
            ("/people/c2/status", {"status": "present", "reason": "Revenu."}),
        ):
            status, page = await post(path, **form)
            assert status == 409 and LOCKED in page, path
        for path, body in (
            ("start", None),
            ("pause", None),
            ("resume", None),
            ("stop", None),
            ("lock", None),
            ("pass_rule", {"kind": "all_criteria"}),
            ("people/c1/revoke", None),
            ("people/j1/reissue", None),
            ("people/c3/status", {"status": "present", "reason": "Erreur."}),
        ):
            async with http.post(
                f"{live.url}/api/exams/{exam_id}/{path}", json=body, headers=bearer
            ) as r:
                answer = await r.json()
                assert r.status == 422 and LOCKED in answer["error"]["reason"], (path, answer)
        links = exam.links()
        assert "c1" not in links or await live.exams.authenticate(links["c1"]) is None
        jury = {"Authorization": f"Bearer {links['j1']}"}
        cid = exam.scenario.grids[exam.created.grid_id].criteria[0].id
        for command, body in (
            ("decide", {"criterion_id": cid, "decision": "acquis"}),
            ("propose", {"criterion_id": cid, "decision": "acquis", "comment": "x"}),
            ("agree", {"criterion_id": cid, "decision": "acquis", "proposed_by": "j2"}),
            ("comment", {"text": "x"}),
            ("note", {"question_id": "q", "question": "Q ?", "note": "R."}),
            ("submit", {}),
            ("recommend", {"criterion_id": cid, "text": "x"}),
            ("sign", {"sheet_hash": "0" * 64, "name": "Marc Dubois"}),
        ):
            async with http.post(
                f"{live.url}/api/grading/{command}",
                json={"candidate_id": "c2"} | body,
                headers=jury,
            ) as r:
                answer = await r.json()
                assert r.status == 422 and LOCKED in answer["error"]["reason"], (command, answer)
        # Sockets: the trainer's board acts on an attempt; a candidate's link no longer connects.
        board = await live.connect(api, last_seq=None, exam=exam_id, board=True)
        contact = exam.scenario.deck.contacts[0].id
        for kind, data in (
            ("start", {}),
            ("pause", {}),
            ("resume", {}),
            ("stop", {}),
            ("inject", {"contact_id": contact}),
            ("take_over", {"contact_id": contact}),
            ("say", {"contact_id": contact, "text": "Allô ?"}),
        ):
            answer = await board.act(kind, {"candidate": "c1"} | data)
            assert answer["ok"] is False and LOCKED in answer["error"]["reason"], (kind, answer)
        answer = await board.act("inject", {"candidate": "all", "contact_id": contact})
        assert answer["ok"] is False and LOCKED in answer["error"]["reason"], answer
        stranger = socketio.AsyncClient(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            await stranger.connect(
                live.url,
                auth={"token": links["c1"]},
                transports=["websocket"],
                wait_timeout=CONNECT_WAIT,
            )
        assert await positions(live, exam) == before  # nothing appended, anywhere
        # Filing is the trainer's list, not the record: filed and brought back, locked as it is.
        trainer_id = exam.created.trainer_id
        await commands.run(exam, commands.Archive(trainer_id))
        assert exam.state.archived and exam.state.locked
        status, page = await post("/filing", archived="0")
        assert status == 200 and 'id="archived-note"' not in page and 'id="cmd-archive"' in page
        async with http.post(
            f"{live.url}/api/exams/{exam_id}/filing", json={"archived": True}, headers=bearer
        ) as r:
            assert r.status == 200 and (await r.json())["archived"] is True
        assert await positions(live, exam) == before  # still nothing in the exam's streams

        # -- an erratum: written and signed by one member, signed by the other -----------
        async def grading(who: str, command: str, body: dict[str, Any]) -> tuple[int, Any]:
            head = {"Authorization": f"Bearer {links[who]}"}
            async with http.post(f"{live.url}/api/grading/{command}", json=body, headers=head) as r:
                return r.status, await r.json()

        fix = "Au critère CP FFP C1, lire « acquis » : erreur de saisie relevée à la relecture."
        status, answer = await grading("j1", "erratum", {"text": fix, "name": "Sophie Laurent"})
        assert status == 422 and "Marc Dubois" in answer["error"]["reason"]  # not their name
        status, answer = await grading("j1", "erratum", {"text": fix, "name": "MARC DUBOIS"})
        assert status == 201, answer
        status, answer = await grading("j1", "countersign", {"number": 1, "name": "Marc Dubois"})
        assert status == 422 and "déjà signé" in answer["error"]["reason"]
        async with http.get(f"{exam_url}/documents/record") as r:
            record = unescape(await r.text())
        assert (
            fix in record and "Sans effet : en attente de la signature de Sophie Laurent" in record
        )
        status, answer = await grading("j2", "countersign", {"number": 1, "name": "sophie laurent"})
        assert status == 201, answer
        after = await positions(live, exam)
        grown = {s for s in after if after[s] != before[s]}
        assert grown == {grading_stream(exam_id)}
        assert after[grading_stream(exam_id)] == before[grading_stream(exam_id)] + 2
        async with http.get(f"{exam_url}/documents/record?format=pdf") as r:
            body = await r.read()
        text = " ".join((await asyncio.to_thread(pdf_text, body)).split())
        first_page = text[: text.index("Décisions")]
        assert re.search(
            r"Procès-verbal verrouillé le \d{1,2} \w+\.? \d{4}, \d{1,2}:\d{2}", first_page
        )
        assert "Erratum n° 1" in text and " ".join(fix.split()) in text
        for name, quality in (("Marc Dubois", "interne"), ("Sophie Laurent", "externe")):
            assert (
                f"Signé électroniquement par {name} (évaluateur {quality}) via son lien personnel"
                in text
            )
        assert "Sans effet" not in text
        assert "Absent" in text and "Non présenté." in text and "Exclu" in text
        await asyncio.sleep(0)
    finally:
        await http.close()


async def test_the_form_refuses_an_exam_jury_the_grid_does_not_ask_and_keeps_what_was_typed(live):
    http = await signed_in(live)
    try:
        for jury, given in (
            ("Marc Dubois ; externe", "1 membre(s), dont 1 externe"),
            ("Marc Dubois ; interne\nAna Roy ; interne", "2 membre(s), dont 0 externe"),
        ):
            resp = await create(http, live, jury=jury)
            page = unescape(await resp.text())
            assert resp.status == 422 and "En mode examen" in page and given in page
            assert "choisissez le mode entraînement" in page
            assert "Claire Roussel ; 0001" in page and jury.split("\n")[0] in page  # kept
        resp = await create(http, live, jury="Marc Dubois ; externe", mode="training")
        assert resp.status == 200 and "/exams/ex" in str(resp.url)
    finally:
        await http.close()
