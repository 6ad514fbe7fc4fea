"""The exam's sealed archive (issue 20): the exported log, the PDFs, the CSV and a manifest of
their hashes, checked anywhere by ``omnisim record verify ARCHIVE``, which refuses an archive
one byte of whose log or PDF changed, and a log rewritten with a manifest to match."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import aiohttp

from omnisim.documents.archive import verify as check
from omnisim.exams.roster import RosterEntry
from omnisim.live import commands
from omnisim.scenario import load_scenario
from tests.conftest import MINI_DECK, ROOT
from tests.jury_flow import grade_through

JURY = {"j1": "Marc Dubois", "j2": "Ana Roy"}


async def locked_exam(live: Any) -> tuple[Any, str]:
    trainer = await live.accounts.add_trainer("archive", "Formatrice", "mot-de-passe-de-test")
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    exam, _tokens = await live.exams.create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001"), RosterEntry("Hugo Lenoir", number="0002")],
        [
            RosterEntry(JURY["j1"], evaluator="internal"),
            RosterEntry(JURY["j2"], evaluator="external"),
        ],
    )
    await commands.run(exam, commands.Start(trainer.id))
    await asyncio.sleep(0.5)
    await commands.run(exam, commands.Stop(trainer.id))
    exam = await live.exams.get(exam.exam_id)
    await grade_through(exam, "c1", JURY)
    await commands.run(exam, commands.Status(trainer.id, "c2", "absent", "Non présenté."))
    await commands.run(exam, commands.Lock(trainer.id))
    return exam, await live.accounts.new_api_token(trainer.id, "tests")


def verify(path: Path) -> subprocess.CompletedProcess[str]:
    """``omnisim record verify``, as anyone runs it on the archive they were given."""
    return subprocess.run(
        [sys.executable, "-m", "omnisim", "record", "verify", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def rezip(data: bytes, change: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            new.writestr(name, change.get(name, old.read(name)))
    return out.getvalue()


def one_byte(data: bytes, at: int) -> bytes:
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


async def test_the_sealed_archive_verifies_and_one_changed_byte_is_refused(live, tmp_path):
    exam, api = await locked_exam(live)
    async with aiohttp.ClientSession(live.url) as http:
        head = {"Authorization": f"Bearer {api}"}
        async with http.get(f"/api/exams/{exam.exam_id}/archive", headers=head) as r:
            assert r.status == 200 and r.content_type == "application/zip"
            data, seal = await r.read(), r.headers["X-Archive-Seal"]
        async with http.get(f"/api/exams/{exam.exam_id}/archive", headers=head) as r:
            again = await r.read()
    archive = tmp_path / "archive.zip"
    archive.write_bytes(data)
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        journal = zf.read("journal.jsonl")
        pdf = zf.read("proces-verbal.pdf")
    assert names == {
        "manifest.json",
        "journal.jsonl",
        "notation.csv",
        "proces-verbal.pdf",
        "fiche-0001-c1.pdf",
        "fiche-0002-c2.pdf",
    }
    assert (
        hashlib.sha256(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
        ).hexdigest()
        == seal
    )
    assert manifest["locked"] and len(manifest["signatures"]) == 2
    assert journal.count(b"\n") == sum(1 for _ in journal.splitlines())
    assert again == data  # a locked record's archive is the same whenever it is made
    done = await asyncio.to_thread(verify, archive)
    assert done.returncode == 0, done.stderr
    assert "Archive intacte" in done.stdout and seal in done.stdout

    # One byte of the log, then one byte of a PDF: each refused, naming the file.
    changed = tmp_path / "changed.zip"
    changed.write_bytes(rezip(data, {"journal.jsonl": one_byte(journal, len(journal) // 2)}))
    refused = await asyncio.to_thread(verify, changed)
    assert refused.returncode == 1, refused.stdout
    assert "fichier modifié depuis le scellement : journal.jsonl" in refused.stderr
    assert "Traceback" not in refused.stderr
    # Wherever the byte falls (the deck's snapshot, a payload, a seq), refused in words.
    for at in range(0, len(journal), len(journal) // 24):
        found = await asyncio.to_thread(
            check, rezip(data, {"journal.jsonl": one_byte(journal, at)})
        )
        said = [p.render("fr") for p in found.problems]
        assert "fichier modifié depuis le scellement : journal.jsonl" in said, (at, said)
    found = await asyncio.to_thread(
        check, rezip(data, {"proces-verbal.pdf": one_byte(pdf, len(pdf) // 2)})
    )
    assert [p.render("fr") for p in found.problems] == [
        "fichier modifié depuis le scellement : proces-verbal.pdf"
    ]
    # A forger who rewrites the manifest too is caught by the signatures the log holds.
    lines = journal.decode().splitlines()
    at = next(
        n for n, line in enumerate(lines) if f'"{exam.exam_id}-c1"' in line and '"seq": 2,' in line
    )
    event = json.loads(lines[at])
    event["wall_time"] += 1
    lines[at] = json.dumps(event, ensure_ascii=False)
    forged_log = ("\n".join(lines) + "\n").encode()
    manifest["files"]["journal.jsonl"] = {
        "bytes": len(forged_log),
        "sha256": hashlib.sha256(forged_log).hexdigest(),
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    forged = rezip(data, {"journal.jsonl": forged_log, "manifest.json": body})
    said = [p.render("fr") for p in (await asyncio.to_thread(check, forged)).problems]
    assert said == [
        "le journal de l'épreuve de c1 ne correspond plus à la signature de j1",
        "le journal de l'épreuve de c1 ne correspond plus à la signature de j2",
    ]
    assert not (await asyncio.to_thread(check, b"PK nothing")).ok
