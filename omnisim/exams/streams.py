"""The names of the log's streams: made here, and read back here only.

An exam's streams are named after its id: the exam's own (``ex…``), one attempt
per candidate (``ex…-c1``) and its grading (``ex…-grading``); ``accounts`` and
``library`` belong to no exam. A link token's scope (omnisim/exams/roster.py) is
named as the person's attempt would be. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["exam", "attempt", "grading"]
SEP = "-"
GRADING = "grading"
MAX_EXAM_ID = 32
LOGGED_NAMES = 8192  # stream names whose reading is kept (logged): an exam's worth many times


def is_exam_id(text: str) -> bool:
    """Whether ``text`` can name an exam (``ex`` then letters and digits)."""
    return text.startswith("ex") and text.isalnum() and len(text) <= MAX_EXAM_ID


def grading_stream(exam_id: str) -> str:
    return f"{exam_id}{SEP}{GRADING}"


def attempt_stream(exam_id: str, person_id: str) -> str:
    return f"{exam_id}{SEP}{person_id}"


def family_of(stream: str) -> str:
    """The family a stream is stored under for read_all: its exam id (``ex1-c1`` → ``ex1``),
    or the whole name of a stream of no exam (``accounts``)."""
    return stream.partition(SEP)[0]


@dataclass(frozen=True)
class Stream:
    """One of an exam's streams, read from its name."""

    exam_id: str
    kind: Kind
    person: str = ""  # an attempt's candidate (in a link's scope: any person of the exam)


def parse(name: str) -> Stream | None:
    """The exam stream ``name`` is, or None (``accounts``, ``library``, anything else)."""
    exam_id, sep, rest = name.partition(SEP)
    if not is_exam_id(exam_id):
        return None
    if not sep:
        return Stream(exam_id, "exam")
    if rest == GRADING:
        return Stream(exam_id, "grading")
    if rest.isalnum():
        return Stream(exam_id, "attempt", rest)
    return None


@lru_cache(maxsize=LOGGED_NAMES)
def logged(name: str) -> Stream | None:
    """:func:`parse` of the name of a stream this worker logs, kept: every durable batch is
    read by its subscribers (the feed, the index, the credentials), each once per batch or
    per event, for the same few names. Not for a name a client sent (:func:`parse`)."""
    return parse(name)
