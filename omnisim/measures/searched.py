"""The file a search showed, read back to the caller (CP FFP « maintient une information vers
l'appelant pendant ses recherches »).

A caller phoning about someone else (a parent, a neighbour, a client of the principal) has no
record of their own: what a search shows is the file of the person the call is about, and
reading it back (« Je vois, Mme … à … ») informs the caller as their own file would.

Booking the slot the candidate has just put to the caller and the caller has accepted
(« Jeudi 15 h, ça vous va ? » — « Oui » — booked) records the agreement: the slot was found
before it was put, and the caller, told it, waits on no search (round 17).

The outcome reported as done after a silent search and operation (« Voilà, c'est fait : je vous
ai déplacé du jeudi au mardi ») tells the result, not the search: the caller waited uninformed,
whatever of the file it repeats (round 18: a plateau jury, « seulement le résultat »).

A look-up after the farewell, with nothing more said, is the wrap-up: the caller has been
taken leave of (round 20).
"""

from __future__ import annotations

import re

from omnisim.deck.model import CrmRecord
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words, word_list
from omnisim.measures.context import MeasureContext
from omnisim.measures.exchange import mentions_time
from omnisim.measures.waiting import FOUND_GIVEN_BACK, INFORMING, waited_on
from omnisim.projection.workspace import ContactView, Line, Operation

_FIRST = re.compile(r"(?<=[.!?])\s+")  # the first sentence of a line


def _agreed_booking(ctx: MeasureContext, c: ContactView, op: Operation) -> bool:
    """A booking after the caller answered the candidate's last line, which named a time and
    announced no look-up: « Alors je regarde… J'ai mardi 15 h, ça vous va ? » tells of the
    agenda read there, which the log records only as the booking, and is judged as a search."""
    if op.kind != "agenda.booked":
        return False
    put = next((ln for ln in reversed(c.candidate_lines) if ln.seq < op.at.seq), None)
    if put is None or not mentions_time(put.text) or set(ctx.markers(c, put)) & set(INFORMING):
        return False
    return any(put.seq < ln.seq < op.at.seq for ln in c.lines if ln.actor != "candidate")


def _after_farewell(ctx: MeasureContext, c: ContactView, op: Operation) -> bool:
    """A look-up after the candidate took leave (their last line before it says « au revoir »,
    « bonne journée »: markers ``leave_taking``) with nothing more said to the caller: the
    wrap-up (the record, the trace), which nobody waits through (round 20: a rental deck's
    strong, « Merci de votre appel, au revoir. » then the search for the trace)."""
    if any(ln.seq > op.at.seq for ln in c.candidate_lines):
        return False
    last = next((ln for ln in reversed(c.candidate_lines) if ln.seq < op.at.seq), None)
    return last is not None and "leave_taking" in ctx.markers(c, last)


def searched_waiting(ctx: MeasureContext, c: ContactView) -> list[Operation]:
    """The look-ups the caller waited through (waiting.waited_on), less the bookings of a
    slot already put to them and accepted (:func:`_agreed_booking`) and the wrap-up after the
    farewell (:func:`_after_farewell`)."""
    return [
        op
        for op in waited_on(ctx, c)
        if not _agreed_booking(ctx, c, op) and not _after_farewell(ctx, c, op)
    ]


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


def sorry_after(ctx: MeasureContext, c: ContactView, line: Line, at: int) -> bool:
    """A line after the search opening on an apology for the wait (« Pardon, l'écran rame »)
    admits the caller waited uninformed (round 15's energy weak: non acquis), unless it still
    informs about the search going on (« désolé, je cherche encore, un instant »)."""
    if line.seq < at:
        return False
    first = Line(line.seq, line.sim, line.actor, line.channel, _FIRST.split(line.text)[0])
    found = set(ctx.markers(c, first))
    return "apology" in found and not found & set(INFORMING)


def reports_done(ctx: MeasureContext, c: ContactView, line: Line, at: int) -> bool:
    """``line``, after the search at seq ``at``, opens on its outcome done (markers
    ``recorded_words``, after ``outcome_leads``: « Voilà, c'est fait ») and announces no
    search: the result, not an information during it."""
    if line.seq < at or set(ctx.markers(c, line)) & set(INFORMING):
        return False
    lang = ctx.lang_of(c)
    done = sorted(word_list(lang, "recorded_words"), key=len, reverse=True)
    leads = sorted(word_list(lang, "outcome_leads"), key=len, reverse=True)
    if not done:
        return False
    lead = "(?:(?:" + "|".join(map(re.escape, leads)) + r")\W+)*" if leads else ""
    said = re.compile("^" + lead + "(?:" + "|".join(map(re.escape, done)) + r")(?![\w'])")
    return said.match(fold(line.text)) is not None
