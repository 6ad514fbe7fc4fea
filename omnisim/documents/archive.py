"""An exam's sealed archive, and its check (``omnisim record verify ARCHIVE``).

The archive is a zip: the exported log (``journal.jsonl``, one event per line, as the
exam's export writes it), the procès-verbal and every result sheet in PDF, the grading
CSV, and ``manifest.json``: the size and SHA-256 of every other file, and what the jury
signed (each signature's log hash and sheet hash). Its seal is the SHA-256 of the
manifest: a locked record's archive is the same, byte for byte, whenever it is made
(entries dated at the lock, in a fixed order, the PDFs edited at the lock), so a seal noted
once identifies the archive for good.

The check refuses an archive whose files differ by one byte from the manifest, or that
has files the manifest does not list, and re-reads the log: every stream numbered without
a gap, every signature's log hash recomputed from the attempt's events
(omnisim/jury/integrity.py), every signed sheet's hash recomputed from the grading.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from omnisim.events import Event
from omnisim.exams.state import ExamState, attempt_stream, fold, grading_stream
from omnisim.i18n import Text
from omnisim.jury.integrity import log_hash
from omnisim.jury.workflow import current_sheet_hash
from omnisim.refusals import RefusalError
from omnisim.scenario import scenario_from_snapshot

MANIFEST = "manifest.json"
JOURNAL = "journal.jsonl"
FORMAT = "omnisim-archive/1"


@dataclass(frozen=True)
class Sealed:
    data: bytes  # the zip
    seal: str  # sha256 of its manifest


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _signatures(state: ExamState) -> list[dict[str, Any]]:
    return [
        {
            "candidate": cid,
            "jury": jury_id,
            "name": s.name,
            "log_seq": s.log_seq,
            "log_hash": s.log_hash,
            "sheet_hash": s.sheet_hash,
        }
        for cid, g in sorted(state.grading.items())
        for jury_id, s in sorted(g.signatures.items())
    ]


def seal(state: ExamState, files: dict[str, bytes], at: float) -> Sealed:
    """Zip ``files`` with their manifest; entries dated ``at`` (the lock), in name order."""
    assert state.created is not None
    manifest = {
        "format": FORMAT,
        "exam": state.exam_id,
        "title": state.created.title,
        "deck_hash": state.created.deck_hash,
        "grid": [state.created.grid_id, state.created.grid_version],
        "locked": state.locked,
        "locked_at": state.locked_at,
        "files": {
            name: {"bytes": len(data), "sha256": _sha(data)} for name, data in sorted(files.items())
        },
        "signatures": _signatures(state),
        "errata": [
            {"number": e.number, "text": e.text, "signed_by": sorted(e.signatures)}
            for e in state.errata
        ],
    }
    body = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode()
    stamp = datetime.fromtimestamp(max(at, 315532800), UTC).timetuple()[:6]  # zip: from 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in [*sorted(files.items()), (MANIFEST, body)]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return Sealed(out.getvalue(), _sha(body))


@dataclass(frozen=True)
class Verdict:
    """What the check found: problems (empty: the archive holds), and what it checked."""

    problems: tuple[Text, ...]
    seal: str
    exam: str
    files: int
    events: int
    signatures: int

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(data: bytes) -> Verdict:
    problems: list[Text] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        names = set(zf.namelist())
        body = zf.read(MANIFEST)
        manifest = json.loads(body)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        return Verdict((Text("record.verify.not_archive"),), "", "", 0, 0, 0)
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if manifest.get("format") != FORMAT or not isinstance(listed, dict):
        return Verdict((Text("record.verify.not_archive"),), _sha(body), "", 0, 0, 0)
    contents: dict[str, bytes] = {}
    for name, want in sorted(listed.items()):
        if name not in names:
            problems.append(Text("record.verify.missing", file=name))
            continue
        contents[name] = zf.read(name)
        if _sha(contents[name]) != want.get("sha256") or len(contents[name]) != want.get("bytes"):
            problems.append(Text("record.verify.changed", file=name))
    for name in sorted(names - set(listed) - {MANIFEST}):
        problems.append(Text("record.verify.unlisted", file=name))
    events, state = _journal(contents.get(JOURNAL, b""), problems)
    if state is not None:
        try:  # a changed byte may leave a log that no longer folds or replays: say so
            problems += _signed(state, events, manifest)
        except (RefusalError, ValueError, KeyError, TypeError, AttributeError) as exc:
            problems.append(Text("record.verify.journal_inconsistent", error=str(exc)[:120]))
    return Verdict(
        tuple(problems),
        _sha(body),
        str(manifest.get("exam", "")),
        len(listed),
        sum(len(e) for e in events.values()),
        len(manifest.get("signatures", [])),
    )


def _journal(raw: bytes, problems: list[Text]) -> tuple[dict[str, list[Event]], ExamState | None]:
    """The log by stream, each numbered 1, 2, 3… without a gap, and the exam folded from it."""
    streams: dict[str, list[Event]] = {}
    line = 0
    try:
        for line, text in enumerate(raw.decode().splitlines(), start=1):  # noqa: B007
            event = Event.from_dict(json.loads(text))
            streams.setdefault(event.session_id, []).append(event)
    except (ValueError, KeyError, TypeError) as exc:
        problems.append(Text("record.verify.journal_unreadable", line=line, error=str(exc)[:120]))
        return streams, None
    for stream, events in streams.items():
        if [e.seq for e in events] != list(range(1, len(events) + 1)):
            problems.append(Text("record.verify.gap", stream=stream))
    exam_ids = [s for s in streams if s.startswith("ex") and "-" not in s]
    if len(exam_ids) != 1:
        problems.append(Text("record.verify.no_exam"))
        return streams, None
    exam_id = exam_ids[0]
    try:
        state = fold(exam_id, streams[exam_id] + streams.get(grading_stream(exam_id), []))
    except (RefusalError, ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(Text("record.verify.journal_inconsistent", error=str(exc)[:120]))
        return streams, None
    return streams, state if state.created is not None else None


def _signed(
    state: ExamState, streams: dict[str, list[Event]], manifest: dict[str, Any]
) -> list[Text]:
    """Each signature's log hash and sheet hash, recomputed from the journal."""
    assert state.created is not None
    problems: list[Text] = []
    if _signatures(state) != manifest.get("signatures"):
        problems.append(Text("record.verify.signatures_differ"))
    grid = None
    if state.created.grid_id:
        grid = scenario_from_snapshot(state.created.snapshot).grids.get(state.created.grid_id)
    for cid, g in state.grading.items():
        log = streams.get(attempt_stream(state.exam_id, cid), [])
        for jury_id, s in g.signatures.items():
            if log_hash(log, s.log_seq) != s.log_hash:
                problems.append(Text("record.verify.log_changed", candidate=cid, jury=jury_id))
            if grid is not None and current_sheet_hash(state, cid, grid) != s.sheet_hash:
                problems.append(Text("record.verify.sheet_changed", candidate=cid, jury=jury_id))
    return problems
