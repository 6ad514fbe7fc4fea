"""The result sheet and the procès-verbal as HTML and PDF (text read back with pypdf, one
page drawn to PNG for a person to look at), the grading as CSV; French first, English too."""

from __future__ import annotations

import asyncio
import csv
import io
import shutil
import subprocess
from dataclasses import replace

import aiohttp
import pytest
from pypdf import PdfReader

from omnisim.exams.roster import RosterEntry
from omnisim.exams.state import attempt_stream
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK, ROOT
from tests.jury_flow import grade_through

ARTIFACTS = ROOT / "test-artifacts" / "jury"
JURY = {"j1": "Marc Dubois", "j2": "Ana Roy"}


async def graded_exam(live):
    trainer = await live.accounts.add_trainer("docs", "Formatrice", "mot-de-passe-de-test")
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
    for candidate in ("c1", "c2"):
        client = await live.connect(tokens[candidate])
        assert (await client.act("start"))["ok"]
    await asyncio.sleep(1.0)  # the chat arrives and rings
    await grade_through(exam, "c1", JURY)
    return exam, tokens


def pdf_text(body: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)


async def test_sheet_and_record_as_pdf_carry_decisions_signatures_and_the_log_hash(live):
    exam, tokens = await graded_exam(live)
    signatures = exam.state.grading["c1"].signatures
    log_hash = next(iter(signatures.values())).log_hash
    async with aiohttp.ClientSession(live.url) as http:
        q = {"token": tokens["j1"], "candidate": "c1"}
        async with http.get("/jury/sheet", params=q) as r:
            assert r.status == 200
            html = await r.text()
        assert "Fiche individuelle de résultat" in html and "Claire Roussel" in html
        assert log_hash in html and "correspond aux empreintes signées" in html
        async with http.get("/jury/sheet", params=q | {"format": "pdf"}) as r:
            assert r.status == 200 and r.content_type == "application/pdf"
            sheet_pdf = await r.read()
        async with http.get("/jury/record", params={"token": tokens["j2"], "format": "pdf"}) as r:
            assert r.status == 200
            record_pdf = await r.read()
        async with http.get(
            "/jury/record", params={"token": tokens["j2"], "format": "pdf", "lang": "en"}
        ) as r:
            english = await asyncio.to_thread(pdf_text, await r.read())
        async with http.get("/jury/grading.csv", params={"token": tokens["j1"]}) as r:
            assert r.status == 200
            table = (await r.read()).decode("utf-8-sig")
        async with http.get("/jury/record", params={"token": "forged.token"}) as r:
            assert r.status == 403
    text = await asyncio.to_thread(pdf_text, sheet_pdf)
    flat = text.replace("\n", "")
    assert "Fiche individuelle de résultat" in text and "Claire Roussel" in text
    assert log_hash in flat  # printed whole, so a reader can re-hash the log
    for name in JURY.values():
        assert name in text
    flat_text = " ".join(text.split())
    for name, quality in (("Marc Dubois", "externe"), ("Ana Roy", "interne")):
        said = (
            f"Signé électroniquement par {name} (évaluateur {quality}) via son lien personnel, le"
        )
        assert said in flat_text, name
    assert "Admis" in text or "Non admis" in text
    assert (
        "nov." in text
        or "déc." in text
        or any(
            m in text
            for m in (
                "janv.",
                "févr.",
                "mars",
                "avr.",
                "mai",
                "juin",
                "juil.",
                "août",
                "sept.",
                "oct.",
            )
        )
    )
    record = await asyncio.to_thread(pdf_text, record_pdf)
    assert "Procès-verbal de session" in record
    assert "Claire Roussel" in record and "Hugo Lenoir" in record
    assert "Décision en attente" in record  # c2 is not graded yet
    assert "Session record" in english and "Signed electronically by" in english
    assert "Procès-verbal non verrouillé" in record  # not locked: said on its first page
    lines = table.strip().splitlines()
    assert lines[0].startswith("numero;candidat;statut;reference;critere;proposition_automatique")
    assert len(lines) == 1 + 2 * len(exam.scenario.grids["cp_ffp"].criteria)
    assert any("Marc Dubois" in line for line in lines if line.startswith("0001"))
    # For calibration: per candidate × criterion, the automatic proposal and its measures,
    # each juror's own mark and comment, the final decision and who proposed and agreed.
    rows = list(csv.DictReader(io.StringIO(table), delimiter=";"))
    assert set(rows[0]) >= {
        "proposition_automatique",
        "mesures",
        "jure_1",
        "jure_1_decision",
        "jure_1_commentaire",
        "jure_2",
        "jure_2_decision",
        "jure_2_commentaire",
        "mode_decision",
        "proposee_par",
        "acceptee_par",
        "resultat",
    }
    claire = [r for r in rows if r["numero"] == "0001"]
    split = next(r for r in claire if r["mode_decision"] == "concertation")
    assert (split["proposee_par"], split["acceptee_par"]) == ("Marc Dubois", "Ana Roy")
    assert split["jure_1_decision"] != split["jure_2_decision"]
    assert split["jure_2_commentaire"] == "Observé autrement à la réécoute."
    assert all(
        r["proposition_automatique"] and r["jure_1"].startswith("Marc Dubois") for r in claire
    )
    assert any("=" in r["mesures"] for r in claire)
    assert {r["resultat"] for r in claire} <= {"Admis", "Non admis"}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "fiche-0001.pdf").write_bytes(sheet_pdf)
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is missing: no PNG of the PDF page")
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
            str(ARTIFACTS / "fiche-0001.pdf"),
            str(ARTIFACTS / "fiche-0001-page1"),
        ],
        check=True,
        timeout=60,
    )
    assert (ARTIFACTS / "fiche-0001-page1.png").stat().st_size > 10_000


async def test_a_log_changed_after_the_signatures_shows_on_the_sheet(live):
    from omnisim.documents.sheets import result_sheet
    from omnisim.web.printing import sheet_html

    exam, _tokens = await graded_exam(live)
    log = await live.store.read(attempt_stream(exam.exam_id, "c1"))
    grid = exam.scenario.grids["cp_ffp"]
    intact = result_sheet(exam.state, grid, "c1", log, "fr", 0.0)
    assert intact.log_intact is True and intact.locked
    changed = list(log)
    changed[2] = replace(changed[2], sim_time=changed[2].sim_time + 5)
    tampered = result_sheet(exam.state, grid, "c1", changed, "fr", 0.0)
    assert tampered.log_intact is False
    assert "ATTENTION" in sheet_html(tampered)


async def test_re_hashing_the_export_as_documented_gives_the_signed_hash(live, tmp_path):
    import re

    exam, _tokens = await graded_exam(live)
    api = await live.accounts.new_api_token(exam.created.trainer_id, "tests")
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {api}"}
        async with http.get(f"/api/exams/{exam.exam_id}/export", headers=head) as r:
            assert r.status == 200
            (tmp_path / "export.jsonl").write_text(await r.text(), encoding="utf-8")
    doc = (ROOT / "docs" / "jury.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", doc, re.S).group(1)
    space: dict = {}
    exec(code, space)  # the procedure as the documentation gives it
    for signature in exam.state.grading["c1"].signatures.values():
        stream = attempt_stream(exam.exam_id, "c1")
        found = space["log_hash"](str(tmp_path / "export.jsonl"), stream, signature.log_seq)
        assert found == signature.log_hash
