"""Time and peak memory of reading hostile deck YAML, on demand (issue 21).

    .venv/bin/python bench/yaml_bomb.py

Each case runs in a fresh process (its peak resident memory is its own): an alias
bomb of 6 to 9 levels (360 to 480 bytes), a file nested 10,000 levels deep, and, for
scale, the demo deck's longest contact file. Before the reader refused anchors and
aliases, six levels took 21 s and 1.1 GiB, seven 24 s and 2.4 GiB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = """
import resource, sys, time
sys.path.insert(0, {root!r})
from omnisim.deck.yamlpos import parse_yaml
text = sys.stdin.read()
found = []
start = time.perf_counter()
parse_yaml(text, "contacts/case.yaml", found)
took = (time.perf_counter() - start) * 1000
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{took:.2f}} {{peak:.0f}} {{found[0] if found else 'read'}}")
"""


def bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def main() -> None:
    longest = max(
        (ROOT / "decks" / "demo" / "contacts").glob("*.yaml"), key=lambda p: p.stat().st_size
    )
    cases = [(f"alias bomb, {n} levels", bomb(n)) for n in (6, 7, 8, 9)]
    cases.append(("nested 10,000 deep", "a: " + "[" * 10_000 + "]" * 10_000 + "\n"))
    cases.append((f"demo deck {longest.name}", longest.read_text(encoding="utf-8")))
    print(f"{'case':34} {'bytes':>7} {'ms':>8} {'peak MiB':>9}  outcome")
    for name, text in cases:
        run = subprocess.run(
            [sys.executable, "-c", CASE.format(root=str(ROOT))],
            input=text,
            capture_output=True,
            text=True,
            timeout=120,
        )
        took, peak, outcome = run.stdout.strip().split(" ", 2)
        print(
            f"{name:34} {len(text.encode()):>7} {float(took):>8.2f} {float(peak):>9.0f}  {outcome}"
        )


if __name__ == "__main__":
    main()
