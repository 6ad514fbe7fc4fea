"""Automatic proposals against the hand gradings of evalsets/golden/ (issue 13).

Run on demand: ``python bench/validity.py``. Each golden file names a scripted candidate
(tests/scripted.py) and a deck; the candidate plays the deck on a fake clock, every
measure runs, each grid is proposed, and the proposals are compared with the jury's:
agreement and Cohen's kappa on the criteria both decided, coverage of the criteria the
log could show, and pass/fail (criteria left to the jury take the jury's decision).
"""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from omnisim.grading import grade  # noqa: E402
from omnisim.grading.agreement import Comparison, JuryMark, cohen_kappa, compare  # noqa: E402
from omnisim.measures import compute_all  # noqa: E402
from omnisim.scenario import load_scenario  # noqa: E402

GOLDEN = ROOT / "evalsets" / "golden"


@dataclass(frozen=True)
class Golden:
    path: Path
    candidate: str
    deck: str
    grids: dict[str, tuple[bool, dict[str, JuryMark]]]


def load_goldens(folder: Path = GOLDEN) -> list[Golden]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        grids = {
            gid: (
                bool(body["passed"]),
                {
                    cid: JuryMark(mark["decision"], bool(mark.get("log", True)))
                    for cid, mark in body["criteria"].items()
                },
            )
            for gid, body in data["grids"].items()
        }
        out.append(Golden(path, data["candidate"], data["deck"], grids))
    return out


def run(goldens: list[Golden]) -> list[tuple[Golden, Comparison]]:
    from tests.scripted import play_direct

    results = []
    for golden in goldens:
        deck = ROOT / "decks" / golden.deck
        scenario = load_scenario(deck)
        log = asyncio.run(play_direct(deck, golden.candidate, scenario=scenario))
        measures = compute_all(log, scenario)
        for gid, (passed, marks) in golden.grids.items():
            grid = scenario.grids[gid]
            proposals = grade(grid, measures).proposals()
            results.append((golden, compare(grid, proposals, marks, passed)))
    return results


def main() -> None:
    results = run(load_goldens())
    print(f"{'candidate':14} {'grid':20} {'agree':>7} {'kappa':>6} {'cover':>6}  pass/jury")
    agreed = decided = 0
    pairs: list[tuple[str, str]] = []
    for golden, c in results:
        kappa = "  —  " if c.kappa is None else f"{c.kappa:6.2f}"
        print(
            f"{golden.candidate:14} {c.grid:20} {c.agreement:7.2f} {kappa} {c.coverage:6.2f}"
            f"  {c.passed}/{c.jury_passed}{'' if c.passed == c.jury_passed else '  ✗'}"
        )
        for cid, proposed, jury in c.disagreements:
            print(f"    {cid}: proposed {proposed}, jury {jury}")
        agreed += c.agreed
        decided += c.decided
        pairs += c.pairs
    kappa = cohen_kappa(pairs)
    print(
        f"overall agreement {agreed}/{decided} = {agreed / max(1, decided):.2f}, "
        f"kappa {'—' if kappa is None else f'{kappa:.2f}'}"
    )


if __name__ == "__main__":
    main()
