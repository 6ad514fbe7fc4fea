"""A written reply that names the customer's message and what it is about, in its own words
(« Nous avons bien reçu votre courrier concernant les nuisances sonores nocturnes dans votre
immeuble »): the request given back, as CCS-RC C3 asks (« Comment vous assurez-vous d'avoir bien
cerné la demande ou les besoins du client ? ») and RNCP C10 (« Les techniques d'écoute, de
reformulation … sont mise en œuvre »). A long letter's words are mostly its story (« il m'a ri
au nez », « je paie depuis 22 ans »): a share of them (exchange.restates_in_writing) misses a
restatement in other words. A bare topic (« votre réclamation concernant des nuisances »,
« au sujet de votre commande ») gives nothing back of what was written (round 18, issue 26).
Nor does it miss the grievances listed back (« plan de travail fendu, plaque pas à niveau, four
de travers »): the share is read against a letter's worth of words (round 19)."""

from __future__ import annotations

import re
from functools import cache

from omnisim.language.markers import content_words, word_list
from omnisim.language.match import normalise, statements
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import MIN_SHARE_IN_WRITING, WRITTEN_REPLY, said_before
from omnisim.projection.workspace import ContactView, Line

# Content words the clause after « concernant » needs to say what was written, not only its
# topic: « les douches » names a topic, « les douches froides le soir côté hommes » the matter.
MIN_ABOUT_WORDS = 3
# What may stand between the message and « concernant »: its date (« du 14 janvier 2026 »).
_BETWEEN = r"[^,.;:!?\n]{0,30}?"


@cache
def _about(lang: str) -> re.Pattern[str]:
    nouns = sorted(word_list(lang, "message_nouns"), key=len, reverse=True)
    about = sorted(word_list(lang, "about_words"), key=len, reverse=True)
    own = "votre|vos" if lang == "fr" else "your"
    return re.compile(
        rf"\b(?:{own}) (?:{'|'.join(map(re.escape, nouns))})\b{_BETWEEN}"
        rf"\b(?:{'|'.join(map(re.escape, about))})\s+(?P<clause>[^,.;:!?\n]+)"
    )


def restates_about(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line``, a written reply, names the customer's message and what it is about."""
    if line.channel not in WRITTEN_REPLY:
        return False
    lang = ctx.lang_of(c)
    return any(
        len(content_words(m.group("clause"), lang)) >= MIN_ABOUT_WORDS
        for m in _about(lang).finditer(normalise(line.text))
    )


# A letter's worth of the customer's content words: beyond it a message tells its story (the
# price paid, the times, how the fitters left) and a restatement gives back its grievances.
LETTER_WORDS = 24


def restates_long_letter(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """``line``, a written reply to a message longer than LETTER_WORDS, states back the share of
    a letter's worth of its words that exchange.restates_in_writing asks of a shorter one."""
    if line.channel not in WRITTEN_REPLY or not (stated := statements(line.text)):
        return False
    lang = ctx.lang_of(c)
    theirs = set(content_words(c.subject, lang))
    for said in said_before(c, line):
        theirs |= content_words(said.text, lang)
    shared = content_words(stated, lang) & theirs
    return len(theirs) > LETTER_WORDS and len(shared) >= MIN_SHARE_IN_WRITING * LETTER_WORDS
