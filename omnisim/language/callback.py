"""Numbers to call back and to call: « numéro non communiqué » in a call-back field, and a line
telling the caller which number to call now.

CQP C.1.8 « prendre des messages avec des coordonnées correctes »: a caller may leave no
number, and a secretary writes the message anyway, saying so. The desk has a box for it; a
hand-typed transcript, or a browser without the box, writes it in the phone field instead
(« non communiqué », « pas laissé de numéro », « n/c », "not given"). Both mean one state.
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list

_NOT_GIVEN = re.compile(
    r"^(?:(?:numero|num|tel|telephone|phone|number)\s+)?"
    r"(?:"
    r"non\s+(?:communique|donne|fourni|laisse|transmis|precise|renseigne|indique)e?s?"
    r"|pas\s+(?:de\s+numero|de\s+tel(?:ephone)?|laisse(?:\s+de\s+numero)?|communique|donne)"
    r"|(?:n'a\s+)?(?:pas|rien)\s+laisse(?:\s+de\s+numero)?"
    r"|aucun(?:\s+numero)?|sans(?:\s+numero)?|inconnu|refuse|n\s?c|n\s?a"
    r"|not\s+(?:given|left|provided|known|supplied)|none(?:\s+given)?|no\s+number(?:\s+given)?"
    r"|withheld|unknown|(?:did\s*n[o']?t|didn't)\s+leave\s+(?:one|a\s+number|any)"
    r")$"
)


def not_given(text: str) -> bool:
    """``text``, typed where a call-back number goes, says the caller left none."""
    return bool(_NOT_GIVEN.match(fold(text)))


# Sent where help is: told to call (or dial, or reach) a number — a full phone number or an
# emergency one (15, 17, 18, 112, 114, 115, 119; 911, 999) — not a time (« à 18 h »).
_TO_CALL = re.compile(
    r"\b(?:appel\w*|compos\w*|contact\w*|joign\w*|t[ée]l[ée]phon\w*|call\w*|dial\w*|ring)\b",
    re.IGNORECASE,
)
_NUMBER_TO_CALL = re.compile(
    r"(?<![\d,.])(?:(?:\d[\s.]?){7,}\d|15|17|18|112|114|115|119|911|999)(?![\d]|[,.]\d)"
    r"(?!\s?(?:h\b|heures?|min|€|euros?|%|ans?\b|jours?|mois))",
    re.IGNORECASE,
)


def names_outside_help(text: str) -> bool:
    """``text`` names help outside the desk (markers ``outside_help``, French and English: an
    emergency number, the SAMU, the caller's own vet or doctor): where an urgent caller is
    sent at once, not a service the company renders."""
    folded = fold(text)
    return any(
        re.search(rf"(?<![\w&]){re.escape(w)}(?![\w&])", folded)
        for lang in ("fr", "en")
        for w in word_list(lang, "outside_help")
    )


def tells_to_call(text: str) -> bool:
    """The line tells the caller to call a number (« appelez le 15 », « composez le 0 800 … »)."""
    return bool(_TO_CALL.search(text) and _NUMBER_TO_CALL.search(text))


# Sent where help is, in person: told to come (or bring the patient) now, where the help is
# (« il faut venir tout de suite à la clinique », « emmenez-la au cabinet sans attendre »); a
# visit later (« venez demain à 9 h ») sends no one now.
_TO_COME = re.compile(
    r"\b(?:venez|venir|amenez|amener|emmenez|emmener|come|bring)\b[^.!?]{0,40}?"
    r"(?:tout de suite|immediatement|sans attendre|des maintenant|right away|straight away"
    r"|immediately|at once)\b"
)


def tells_to_come(text: str) -> bool:
    """The line tells the caller to come, or bring the one in danger, now."""
    return bool(_TO_COME.search(fold(text)))
