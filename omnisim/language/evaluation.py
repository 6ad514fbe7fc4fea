"""Scoring the analysers against labelled lines (``evalsets/language/``): pure, no I/O.

A sentiment row holds ``lang``, ``speaker`` (agent/customer), ``label``
(negative/neutral/positive) and ``text``; an SMS row holds ``lang``, ``label``
(sms/clean) and ``text``. ``bench/language.py`` prints the report, a fast test
holds the held-out figures above the bars of issue #13.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from omnisim.language.sentiment import Speaker, sentiment
from omnisim.language.sms import sms_tokens

SENTIMENT_LABELS = ("negative", "neutral", "positive")
SMS_LABELS = ("sms", "clean")
_SHORT = {"neg": "negative", "neu": "neutral", "pos": "positive"}


@dataclass(frozen=True)
class Report:
    labels: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]  # (expected, predicted)

    @property
    def accuracy(self) -> float:
        return sum(e == p for e, p in self.pairs) / len(self.pairs) if self.pairs else 0.0

    def confusion(self) -> dict[tuple[str, str], int]:
        return dict(Counter(self.pairs))

    def precision(self, label: str) -> float:
        predicted = [e for e, p in self.pairs if p == label]
        return sum(e == label for e in predicted) / len(predicted) if predicted else 0.0

    def recall(self, label: str) -> float:
        expected = [p for e, p in self.pairs if e == label]
        return sum(p == label for p in expected) / len(expected) if expected else 0.0

    def f1(self, label: str) -> float:
        p, r = self.precision(label), self.recall(label)
        return 2 * p * r / (p + r) if p + r else 0.0

    def misses(self, rows: list[Mapping[str, str]]) -> list[tuple[Mapping[str, str], str]]:
        return [(row, p) for row, (e, p) in zip(rows, self.pairs, strict=True) if e != p]


def _speaker(row: Mapping[str, str]) -> Speaker | None:
    value = row.get("speaker")
    return "agent" if value == "agent" else "customer" if value == "customer" else None


def sentiment_report(rows: Iterable[Mapping[str, str]]) -> Report:
    pairs = tuple(
        (row["label"], _SHORT[sentiment(row["text"], row["lang"], speaker=_speaker(row)).label])
        for row in rows
    )
    return Report(SENTIMENT_LABELS, pairs)


def sms_report(rows: Iterable[Mapping[str, str]]) -> Report:
    pairs = tuple(
        (row["label"], "sms" if sms_tokens(row["text"], row["lang"]) else "clean") for row in rows
    )
    return Report(SMS_LABELS, pairs)
