"""A complaint handled by the principal's rules: CQP C.1.14 « Respecter les consignes de
l'entreprise pour la prise en charge d'une réclamation ».

The key says what the principal alone decides on a complaint (``forbidden`` items of kind
``promise``: a refund, a credit note, a waived fee). Promising it in the answer to the complaint
is the complaint settled on the desk's own word instead of by the principal's procedure, even
when the complaint is passed on as well (round 20's jury: « nous allons vous rembourser les
48 € … au lieu de transmettre au vétérinaire qui décide », non acquis). Read as CQP C.1.10
reads the remit (remit.py ``breaches``); a complaint whose key forbids nothing asks nothing.
"""

from __future__ import annotations

import re

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.remit import breaches
from omnisim.measures.result import Evidence, MeasureResult

COMPLAINT = "complaint"  # the channel of a written complaint (deck contacts' ``channel``)
_SENTENCES = re.compile(r"[^.!?;:\n]+[.!?;:\n]*")


def complaint_promise(ctx: MeasureContext) -> MeasureResult:
    """Each complaint whose key forbids a promise is answered without making it."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        contact = ctx.contact(c)
        if contact is None or contact.channel != COMPLAINT or not c.candidate_lines:
            continue
        promises = [f for f in contact.key.forbidden if f.kind == "promise"]
        if not promises:
            continue
        lang = ctx.lang_of(c)
        found = next(
            (
                (line, sentence.strip(), item)
                for line in c.candidate_lines
                for sentence in _SENTENCES.findall(line.text)
                for item in promises
                if breaches(sentence, item, lang)
            ),
            None,
        )
        items[c.id] = found is None
        if found is None:
            good.append(ev_of(c.candidate_lines[-1], Text("note.within_remit", contact=c.id)))
        else:
            line, said, item = found
            note = Text("note.promise_out_of_remit", contact=c.id, said=said[:90], label=item.label)
            bad.append(ev_of(line, note))
    return verdict("complaint_promise", items, bad, good, None, Text("detail.no_complaint_promise"))
