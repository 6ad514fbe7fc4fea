"""An expected behaviour is a habit over the session, judged per conversation: present in each
of them up to three, in most of them beyond (a slip is not a habit).

The formulas of the référentiels (CP FFP « accueille », « se présente », « prend congé » ; MC
ACVD C1.1 « conformes aux procédures en vigueur dans l'entreprise ») and the written form of
e-mails (MC ACVD C3.2) are read this way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from omnisim.i18n import Text
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line

NO_CONVERSATION = Text("detail.no_conversation")
# One conversation in four may lack it (from four conversations on) without failing.
MIN_SHARE = 0.75
ALL_UP_TO = 3
Finder = Callable[[MeasureContext, ContactView], Line | None]
# MC ACVD C4.3 « Les anomalies sont repérées et signalées », « Les réactions de la clientèle sont
# transmises fidèlement »: a report read as checking.py reads a technique (ONE_SLIP_FROM); from
# three anomalies or upset customers on, one left out is a slip (round 19: the électroménager
# jury passed a report naming three anomalies of four, « l'essentiel est repéré et signalé »).
ONE_LEFT_OUT_FROM = 3


def slipped_once(items: dict[str, bool]) -> bool:
    """All of ``items`` hold, or all but one of ONE_LEFT_OUT_FROM or more."""
    return sum(not ok for ok in items.values()) <= (1 if len(items) >= ONE_LEFT_OUT_FROM else 0)


def habit(
    measure: str,
    items: dict[str, bool],
    bad: list[Evidence],
    good: list[Evidence],
    nothing: Text = NO_CONVERSATION,
) -> MeasureResult:
    """Pass when every item holds (up to ALL_UP_TO items), or at least MIN_SHARE of them."""
    result = verdict(measure, items, bad, good, MIN_SHARE, nothing)
    if result.passed is None or len(items) <= ALL_UP_TO:
        return result
    return replace(result, passed=sum(items.values()) / len(items) >= MIN_SHARE)


def per_conversation(
    ctx: MeasureContext,
    measure: str,
    find: Finder,
    applies: Callable[[MeasureContext, ContactView], bool] = lambda ctx, c: True,
    nothing: Text = NO_CONVERSATION,
) -> MeasureResult:
    """A habit over the conversations ``applies`` to: ``find`` returns the line proving it."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        if not applies(ctx, c):
            continue
        hit = find(ctx, c)
        items[c.id] = hit is not None
        if hit is not None:
            good.append(ev_of(hit, Text("note.quote", contact=c.id, text=hit.text[:80])))
        else:
            bad.append(ev_of(c.candidate_lines[0], Text("note.phrase_missing", contact=c.id)))
    return habit(measure, items, bad, good, nothing)


def finds_marker(lines: Callable[[ContactView], list[Line]], *names: str) -> Finder:
    """The first of ``lines`` carrying one of the marker families ``names``."""

    def find(ctx: MeasureContext, c: ContactView) -> Line | None:
        return next((ln for ln in lines(c) if set(ctx.markers(c, ln)) & set(names)), None)

    return find


def ending(c: ContactView) -> list[Line]:
    """The candidate's last two lines, and whatever they wrote after the customer's last line
    (a closing comes after the last answer)."""
    last_customer = max((ln.seq for ln in c.lines if ln.actor != "candidate"), default=-1)
    after = [ln for ln in c.candidate_lines if ln.seq > last_customer]
    tail = c.candidate_lines[-2:]
    return after + [ln for ln in tail if ln not in after]
