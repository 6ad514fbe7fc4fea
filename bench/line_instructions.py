"""Machine instructions per candidate line (valgrind's callgrind), by part and kind: figures a
loaded machine does not disturb, beside the CPU microseconds of bench/customers.py.

    python bench/line_instructions.py [--lines 60]

runs itself under ``valgrind --tool=callgrind`` (PYTHONHASHSEED=0) and prints, for the load
bench's chat lines (10-20 words) and e-mails (100-200 words), the instructions per line of:
the sentiment (language.sentiment, speaker "agent"), the tone (customer.tone_shift), the
reaction on its own (customer.respond on a line the tone never read), and the whole line
through the engine (the command and its fold). Each part runs inside one ``operator.call``,
the function callgrind is told to collect in (--toggle-collect) and dump after: the start-up
(imports, lexicons, decks) and a first pass of as many other lines are not counted. Lines are
new to every cache (bench/customers.py's ``fresh``). The cyclic collector is off while a part
runs (collected before): where its passes fall depends on every allocation since start-up, and
one falling into a part's window or not moved a chat line's figure by up to 290,000. Callgrind's
files stay in --out (default /tmp) for callgrind_annotate.
"""

from __future__ import annotations

import argparse
import gc
import operator
import os
import random
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("sentiment", "tone", "reaction", "whole")
KINDS = ("chat", "email")


def measure(count: int) -> None:
    """Inside valgrind: each (kind, part) once, in operator.call."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from customers import fresh
    from lines import chat_line, email

    from omnisim import events as ev
    from omnisim.engine import customer
    from omnisim.language import sentiment, warm
    from omnisim.protocol import actions
    from omnisim.scenario.check import load_deck
    from tests.fast.customer_sim import Sim

    warm()
    deck = load_deck(ROOT / "tests" / "decks" / "conversing")
    rng = random.Random(25)
    made = iter(range(10**9))
    draw = {"chat": chat_line, "email": email}

    def engaged() -> Sim:
        sim = Sim(deck)
        sim.run(61)
        sim.act(ev.ContactPickedUp("appel"))
        sim.wait(2)
        return sim

    for kind in KINDS:
        for part in PARTS:
            lines = [fresh(draw[kind](rng), next(made)) for _ in range(count)]
            sim = engaged()
            contact, c = deck.contact("appel"), sim.engine.state.contacts["appel"]
            step: Callable[[str], object] = {
                "sentiment": lambda t: sentiment(t, "fr", speaker="agent"),
                "tone": lambda t: customer.tone_shift(t, "fr"),
                "reaction": lambda t, c=c, contact=contact: customer.respond(
                    deck, contact, c, t, deck.seed, channel="phone"
                ),
                "whole": lambda t, sim=sim: (sim.act(actions.Send("appel", t)), sim.wait(10)),
            }[part]

            def run(lines: list[str] = lines, step: Callable[[str], object] = step) -> None:
                for text in lines:
                    step(text)

            for text in [fresh(draw[kind](rng), next(made)) for _ in range(count)]:
                step(text)  # untimed: the caches kept across lines (sets of literals) warm
            gc.collect()
            gc.disable()
            operator.call(run)
            gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=60, help="lines per kind and part")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside:
        measure(args.lines)
        return
    prefix = args.out / f"callgrind.lines.{os.getpid()}"
    command = [
        "valgrind",
        "--tool=callgrind",
        "--collect-atstart=no",
        "--toggle-collect=_operator_call",
        "--dump-after=_operator_call",
        f"--callgrind-out-file={prefix}",
        sys.executable,
        __file__,
        "--inside",
        f"--lines={args.lines}",
    ]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPATH=str(ROOT))
    subprocess.run(command, env=env, check=True, stderr=subprocess.DEVNULL)
    dumps = sorted(
        (p for p in args.out.glob(f"{prefix.name}.*") if re.fullmatch(r".*\.\d+", p.name)),
        key=lambda p: int(p.name.rsplit(".", 1)[1]),
    )
    names = [(k, p) for k in KINDS for p in PARTS]
    print(f"{'kind':6} {'part':10} {'instructions/line':>18}   ({args.lines} lines each)")
    for (kind, part), dump in zip(names, dumps, strict=True):
        total = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.M)
        per_line = int(total.group(1)) / args.lines if total else float("nan")
        print(f"{kind:6} {part:10} {per_line:18,.0f}   {dump}")


if __name__ == "__main__":
    main()
