"""Why the caller waits: the motive a hold announcement gives.

CQP C.1.2 asks an « annonce claire de l'attente » and the « apaisement de l'interlocuteur en
attente (précision sur le motif de l'attente) ». The hand-written juries grant « Un appel
urgent, je reviens vite. » and « Je vous mets en attente, le temps de prévenir le Dr Morel. »,
and refuse « Je vous mets en attente deux secondes ! », « Ne quittez pas, Monsieur Collomb. »,
« Ne quittez pas, je reviens. »: a formula and a duration are no motive. A motive is another call
or an urgency, a look-up or a check, someone to reach (markers ``hold_reason_words``: a word
starting with one of them; ``hold_reason_phrases``: the words in a row).
"""

from __future__ import annotations

import re
from functools import lru_cache

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list


@lru_cache(maxsize=4096)
def gives_hold_reason(text: str, lang: str = "fr") -> bool:
    """The announcement says why the caller is to wait."""
    words = re.findall(r"[^\W_]+", fold(text))
    stems = tuple(word_list(lang, "hold_reason_words"))
    if any(w.startswith(stems) for w in words):
        return True
    joined = f" {' '.join(words)} "
    return any(f" {p} " in joined for p in word_list(lang, "hold_reason_phrases"))


__all__ = ["gives_hold_reason"]
