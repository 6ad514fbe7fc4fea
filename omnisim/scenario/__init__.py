"""What an exam is played and graded with, frozen as texts when the exam is created.

The snapshot (JSON-able, stored with the exam) holds the deck's files and every
bundled script, channel rule and grid; a Scenario is parsed from it alone, so
editing a deck or a grid on disk afterwards changes nothing for that exam.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TypeVar

import yaml

from omnisim.deck.channel_rules import ChannelRules, parse_channel_rules
from omnisim.deck.files import DeckFiles, read_folder
from omnisim.deck.frozen import freeze
from omnisim.deck.loader import check_files, with_own_scripts
from omnisim.deck.model import Deck
from omnisim.deck.rules import apply_overrides
from omnisim.deck.scripts import DiagnosticScript, parse_script
from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.grading.grid import Grid, parse_grid
from omnisim.paths import data_dir

FORMAT = 1
BUNDLED = {"scripts": "scripts_diagnostic", "channels": "channels", "grids": "grids"}
T = TypeVar("T")


@dataclass(frozen=True)
class Scenario:
    """Everything an attempt is played and graded with, frozen when the exam is created."""

    deck: Deck
    rules: Mapping[str, ChannelRules]  # channel rules with the deck's channel_overrides applied
    # diagnostic scripts: all bundled ones at snapshot, shadowed by the deck's own scripts/*.yaml
    scripts: Mapping[str, DiagnosticScript]
    # every bundled grid at snapshot time, by id (the deck names some), less the criteria whose
    # occasion the deck never gives (a sale: grading/grid.py Criterion.occasion)
    grids: Mapping[str, Grid]
    snapshot: Mapping[str, Any]  # JSON-able: the texts everything above is parsed from
    content_hash: str  # "sha256:<hex>" of the deck files only

    def __post_init__(self) -> None:
        for name in ("rules", "scripts", "grids", "snapshot"):
            object.__setattr__(self, name, freeze(getattr(self, name)))

    def __hash__(self) -> int:
        """The snapshot determines everything else (the deck holds dicts, so it cannot hash)."""
        return hash(self.snapshot)


def deck_hash(files: DeckFiles) -> str:
    """The deck's identity: its texts by path, as canonical JSON; its name plays no part."""
    canonical = json.dumps(
        dict(files.files), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def bundled_data() -> dict[str, dict[str, str]]:
    """The texts of the bundled scripts, channel rules and grids, by file name (reads disk)."""
    return {
        key: {p.name: p.read_text(encoding="utf-8") for p in sorted(data_dir(dir).glob("*.yaml"))}
        for key, dir in BUNDLED.items()
    }


def build_snapshot(files: DeckFiles, bundled: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    """What an exam stores: plain JSON, checked by ``check_snapshot``."""
    return {
        "format": FORMAT,
        "deck": dict(files.files),
        "deck_root": files.root,
        **{key: dict(bundled[key]) for key in BUNDLED},
    }


def _shape(snapshot: Any) -> list[DeckProblem]:
    def bad(field: str, message: str) -> list[DeckProblem]:
        return [DeckProblem("snapshot", 1, 1, field, message)]

    if not isinstance(snapshot, Mapping):
        return bad("", "expected a mapping")
    if snapshot.get("format") != FORMAT:
        return bad("format", f"expected format {FORMAT}, got {snapshot.get('format')!r}")
    if not isinstance(snapshot.get("deck_root"), str):
        return bad("deck_root", "expected a string")
    for key in ("deck", *BUNDLED):
        texts = snapshot.get(key)
        if not isinstance(texts, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in texts.items()
        ):
            return bad(key, "expected texts by file name")
    return []


def _stem(name: str, _parsed: object) -> str:
    return PurePath(name).stem


def _parse_all(
    texts: Mapping[str, str],
    folder: str,
    parse: Callable[[str, str], T],
    key: Callable[[str, T], str],
    found: list[DeckProblem],
) -> dict[str, T]:
    """Bundled files parsed by ``parse``; a broken one becomes a problem naming it."""
    parsed: dict[str, T] = {}
    for name, text in sorted(texts.items()):
        file = f"{folder}/{name}"
        try:
            item = parse(text, file)
        except (yaml.YAMLError, ValueError) as exc:
            found.append(DeckProblem(file, 1, 1, "", str(exc).removeprefix(f"{file}: ")))
            continue
        parsed[key(name, item)] = item
    return parsed


def occasions_of(deck: Deck) -> frozenset[str]:
    """What the deck gives the criteria that only some decks can grade (Criterion.occasion):
    ``sale`` where a contact's key is a sale (MC ACVD C1.6 « VENDRE »)."""
    return frozenset({"sale"} if any(c.key.sale is not None for c in deck.contacts) else ())


def check_snapshot(snapshot: Mapping[str, Any]) -> tuple[Scenario | None, list[DeckProblem]]:
    """The scenario (None when unusable) and every problem, from the snapshot's texts only."""
    found = _shape(snapshot)
    if found:
        return None, found
    files = DeckFiles(snapshot["deck_root"], snapshot["deck"])
    scripts = _parse_all(snapshot["scripts"], BUNDLED["scripts"], parse_script, _stem, found)
    rules = _parse_all(
        snapshot["channels"], "channels", parse_channel_rules, lambda _, r: r.channel, found
    )
    grids = _parse_all(snapshot["grids"], "grids", parse_grid, _stem, found)
    deck, deck_problems = check_files(files, scripts, rules, grids)
    found += deck_problems
    if deck is None or found:
        return None, found
    scenario = Scenario(
        deck=deck,
        rules=apply_overrides(rules, deck),
        scripts=with_own_scripts(scripts, deck),
        grids={gid: grid.for_occasions(occasions_of(deck)) for gid, grid in grids.items()},
        snapshot=snapshot,
        content_hash=deck_hash(files),
    )
    return scenario, []


def scenario_from_snapshot(snapshot: Mapping[str, Any]) -> Scenario:
    """The scenario of a stored snapshot; DeckError lists every problem."""
    scenario, found = check_snapshot(snapshot)
    if scenario is None:
        raise DeckError(found)
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """A deck folder frozen now with today's bundled data (CLI, tests)."""
    files, found = read_folder(Path(path).resolve())
    if found and "deck.yaml" not in files.files:
        raise DeckError(found)
    scenario, more = check_snapshot(build_snapshot(files, bundled_data()))
    if found or scenario is None:
        raise DeckError(found + more)
    return scenario
