"""Tables as a CSV file or an Excel workbook, in the reader's language and locale formats.

A :class:`Table` holds typed cells (text, whole number, share, day), so each format writes
them its own way: the CSV in the locale's words ("75 %", "18 nov. 2026", semicolons and a
byte-order mark for French spreadsheets, commas for English); the workbook as real numbers
and dates with a display format (openpyxl), so a spreadsheet can still sort and sum them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from omnisim.i18n import TIME_ZONE, format_day, format_decimal, format_percent


@dataclass(frozen=True)
class Share:
    """A share in [0, 1], shown as a percentage (None: nothing to divide)."""

    value: float | None


@dataclass(frozen=True)
class Day:
    """A moment (Unix seconds) shown as its day on the exam room's clock."""

    unix: float


@dataclass(frozen=True)
class Decimal:
    value: float | None
    digits: int = 2


Cell = str | int | Share | Day | Decimal | None


@dataclass(frozen=True)
class Table:
    name: str  # the sheet's name (31 characters at most in a workbook)
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


def _text(cell: Cell, lang: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Share):
        return "" if cell.value is None else format_percent(cell.value, lang)
    if isinstance(cell, Day):
        return format_day(cell.unix, lang)
    if isinstance(cell, Decimal):
        return "" if cell.value is None else format_decimal(cell.value, lang, cell.digits)
    return str(cell)


def to_csv(tables: Sequence[Table], lang: str) -> str:
    """Every table one after the other, each with its name and headers, a blank line between."""
    out = io.StringIO()
    delimiter = ";" if lang == "fr" else ","
    if lang == "fr":
        out.write("\ufeff")  # French Excel reads UTF-8 only with it
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    for n, table in enumerate(tables):
        if n:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.name])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([_text(c, lang) for c in row])
    return out.getvalue()


DAY_FORMAT = {"fr": "dd/mm/yyyy", "en": "d mmm yyyy"}


def to_xlsx(tables: Sequence[Table], lang: str) -> bytes:
    """One sheet per table: headers in bold, frozen, numbers and days as themselves."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for r, row in enumerate(table.rows, start=2):
            for c, value in enumerate(row, start=1):
                target = sheet.cell(row=r, column=c)
                if isinstance(value, Share):
                    target.value = value.value
                    target.number_format = "0%"
                elif isinstance(value, Day):
                    moment = datetime.fromtimestamp(value.unix, ZoneInfo(TIME_ZONE))
                    target.value = moment.replace(tzinfo=None)
                    target.number_format = DAY_FORMAT.get(lang, DAY_FORMAT["en"])
                elif isinstance(value, Decimal):
                    target.value = value.value
                    target.number_format = "0." + "0" * value.digits
                else:
                    target.value = value
        for c, header in enumerate(table.headers, start=1):
            cells = [
                row[c - 1] for row in table.rows[:200] if c <= len(row)
            ]  # a total row is short
            width = max([len(header)] + [len(_text(cell, lang)) for cell in cells])
            sheet.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
