"""Automatic proposals against the hand gradings of evalsets/golden/ (issues 13 and 26).

Run on demand: ``python bench/validity.py`` (``--deck NAME`` for one deck only). Every golden
grading is played and graded:

- ``evalsets/golden/<candidate>.yaml``: a scripted candidate of tests/scripted.py on a deck
  (the demo's), under one or more grids;
- ``evalsets/golden/<deck>/<grid>.yaml``: the certification decks, one file per grid, with
  their candidates (careful and careless of tests/scripted.py, HandCandidate, by default; a
  candidate may name its ``player``: ``deck:careful``, ``deck:careless`` or ``scripted:<style>`` of
  tests/scripted.py, or ``transcript:<path>``: a hand-written candidate, its transcript's path
  relative to the golden's folder, played by tests/transcripts.py; evalsets/golden/TRANSCRIPTS.md).

Each candidate plays the deck on a fake clock, every measure runs, each grid is proposed,
and the proposals are compared with the jury's: agreement and Cohen's kappa on the criteria
both decided, coverage of the criteria the log could show, and pass/fail (criteria left to
the jury take the jury's decision). A golden file marked ``out_of_sample: true`` belongs to
a deck no measure was tuned on: its figures are printed apart from the in-sample ones. The
hand-written candidates make a third group, out of sample by nature (no measure knows their
phrasing), printed with the actions the desk refused each of them.
"""

from __future__ import annotations

import argparse
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
from tests.scripted import HandCandidate, play_direct  # noqa: E402
from tests.transcripts import Refusal, TranscriptError, play_transcript  # noqa: E402

GOLDEN = ROOT / "evalsets" / "golden"
DECISION = {"acquis": "acquis", "non_acquis": "non_acquis", "jury": None}


@dataclass(frozen=True)
class Golden:
    """One scripted candidate on one deck, graded by hand under one or more grids."""

    path: Path
    candidate: str  # its name in the golden file
    player: str  # "scripted:<style>" (tests/scripted.py) or "deck:careful|careless"
    deck: str
    # grid id -> (the jury's pass/fail, None when the text leaves it to the jury; marks)
    grids: dict[str, tuple[bool | None, dict[str, JuryMark]]]
    out_of_sample: bool = False

    @property
    def hand_written(self) -> bool:
        return self.player.startswith("transcript:")


@dataclass(frozen=True)
class Played:
    """One golden candidate played and graded: a comparison per grid, what the desk refused."""

    golden: Golden
    comparisons: tuple[Comparison, ...]
    refusals: tuple[Refusal, ...] = ()
    unplayed: int = 0  # a transcript's actions whose trigger never came


def _demo_golden(path: Path) -> Golden:
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
    return Golden(
        path,
        data["candidate"],
        f"scripted:{data['candidate']}",
        data["deck"],
        grids,
        bool(data.get("out_of_sample")),
    )


def _deck_goldens(folder: Path) -> list[Golden]:
    """A certification deck's folder: one file per grid, each with every candidate."""
    by_candidate: dict[str, dict[str, tuple[bool | None, dict[str, JuryMark]]]] = {}
    players: dict[str, str] = {}
    out = False
    deck = folder.name
    for path in sorted(folder.glob("*.yaml")):
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
        deck = data.get("deck", deck)
        out = out or bool(data.get("out_of_sample"))
        for name, entry in data["candidates"].items():
            players[name] = entry.get("player", f"deck:{name}")
            marks = {
                cid: JuryMark(DECISION[mark["verdict"]], mark["verdict"] != "jury")
                for cid, mark in entry["criteria"].items()
            }
            passed = entry.get("pass")
            by_candidate.setdefault(name, {})[data["grid"]] = (passed, marks)
    return [
        Golden(folder / f"{name}", name, players[name], deck, grids, out)
        for name, grids in by_candidate.items()
    ]


def load_goldens(folder: Path = GOLDEN) -> list[Golden]:
    out = [_demo_golden(p) for p in sorted(folder.glob("*.yaml"))]
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        out += _deck_goldens(sub)
    return out


async def _play(golden: Golden, deck: Path, scenario: Any) -> tuple[list[Any], Any]:
    """The golden's candidate played on ``deck``: the log, and the transcript's candidate
    (its refusals) for a hand-written one, else None."""
    kind, _, style = golden.player.partition(":")
    if kind == "transcript":
        return await play_transcript(deck, golden.path.parent / style, scenario=scenario)
    if kind == "deck":
        log = await play_direct(
            deck, style == "careful", scenario=scenario, candidate=HandCandidate
        )
        return log, None
    return await play_direct(deck, style, scenario=scenario), None


