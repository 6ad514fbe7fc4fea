"""What answers an upset customer without proposing anything (MC ACVD C1.4 « Objectiver le
problème soulevé (à l'aide de données factuelles concrètes) », « Émettre une proposition »,
« Les éléments énoncés sont objectifs, concrets », « La proposition permet de calmer le
client »; round 15, issue 26).

- the customer sent to a third party (« adressez-vous au livreur », « vous devez faire une
  réclamation chez le transporteur »): the ``customer_redirected`` family;
- the remedy they ask refused (« un remboursement n'est pas possible », « je ne peux pas vous
  rembourser », « ce n'est pas moi qui décide »): the ``remedy_refused`` family;
- an outcome guaranteed on one's own word (« je vous le garantis », « je m'y engage », « vous
  n'avez plus à vous soucier de rien »): the ``guarantee`` family. Not objective, whatever date
  it names.

A refusal or a redirection beside a clause that offers something with a when (« le
remboursement n'est pas possible, mais un article neuf part demain ») proposes that. The
measures (measures/mood.py) and the engine's customer (engine/customer.py) read it alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from omnisim.language.lexicon import fold
from omnisim.language.marker_family import family, known
from omnisim.language.markers import markers, says_when
from omnisim.language.match import matches_any

_CLAUSE = re.compile(r"[.,;:!?\n]+|\bmais\b|\bbut\b")
_TIME = re.compile(
    r"\b\d{1,2} ?(?:h|:)(?: ?\d{2})?\b|\b\d{1,2} ?(?:am|pm)\b|\b\d+ ?(?:h|jours?|days?)\b"
)
DECLINING = ("remedy_refused", "customer_redirected")  # the families that decline


def _declining(clause: str, lang: str) -> str:
    folded = fold(clause)
    return next((f for f in DECLINING if family(lang, f).search(folded)), "")


def _offers(clause: str, lang: str, awaits: Sequence[str]) -> bool:
    """A clause that offers a step or the awaited remedy, saying when."""
    if not (_TIME.search(clause) or says_when(clause, lang)):
        return False
    return (
        "next_step" in markers(clause, lang)
        or bool(family(lang, "commitment").search(fold(clause)))
        or (bool(awaits) and matches_any(clause, awaits))
    )


def declines(text: str, lang: str = "fr", awaits: Sequence[str] = ()) -> str:
    """Why ``text`` proposes nothing: "guarantee", "remedy_refused", "customer_redirected",
    or "" (no such phrase, or a refusal beside a clause that offers something with a when).
    ``awaits``: what the customer waits to hear (the deck's phrases)."""
    lang = known(lang)
    folded = fold(text)
    if family(lang, "guarantee").search(folded):
        return "guarantee"
    if all(family(lang, name).absent(folded) for name in DECLINING):
        return ""  # no clause can decline: none is read
    clauses = [c for c in _CLAUSE.split(text) if c.strip()]
    kinds = [_declining(c, lang) for c in clauses]
    found = next((k for k in kinds if k), "")
    if not found:
        return ""
    offered = any(not k and _offers(c, lang, awaits) for c, k in zip(clauses, kinds, strict=True))
    return "" if offered else found
