"""Language toolkit figures: accuracy on the labelled sets, then messages per second.

Run on demand: ``python bench/language.py`` (``--misses`` lists the wrong dev lines;
the holdout's and the blind sets' are never listed, so that nobody tunes on them).
Accuracy, per-class precision/recall/F1 and the confusion matrix are printed per
split (``dev`` may be tuned on, ``holdout`` never, ``blind`` was written after the tuning
rounds of issue 13 and scored once, ``blind2`` before the changes of issue 26 and scored
once after them, ``blind3`` (round 8), ``blind4`` (round 9), ``blind5`` (round 10), ``blind6``
(round 11), ``blind7`` (round 12), ``blind8`` (round 13), ``blind9`` (round 14),
``blind10`` (round 15), ``blind11`` (round 16), ``blind12`` (round 17), ``blind13`` (round
18), ``blind14`` (round 19), ``blind15`` (round 20), ``blind16`` (round 21) and ``blind17``
(round 22), the last twelve written by people who never read the analyser, each before its
round's analyser changes and scored once then), per language and overall, then
the accuracy of each failure class of issue 26 (evalsets/language/README.md).
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

from omnisim.language import analyse, analysers
from omnisim.language.evaluation import Report, sentiment_report, sms_report

SETS = Path(__file__).resolve().parent.parent / "evalsets" / "language"

FR = [
    "Bonjour, Cabinet Martin, Julie à votre écoute.",
    "Je n'aime pas du tout votre service.",
    "Si je comprends bien, vous souhaitez déplacer votre rendez-vous ?",
    "slt c bon pr vous",
    "Toujours pas de remboursement après 3 semaines.",
    "Un instant, je consulte votre dossier.",
]
EN = [
    "Good morning, how can I help?",
    "This is unacceptable, I want to speak to a manager.",
    "thx u r gr8",
    "Let me check, one moment please.",
    "I understand, I'm sorry for the delay.",
]


# The failure classes of issue 26 (sentiment: item 7; SMS: a first name is no SMS language).
ROUND_26 = ("negation_scope", "solved", "rhetorical", "commitment", "first_name")


def load(name: str) -> list[dict[str, str]]:
    with (SETS / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def show(title: str, report: Report, main: str | None = None) -> None:
    head = f"  {title}: n={len(report.pairs)} accuracy={report.accuracy:.3f}"
    if main:
        head += f" F1({main})={report.f1(main):.3f}"
    print(head)
    for label in report.labels:
        print(
            f"    {label:<9} precision={report.precision(label):.3f}"
            f" recall={report.recall(label):.3f} F1={report.f1(label):.3f}"
        )
    matrix = report.confusion()
    print("    confusion (rows expected, columns predicted): " + " ".join(report.labels))
    for expected in report.labels:
        cells = " ".join(f"{matrix.get((expected, p), 0):>4}" for p in report.labels)
        print(f"    {expected:<9} {cells}")


def accuracy_figures(list_misses: bool) -> None:
    print("analysers:", analysers())
    for kind, build, main in (("sentiment", sentiment_report, None), ("sms", sms_report, "sms")):
        for split in (
            "dev",
            "holdout",
            *(f"blind{n}" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)),
        ):
            if not (SETS / f"{kind}_{split}.csv").is_file():
                continue
            rows = load(f"{kind}_{split}.csv")
            print(f"{kind} / {split}")
            for lang in ("fr", "en"):
                part = [r for r in rows if r["lang"] == lang]
                show(lang, build(part), main)
            report = build(rows)
            show("all", report, main)
            if kind == "sentiment":  # a caller that does not say who speaks
                blind = build([{**r, "speaker": ""} for r in rows])
                print(f"  all, speaker not given: accuracy={blind.accuracy:.3f}")
            for klass in ROUND_26:
                part = [r for r in rows if r["class"] == klass]
                if part:
                    print(f"  class {klass}: n={len(part)} accuracy={build(part).accuracy:.3f}")
            if list_misses and split == "dev":  # the holdout is never tuned on
                for row, predicted in report.misses(rows):
                    extra = f" [{row.get('speaker', '')}/{row['class']}]"
                    print(f"    MISS {row['label']}→{predicted}{extra} {row['text']}")


def throughput() -> None:
    rng = random.Random(1)
    messages = [
        (f"{rng.choice(FR)} ({n})", "fr") if n % 2 else (f"{rng.choice(EN)} ({n})", "en")
        for n in range(2000)
    ]
    analyse("warm up", "fr"), analyse("warm up", "en")
    t0 = time.perf_counter()
    for text, lang in messages:
        analyse(text, lang)
    elapsed = time.perf_counter() - t0
    rate = len(messages) / elapsed
    per = elapsed / len(messages) * 1e6
    print(f"{len(messages)} messages in {elapsed * 1000:.0f} ms: {rate:.0f}/s ({per:.0f} µs each)")


if __name__ == "__main__":
    accuracy_figures("--misses" in sys.argv)
    throughput()
