"""The exam's grading as CSV: one line per candidate and criterion, for a centre's own tools.

Semicolon-separated with a UTF-8 byte-order mark, as French spreadsheets open it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from omnisim.documents.sheets import ResultSheet
from omnisim.i18n import translator


def grading_csv(sheets: Sequence[ResultSheet], lang: str) -> str:
    t = translator(lang)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([t(f"doc.csv.{c}") for c in COLUMNS])
    for sheet in sheets:
        result = {True: t("doc.passed"), False: t("doc.failed"), None: t("doc.pending")}
        signed = ", ".join(f"{s.typed_name} ({s.signed_at})" for s in sheet.signatures)
        for line in sheet.criteria:
            writer.writerow(
                [
                    sheet.candidate.number,
                    sheet.candidate.name,
                    line.reference,
                    line.label,
                    t(f"verdict.{line.decision}") if line.decision else t("doc.open"),
                    line.comment,
                    line.recommendation,
                    result[sheet.outcome.passed],
                    signed,
                    sheet.log_hash_now,
                ]
            )
    return out.getvalue()


COLUMNS = (
    "number",
    "candidate",
    "reference",
    "criterion",
    "decision",
    "comment",
    "recommendation",
    "result",
    "signatures",
    "log_hash",
)
