"""Diagnostic scripts, as data in ``scripts_diagnostic/``: ordered steps and what each must obtain.

CP FFP: "le candidat déroule le script de questionnement et l'adapte en fonction
des réponses formulées par l'appelant". ``ask`` lists the phrases whose presence in a
candidate message means the step was asked (same loose matching as a deck fact).
Titles and questions are French; their English is in ``web/i18n/en.data.yaml``
(:meth:`DiagnosticScript.title_for`, :meth:`DiagnosticScript.question_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

import yaml

from omnisim.deck.yamlpos import Refused, load_text, schema_text
from omnisim.i18n import Text, data_text, without_legacy_english
from omnisim.paths import data_dir
from omnisim.schema import SchemaError, build


@dataclass(frozen=True)
class Branch:
    """After this step, go to ``goto`` when ``when`` (a fact id or a keyword) came up."""

    when: str
    goto: str


@dataclass(frozen=True)
class Step:
    id: str
    question: str
    obtains: str = ""
    ask: tuple[str, ...] = ()
    branches: tuple[Branch, ...] = ()


@dataclass(frozen=True)
class DiagnosticScript:
    id: str
    title: str
    steps: tuple[Step, ...]
    order_required: bool = True

    def title_for(self, lang: str) -> str:
        """The script's title in ``lang``: the data's French, or its English from the catalog."""
        return data_text(lang, self.text_key(), self.title)

    def question_for(self, step: Step, lang: str) -> str:
        """A step's question in ``lang`` (French from the data)."""
        return data_text(lang, self.text_key(step), step.question)

    def text_key(self, step: Step | None = None) -> str:
        """The catalog key of the title's English (no step) or of a step's question."""
        return f"script.{self.id}.title" if step is None else f"script.{self.id}.step.{step.id}"


class ScriptError(ValueError):
    """A malformed script, located as ``file: field: reason`` (``text``: the reason's key)."""

    def __init__(self, name: str, field: str, text: Text) -> None:
        where = f"{field}: " if field else ""
        super().__init__(f"{name}: {where}{text.render('en')}")
        self.field, self.text = field, text


def parse_script(text: str, name: str) -> DiagnosticScript:
    """A script from its YAML text; ``name`` is its file name (the id must match its stem)."""
    try:
        # Scripts frozen by older exams still carry title_en/question_en: ignored, not refused.
        script = build(DiagnosticScript, without_legacy_english(load_text(text)))
    except Refused as exc:
        raise ScriptError(name, "", exc.text) from exc
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        raise ScriptError(name, "", Text("deckerr.yaml", reason=str(reason))) from exc
    except SchemaError as exc:
        raise ScriptError(name, exc.field, schema_text(exc)) from exc
    ids = [s.id for s in script.steps]
    for index, step in enumerate(script.steps):
        for branch in step.branches:
            if branch.goto not in ids:
                where = f"steps[{index}].branches"
                raise ScriptError(name, where, Text("deckerr.unknown_step", step=branch.goto))
    stem = PurePath(name).stem
    if script.id != stem:
        raise ScriptError(name, "id", Text("deckerr.script_id", id=script.id, stem=stem))
    return script


def load_script(path: Path) -> DiagnosticScript:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ScriptError(str(path), "", Text("deckerr.not_utf8")) from exc
    return parse_script(text, str(path))


@cache
def load_scripts() -> dict[str, DiagnosticScript]:
    """Every bundled script by id."""
    return {p.stem: load_script(p) for p in sorted(data_dir("scripts_diagnostic").glob("*.yaml"))}
