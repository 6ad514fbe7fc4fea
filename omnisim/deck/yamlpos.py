"""YAML text read with the line and column of every field, and problems located with them.

A deck is written by hand by trainers, so a mistake must point at the exact spot:
YAML is composed into nodes (which carry their line and column), each field path
("contacts[2].key.sla_minutes") is mapped to its node, and a problem is reported
at the node of its field, or of the nearest enclosing one. Pure: text in, no I/O.

Decks come from any trainer's upload, so the reader refuses what a deck never needs
and an attacker would: anchors and aliases (``&a`` / ``*a``: a few hundred bytes of
nested aliases expand to gigabytes when walked) and nesting deeper than
:data:`MAX_DEPTH`. Both are refused while composing, before anything is expanded,
with the place of the first one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import field as default_of
from typing import Any

import yaml

from omnisim.i18n import Text
from omnisim.schema import SchemaError


@dataclass(frozen=True)
class DeckProblem:
    """A located problem; ``message`` is its English text (logs, CLI), ``text`` its catalog
    key and parameters, so a page says it in the reader's language (:meth:`render`)."""

    file: str
    line: int
    column: int
    field: str
    message: str
    text: Text = default_of(default=Text(), compare=False)

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"

    def render(self, lang: str) -> str:
        """The reason in ``lang`` (fr or en)."""
        return self.text.render(lang) if self.text else self.message

    def said(self, lang: str) -> str:
        """``file:line:column: field: reason``, the reason in ``lang``."""
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.render(lang)}"


def schema_text(error: SchemaError) -> Text:
    """A schema refusal as a catalog text (its key and parameters), for a located problem."""
    if error.key:
        return Text(error.key, **error.params)
    return Text("deckerr.literal", reason=error.reason)


def located(file: str, line: int, column: int, field: str, text: Text) -> DeckProblem:
    """A problem whose reason is a catalog text (its English kept as ``message``)."""
    return DeckProblem(file, line, column, field, text.render("en"), text)


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

    def problem(self, path: str, text: Text) -> DeckProblem:
        line, column = self.at(path)
        return located(self.file, line, column, path, text)


MAX_DEPTH = 40  # nested mappings and lists; a deck needs fewer than ten


class Refused(yaml.YAMLError):
    """YAML a deck may not use, located (an anchor, an alias, nesting too deep)."""

    def __init__(self, text: Text, mark: Any) -> None:  # a yaml.Mark, from either reader
        problem = text.render("en")
        super().__init__(problem)
        self.problem, self.text = problem, text
        self.problem_mark = mark


# libyaml's reader when the machine has it (ten times faster on a 200-contact deck), the pure
# Python one otherwise: both give the same nodes and the same marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _refuse_aliases_and_depth(text: str) -> None:
    """Refuse anchors, aliases and nesting deeper than :data:`MAX_DEPTH` from the parser's
    events, before any node is composed: nothing is expanded, nothing is built."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(Text("deckerr.yaml_alias"), event.start_mark)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(Text("deckerr.yaml_deep", depth=MAX_DEPTH), event.start_mark)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def load_text(text: str) -> Any:
    """The data of a deck's YAML text, checked first (yaml.YAMLError)."""
    return _compose(text)[1]


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    _refuse_aliases_and_depth(text)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


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
                found.append(located(src.file, line, column, sub, Text("deckerr.duplicate_key")))
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
        node, src.data = _compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        said = exc.text if isinstance(exc, Refused) else Text("deckerr.yaml", reason=str(reason))
        found.append(located(file, line, column, "", said))
        return None
    if node is not None:
        _walk(node, "", src.marks, src, found)
    return src
