"""A deck is played from a frozen snapshot of texts: editing the files afterwards changes nothing.

Uploaded zips are read in memory with caps; every refusal names the archive or the member.
"""

from __future__ import annotations

import copy
import dataclasses
import io
import json
import pickle
import shutil
import stat
import struct
import time
import zipfile
from pathlib import Path

import pytest
import yaml

from omnisim.deck import DeckError, DeckFiles, read_folder, read_zip
from omnisim.deck.rules import effective_rules
from omnisim.deck.scripts import load_scripts
from omnisim.grading import bundled_grids
from omnisim.scenario import (
    build_snapshot,
    bundled_data,
    check_snapshot,
    deck_hash,
    load_scenario,
    scenario_from_snapshot,
)
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT

DEMO = ROOT / "decks" / "demo"
MIB = 1024 * 1024


def demo_files(folder: Path = DEMO) -> DeckFiles:
    files, found = read_folder(folder)
    assert found == []
    return files


def located(problems) -> list[tuple[str, int, int, str]]:
    return [(p.file, p.line, p.column, p.field) for p in problems]


def test_a_snapshot_round_trips_to_the_deck_read_from_disk():
    snapshot = build_snapshot(demo_files(), bundled_data())
    stored = json.loads(json.dumps(snapshot))  # what an exam keeps
    scenario = scenario_from_snapshot(stored)
    assert scenario.deck == load_deck(DEMO)
    assert scenario == load_scenario(DEMO) and hash(scenario) == hash(load_scenario(DEMO))
    assert scenario.scripts == load_scripts() and scenario.rules == effective_rules(scenario.deck)
    assert set(scenario.grids) == {
        "cp_ffp",
        "cqp_telesecretaire",
        "mc_acvd",
        "ccs_rc",
        "rncp_relation_client_bloc1",
    }
    assert {g.id: g.version for g in scenario.grids.values()} == {
        g.id: g.version for g in bundled_grids().values()
    }
    assert json.loads(json.dumps(scenario.snapshot)) == stored
    assert pickle.loads(pickle.dumps(scenario)) == copy.deepcopy(scenario) == scenario
    with pytest.raises(TypeError):
        scenario.snapshot["deck"]["deck.yaml"] = "id: other"
    with pytest.raises(TypeError):
        scenario.grids.pop("cp_ffp")


def test_the_hash_is_stable_and_sees_one_character():
    files = demo_files()
    digest = deck_hash(files)
    assert digest.startswith("sha256:") and len(digest) == len("sha256:") + 64
    shuffled = dict(reversed(list(files.files.items())))
    assert deck_hash(DeckFiles("mon-deck.zip", shuffled)) == digest == deck_hash(demo_files())
    changed = dict(files.files)
    changed["contacts/03-urgence.yaml"] = changed["contacts/03-urgence.yaml"].replace("a", "à", 1)
    assert deck_hash(DeckFiles(files.root, changed)) != digest


def test_editing_the_deck_on_disk_after_the_snapshot_changes_nothing(tmp_path):
    copy = tmp_path / "demo"
    shutil.copytree(DEMO, copy)
    snapshot = build_snapshot(demo_files(copy), bundled_data())
    before = scenario_from_snapshot(snapshot)
    deck_yaml = copy / "deck.yaml"
    deck_yaml.write_text(
        deck_yaml.read_text(encoding="utf-8").replace("title:", "title: Modifié #", 1),
        encoding="utf-8",
    )
    for contact in sorted((copy / "contacts").glob("*.yaml"))[1:]:
        contact.unlink()
    assert load_deck(copy).title.startswith("Modifié") and len(load_deck(copy).contacts) == 1
    after = scenario_from_snapshot(snapshot)
    assert after == before and after.content_hash == before.content_hash
    assert len(after.deck.contacts) == len(load_deck(DEMO).contacts)


def test_cross_checks_use_the_snapshot_data_not_the_disk():
    snapshot = build_snapshot(demo_files(), bundled_data())
    snapshot["scripts"] = {k: v for k, v in snapshot["scripts"].items() if k != "panne_sav.yaml"}
    snapshot["grids"] = dict(snapshot["grids"], **{"cp_ffp.yaml": "id: [broken"})
    scenario, problems = check_snapshot(snapshot)
    assert scenario is None
    where = {(Path(p.file).name, p.field) for p in problems}
    assert ("02-panne-fenetre.yaml", "key.script") in where
    assert ("cp_ffp.yaml", "") in where
    with pytest.raises(DeckError):
        scenario_from_snapshot({**snapshot, "format": 2})


def with_english_inline(text: str) -> str:
    """A data file as exams frozen before ``web/i18n/en.data.yaml`` hold it: English inline."""
    data = yaml.safe_load(text)
    data["title_en" if "title" in data else "label_en"] = "English"
    for item in [*data.get("competences", []), *data.get("criteria", [])]:
        item["label_en"] = "English"
    for step in data.get("steps", []):
        step["question_en"] = "English"
    return yaml.safe_dump(data, allow_unicode=True)


