"""Labelled measure cases (evalsets/measures/, issue 26): how often each measure gives the
verdict a jury expects, per failure class and split.

Run on demand: ``python bench/measure_cases.py [dev|holdout ...] [--misses]``. ``--misses``
lists the wrong cases of ``dev`` only: the holdout is never tuned on (scored once, after the
change it tests). A case the current code cannot even read (a deck field it does not know
yet) counts as wrong.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.measure_cases import Case, load, run  # noqa: E402


def verdict(case: Case) -> tuple[bool | None, str]:
    try:
        return run(case).passed, ""
    except Exception as exc:  # noqa: BLE001 - an unreadable case is reported, not fatal
        return None, f"{type(exc).__name__}: {exc}"


def main(argv: list[str]) -> None:
    misses = "--misses" in argv
    splits = [a for a in argv if not a.startswith("--")] or ["dev", "holdout"]
    for split in splits:
        cases = load(split)
        by_class: dict[str, list[bool]] = {}
        wrong: list[str] = []
        for case in cases:
            got, error = verdict(case)
            ok = not error and got is case.expect
            by_class.setdefault(case.klass, []).append(ok)
            if not ok:
                said = error or {True: "pass", False: "fail", None: "none"}[got]
                wrong.append(f"    MISS [{case.klass}] {case.file}:{case.id} → {said}")
        total = sum(len(v) for v in by_class.values())
        right = sum(sum(v) for v in by_class.values())
        print(f"{split}: {right}/{total} = {right / max(1, total):.3f}")
        for klass, oks in sorted(by_class.items()):
            print(f"  {klass:28} {sum(oks)}/{len(oks)}")
        if misses and split == "dev":
            print("\n".join(wrong))


if __name__ == "__main__":
    main(sys.argv[1:])
