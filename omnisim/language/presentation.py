"""The speaker's first name opening a line of presentation (« Léa, à votre écoute »): a name
the candidate gives of themselves, read before the measures ask whether it is a first name
(markers.first_names with ``anywhere``)."""

from __future__ import annotations

import re

# A first name opening the line is the speaker's when a presentation follows it (« Léa, à
# votre écoute », « Léa à l'appareil », « Léa du service clients », « Keeley here »).
_FIRST_WORD = re.compile(r"^\W*([^\W\d_][\w'’-]*)")
_PRESENTATION_FOLLOWS = re.compile(
    r"\s*,?\s*(?:(?:à|a) (?:votre|l'|l’)|du |de la |de l'|de l’|d'|d’|de |speaking|here\b|"
    r"from |at your)",
    re.IGNORECASE,
)


def name_opening(text: str) -> str | None:
    """The capitalised word opening ``text`` when a presentation follows it (the candidate
    then tells whether it is a first name: markers.first_names with ``anywhere``)."""
    first = _FIRST_WORD.match(text)
    if first is None or not _PRESENTATION_FOLLOWS.match(text, first.end()):
        return None
    return first.group(1)
