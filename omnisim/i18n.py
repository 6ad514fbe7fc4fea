"""Interface texts in French (default) and English, kept as data in ``web/i18n``.

One way to translate: code never holds a sentence, only a catalog key and its
parameters (a :class:`Text`, or a refusal ``(field, key, **params)``, omnisim/refusals.py), turned
into French or English when a person reads it. Numbers, dates and clock times
in those parameters are formatted by Babel in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import cache, total_ordering
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

import yaml
from babel import core as babel_core
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from omnisim.paths import data_dir

LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
# Babel locale of each language: France's French ("25 nov. 2026, 10:34", "70 %") and
# American English ("Nov 25, 2026, 10:34 AM", "70%").
LOCALES = {"fr": "fr_FR", "en": "en_US"}
TIME_ZONE = "Europe/Paris"  # exam rooms are French: dates are read on Paris time


# ``<lang>.data.yaml`` translates the bundled data (grids, channel rules, diagnostic scripts):
# read by :func:`data_text` only, never part of the interface catalog, which pages send whole
# to the browser (a diagnostic script's questions are the answer key of an exam).
DATA_PART = "data"
# libyaml when PyYAML was built with it: the catalog is read by every process at start-up
# (the command line's help too), some 0.15 s per language in pure Python, 0.015 s in C.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path, texts: dict[str, str]) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER) or {}  # noqa: S506
    for key, value in data.items():
        if str(key) in texts:
            raise ValueError(f"{path}: {key}: defined twice in its catalog")
        texts[str(key)] = str(value)


@cache
def catalog(lang: str) -> dict[str, str]:
    """``web/i18n/<lang>.yaml`` merged with its parts ``<lang>.<part>.yaml`` (errors, exam…)."""
    folder = data_dir("web") / "i18n"
    texts: dict[str, str] = {}
    parts = [
        p for p in sorted(folder.glob(f"{lang}.*.yaml")) if p.name != f"{lang}.{DATA_PART}.yaml"
    ]
    for path in [folder / f"{lang}.yaml", *parts]:
        _read(path, texts)
    return texts


@cache
def data_catalog(lang: str) -> dict[str, str]:
    """``web/i18n/<lang>.data.yaml``: the bundled data's texts by id (English only)."""
    path = data_dir("web") / "i18n" / f"{lang}.{DATA_PART}.yaml"
    texts: dict[str, str] = {}
    if path.is_file():
        _read(path, texts)
    return texts


def pick_lang(requested: str | None, fallback: str | None = None) -> str:
    """The explicit choice (``?lang=``) if valid, else the session's language, else French.

    The browser's Accept-Language is deliberately ignored: the users are French and
    an exam room's machines are not always configured for them.
    """
    for lang in (requested, fallback):
        if lang in LANGS:
            return lang
    return DEFAULT_LANG


_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+")


def is_key(text: str) -> bool:
    """A catalog key (``err.exam_not_running``), as opposed to a literal sentence."""
    return bool(_KEY.fullmatch(text)) and text in catalog(DEFAULT_LANG)


def message(lang: str, key: str, **params: Any) -> str:
    """The catalog's text for ``key`` in ``lang`` (French when missing), ``{name}`` filled in.

    Parameters are shown in ``lang`` too (:func:`localise`): numbers by Babel, a nested
    :class:`Text` (a channel's name, a role…) rendered, a tuple as a list.
    """
    text = translator(lang)(key)
    try:
        return text.format(**{name: localise(value, lang) for name, value in params.items()})
    except (KeyError, IndexError, ValueError):
        return text


def translator(lang: str) -> Callable[[str], str]:
    texts = catalog(lang if lang in LANGS else DEFAULT_LANG)
    fallback = catalog(DEFAULT_LANG)

    def t(key: str) -> str:
        return texts.get(key) or fallback.get(key) or key

    return t


# -- texts of the bundled data (grids, channel rules, diagnostic scripts) -----------------

# Data files kept their English beside the French under these names until the translations
# moved to ``web/i18n/en.data.yaml``. An exam freezes the grid, channel and script texts of
# the day it was created (omnisim/scenario/__init__.py), so the logs of older exams still hold them:
# the parsers drop these fields (:func:`without_legacy_english`) instead of refusing them.
LEGACY_ENGLISH_FIELDS = frozenset({"title_en", "label_en", "question_en"})


