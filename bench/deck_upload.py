"""Time and peak memory of checking hostile deck uploads, as the form and the API check them.

    .venv/bin/python bench/deck_upload.py [--root CHECKOUT]

Each case is a zip made around the mini deck and checked by ``check_upload`` in a fresh
process (after one check of the plain mini deck, so the bundled data are loaded): its
time and its peak resident memory are its own. The cases are the worst ones the fuzz of
tests/fast/test_deck_upload_fuzz.py knows; ``--root`` another checkout gives its figures.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = """
import resource, sys, time
sys.path.insert(0, {root!r})
from omnisim.live.library import check_upload
mini = open({mini!r}, "rb").read()
check_upload(mini, "mini.zip")
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
data = open({case!r}, "rb").read()
start = time.perf_counter()
try:
    upload = check_upload(data, "case.zip")
    problems = upload.unreadable or upload.located
    accepted = upload.document is not None and not upload.problems
    outcome = "accepted" if accepted else f"{{len(problems)}} problems: {{problems[0]}}"[:110]
except Exception as exc:
    outcome = f"CRASH {{type(exc).__name__}}: {{exc}}"[:110]
took = (time.perf_counter() - start) * 1000
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{took:.0f}} {{peak - before:.0f}} {{outcome}}")
"""


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def cases(deck: str) -> list[tuple[str, dict[str, str | bytes]]]:
    keys = "\n".join(f"k{i}: {i}" for i in range(50_000))
    return [
        ("50,000 keys in a contact", {"contacts/x.yaml": keys}),
        ("25 contacts of 50,000 keys", {f"contacts/c{n}.yaml": keys for n in range(25)}),
        ("30,000 list items (120 KB)", {"principals.yaml": "- x\n" * 30_000}),
        ("one 900 KB scalar", {"contacts/x.yaml": "a: " + "x" * 900_000}),
        ("8,000 nested '['", {"crm.yaml": "a: " + "[" * 8000 + "]" * 8000}),
        ("a 5,000-digit number", {"contacts/x.yaml": "at: " + "9" * 5000}),
        ("the 30th of February", {"contacts/x.yaml": "a: 2001-02-30"}),
        ("60 KB of '[' in a briefing", {"briefing.md": "[" * 60_000}),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    root = args.root.resolve()
    deck = (root / "decks" / "mini" / "deck.yaml").read_text(encoding="utf-8")
    own = root / ".venv" / "bin" / "python"
    python = str(own) if own.exists() else sys.executable
    print(f"checks from {root}")
    print(f"{'case':30} {'zip KB':>7} {'ms':>8} {'MiB':>6}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        mini = Path(tmp) / "mini.zip"
        mini.write_bytes(zipped({"deck.yaml": deck}))
        for name, extra in cases(deck):
            case = Path(tmp) / "case.zip"
            case.write_bytes(zipped({"deck.yaml": deck} | extra))
            code = CASE.format(root=str(root), mini=str(mini), case=str(case))
            run = subprocess.run(
                [python, "-c", code], capture_output=True, text=True, timeout=900, cwd=root
            )
            took, peak, outcome = (run.stdout.strip() or "- - " + run.stderr[-100:]).split(" ", 2)
            size = case.stat().st_size // 1024
            print(f"{name:30} {size:>7} {took:>8} {peak:>6}  {outcome}")


if __name__ == "__main__":
    main()
