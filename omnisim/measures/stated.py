"""A synthèse said before a new question in the same send (CP FFP C1 « explique à l'appelant la
démarche à suivre et fait une synthèse »).

« Ok, 9 h 30 demain. Maître X est là, je vous le passe. Vous me laissez un numéro ? »: the
question that ends the send asks how to reach the caller and does not unsay the démarche and
the caller's details given back before it; a question about the matter itself does (the
exchange goes on: language/questions.py ``stated``). A time alone (« Un dépanneur passe
demain. Quelle adresse ? ») may be the candidate's own: here the statements must give back the
caller's words.
"""

from __future__ import annotations

import re
from dataclasses import replace

from omnisim.language.markers import content_words, named_people, word_list
from omnisim.language.match import is_question
from omnisim.language.questions import talk_word
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import known_words, states_next_step
from omnisim.projection.workspace import ContactView, Line

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def stated_before_question(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """A send ending on a question whose statements state the next step and give back a word
    the caller said (or their file holds), beyond names and words of agreement."""
    if not is_question(line.text):
        return False
    sentences = [s for s in _SENTENCE_END.split(line.text) if s]
    said = " ".join(s for s in sentences if not is_question(s))
    if not said:
        return False
    lang = ctx.lang_of(c)
    # A question for how to reach them (« Vous me laissez un numéro ? ») closes the request;
    # one about the matter (« Et quelle est la marque de la chaudière ? ») goes on with it, and
    # the synthèse is not made yet (hand5_cqp_plateau_atlantique weak, round 16).
    details = word_list(lang, "callback_detail_words")
    if any(not (content_words(q, lang) & details) for q in sentences if is_question(q)):
        return False
    told = replace(line, text=said)
    if not ("summary" in ctx.markers(c, told) or states_next_step(ctx, c, told)):
        return False
    own = content_words(said, lang) - named_people(said, lang)
    return any(not talk_word(w, lang) for w in own & known_words(ctx, c, line))
