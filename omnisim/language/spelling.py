"""The spelling word lists (``data/spelling_<lang>.txt.gz``), most frequent word first: the
SMS detector's dictionary (sms.py) and the phrase families' estimate of how common a
literal is (frequency.py) read the same list.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


@cache
def spelling_list(lang: str) -> tuple[str, tuple[str, ...], int]:
    """(source, words most frequent first, how many are common) from ``spelling_<lang>``.

    Built from pyspellchecker's lists by ``tools/build_spelling_lists.py``: a plain list
    loads in a few hundredths of a second, where the library's JSON takes a second.
    """
    raw = resources.files("omnisim.language").joinpath("data", f"spelling_{lang}.txt.gz")
    header, *words = gzip.decompress(raw.read_bytes()).decode().split("\n")
    _, source, version, _, common = header.split(" ")
    return f"{source}-{version}", tuple(words), int(common)
