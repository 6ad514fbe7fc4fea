"""Checking a deck document: exactly the checks of ``omnisim deck check``, located by field.

The document is written as the deck's files (omnisim/deck/document.py) and those are
checked by the loader and the cross-checks, so the studio and the command line cannot
disagree. Each problem found in a file is then placed back at the document path of its
field (``contacts[3].key.script``), where the studio shows it, with its catalog text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.document import FORMAT, SECTIONS, Written, files_of
from omnisim.deck.loader import check_files_warned
from omnisim.deck.model import Deck
from omnisim.deck.scripts import DiagnosticScript
from omnisim.deck.yamlpos import DeckProblem
from omnisim.i18n import Text

ROOT = "deck"


@dataclass(frozen=True)
class DocProblem:
    """A problem at a field of the document (``path``, "" for the deck as a whole)."""

    path: str
    text: Text

    def render(self, lang: str) -> str:
        return self.text.render(lang)


def _join(prefix: str, field: str) -> str:
    if not field:
        return prefix
    if not prefix or field.startswith("["):
        return f"{prefix}{field}"
    return f"{prefix}.{field}"


def _place(written: Written, problem: DeckProblem) -> DocProblem:
    relpath = problem.file.removeprefix(f"{ROOT}/")
    prefix = written.places.get(relpath, "")
    field = problem.field
    if relpath == "deck.yaml" and field.split(".")[0].split("[")[0] in ("briefing", "contacts"):
        prefix = ""  # written into deck.yaml only when not text / not a list
    elif relpath.startswith("knowledge/") and not field:
        field = "body"
    text = problem.text or Text("deckerr.literal", reason=problem.message)
    if text.key == "deckerr.duplicate_contact":  # "also in <file>": a file the trainer never saw
        text = Text("deckerr.duplicate_id", id=dict(text.params)["id"])
    return DocProblem(_join(prefix, field), text)


def _shape(doc: Any) -> list[DocProblem]:
    if not isinstance(doc, Mapping):
        return [DocProblem("", Text("err.value_not_object", got=type(doc).__name__))]
    found = [
        DocProblem(str(key), Text("err.field_unknown_expected", known=", ".join(SECTIONS)))
        for key in doc
        if key not in (*SECTIONS, "format")
    ]
    if doc.get("format", FORMAT) != FORMAT:
        found.append(DocProblem("format", Text("deckerr.doc_format", format=FORMAT)))
    if not isinstance(doc.get("settings", {}), Mapping):
        found.append(DocProblem("settings", Text("deckerr.settings_not_mapping")))
    return found


def check_document(
    doc: Any,
    scripts: Mapping[str, DiagnosticScript],
    rules: Mapping[str, ChannelRules],
    grids: Collection[str],
) -> tuple[Deck | None, list[DocProblem]]:
    """The deck (None unless it has no problem at all) and every problem, by document path."""
    deck, found, _warnings = check_document_warned(doc, scripts, rules, grids)
    return deck, found


def check_document_warned(
    doc: Any,
    scripts: Mapping[str, DiagnosticScript],
    rules: Mapping[str, ChannelRules],
    grids: Collection[str],
) -> tuple[Deck | None, list[DocProblem], list[DocProblem]]:
    """:func:`check_document` with the warnings (deck/advice.py), placed at their fields."""
    found = _shape(doc)
    if found:
        return None, found, []
    written = files_of(doc, ROOT)
    found = [DocProblem(path, text) for path, text in written.problems]
    deck, problems, warnings = check_files_warned(written.files, scripts, rules, grids)
    found += [_place(written, p) for p in problems]
    return (deck if not found else None), found, [_place(written, w) for w in warnings]