def data_text(lang: str, key: str, french: str) -> str:
    """A text of the bundled data in ``lang``: its own ``french``, or its English by ``key``.

    The French of a grid, a channel rule or a diagnostic script stays in its data file
    (quoted word for word from the certification texts), so it is not copied anywhere:
    only ``web/i18n/en.data.yaml`` holds ``key`` (``grid.<id>.title``…).
    A key without English (a criterion an old exam froze and today's data dropped) shows
    the French.
    """
    if lang not in LANGS or lang == DEFAULT_LANG:
        return french
    return data_catalog(lang).get(key) or french


def without_legacy_english(data: Any) -> Any:
    """``data`` read from a data file, without the legacy ``*_en`` fields at any depth."""
    if isinstance(data, dict):
        return {
            k: without_legacy_english(v) for k, v in data.items() if k not in LEGACY_ENGLISH_FIELDS
        }
    if isinstance(data, list):
        return [without_legacy_english(v) for v in data]
    return data


# -- texts kept as key + parameters ------------------------------------------------------


@total_ordering
@dataclass(frozen=True, init=False)
class Text:
    """A catalog key and its parameters, rendered when read: ``Text("note.x", contact="c1")``.

    Frozen, hashable and comparable (evidence is deduplicated and sorted in grading),
    so parameter values must be hashable: str, numbers, :class:`Num`, a nested
    ``Text`` or a tuple of those. ``Text()`` is the empty text (renders as "").
    """

    key: str
    params: tuple[tuple[str, Any], ...]

    def __init__(self, key: str = "", /, **params: Any) -> None:
        object.__setattr__(self, "key", key)
        object.__setattr__(self, "params", tuple(sorted(params.items())))

    def __bool__(self) -> bool:
        return bool(self.key)

    def __lt__(self, other: object) -> bool:
        """By key, then parameters (as written, so any mix of values compares)."""
        if not isinstance(other, Text):
            return NotImplemented
        return (self.key, repr(self.params)) < (other.key, repr(other.params))

    def render(self, lang: str) -> str:
        """The text in ``lang`` (fr or en); "" for the empty text."""
        return message(lang, self.key, **dict(self.params)) if self.key else ""


@dataclass(frozen=True)
class Num:
    """A number in a text's parameters, with how to show it.

    ``digits`` fixes the decimals (None: as many as needed, up to three); ``style``
    "signed" always shows the sign (a mood "+0,35"), "percent" shows 0.7 as "70 %".
    """

    value: float
    digits: int | None = None
    style: Literal["decimal", "signed", "percent"] = "decimal"


@dataclass(frozen=True)
class When:
    """A moment of a scenario's calendar in a text's parameters ("2026-03-12T14:30", or a day
    "2026-03-12"), shown in the desk's one date and time format (:func:`desk_formats`)."""

    iso: str


def localise(value: Any, lang: str) -> Any:
    """A parameter as shown in ``lang``; strings (ids, typed text) are left as they are."""
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, Num):
        if value.style == "percent":
            return format_percent(value.value, lang)
        if value.style == "signed":
            return format_decimal(
                value.value, lang, 2 if value.digits is None else value.digits, sign=True
            )
        return format_decimal(value.value, lang, value.digits)
    if isinstance(value, When):
        return format_when(value.iso, lang)
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, float):
        return format_decimal(value, lang)
    if isinstance(value, (tuple, list)):
        items = (_label(str(localise(v, lang))) for v in value)
        return translator(lang)("text.list_separator").join(items)
    return value


def _label(item: str) -> str:
    """A reference in a list (« CQP C.1.2 », « CP FFP C4 »: short, numbered) never breaks
    inside: a narrow cell of the procès-verbal would otherwise leave « CQP » at a line's end."""
    numbered = any(c.isdigit() for c in item)
    return item.replace(" ", "\u00a0") if numbered and len(item) <= LABEL_CHARS else item


LABEL_CHARS = 24


def say(text: Any, lang: str) -> str:
    """Anything a page shows in ``lang``: a :class:`Text` or an error rendered, else ``str``.

    Registered as a jinja global: ``{{ say(e.note, ctx.page.lang) }}``.
    """
    if text is None:
        return ""
    render = getattr(text, "render", None)
    return str(render(lang)) if callable(render) else str(text)


# -- numbers, dates and clock times (Babel) ----------------------------------------------


def _locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES[DEFAULT_LANG])


def format_number(value: int | float, lang: str) -> str:
    """A whole number with the language's grouping: "16 384" (narrow space), "16,384"."""
    return babel_numbers.format_decimal(value, locale=_locale(lang))