def test_an_old_snapshot_with_english_inline_still_plays():
    """Old exams keep grids, channel rules and scripts with ``*_en`` fields: read, then ignored."""
    snapshot = build_snapshot(demo_files(), bundled_data())
    today = scenario_from_snapshot(snapshot)
    old = {
        **snapshot,
        **{
            part: {name: with_english_inline(text) for name, text in snapshot[part].items()}
            for part in ("grids", "channels", "scripts")
        },
    }
    assert "label_en: English" in old["grids"]["cp_ffp.yaml"]
    assert "question_en: English" in old["scripts"]["panne_sav.yaml"]
    assert "label_en: English" in old["channels"]["phone.yaml"]
    scenario, problems = check_snapshot(old)
    assert problems == [] and scenario is not None
    assert scenario.grids == today.grids and scenario.rules == today.rules
    assert scenario.scripts == today.scripts
    grid = scenario.grids["cp_ffp"]
    assert grid.title_for("en") == "Advising customers on inbound calls"  # the catalog's


# -- uploaded zips --------------------------------------------------------------------
def zip_of(members: dict[str, bytes | str], store: bool = False) -> bytes:
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if store else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def demo_members(top: str = "demo/") -> dict[str, bytes | str]:
    return {
        top + p.relative_to(DEMO).as_posix(): p.read_bytes()
        for p in sorted(DEMO.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize("top", ["demo/", ""])
def test_a_zipped_deck_loads_and_matches_its_folder(top):
    members = demo_members(top)
    members |= {"__MACOSX/demo/._deck.yaml": b"\0\1", f"{top}.DS_Store": b"\0", f"{top}x.txt": "x"}
    files, found = read_zip(zip_of(members), "mon-deck.zip")
    assert found == [] and files is not None
    assert files.root == "mon-deck.zip" and files.files == demo_files().files
    scenario = scenario_from_snapshot(build_snapshot(files, bundled_data()))
    assert scenario.deck == dataclasses.replace(load_deck(DEMO), path="mon-deck.zip")
    assert scenario.content_hash == deck_hash(demo_files())


def symlink() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data in demo_members().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("demo/contacts/link.yaml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "where", "message"),
    [
        (lambda: b"PK\x03\x04" + bytes(20 * MIB), "mon-deck.zip", "archive of 20971524 bytes"),
        (
            lambda: zip_of({f"demo/contacts/c{n}.yaml": "x" for n in range(2001)}, store=True),
            "mon-deck.zip",
            "more than 2000 files",
        ),
        (lambda: b"deck.yaml: not a zip", "mon-deck.zip", "not a zip archive"),
        (lambda: zip_of(demo_members() | {"../x": "x"}), "../x", "path with '..'"),
        (lambda: zip_of(demo_members() | {"/abs": "x"}), "/abs", "absolute path"),
        (symlink, "demo/contacts/link.yaml", "symbolic link"),
        (
            lambda: zip_of(demo_members() | {"demo/contacts/big.yaml": "a" * (MIB + 1)}),
            "demo/contacts/big.yaml",
            "file of 1048577 bytes, at most 1048576 expected",
        ),
        (
            lambda: zip_of({f"demo/knowledge/k{n}.md": "a" * MIB for n in range(21)}),
            "mon-deck.zip",
            "22020096 bytes once uncompressed, at most 20971520",
        ),
        (lambda: zip_of({"demo/README.md": "x"}), "mon-deck.zip", "no deck.yaml"),
    ],
)
def test_a_refused_archive_names_the_archive_or_the_member(data, where, message):
    files, problems = read_zip(data(), "mon-deck.zip")
    assert files is None and problems, problems
    assert located(problems)[0] == (where, 1, 1, "")
    assert message in problems[0].message


def test_bad_yaml_inside_a_zip_is_located_in_its_file():
    bad = "at: 10\nchannel: chat\n  opening: Bonjour\n"
    files, found = read_zip(zip_of(demo_members() | {"demo/contacts/x.yaml": bad}), "d.zip")
    assert found == [] and files is not None
    scenario, problems = check_snapshot(build_snapshot(files, bundled_data()))
    assert scenario is None
    assert located(problems) == [("d.zip/contacts/x.yaml", 3, 10, "")]
    assert "invalid YAML" in problems[0].message


def test_binary_text_inside_a_zip_is_a_problem_not_a_refusal():
    files, found = read_zip(zip_of(demo_members() | {"demo/knowledge/x.md": b"a\n\0"}), "d.zip")
    assert files is not None and "knowledge/x.md" not in files.files
    assert located(found) == [("d.zip/knowledge/x.md", 2, 1, "")]


def lie_about_size(data: bytes, size: int) -> bytes:
    """The headers of the (one) member declare ``size`` bytes, whatever it holds."""
    out = bytearray(data)
    local, central = out.index(b"PK\x03\x04"), out.index(b"PK\x01\x02")
    struct.pack_into("<I", out, local + 22, size)
    struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


def test_a_zip_bomb_is_refused_without_inflating_it():
    bomb = zip_of({"demo/deck.yaml": b"a" * (50 * MIB)})
    assert len(bomb) < MIB
    for data in (bomb, lie_about_size(bomb, MIB)):
        started = time.monotonic()
        files, problems = read_zip(data, "bomb.zip")
        assert time.monotonic() - started < 2.0
        assert files is None and located(problems)[0] == ("demo/deck.yaml", 1, 1, "")
