"""The answer validated: CP FFP C3 « Le candidat apporte une réponse ou propose une solution et
en fait valider la bonne compréhension par l'appelant ».

The checking question is validation_question's (checking.py); what this adds is the answer it
validates. Where the key says what the answer gives (key.answer_points), a customer sent to
another channel or service instead of being answered has nothing to validate, however politely
asked « Est-ce que j'ai répondu à votre question ? ».
"""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.language.callback import tells_to_call
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.measures.checking import _live_to_reformulate, _technique, _validated
from omnisim.measures.context import MeasureContext
from omnisim.measures.habit import per_conversation
from omnisim.measures.pertinence import answer_asked, customer_words, gives, owed
from omnisim.measures.result import MeasureResult
from omnisim.projection.workspace import ContactView, Line


def _answer_validated(ctx: MeasureContext, c: ContactView) -> Line | None:
    """A checking question on an answer given: where the key says what the answer gives, a
    customer sent elsewhere instead (« le plus simple est de nous appeler au … ») has no answer
    to validate. An answer short of its points, checked, is cp_ffp.reponse's fault, not this one
    (round 13–14's plateau mixed juries grant the check)."""
    line = _validated(ctx, c)
    contact = ctx.contact(c)
    if line is None or contact is None or not answer_asked(ctx.deck, contact):
        return line
    lang = ctx.lang_of(c)
    said = " ".join(ln.text for ln in c.candidate_lines)
    asked = customer_words(contact, c)  # the customer's words echoed answer nothing (fmt18)
    if all(gives(said, p, lang, asked) for p in owed(contact, c)):
        return line
    sent = word_list(lang, "sent_elsewhere")
    folded = fold(said)
    elsewhere = tells_to_call(said) or any(
        re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", folded) for w in sent
    )
    return None if elsewhere else line


def solution_validated(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C3 « apporte une réponse ou propose une solution et en fait valider la bonne
    compréhension »: validation_question, not on a customer sent elsewhere where the key says
    what the answer gives (round 15's energy weak: « Est-ce que j'ai répondu à votre question ? »
    after sending the customer to the phone, non acquis)."""
    return _technique(
        per_conversation(
            ctx,
            "solution_validated",
            _answer_validated,
            _live_to_reformulate,
            Text("detail.no_request"),
        )
    )
