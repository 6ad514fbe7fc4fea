"""The exam's grading as CSV: one row per candidate and criterion, for a certifier's or a
quality manager's own tools (calibration of the automatic proposals against the jury).

Each row: the automatic proposal and its measures' values, each jury member's own mark and
comment (as far as the reader may see them: a jury member reading before everyone handed
in sees their own only), the final decision, how it was reached (agreed, or reconciled:
who proposed, who agreed), the recommendation, and the candidate's outcome.
Semicolon-separated with a UTF-8 byte-order mark, as French spreadsheets open it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from omnisim.documents.sheets import ResultSheet
from omnisim.exams.state import Person
from omnisim.i18n import message, translator

COLUMNS = (
    "number",
    "candidate",
    "status",
    "reference",
    "criterion",
    "proposal",
    "measures",
)
PER_JURY = ("jury", "jury_decision", "jury_comment")
FINAL = (
    "revealed",
    "decision",
    "how",
    "proposed_by",
    "agreed_by",
    "comment",
    "recommendation",
    "result",
    "signatures",
    "log_hash",
)


def grading_csv(sheets: Sequence[ResultSheet], jury: Sequence[Person], lang: str) -> str:
    t = translator(lang)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    header = [t(f"doc.csv.{c}") for c in COLUMNS]
    for n in range(1, len(jury) + 1):
        header += [message(lang, f"doc.csv.{c}", n=n) for c in PER_JURY]
    writer.writerow(header + [t(f"doc.csv.{c}") for c in FINAL])
    yes_no = {True: t("doc.csv.yes"), False: t("doc.csv.no")}
    for sheet in sheets:
        result = {True: t("doc.passed"), False: t("doc.failed"), None: t("doc.pending")}[
            sheet.outcome.passed
        ]
        if sheet.status:
            result = t(f"doc.status.{sheet.status}")
        status = (
            f"{t(f'doc.status.{sheet.status}')} : {sheet.status_reason}" if sheet.status else ""
        )
        signed = ", ".join(f"{s.jury_name} ({s.signed_at})" for s in sheet.signatures)
        open_ = "" if sheet.status else t("doc.open")
        for line in sheet.criteria:
            marks = {m.jury_name: m for m in line.marks}
            row = [
                sheet.candidate.number,
                sheet.candidate.name,
                status,
                line.reference,
                line.label,
                t(f"verdict.{line.proposal}") if line.proposal else "",
                line.measures,
            ]
            for person in jury:
                mark = marks.get(person.name)
                row += [
                    f"{person.name} ({t(f'evaluator.{person.evaluator}')})",
                    t(f"verdict.{mark.decision}") if mark and mark.decision else "",
                    mark.comment if mark else "",
                ]
            row += [
                yes_no[sheet.revealed],
                t(f"verdict.{line.decision}") if line.decision else open_,
                t(f"doc.csv.how.{line.how}"),
                line.proposed_by,
                ", ".join(line.agreed_by),
                line.comment,
                line.recommendation,
                result,
                signed,
                sheet.log_hash_now,
            ]
            writer.writerow(row)
    return out.getvalue()