def play_all(goldens: list[Golden]) -> list[Played]:
    """Every golden candidate played and graded under each of its grids."""
    out = []
    for golden in goldens:
        deck = ROOT / "decks" / golden.deck
        scenario = load_scenario(deck)
        log, transcript = asyncio.run(_play(golden, deck, scenario))
        measures = compute_all(log, scenario)
        comparisons = []
        for gid, (passed, marks) in golden.grids.items():
            grid = scenario.grids[gid]
            proposals = grade(grid, measures).proposals()
            comparisons.append(compare(grid, proposals, marks, passed))
        if transcript is None:
            out.append(Played(golden, tuple(comparisons)))
        else:
            refusals = tuple(transcript.refusals)
            out.append(Played(golden, tuple(comparisons), refusals, transcript.unplayed))
    return out


def run(goldens: list[Golden]) -> list[tuple[Golden, Comparison]]:
    return [(p.golden, c) for p in play_all(goldens) for c in p.comparisons]


def _totals(title: str, results: list[tuple[Golden, Comparison]]) -> None:
    if not results:
        return
    agreed = sum(c.agreed for _, c in results)
    decided = sum(c.decided for _, c in results)
    pairs = [p for _, c in results for p in c.pairs]
    judged = [c for _, c in results if c.jury_passed is not None]
    right = sum(1 for c in judged if c.passed == c.jury_passed)
    kappa = cohen_kappa(pairs)
    coverage = sum(c.coverage for _, c in results) / len(results)
    print(
        f"{title}: agreement {agreed}/{decided} = {agreed / max(1, decided):.2f}, "
        f"kappa {'—' if kappa is None else f'{kappa:.2f}'}, mean coverage {coverage:.2f}, "
        f"pass/fail right {right}/{len(judged)}"
    )


GROUPS = (  # (title, which goldens), printed apart
    ("IN-SAMPLE (decks tuned on)", lambda g: not g.out_of_sample and not g.hand_written),
    ("OUT-OF-SAMPLE decks", lambda g: g.out_of_sample and not g.hand_written),
    ("HAND-WRITTEN candidates, out of sample", lambda g: g.hand_written),
)


def _refusals(played: list[Played]) -> None:
    """What the desk refused each hand-written candidate: skipped, as a person would go on."""
    print("  refused actions (skipped) and actions never played, per candidate:")
    for p in played:
        g = p.golden
        print(f"    {g.deck:22} {g.candidate:13} refused {len(p.refusals)}, unplayed {p.unplayed}")
        for r in p.refusals:
            print(f"      {r.kind} on {r.contact or '—'}: {r.reason}")


def report(played: list[Played]) -> None:
    results = [(p.golden, c) for p in played for c in p.comparisons]
    for title, belongs in GROUPS:
        part = [(g, c) for g, c in results if belongs(g)]
        if not part:
            continue
        print(f"== {title}")
        head = f"{'deck':22} {'candidate':13} {'grid':20} {'agree':>6} {'kappa':>6}"
        print(f"{head} {'cover':>6}  pass/jury")
        for golden, c in part:
            kappa = "  —  " if c.kappa is None else f"{c.kappa:6.2f}"
            mark = "" if c.jury_passed is None or c.passed == c.jury_passed else "  ✗"
            print(
                f"{golden.deck:22} {golden.candidate:13} {c.grid:20} {c.agreement:6.2f} {kappa}"
                f" {c.coverage:6.2f}  {c.passed}/{c.jury_passed}{mark}"
            )
            if c.ungraded:
                print(f"    not graded by this jury (left out): {', '.join(c.ungraded)}")
            for cid, proposed, jury in c.disagreements:
                print(f"    {cid}: proposed {proposed}, jury {jury or 'à apprécier'}")
        for deck in dict.fromkeys(g.deck for g, _ in part):
            _totals(f"  {deck}", [(g, c) for g, c in part if g.deck == deck])
        _totals(f"  all {title.split()[0].lower()}", part)
        if title.startswith("HAND"):
            _refusals([p for p in played if belongs(p.golden)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deck", action="append", help="only the goldens of this deck")
    parser.add_argument("--in-sample", action="store_true", help="leave out-of-sample decks out")
    parser.add_argument("--hand", action="store_true", help="only the hand-written candidates")
    parser.add_argument("--golden", type=Path, default=GOLDEN, help="another goldens' folder")
    parser.add_argument(
        "--set", action="append", help="only this goldens' folder (e.g. a new hand-written set)"
    )
    args = parser.parse_args()
    goldens = load_goldens(args.golden)
    if args.deck:
        goldens = [g for g in goldens if g.deck in args.deck]
    if args.in_sample:
        goldens = [g for g in goldens if not g.out_of_sample and not g.hand_written]
    if args.hand:
        goldens = [g for g in goldens if g.hand_written]
    if args.set:
        goldens = [g for g in goldens if g.path.parent.name in args.set]
    try:
        report(play_all(goldens))
    except TranscriptError as exc:  # a writer's mistake: say where, plainly
        sys.exit(f"transcript to fix: {exc}")


if __name__ == "__main__":
    main()
