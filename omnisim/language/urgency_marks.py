"""Urgency marks: the words that say something comes first or is urgent (« URGENT », « en
priorité », « d'abord », "first"), the ``urgency_marks`` and ``urgency_order_marks`` word lists
of data/markers_<lang>.yaml, read for hand-overs ordered by urgency and urgent messages."""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list


def _lang(lang: str) -> str:
    return lang if lang in ("fr", "en") else "fr"


@cache
def _urgency_pattern(lang: str) -> re.Pattern[str]:
    # « l'urgence » (the elided article, « d'abord l'urgence : … ») is the mark « urgence »; not
    # « d' » (« un numéro d'urgence » names a service, it classes nothing).
    phrases = sorted(word_list(lang, "urgency_marks"), key=len, reverse=True)
    elided = "(?:l')?" if lang == "fr" else ""
    return re.compile(
        rf"(?<![\w']){elided}(?:{'|'.join(re.escape(p) for p in phrases) or '(?!x)x'})(?![\w'])"
    )


def urgency_order_marks(lang: str = "fr") -> frozenset[str]:
    """The urgency marks that tell an order (« d'abord », "first"), folded."""
    return word_list(_lang(lang), "urgency_order_marks")


def urgency_pattern(lang: str = "fr") -> re.Pattern[str]:
    """The urgency marks as one pattern, to be searched in folded text (where each is said)."""
    return _urgency_pattern(_lang(lang))


def urgency_marked(text: str, lang: str = "fr") -> bool:
    """The words say something comes first or is urgent ("URGENT", "en priorité", "first")."""
    return bool(_urgency_pattern(_lang(lang)).search(fold(text)))


__all__ = ["urgency_marked", "urgency_order_marks", "urgency_pattern"]
