"""Whether a question asks the customer how a service done for them turned out.

CCS-RC C2 « en assurant la satisfaction client »; seed 002's interview: « vous arrive-t-il de
vous assurer de la satisfaction des clients ? Comment procédez-vous ? ». Asking a returning
customer whether the team came, whether the work went well, whether all is in order since, is
that very practice (round 16, hand2_ccs_rc_services strong: the jury grants C2 on it), though
no « cela vous convient ? » is said. A question for a new detail of the service (« il est venu
quel jour ? ») checks nothing: an interrogative other than « comment »/« how » rules it out.
"""

from __future__ import annotations

import re

from omnisim.language.lexicon import fold
from omnisim.language.questions import questions

# Patterns on folded text (lexicon.fold: lower case, no accents, apostrophes kept).
_OUTCOME = {
    "fr": re.compile(
        r"\bbien (?:pu )?(?:pass|deroul|venu|interv|arriv|fonctionn|march|repar)\w*"
        r"|\btout (?:est|etait|est-il|etait-il) (?:en ordre|ok|correct|conforme)\b"
        r"|\btout (?:va|allait|fonctionne|marche|s'est) (?:\w+ )?(?:bien|correctement)\b"
        r"|\b(?:fonctionne|marche)n?t? (?:\w+ )?"
        r"(?:bien|correctement|normalement|a nouveau|de nouveau)\b"
        r"|\b(?:satisfaite?s?|contente?s?) (?:de|du|des)\b|\betes-vous (?:satisfaite?|contente?)\b"
        r"|\bva mieux\b|\bvous a donne satisfaction\b"
    ),
    "en": re.compile(
        r"\b(?:go|went|gone|going) (?:well|smoothly|ok|okay|fine|alright|all right)\b"
        r"|\beverything (?:is |was )?(?:ok|okay|fine|in order|alright|all right|working)\b"
        r"|\b(?:working|works|running) (?:properly|fine|well|again|normally)\b"
        r"|\b(?:satisfied|happy) with\b|\barrived (?:safely|in one piece|ok|okay|fine)\b"
        r"|\bin one piece\b|\bdid (?:the|our) \w+ (?:come|turn up|show up|arrive)\b"
    ),
}
_OPEN = {
    "fr": {"quel", "quelle", "quels", "quelles", "quand", "combien", "pourquoi", "qui", "quoi"},
    "en": {"what", "when", "where", "which", "why", "who", "whom"},
}


def asks_outcome(text: str, lang: str) -> bool:
    """A question in ``text`` asks how the service done for the customer turned out."""
    pattern = _OUTCOME.get(lang, _OUTCOME["fr"])
    opens = _OPEN.get(lang, _OPEN["fr"])
    for sentence in questions(text):
        folded = fold(sentence)
        if set(re.findall(r"[a-z]+", folded)) & opens:
            continue
        if pattern.search(folded):
            return True
    return False
