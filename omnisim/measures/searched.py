"""The file a search showed, read back to the caller (CP FFP « maintient une information vers
l'appelant pendant ses recherches »).

A caller phoning about someone else (a parent, a neighbour, a client of the principal) has no
record of their own: what a search shows is the file of the person the call is about, and
reading it back (« Je vois, Mme … à … ») informs the caller as their own file would.
"""

from __future__ import annotations

from omnisim.deck.model import CrmRecord
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import FOUND_GIVEN_BACK
from omnisim.projection.workspace import ContactView, Line


def _shown(record: CrmRecord, query: str) -> bool:
    """A record a CRM search for ``query`` lists: a word of the query is one of its names."""
    names = {fold(record.last_name), fold(record.first_name)} - {""}
    return bool(set(fold(query).split()) & names)


def shown_words(ctx: MeasureContext, c: ContactView, at: int) -> frozenset[str]:
    """The words of the records the CRM search at seq ``at`` showed (names, address, notes)."""
    query = next(
        (
            str(getattr(op.payload, "query", ""))
            for op in ctx.view.operations
            if op.at.seq == at and op.kind == "crm.searched"
        ),
        "",
    )
    parts = [
        " ".join((r.last_name, r.first_name, r.address, r.notes))
        for r in ctx.deck.crm
        if query and _shown(r, query)
    ]
    return content_words(" ".join(parts), ctx.lang_of(c)) if parts else frozenset()


def reads_back_shown(ctx: MeasureContext, c: ContactView, at: int) -> Line | None:
    """The candidate's first line after the search, giving back what the file it showed holds."""
    after = next((ln for ln in c.candidate_lines if ln.seq > at), None)
    if after is None:
        return None
    found = shown_words(ctx, c, at) & content_words(after.text, ctx.lang_of(c))
    return after if len(found) >= FOUND_GIVEN_BACK else None
