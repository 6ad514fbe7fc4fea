"""YAML text read with the line and column of every field, and problems located with them.

A deck is written by hand by trainers, so a mistake must point at the exact spot:
YAML is composed into nodes (which carry their line and column), each field path
("contacts[2].key.sla_minutes") is mapped to its node, and a problem is reported
at the node of its field, or of the nearest enclosing one. Pure: text in, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


@dataclass(frozen=True)
class DeckProblem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class DeckError(ValueError):
    """A deck that cannot be played; ``problems`` lists every one found."""

    def __init__(self, found: list[DeckProblem]) -> None:
        super().__init__("\n".join(str(p) for p in found))
        self.problems = found


@dataclass
class Source:
    """One file of the deck: its data and where each field path sits in it."""

    file: str
    data: Any = None
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: str) -> tuple[int, int]:
        """Line and column of ``path``, or of the nearest enclosing field that exists."""
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (1, 1)
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str) -> DeckProblem:
        line, column = self.at(path)
        return DeckProblem(self.file, line, column, path, message)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(
    node: yaml.Node,
    path: str,
    marks: dict[str, tuple[int, int]],
    src: Source,
    found: list[DeckProblem],
) -> None:
    marks.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            sub = f"{path}.{name}" if path else name
            if name in seen:
                line, column = _mark(key)
                found.append(
                    DeckProblem(src.file, line, column, sub, "duplicate key, each field once")
                )
            seen.add(name)
            marks[sub] = _mark(value) if isinstance(value, yaml.ScalarNode) else _mark(key)
            _walk(value, sub, marks, src, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", marks, src, found)


def parse_yaml(text: str, file: str, found: list[DeckProblem]) -> Source | None:
    """The data of ``text`` with its marks, or None with a located problem; ``file`` names it."""
    src = Source(file)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        src.data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        found.append(
            DeckProblem(file, line, column, "", f"invalid YAML: {reason} (check the indentation)")
        )
        return None
    if node is not None:
        _walk(node, "", src.marks, src, found)
    return src
