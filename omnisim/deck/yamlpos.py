"""YAML text read with the line and column of every field, and problems located with them.

A deck is written by hand by trainers, so a mistake must point at the exact spot:
YAML is composed into nodes (which carry their line and column), each field path
("contacts[2].key.sla_minutes") is mapped to its node, and a problem is reported
at the node of its field, or of the nearest enclosing one. Pure: text in, no I/O.

Decks come from any trainer's upload, so the reader refuses what a deck never needs
and an attacker would: anchors and aliases (``&a`` / ``*a``: a few hundred bytes of
nested aliases expand to gigabytes when walked), nesting deeper than
:data:`MAX_DEPTH`, and more than :data:`MAX_NODES` values or :data:`MAX_CHARS` characters
of YAML in one deck (the reader costs a few microseconds a character and tens a value:
the 20 MiB an upload may hold would be minutes of CPU). All are refused from the
parser's events, before any node is composed, with the place of the first one.
A value no Python type holds (a number of 5,000 digits, the 30th of February) is a
located problem too, never a crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from dataclasses import field as default_of
from typing import Any, cast

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
    values: int = 0  # how many YAML values it holds (the deck's budget)

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
# One deck's YAML, all its files together; the largest bundled deck has 1,400 values and
# 30,000 characters.
MAX_NODES = 10_000
MAX_CHARS = 512 * 1024


@dataclass
class Budget:
    """What is left to read of one deck's YAML."""

    nodes: int = MAX_NODES
    chars: int = MAX_CHARS


#: The deck's budget, shared by the files read under deck_budget().
_left: ContextVar[Budget | None] = ContextVar("omnisim_yaml_left", default=None)


@contextmanager
def deck_budget() -> Iterator[None]:
    """Every file read inside shares one budget (one deck's)."""
    token = _left.set(Budget())
    try:
        yield
    finally:
        _left.reset(token)


def charge(values: int, chars: int) -> Text | None:
    """Charge the deck's budget with a file read under a budget of its own (a contact file,
    read once per text whatever deck holds it); the refusal once the deck's runs out."""
    left = _left.get()
    if left is None:
        return None
    left.nodes -= values
    left.chars -= chars
    if left.chars < 0:
        return Text("deckerr.yaml_size", limit=MAX_CHARS)
    if left.nodes < 0:
        return Text("deckerr.yaml_values", limit=MAX_NODES)
    return None


class Refused(yaml.YAMLError):
    """YAML a deck may not use, located (an anchor, an alias, nesting too deep, too much)."""

    def __init__(self, text: Text, mark: Any) -> None:  # a yaml.Mark, from either reader
        problem = text.render("en")
        super().__init__(problem)
        self.problem, self.text = problem, text
        self.problem_mark = mark


MAX_INT_BITS = 64


class _Values:
    """A value Python cannot hold (a number of 5,000 digits, the 30th of February) is a
    located problem: the constructor's ValueError would be a crash. So is a value no deck
    field holds and a deck's text cannot carry (``!!binary`` bytes, a ``!!set``)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = yaml.constructor.BaseConstructor.construct_object(cast(Any, self), node, deep)
        except (ValueError, OverflowError) as exc:
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else ""
            raise Refused(Text("deckerr.yaml_value", value=shown), node.start_mark) from exc
        # 0x, 0b and 1:2:3 numbers are not held to Python's 4,300 digits when read, only when
        # written: a hex of 5,000 digits crashed whatever printed it. No deck field needs more
        # than 64 bits (a phone number written bare has 35).
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            shown = str(node.value)[:40] if isinstance(node, yaml.ScalarNode) else ""
            raise Refused(Text("deckerr.yaml_value", value=shown), node.start_mark)
        if isinstance(value, (bytes, bytearray, set, frozenset)):
            tag = str(node.tag).rsplit(":", 1)[-1]
            raise Refused(Text("deckerr.yaml_tag", tag=f"!!{tag}"), node.start_mark)
        return value


class _PureLoader(_Values, yaml.SafeLoader):
    """The pure-Python reader refuses deep nesting in its scanner too, before the parser
    sees it: PyYAML's scanner looks over every open flow level at each token (8,000 "["
    took 11 s)."""

    def fetch_flow_collection_start(self, token_class: Any) -> None:
        if self.flow_level >= MAX_DEPTH:
            raise Refused(Text("deckerr.yaml_deep", depth=MAX_DEPTH), self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= MAX_DEPTH:
            raise Refused(Text("deckerr.yaml_deep", depth=MAX_DEPTH), self.get_mark())
        return bool(super().add_indent(column))


# libyaml's reader when the machine has it (ten times faster on a 200-contact deck), the pure
# Python one otherwise: both give the same nodes and the same marks.
_Loader: Any = _PureLoader
if hasattr(yaml, "CSafeLoader"):

    class _CLoader(_Values, yaml.CSafeLoader):
        """libyaml's reader, values checked as the pure one's."""

    _Loader = _CLoader


def _refuse_aliases_and_depth(text: str) -> int:
    """Refuse anchors, aliases, nesting deeper than :data:`MAX_DEPTH` and more values than
    the deck's budget leaves from the parser's events, before any node is composed: nothing
    is expanded, nothing is built. The number of values read."""
    left = _left.get() or Budget()  # a file read alone has a deck's budget
    left.chars -= len(text)
    if left.chars < 0:
        raise Refused(Text("deckerr.yaml_size", limit=MAX_CHARS), None)
    depth = values = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise Refused(Text("deckerr.yaml_alias"), event.start_mark)
        if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)):
            left.nodes -= 1
            values += 1
            if left.nodes < 0:
                raise Refused(Text("deckerr.yaml_values", limit=MAX_NODES), event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise Refused(Text("deckerr.yaml_deep", depth=MAX_DEPTH), event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return values


def load_text(text: str) -> Any:
    """The data of a deck's YAML text, checked first (yaml.YAMLError)."""
    return _compose(text)[1]


def _compose(text: str, src: Source | None = None) -> tuple[yaml.Node | None, Any]:
    values = _refuse_aliases_and_depth(text)
    if src is not None:
        src.values = values
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
        node, src.data = _compose(text, src)
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
