"""A deck's YAML is read by a reader that refuses what could take a server down (issue 21).

A 360-byte file of nested aliases (seven levels of ``&a1 [*a0, *a0, …]``) took 21 s and
1.1 GiB to read before: walking the composed graph expanded every alias. Anchors,
aliases and deep nesting are now refused while composing, with their place, through
every door a deck comes in by: the parser, a zip upload (page and API), and
``omnisim deck check``. ``python bench/yaml_bomb.py`` prints the time and memory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import aiohttp
from click.testing import CliRunner

from omnisim.cli import main
from omnisim.deck.document import document_of
from omnisim.deck.files import read_zip
from omnisim.deck.yamlpos import MAX_DEPTH, parse_yaml
from tests.conftest import ROOT
from tests.fast.test_api import api_token, zipped


def bombed_zip() -> bytes:
    return zipped(ROOT / "decks" / "mini", extra={"mon-deck/contacts/bombe.yaml": bomb(8).encode()})


def bomb(levels: int = 7) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_the_bomb_is_refused_at_its_first_anchor():
    found: list = []
    assert len(bomb().encode()) < 400
    assert parse_yaml(bomb(), "contacts/bombe.yaml", found) is None
    [problem] = found
    assert (problem.file, problem.line, problem.column) == ("contacts/bombe.yaml", 1, 5)
    assert "anchors and aliases" in problem.message


def test_an_alias_alone_and_an_anchor_alone_are_refused():
    for text, line in (("a: 1\nb: *a\n", 2), ("a: &x 1\nb: 2\n", 1)):
        found: list = []
        assert parse_yaml(text, "deck.yaml", found) is None
        assert found[0].line == line


def test_nesting_beyond_the_limit_is_refused_with_its_place():
    deep = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    found: list = []
    assert parse_yaml(deep, "deck.yaml", found) is None
    assert "nested more than" in found[0].message and found[0].line == 1
    ten = "a: " + "[" * 10 + "]" * 10 + "\n"
    assert parse_yaml(ten, "deck.yaml", []) is not None  # what a deck may need reads as before


def test_deck_check_refuses_a_bombed_folder(tmp_path: Path):
    folder = tmp_path / "deck"
    shutil.copytree(ROOT / "decks" / "mini", folder)
    (folder / "contacts").mkdir(exist_ok=True)
    (folder / "contacts" / "bombe.yaml").write_text(bomb(8), encoding="utf-8")
    result = CliRunner().invoke(main, ["deck", "check", str(folder)])
    assert result.exit_code != 0
    assert "bombe.yaml:1:5" in result.output


def test_a_bombed_zip_is_refused_by_the_upload_check():
    """An import reads the zip's files into a deck document (omnisim/live/library.py)."""
    files, unreadable = read_zip(bombed_zip(), "bombe.zip")
    assert files is not None and unreadable == []
    read = document_of(files)
    assert read.document is None
    assert any(p.file.endswith("contacts/bombe.yaml") and p.line == 1 for p in read.problems)


async def test_the_api_refuses_a_bombed_deck_and_keeps_serving(live):
    async with aiohttp.ClientSession() as http:
        auth = await api_token(live, http)
        headers = auth | {"Content-Type": "application/zip"}
        data = bombed_zip()
        url = f"{live.url}/api/decks?lang=en"  # French unless asked
        async with http.post(url, data=data, headers=headers) as resp:
            assert resp.status == 422
            problems = (await resp.json())["error"]["problems"]
        assert any("anchors and aliases" in p["message"] for p in problems)
        async with http.get(f"{live.url}/healthz") as resp:
            assert resp.status == 200
