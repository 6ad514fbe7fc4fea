"""The cohort and calibration figures as tables to export (omnisim/documents/workbook.py),
in the reader's language: the same figures the pages show, one table per sheet."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from omnisim.documents.workbook import Cell, Day, Decimal, Share, Table
from omnisim.grading.grid import Grid
from omnisim.i18n import format_month, translator
from omnisim.results.calibration import Agreement, GridCalibration
from omnisim.results.cohort import CohortTable


def _status(t: Callable[[str], str], status: str, source: str) -> str:
    """A cell's words; a proposal nobody decided yet says so."""
    word = t(f"verdict.{status}") if status != "open" else t("results.open")
    return f"{word} ({t('results.proposal_short')})" if source == "proposal" else word


def cohort_tables(
    tables: Sequence[CohortTable], grids: Mapping[str, Grid], lang: str
) -> list[Table]:
    t = translator(lang)
    out = []
    for table in tables:
        grid = grids[table.grid_id]
        refs = [c.reference or c.id for c in grid.criteria]
        headers = (
            t("results.col.exam"),
            t("results.col.date"),
            t("results.col.mode"),
            t("results.col.number"),
            t("results.col.candidate"),
            *refs,
            t("results.col.met"),
            t("results.col.result"),
        )
        rows: list[tuple[Cell, ...]] = []
        result = {True: t("doc.passed"), False: t("doc.failed"), None: t("doc.pending")}
        for a in table.rows:
            # Aligned on the table's criteria: one the attempt's deck did not grade (no sale).
            by = {c.criterion_id: c for c in a.criteria}
            cells = [
                _status(t, c.status, c.source) if (c := by.get(cid)) else t("results.not_graded")
                for cid in table.criteria
            ]
            rows.append(
                (
                    a.exam_title,
                    Day(a.held_at),
                    t(f"mode.{a.mode}"),
                    a.number,
                    a.name,
                    *cells,
                    a.met,
                    result[a.passed],
                )
            )
        rows.append(
            (t("results.pass_rate"), None, None, None, None, *(Share(r.rate) for r in table.rates))
        )
        name = f"{t('results.cohort')} {grid.id}"
        out.append(Table(name, headers, rows))
    return out


def _agreement(a: Agreement) -> tuple[Cell, ...]:
    kappa = a.kappa
    return (a.n, Share(a.agreement), Decimal(kappa) if kappa is not None else None)


def calibration_tables(
    cals: Sequence[GridCalibration], grids: Mapping[str, Grid], lang: str
) -> list[Table]:
    t = translator(lang)
    out = []
    for cal in cals:
        grid = grids[cal.grid_id]
        labels = {c.id: (c.reference or c.id, grid.label_for(c, lang)) for c in grid.criteria}
        headers = (
            t("results.col.reference"),
            t("results.col.criterion"),
            t("results.col.compared"),
            t("results.col.agreement"),
            t("results.col.kappa"),
            t("results.col.overridden"),
            t("results.col.raised"),
            t("results.col.lowered"),
            t("results.col.left"),
            t("results.col.threshold"),
            t("results.col.warning"),
            t("results.col.jurors_n"),
            t("results.col.jurors_agreement"),
            t("results.col.jurors_kappa"),
        )
        rows: list[tuple[Cell, ...]] = []
        for c in cal.criteria:
            ref, label = labels[c.criterion_id]
            rows.append(
                (
                    ref,
                    label,
                    *_agreement(c.proposal),
                    Share(c.overridden),
                    len(c.raised),
                    len(c.lowered),
                    c.left,
                    Share(c.threshold),
                    t("results.yes") if c.warned else "",
                    *_agreement(c.jurors),
                )
            )
        out.append(Table(f"{t('results.calibration')} {grid.id}", headers, rows))
        pair_headers = (
            t("results.col.juror"),
            t("results.col.juror"),
            t("results.col.compared"),
            t("results.col.agreement"),
            t("results.col.kappa"),
        )
        pairs = [(*p.names, *_agreement(p.agreement)) for p in cal.pairs]
        out.append(Table(f"{t('results.pairs')} {grid.id}", pair_headers, pairs))
        time_headers = (t("results.col.juror"), t("results.col.month"), *pair_headers[2:])
        periods = [
            (p.name, format_month(p.period, lang), *_agreement(p.agreement)) for p in cal.over_time
        ]
        out.append(Table(f"{t('results.over_time')} {grid.id}", time_headers, periods))
    return out
