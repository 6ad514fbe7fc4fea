"""What the candidate wrote: concision, SMS language, courtesy and the expected phrases.

Marker lists (greeting, reformulation…) are data in omnisim/language; the
référentiels ask for them per conversation (CP FFP: "accueille et valide le motif",
"se présente", "maintient une information pendant ses recherches", "fait une
synthèse", "s'assure de la satisfaction, remercie et prend congé").
"""

from __future__ import annotations

from collections.abc import Callable

from omnisim.i18n import Num, Text
from omnisim.language import count_words
from omnisim.language.sentiment import LABEL_THRESHOLD
from omnisim.measures.context import MeasureContext, ev_of, verdict
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.workspace import ContactView, Line


def chat_words_per_send(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "concision, 4-5 mots maximum par envoi"."""
    limit = ctx.rules["chat"].max_words_per_send or 5
    items: dict[str, int] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        for line in c.candidate_lines:
            if line.channel != "chat":
                continue
            words = count_words(line.text)
            items[f"#{line.seq}"] = words
            (bad if words > limit else good).append(ev_of(line, Text("note.words", words=words)))
    return verdict("chat_words_per_send", items, bad, good, limit, Text("detail.no_chat_send"))


def sms_language(ctx: MeasureContext) -> MeasureResult:
    """CQP C.1.9: "absence d'utilisation d'un langage SMS", on every written channel."""
    items: dict[str, list[str]] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        for line in c.candidate_lines:
            if line.channel == "phone":
                continue
            tokens = list(ctx.analysis(c, line).sms_tokens)
            items[f"#{line.seq}"] = tokens
            if tokens:
                bad.append(ev_of(line, Text("note.sms_language", tokens=", ".join(tokens))))
    return verdict("sms_language", items, bad, good, [], Text("detail.no_written_message"))


def courtesy(ctx: MeasureContext) -> MeasureResult:
    """No message of negative tone (MC ACVD: "communication courtoise, positive")."""
    items: dict[str, float] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        for line in c.candidate_lines:
            result = ctx.analysis(c, line)
            items[f"#{line.seq}"] = result.sentiment
            if result.label == "neg":
                score = Num(result.sentiment, 2, "signed")
                bad.append(ev_of(line, Text("note.negative_tone", score=score)))
    # A message at or below -LABEL_THRESHOLD reads as negative: that is the limit shown.
    limit = -LABEL_THRESHOLD
    return verdict("courtesy", items, bad, good, limit, Text("detail.no_conversation"))


def _per_conversation(
    ctx: MeasureContext,
    measure: str,
    markers: tuple[str, ...],
    pick: Callable[[ContactView], list[Line]],
    applies: Callable[[ContactView], bool] = lambda c: True,
) -> MeasureResult:
    """Pass when, in every conversation it applies to, a picked line carries one of ``markers``."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        if not applies(c):
            continue
        lines = pick(c)
        hit = next((ln for ln in lines if set(ctx.markers(c, ln)) & set(markers)), None)
        items[c.id] = hit is not None
        if hit is not None:
            good.append(ev_of(hit, Text("note.quote", contact=c.id, text=hit.text[:80])))
        else:
            where = lines[0] if lines else c.candidate_lines[0]
            bad.append(ev_of(where, Text("note.phrase_missing", contact=c.id)))
    return verdict(measure, items, bad, good, list(markers), Text("detail.no_conversation"))


def _opening(c: ContactView) -> list[Line]:
    return c.candidate_lines[:2]


def _ending(c: ContactView) -> list[Line]:
    return c.candidate_lines[-2:]


def _everything(c: ContactView) -> list[Line]:
    return c.candidate_lines


def _long(c: ContactView) -> bool:
    return len(c.candidate_lines) >= 3


def _finished(c: ContactView) -> bool:
    return c.closed is not None


def greeting(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(ctx, "greeting", ("greeting",), _opening)


def presentation(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(
        ctx, "presentation", ("self_presentation",), _opening, lambda c: c.channel != "sms"
    )


def closing(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(ctx, "closing", ("leave_taking", "thanks"), _ending, _finished)


def satisfaction_check(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(
        ctx, "satisfaction_check", ("satisfaction_check",), _everything, _finished
    )


def keep_informed(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(
        ctx,
        "keep_informed",
        ("keep_informed", "hold_announcement"),
        _everything,
        lambda c: _long(c) and c.channel in ("phone", "chat"),
    )


def summary(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(ctx, "summary", ("summary",), _everything, _long)


def reformulation(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(
        ctx, "reformulation", ("reformulation", "reason_validation"), _everything, _long
    )


def validation_question(ctx: MeasureContext) -> MeasureResult:
    return _per_conversation(
        ctx,
        "validation_question",
        ("validation_question", "satisfaction_check"),
        _everything,
        _long,
    )


__all__ = [
    "chat_words_per_send",
    "closing",
    "courtesy",
    "greeting",
    "keep_informed",
    "presentation",
    "reformulation",
    "satisfaction_check",
    "sms_language",
    "summary",
    "validation_question",
]
