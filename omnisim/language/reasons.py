"""The reasons a justification gives for answering on another channel (CP FFP « choisit un
canal de réponse différent et/ou complémentaire au contact initial et argumente son choix »).

A justification is judged on reasons, not on length: traceability, urgency, the customer's
request, a document to send, confidentiality. Families are data (data/reasons_<lang>.yaml);
the measure (omnisim/measures/channels.py) checks that a reason fits the contact.
"""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.lexicon import data_yaml, fold

REASONS = ("traceability", "urgency", "request", "document", "confidentiality")


@cache
def _patterns(lang: str) -> dict[str, re.Pattern[str]]:
    data = data_yaml(f"reasons_{lang if lang in ('fr', 'en') else 'fr'}.yaml")
    return {name: re.compile(_alternation(data.get(name, []))) for name in REASONS}


@cache
def _own(lang: str) -> re.Pattern[str]:
    data = data_yaml(f"reasons_{lang if lang in ('fr', 'en') else 'fr'}.yaml")
    phrases = sorted((fold(str(p)) for p in data.get("own_preference", [])), key=len, reverse=True)
    return re.compile(rf"(?<![\w'])(?:{'|'.join(map(re.escape, phrases))})(?![\w'])")


def _alternation(phrases: list[object]) -> str:
    """Whole folded words; a final « * » takes the word's derivatives."""
    parts = []
    for phrase in phrases:
        text = str(phrase)
        body = re.escape(fold(text.rstrip("*")))
        parts.append(body + (r"[\w'-]*" if text.endswith("*") else ""))
    return rf"(?<![\w'])(?:{'|'.join(parts)})(?![\w'])"


@cache
def _channel_words(lang: str) -> dict[str, re.Pattern[str]]:
    data = data_yaml(f"reasons_{lang if lang in ('fr', 'en') else 'fr'}.yaml")
    return {ch: re.compile(_alternation(words)) for ch, words in data["channel_words"].items()}


def naming_channel(text: str, channel: str, lang: str = "fr") -> str:
    """The sentences of ``text`` that name ``channel``: where a reason told to the customer
    argues the move (« je vous l'envoie par e-mail : vous en garderez une trace »)."""
    pattern = _channel_words(lang).get(channel)
    if pattern is None:
        return ""
    sentences = re.split(r"(?<=[.!?;\n])\s*", text)
    return " ".join(s for s in sentences if pattern.search(fold(s)))


def reasons(text: str, lang: str = "fr") -> tuple[str, ...]:
    """The families of reasons ``text`` gives, in the order of REASONS; a request is the
    customer's, so the candidate's own preference (« je préfère ») is read out of it."""
    folded = fold(text)
    table = _patterns(lang)
    theirs = _own(lang).sub(" ", folded)
    return tuple(
        name for name in REASONS if table[name].search(theirs if name == "request" else folded)
    )


__all__ = ["REASONS", "naming_channel", "reasons"]
