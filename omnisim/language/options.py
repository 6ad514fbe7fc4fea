"""Options offered for the listener to choose between (« je peux vous proposer mardi 10 h ou
jeudi 15 h »): a proposal that leaves the outcome open, and, asked with what suits the
caller, solicits their agreement. One reading of « ou » between solutions for both.

CP FFP C1 « explique à l'appelant la démarche à suivre et fait une synthèse des informations
communiquées »: until the caller has chosen, nothing is agreed to give back; the synthèse is the
choice said back afterwards (round 21, the cabinets mixed: « Nous vous proposons le vendredi 11
décembre à 14 h 30 ou à 16 h. », the customer's choice then met by « C'est enregistré. »).
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.markers import says_when, word_list
from omnisim.language.match import is_question
from omnisim.language.questions import questions

_TIME = re.compile(r"\b\d{1,2} ?(?:h|:)(?: ?\d{2})?\b|\b\d{1,2} ?(?:am|pm)\b")


def _when(part: str, lang: str) -> bool:
    """A time of day or a day in ``part``."""
    return bool(_TIME.search(part.lower())) or says_when(" ".join(re.findall(r"\w+", part)), lang)


def offers_options(sentence: str, lang: str = "fr") -> bool:
    """The sentence puts two moments or more to the listener to choose (« nous avons lundi 8 h
    ou mercredi 14 h », « samedi à 11 h, 14 h 30 ou 16 h ? »): a moment on each side of an
    « ou » / « or », offered (a word of offer or availability, ``option_cues``) or asked. A
    démarche with an approximate moment (« il vous rappelle demain, 10 h ou 11 h ») offers
    nothing."""
    lang = lang if lang in ("fr", "en") else "fr"
    parts = re.split(rf"\b(?:{'|'.join(word_list(lang, 'alternation_words'))})\b", sentence.lower())
    if len(parts) < 2 or not all(_when(p, lang) for p in (parts[-2], parts[-1])):
        return False
    if is_question(sentence):
        return True
    tokens = re.findall(r"[a-z]+", fold(sentence))
    cues = word_list(lang, "option_cues")
    return any(t in cues or any(t.startswith(c) for c in cues if len(c) >= 5) for t in tokens)


def without_options(text: str, lang: str = "fr") -> str:
    """``text`` without its sentences that offer options: what it states or gives back."""
    sentences = re.split(r"(?<=[.!?…])\s+", text)
    return " ".join(s for s in sentences if not offers_options(s, lang)).strip()


def offers_choice(text: str, lang: str = "fr") -> bool:
    """A question putting solutions to the caller to choose among, in words asking what suits
    them (« L'atelier peut le prendre mardi à 10 h ou jeudi à 15 h : lequel vous convient ? »,
    « Vous préférez un avoir ou un remboursement ? »): MC ACVD C1.5 « L'interlocuteur est
    sollicité », « Obtenir l'agrément », the choice is the agreement. A question with
    alternatives asking for something new (« Vous êtes client ou c'est une première ? ») or
    without alternatives (« Quelle heure vous arrangerait ? ») puts nothing to choose."""
    stems = word_list(lang, "choice_stems")
    alternation = set(word_list(lang, "alternation_words"))
    for sentence in questions(text):
        tokens = re.findall(r"[a-z]+", fold(sentence))
        said = f" {' '.join(tokens)} "
        suits = any(
            f" {stem} " in said if " " in stem else any(t.startswith(stem) for t in tokens)
            for stem in stems
        )
        if suits and set(tokens) & alternation:
            return True
    return False