def format_decimal(
    value: float, lang: str, digits: int | None = None, *, sign: bool = False
) -> str:
    """A decimal number: "12,5" / "12.5"; ``digits`` fixes the decimals; ``sign`` shows "+"."""
    if digits is None and not sign:
        return babel_numbers.format_decimal(value, locale=_locale(lang))
    fraction = ".###" if digits is None else "." + "0" * digits if digits else ""
    pattern = f"#,##0{fraction}"
    if sign:
        pattern = f"+{pattern};-{pattern}"
    return babel_numbers.format_decimal(value, format=pattern, locale=_locale(lang))


def format_percent(value: float, lang: str) -> str:
    """A share as a percentage: 0.7 is "70 %" in French, "70%" in English."""
    return babel_numbers.format_percent(value, locale=_locale(lang))


def format_datetime(unix_seconds: float, lang: str, tz: str = TIME_ZONE) -> str:
    """A moment to the minute, in ``tz`` (Paris by default).

    "25 nov. 2026, 10:34" in French, "Nov 25, 2026, 10:34 AM" in English.
    """
    moment = datetime.fromtimestamp(unix_seconds, ZoneInfo(tz))
    locale = _locale(lang)
    day = babel_dates.format_date(moment, "medium", locale=locale)
    clock = babel_dates.format_time(moment, "short", locale=locale)
    joined = str(babel_dates.get_datetime_format("medium", locale=locale))
    return joined.replace("{1}", day).replace("{0}", clock)


def format_day(unix_seconds: float, lang: str, tz: str = TIME_ZONE) -> str:
    """A day: "25 nov. 2026" in French, "Nov 25, 2026" in English."""
    moment = datetime.fromtimestamp(unix_seconds, ZoneInfo(tz))
    return babel_dates.format_date(moment, "medium", locale=_locale(lang))


def format_month(period: str, lang: str) -> str:
    """A month written "2026-11": "novembre 2026", "November 2026"."""
    year, _, month = period.partition("-")
    moment = date(int(year), int(month), 1)
    return babel_dates.format_skeleton("yMMMM", moment, locale=_locale(lang))


def format_clock(seconds_since_midnight: float, lang: str) -> str:
    """A scenario's clock time, "09:41" in both languages (24-hour, as in an exam brief)."""
    total = int(seconds_since_midnight) % 86400
    moment = time(total // 3600, total % 3600 // 60)
    return babel_dates.format_time(moment, "HH:mm", locale=_locale(lang))


# -- the desk's one date and time format (issue 22) ---------------------------------------
# Every date and time on the candidate's desk (clock, transcript, agendas, CRM history,
# instructions, letters' variables, refusals) is written with these Babel patterns; the
# browser gets them with the locale's names (web/src/workspace/formats.ts), so both write
# « vendredi 13 mars 2026, 14:30 » (French) and « Friday, March 13, 2026, 2:30 PM » alike.
DESK_DATE: Literal["full"] = "full"
DESK_TIME: Literal["short"] = "short"


def desk_formats(lang: str) -> dict[str, Any]:
    """The desk's date and time patterns (CLDR, by Babel) and the names they use."""
    locale = babel_core.Locale.parse(_locale(lang))
    days = locale.days["format"]["wide"]
    months = locale.months["format"]["wide"]
    periods = locale.day_periods["format"]["abbreviated"]
    return {
        "date": babel_dates.get_date_format(DESK_DATE, locale=locale).pattern,
        "time": babel_dates.get_time_format(DESK_TIME, locale=locale).pattern,
        "datetime": str(babel_dates.get_datetime_format(DESK_DATE, locale=locale)),
        "days": [str(days[i]) for i in (6, 0, 1, 2, 3, 4, 5)],  # Sunday first, as JS getDay()
        "months": [str(months[i]) for i in range(1, 13)],
        "am": str(periods["am"]),
        "pm": str(periods["pm"]),
    }


def format_when(iso: str, lang: str) -> str:
    """A scenario moment ("2026-03-13T14:30") or day ("2026-03-13") in the desk's format;
    anything else is shown as written."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    locale = _locale(lang)
    day = babel_dates.format_date(moment, DESK_DATE, locale=locale)
    if "T" not in iso:
        return day
    clock = babel_dates.format_time(moment, DESK_TIME, locale=locale)
    joined = str(babel_dates.get_datetime_format(DESK_DATE, locale=locale))
    return joined.replace("{1}", day).replace("{0}", clock)
