"""JSON Schema of the deck files, generated from the dataclasses so it never drifts.

Editors (VS Code's YAML extension, for instance) use it to autocomplete fields and
underline mistakes while a trainer types.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Collection
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from omnisim.deck.model import (
    ARRIVAL_CLOCK,
    Article,
    Contact,
    CrmRecord,
    Deck,
    Document,
    Principal,
    Template,
)
from omnisim.deck.scripts import DiagnosticScript
from omnisim.schema import ABSENT, MAX_LENGTH, Named

PARTS: dict[str, tuple[type, bool]] = {  # part -> (record, file holds a list of them)
    "deck": (Deck, False),
    "contact": (Contact, False),
    "principals": (Principal, True),
    "crm": (CrmRecord, True),
    "documents": (Document, True),
}
_SCALARS = {str: "string", int: "integer", float: "number", bool: "boolean"}
_TIME = {"type": "string", "pattern": ARRIVAL_CLOCK}
_EXCLUDED: dict[type, set[str]] = {Deck: {"path", "knowledge", "templates", "scripts"}}


def _schema(tp: Any, refs: bool = False) -> dict[str, Any]:
    """``refs``: a nested record or a :class:`~omnisim.schema.Named` shape is a ``$ref`` to
    ``#/$defs/<its name>`` instead of written out in place."""
    origin = get_origin(tp)
    if tp is Any:
        return {}
    if origin is Annotated:
        shape, *marks = get_args(tp)
        named = [m.name for m in marks if isinstance(m, Named)]
        return {"$ref": f"#/$defs/{named[0]}"} if refs and named else _schema(shape, refs)
    if origin is Literal:
        return {"enum": list(get_args(tp))}
    if origin in (Union, types.UnionType):
        return {"anyOf": [_schema(a, refs) for a in get_args(tp)]}
    if origin in (tuple, list):
        return {"type": "array", "items": _schema(get_args(tp)[0], refs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _schema(get_args(tp)[1], refs)}
    if tp is type(None):
        return {"type": "null"}
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return {"$ref": f"#/$defs/{tp.__name__}"} if refs else _record(tp)
    return {"type": _SCALARS[tp]}


def _default(f: dataclasses.Field[Any]) -> Any:
    """A field's default as JSON (what a form shows when the field is left out), or MISSING."""
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        value = f.default_factory()
        if isinstance(value, (tuple, list, dict)) and not value:
            return [] if isinstance(value, (tuple, list)) else {}
    return dataclasses.MISSING


def _record(cls: type, refs: bool = False, exclude: Collection[str] = ()) -> dict[str, Any]:
    hints = typing.get_type_hints(cls, include_extras=True)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        if f.name in _EXCLUDED.get(cls, set()) or f.name in exclude:
            continue
        hint = hints[f.name]
        if f.metadata.get(ABSENT):  # no key rather than null: the type without None
            hint = typing.Union[tuple(a for a in get_args(hint) if a is not type(None))]  # noqa: UP007
        prop = _schema(hint, refs)
        if MAX_LENGTH in f.metadata:  # capped(): refused beyond, and said so here
            limit = "maxLength" if prop.get("type") == "string" else "maxItems"
            prop = {**prop, limit: f.metadata[MAX_LENGTH]}
        default = _default(f)
        if default is not dataclasses.MISSING and not refs:  # the studio's placeholders
            prop["default"] = default
        if cls is Contact and f.name == "at":
            prop = {
                "anyOf": [prop, _TIME],
                "description": "secondes simulées, ou « MM:SS » / « HH:MM:SS »",
            }
        properties[f.name] = prop
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    if cls is Contact:
        # A contact file's name is its id; a library contact (extra: true) has no `at`.
        required = [r for r in required if r not in ("id", "at")]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if cls is Contact:
        schema["if"] = {"properties": {"extra": {"const": True}}, "required": ["extra"]}
        schema["then"] = {"not": {"required": ["at"]}}
        schema["else"] = {"required": ["at"]}
    if required:
        schema["required"] = required
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):  # not the generated one
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def deck_schema(part: str) -> dict[str, Any]:
    record, many = PARTS[part]
    body = _record(record)
    if many:
        body = {"type": "array", "items": body}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"OmniSim deck: {part}",
        **body,
    }


def record_schema(cls: type, refs: bool = False, exclude: Collection[str] = ()) -> dict[str, Any]:
    """JSON Schema of any closed record (deck parts, API bodies, wire messages): one generator.

    ``refs``: nested records and named shapes as ``$ref`` (``#/$defs/<name>``), for a
    reader that names them (the TypeScript types); ``exclude``: fields left out (those the
    server fills in, see ``omnisim.schema.build``).
    """
    return _record(cls, refs, exclude)


# The settings of a document: deck.yaml's fields, the other parts having their own section.
_SECTIONS = frozenset({"briefing", "principals", "crm", "contacts"})
_MARKDOWN = {"type": "string", "format": "markdown"}


def document_schema() -> dict[str, Any]:
    """JSON Schema of a deck document (omnisim/deck/document.py), the studio's forms' source:
    a field added to the deck's records appears in the studio with no other change."""

    def many(body: dict[str, Any]) -> dict[str, Any]:
        return {"type": "array", "items": body, "default": []}

    contact = _record(Contact)
    contact["required"] = ["id", *contact.get("required", [])]
    article = _record(Article, exclude={"title"})  # its title is its first "# " line
    template = _record(Template, exclude={"variables"})  # read from the body
    for part in (article, template):
        part["properties"]["body"] = dict(_MARKDOWN)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "OmniSim deck document",
        "type": "object",
        "properties": {
            "format": {"const": 1},
            "settings": _record(Deck, exclude=_SECTIONS),
            "briefing": dict(_MARKDOWN, default=""),
            "principals": many(_record(Principal)),
            "crm": many(_record(CrmRecord)),
            "knowledge": many(article),
            "templates": many(template),
            "scripts": many(_record(DiagnosticScript)),
            "contacts": many(contact),
        },
        "required": ["settings"],
        "additionalProperties": False,
    }
