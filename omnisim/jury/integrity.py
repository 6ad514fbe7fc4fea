"""What a signature vouches for and who may give it: fingerprints of the attempt's log and
of the result sheet, and the signer's own name.

Both are sha256 of a canonical JSON text (keys sorted, UTF-8, no spaces), so anyone
holding the export can recompute them: ``log_hash`` over the attempt's events up to the
signed seq, one ``Event.to_dict()`` per line; ``sheet_hash`` over the sheet's decisions.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable
from typing import Any

from omnisim.events import Event


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def log_hash(events: Iterable[Event], upto: int | None = None) -> str:
    """sha256 of the events with ``seq <= upto`` (all when None), one canonical line each."""
    digest = hashlib.sha256()
    for event in events:
        if upto is not None and event.seq > upto:
            break
        digest.update(canonical(event.to_dict()))
        digest.update(b"\n")
    return digest.hexdigest()


def sheet_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(content)).hexdigest()


def log_hashes(events: Iterable[Event], upto: Iterable[int]) -> dict[int, str]:
    """``log_hash`` at several seqs in one pass (a sheet's signatures, the log's end)."""
    wanted = sorted(set(upto))
    out: dict[int, str] = {}
    digest = hashlib.sha256()
    for event in events:
        while wanted and event.seq > wanted[0]:
            out[wanted.pop(0)] = digest.hexdigest()
        if not wanted:
            break
        digest.update(canonical(event.to_dict()))
        digest.update(b"\n")
    for seq in wanted:  # at or past the end of the log
        out[seq] = digest.hexdigest()
    return out


def folded_name(name: str) -> str:
    """A name as signatures compare it: no accents, no case, single spaces."""
    bare = "".join(
        ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch)
    )
    return " ".join(bare.casefold().split())


def same_name(typed: str, roster: str) -> bool:
    """Whether a typed signature is the roster's name (« marc DUBOIS » signs for Marc Dubois,
    « Hélène » for Helene; « toto » for nobody)."""
    return bool(folded_name(typed)) and folded_name(typed) == folded_name(roster)
