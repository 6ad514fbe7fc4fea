"""Chat concision: CQP C.1.9 "concision, 4-5 mots maximum par envoi"."""

from __future__ import annotations

from collections.abc import Sequence

from omnisim import events as ev
from omnisim.events import Event
from omnisim.language import count_words
from omnisim.measures.result import Evidence, MeasureResult


def chat_words_per_send(events: Sequence[Event], limit: int = 5) -> MeasureResult:
    """Words in each chat send of the candidate; passes when none exceeds ``limit``."""
    counts: list[int] = []
    evidence = []
    for event in events:
        p = event.payload
        if isinstance(p, ev.MessageSent) and p.channel == "chat" and event.actor == "candidate":
            words = count_words(p.text)
            counts.append(words)
            flag = "trop long" if words > limit else "ok"
            evidence.append(Evidence(event.seq, event.sim_time, f"{words} mots ({flag})"))
    if not counts:
        return MeasureResult("chat_words_per_send", counts, limit, None, (), "aucun envoi de tchat")
    return MeasureResult(
        "chat_words_per_send", counts, limit, max(counts) <= limit, tuple(evidence)
    )
