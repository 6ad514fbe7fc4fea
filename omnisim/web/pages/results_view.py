"""What the results pages share: the trainer's attempts and grids, the filters read from the
query, and the words and links of a figure (a status, a share, a case)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web

from omnisim.grading.grid import Grid
from omnisim.i18n import TIME_ZONE, format_day, format_percent, message
from omnisim.live import results
from omnisim.live.accounts import Trainer
from omnisim.live.index import ExamIndex
from omnisim.results.attempts import AttemptResult
from omnisim.results.calibration import Case
from omnisim.results.cohort import Filters
from omnisim.schema import SchemaError
from omnisim.web.keys import EXAMS
from omnisim.web.signin import require_trainer

T = TypeVar("T")
FILTER_FIELDS = ("exam", "deck", "grid", "mode", "from", "to", "archived")
SHORT = {
    "acquis": "A",
    "non_acquis": "NA",
    "a_apprecier": "?",
    "open": "…",
    "hidden": "—",
    # Not on that attempt's sheet: a criterion its deck gives no occasion (a sale, MC ACVD C1.6).
    "not_graded": "·",
}


@dataclass(frozen=True)
class Found:
    """The trainer's attempts (all of them) and the grids they were graded on."""

    trainer: Trainer
    attempts: list[AttemptResult]
    grids: dict[str, Grid]
    exams: list[tuple[str, str, float, bool]]  # (id, title, created at, archived), newest first
    index: ExamIndex

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The figures for ``key`` (with the trainer), computed again only when an exam moved."""
        return self.index.memo((self.trainer.id, key), compute)


async def found(request: web.Request) -> Found:
    trainer = await require_trainer(request)
    index = request.app[EXAMS].index
    held = await index.results(trainer.id)
    listed = [
        (s.exam_id, s.created.title, s.created_at, s.archived)
        for s in held.exams
        if s.created is not None
    ]
    grids = results.grids_for(held.attempts, held.grids)
    return Found(trainer, held.attempts, grids, listed, index)


def _day(text: str, field: str) -> float | None:
    if not text.strip():
        return None
    try:
        day = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise SchemaError(field, "err.results.date", typed=text[:40]) from exc
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(TIME_ZONE)).timestamp()


def filters(query: Mapping[str, str], exams: list[str]) -> Filters:
    """The filters typed in the query; a day that is no day is refused naming its field."""
    start = _day(query.get("from", ""), "from")
    end = _day(query.get("to", ""), "to")
    if start is not None and end is not None and end < start:
        raise SchemaError("to", "err.results.period")
    return Filters(
        tuple(exams),
        query.get("deck", "").strip(),
        query.get("grid", "").strip(),
        query.get("mode", "").strip() if query.get("mode") in ("exam", "training") else "",
        start,
        None if end is None else end + timedelta(days=1).total_seconds(),
        query.get("archived") == "1",
    )


def typed(request: web.Request) -> dict[str, str]:
    """What the trainer typed in the filter form, to show it back as typed."""
    form = {k: request.query.get(k, "")[:100] for k in FILTER_FIELDS if k != "exam"}
    form["exam"] = ",".join(request.query.getall("exam", []))
    return form


def query(request: web.Request, **extra: str) -> str:
    """The page's filters and language, with ``extra``, as a query string."""
    pairs = [(k, v) for k, v in request.query.items() if k in FILTER_FIELDS or k == "lang"]
    pairs = [(k, v) for k, v in pairs if k not in extra] + list(extra.items())
    return urlencode(pairs)


def moment_href(case: Case, lang: str) -> str:
    """The trainer's debrief of the attempt, opened on the criterion and its moment."""
    params = {"criterion": case.criterion_id, "lang": lang}
    if case.seq:
        params["at"] = str(case.seq)
    return f"/exams/{case.exam_id}/candidates/{case.candidate_id}/debrief?{urlencode(params)}"


def share(value: float | None, lang: str) -> str:
    return "—" if value is None else format_percent(value, lang)


def kappa(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return f"{value:+.2f}".replace(".", "," if lang == "fr" else ".")


def status_words(status: str, source: str, lang: str) -> str:
    word = (
        message(lang, f"verdict.{status}")
        if status in SHORT
        and status
        not in (
            "open",
            "hidden",
            "not_graded",
        )
        else message(lang, f"results.status.{status}")
    )
    return word + (" · " + message(lang, "results.by_proposal") if source == "proposal" else "")


def day(unix: float, lang: str) -> str:
    return format_day(unix, lang)
