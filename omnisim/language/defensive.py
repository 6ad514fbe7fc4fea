"""A defensive reply to an upset customer: the fault put on someone else, helplessness
declared, or what they dispute defended (MC ACVD C1.2 « L'attitude est adaptée à la situation
de communication » ; CQP C.1.14 « Comprendre l'état d'esprit du correspondant … (comportement
défensif…) », « répondre à un reproche avec affirmation et sérénité »).

The phrases are the ``defensive`` family of data/markers_<lang>.yaml, matched as markers are
(case, accents, apostrophes and spacing folded, whole words). They are not a register fault
of courtesy: « il fallait signaler la rayure » is polite words, and defensive only to someone
who complains. What the company owed the customer, owned (« vous auriez dû être prévenu »,
the ``fault_owned`` family), is read out first: it puts the fault on nobody but us.
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.marker_family import family, known

# The customer told their trouble is no surprise, i.e. their own doing (« faut pas trop
# s'étonner s'il grille », « il ne faut pas vous étonner qu'elle ait fendu »), or left the burden
# of proof (« il faudra donc bien prouver que… », « ce sera à vous de prouver ») whatever words
# come between (round 21: the garden-centre mixed, MC ACVD C1.4 « Adopter une attitude
# d'ouverture »). Read on folded text, French and English.
_BLAMING = re.compile(
    r"\b(?:faut|faudra|fallait|faudrait) pas (?:\w+ ){0,2}?(?:s'|vous )(?:en )?etonner\b"
    r"|\bne vous (?:en )?etonnez pas\b"
    r"|\b(?:il (?:vous |nous )?faudra|vous (?:devrez|devez)|(?:c'est|ce sera|ce serait) a vous de"
    r"|il vous (?:appartient|revient) de)(?: \w+){0,3}? (?:prouver|demontrer|apporter la preuve)\b"
    r"|\bno (?:wonder|surprise)\b[^.!?]{0,40}\b(?:it|they|your?)\b"
    r"|\b(?:you(?:'ll| will)? (?:have|need) to|it(?:'s| is) (?:up to you|for you) to)"
    r"(?: \w+){0,3}? prove\b"
)


def _read(text: str, lang: str) -> str:
    """``text`` folded, the faults owned (``fault_owned``) taken out."""
    return family(lang, "fault_owned").sub(" ", fold(text))


def blames_third_party(sentence: str, lang: str = "fr") -> bool:
    """``sentence`` is defensive only by putting the cause on a named third party (the
    carrier, the post), with what clears the company beside it: « ce genre de casse vient du
    transporteur, ce n'est pas nous qui abîmons les colis ». The customer blamed (« il fallait
    refuser le colis »), helplessness or the dispute defended in it make it more than that."""
    lang = known(lang)
    folded = _read(sentence, lang)
    if not family(lang, "defensive_third_party").search(folded):
        return False
    rest = family(lang, "defensive_third_party").sub(" ", folded)
    rest = family(lang, "defensive_disclaimer").sub(" ", rest)
    return not family(lang, "defensive").search(rest)


def defensive(text: str, lang: str = "fr", *, minimising: bool = False) -> str:
    """The defensive phrase of ``text`` as written in the family (folded), or "".

    ``minimising``: a worried customer's concern played down counts too (« ça arrive
    souvent », the ``concern_minimised`` family): MC ACVD's attitude, not CQP C.1.14's
    « comportement défensif »."""
    folded = _read(text, known(lang))
    found = family(known(lang), "defensive").search(folded) or _BLAMING.search(folded)
    if found is None and minimising:
        found = family(known(lang), "concern_minimised").search(folded)
    return found.group(0) if found else ""


def remit_only(text: str, lang: str = "fr") -> bool:
    """``text`` is defensive only by stating the desk's remit (« décider de la saisie, ce n'est
    pas de mon ressort », the ``remit_limit`` family): CQP C.1.10 « Se situer dans son
    périmètre d'intervention ». Beside what the desk does for the customer it is no defence
    (measures/complaints.py); the customer blamed or helplessness in it still are."""
    lang = known(lang)
    folded = _read(text, lang)
    if not family(lang, "remit_limit").search(folded):
        return False
    rest = family(lang, "remit_limit").sub(" ", folded)
    return not (family(lang, "defensive").search(rest) or _BLAMING.search(rest))
