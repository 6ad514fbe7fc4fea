"""A request passed on without saying what, when or who, and a remedy committed to on one's
own. A request passed on without saying what, when or who: « Je transmets votre demande au
service concerné qui reviendra vers vous » (MC ACVD C1.4 « Émettre une proposition », « La
proposition permet de calmer le client »; round 13: no proposal).

Passing a request on is a proposal when it says when (a day, a delay, a time) or who (a named
person: « Mme Brun vous rappelle », « je transmets à M. Garnier »); any other next step in the
same line (a technician, a refund, an item sent) is one as before. The hand-on phrases are the
``hand_on`` family of data/markers_<lang>.yaml; committing oneself (« nous allons vous
adresser une facture corrigée », « on vous refait les verres ») is the ``commitment`` family,
outside a sentence that passes the request on (CQP C.1.14: a complaint the procedure gives to a
manager is not settled by the candidate's own promise).

Round 14: a hand-on to someone who is to decide, look into it or find a solution (« qui
statuera sur la suite à donner », « avant la décision de », the ``deferral`` family) proposes
nothing even to a named person; only a when for the answer makes it a step.
"""

from __future__ import annotations

import re

from omnisim.language.alternation import Alternation
from omnisim.language.lexicon import fold
from omnisim.language.marker_family import family, known
from omnisim.language.markers import markers, named_people, says_when, word_list

# Sentences, a civility's abbreviating dot aside (« M. Garnier », « Mme. Brun », « Dr. Roy »).
_SENTENCE = re.compile(
    r"(?<!\bM)(?<!\bMe)(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bMme)(?<!\bMrs)(?<!\bMlle)[.!?;:\n]+"
)
_TIME = re.compile(
    r"\b\d{1,2} ?(?:h|:)(?: ?\d{2})?\b|\b\d{1,2} ?(?:am|pm)\b|\b\d+ ?(?:h|jours?|days?)\b"
)


def _hand_on(lang: str) -> Alternation:
    return family(lang, "hand_on")


def _says_when(sentence: str, lang: str) -> bool:
    return bool(_TIME.search(sentence)) or says_when(sentence, lang)


def _says_when_or_who(sentence: str, lang: str) -> bool:
    if _says_when(sentence, lang):
        return True
    return bool(named_people(sentence, lang) - word_list(lang, "civilities"))


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (a civility's dot is no end), blank ones left out."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


def hands_on_vaguely(text: str, lang: str = "fr") -> bool:
    """``text`` passes the request on without when or who (or, deferring the decision, without
    when), and states no other next step."""
    lang = known(lang)
    folded = fold(text)
    if _hand_on(lang).absent(folded):
        return False  # no sentence passes anything on: none is read
    defers = bool(family(lang, "deferral").search(folded))
    vague = False
    for sentence in sentences(text):
        if _hand_on(lang).search(fold(sentence)):
            if _says_when(sentence, lang) if defers else _says_when_or_who(sentence, lang):
                return False
            vague = True
        elif "next_step" in markers(sentence, lang) or _TIME.search(sentence):
            return False
    return vague


def defers_decision(text: str, lang: str = "fr") -> bool:
    """``text`` passes the request on to someone who is to decide or look into it, saying no
    when and no other next step: a referral that decides nothing (MC ACVD C1.4, round 14)."""
    lang = known(lang)
    return bool(family(lang, "deferral").search(fold(text))) and hands_on_vaguely(text, lang)


def commits(text: str, lang: str = "fr") -> bool:
    """``text`` commits the company to a remedy in one of its sentences that does not pass the
    request on to someone else."""
    lang = known(lang)
    if family(lang, "commitment").absent(fold(text)):
        return False
    return any(
        family(lang, "commitment").search(fold(sentence))
        and not _hand_on(lang).search(fold(sentence))
        for sentence in _SENTENCE.split(text)
    )
