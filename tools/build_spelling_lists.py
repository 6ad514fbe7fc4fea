"""Build ``omnisim/language/data/spelling_<lang>.txt.gz`` from pyspellchecker's word lists.

The SMS-language detector asks "is this short lowercase word spelled as a French or
English word?". pyspellchecker (MIT) ships frequency lists for both languages; reading
its JSON and folding 300,000 words takes about a second, too long for a message
analysed on the event loop. This script folds them once (lowercase, accents and
ligatures off, as ``omnisim.language.sms`` folds a token) and writes one word a line,
most frequent first, after a header line ``# pyspellchecker <version> common <n>``:
the first ``n`` words have a frequency of at least ``COMMON_MIN_COUNT`` (the words a
text in the other language may borrow, "ok", "email").

Run on demand after upgrading pyspellchecker: ``python tools/build_spelling_lists.py``
(needs ``pip install pyspellchecker``; the product itself only reads the built files).
"""

from __future__ import annotations

import gzip
import json
from importlib import metadata, resources
from pathlib import Path

from omnisim.language.sms import fold_words

COMMON_MIN_COUNT = 500
OUT = Path(__file__).resolve().parent.parent / "omnisim" / "language" / "data"


def build(lang: str) -> Path:
    source = resources.files("spellchecker").joinpath("resources", f"{lang}.json.gz")
    counts: dict[str, int] = json.loads(gzip.decompress(source.read_bytes()))
    folded: dict[str, int] = {}
    for word, count in zip(fold_words(counts), counts.values(), strict=True):
        if word and "\n" not in word:
            folded[word] = max(count, folded.get(word, 0))
    ranked = sorted(folded, key=lambda w: (-folded[w], w))
    common = sum(1 for w in ranked if folded[w] >= COMMON_MIN_COUNT)
    header = f"# pyspellchecker {metadata.version('pyspellchecker')} common {common}"
    path = OUT / f"spelling_{lang}.txt.gz"
    path.write_bytes(gzip.compress("\n".join([header, *ranked]).encode(), mtime=0))
    return path


if __name__ == "__main__":
    for lang in ("fr", "en"):
        print(build(lang))
