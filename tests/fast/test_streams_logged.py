"""The reading of a logged stream's name (omnisim/exams/streams.py ``logged``) is
:func:`parse`'s, kept: the subscribers of every durable batch read the same few names."""

from __future__ import annotations

from omnisim.exams.streams import Stream, logged, parse


def test_logged_names_read_as_parse_reads_them_and_are_kept():
    names = ["ex1", "ex1-c2", "ex1-grading", "accounts", "library", "ex1-c-2", "x1-c2"]
    assert [logged(n) for n in names] == [parse(n) for n in names]
    assert logged("ex1-c2") == Stream("ex1", "attempt", "c2")
    before = logged.cache_info().hits
    for _ in range(3):
        assert logged("ex1-c2") is logged("ex1-c2")
    assert logged.cache_info().hits >= before + 6
