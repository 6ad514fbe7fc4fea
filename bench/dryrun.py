"""Time of a dry run per bundled deck, and of the coverage of each grid it prepares.

    .venv/bin/python bench/dryrun.py [--big 200] [deck ...]

On demand; prints figures, asserts nothing. A dry run (omnisim/rehearsal/dryrun.py) plays a
careful and a careless scripted candidate through the whole deck on a fake clock, computes
every measure and proposes each grid. Figures are CPU seconds (``time.process_time``, which
holds better than wall time on a shared machine) of a first run in a fresh process, as a
server meets a deck: playing, measuring (text analyses are cached per line afterwards: a
second run measures faster), grading; then the coverage (omnisim/scenario/coverage.py).
``--big N`` adds the demo grown to N contacts (its day repeated, spread over its 270 minutes).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from omnisim.language import warm  # noqa: E402
from omnisim.measures import compute_all  # noqa: E402
from omnisim.paths import data_dir  # noqa: E402
from omnisim.rehearsal.candidate import DeckCandidate  # noqa: E402
from omnisim.rehearsal.dryrun import STYLES, Run, grid_run  # noqa: E402
from omnisim.rehearsal.player import play  # noqa: E402
from omnisim.scenario import Scenario, load_scenario  # noqa: E402
from omnisim.scenario.catalog import bundled_decks  # noqa: E402
from omnisim.scenario.coverage import coverage  # noqa: E402


def timed(fn: Any, *args: Any) -> tuple[float, Any]:
    started = time.process_time()
    out = fn(*args)
    return time.process_time() - started, out


def rehearse(scenario: Scenario, style: str) -> tuple[float, float, Run]:
    bot = DeckCandidate(scenario.deck, scenario.scripts, style == "careful")
    playing, log = timed(play, scenario, bot)
    measuring, results = timed(compute_all, log, scenario)
    return playing, measuring, Run(style, len(log), results)


def grown(scenario: Scenario, size: int) -> Scenario:
    """The deck's day repeated until ``size`` contacts, spread evenly over its duration."""
    deck = scenario.deck
    day = [c for c in deck.contacts if not c.extra]
    every = deck.duration * 0.9 / size
    contacts = tuple(
        dataclasses.replace(day[n % len(day)], id=f"{day[n % len(day)].id}-{n}", at=n * every)
        for n in range(size)
    )
    return dataclasses.replace(scenario, deck=dataclasses.replace(deck, contacts=contacts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--big", type=int, default=0, help="also the demo with N contacts")
    parser.add_argument("decks", nargs="*", default=bundled_decks())
    args = parser.parse_args()
    scenarios = [(name, load_scenario(data_dir("decks") / name)) for name in args.decks]
    if args.big:
        scenarios.append(
            (f"demo×{args.big}", grown(load_scenario(data_dir("decks") / "demo"), args.big))
        )
    warm()
    head = ("deck", "sim min", "contacts", "events", "play s", "measure s", "grade s", "total s")
    print(f"{head[0]:22} " + " ".join(f"{h:>9}" for h in head[1:]) + "  coverage ms")
    for name, scenario in scenarios:
        deck = scenario.deck
        done = [rehearse(scenario, style) for style in STYLES]
        runs = [run for _, _, run in done]
        grids = [scenario.grids[g] for g in deck.grid_ids]
        grading, _ = timed(lambda gs, rs: [grid_run(g, rs) for g in gs], grids, runs)
        covering, _ = timed(lambda gs, s: [coverage(s, g) for g in gs], grids, scenario)
        playing, measuring = sum(d[0] for d in done), sum(d[1] for d in done)
        events = "/".join(str(r.events) for r in runs)
        total = playing + measuring + grading
        cells = (deck.duration_minutes, len(deck.contacts), events, playing, measuring, grading)
        row = f"{cells[0]:9.0f} {cells[1]:9d} {cells[2]:>9} {cells[3]:9.2f} {cells[4]:9.2f}"
        print(f"{name:22} {row} {grading:9.3f} {total:9.2f}  {covering * 1000:11.1f}")


if __name__ == "__main__":
    main()
