"""Closed-schema records built from untrusted dicts.

Events read back from a store and messages arriving on a socket go through the
same check: unknown fields are refused, required fields must be present, and
every value must have the declared type. Errors name the field and the reason,
so the gateway can answer a candidate's browser and a deck author alike.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from omnisim.i18n import Text, is_key
from omnisim.refusals import RefusalError

T = TypeVar("T")
# A field's metadata key: the field is left out of the JSON while it holds None (see absent()).
ABSENT = "omnisim.absent"
# A field's metadata key: its most characters (a text) or items (a list), see capped().
MAX_LENGTH = "omnisim.max_length"


@dataclass(frozen=True)
class Named:
    """The name a shape of JSON is known by to the schema's readers: ``Annotated[dict[str,
    Any], Named("StoredEvent")]`` is checked as a dict, written as a ``$ref`` to that name
    (omnisim/deck/jsonschema.py), so the TypeScript types name it, and is JSON already:
    :func:`dump` passes it on as it is (a push of 2,000 events is not copied again)."""

    name: str


def _ready(tp: Any) -> bool:
    return get_origin(tp) is Annotated and any(isinstance(m, Named) for m in get_args(tp))


def absent() -> Any:
    """A field that may be missing from the JSON: None in Python, no key at all on the wire.

    For a message whose keys come and go (the jury's criteria rows carry ``others`` only once
    the gradings are revealed): a key absent today stays absent, it is never sent as null.
    Keyword-only, so it may sit anywhere in the record, where its key sits in the JSON.
    """
    return dataclasses.field(default=None, kw_only=True, metadata={ABSENT: True})


def capped(limit: int, default: Any = dataclasses.MISSING) -> Any:
    """A text of at most ``limit`` characters, or a list of at most ``limit`` items: longer
    is refused by :func:`build`, naming the field, never cut; the JSON Schema says the
    limit (``maxLength``, ``maxItems``: omnisim/deck/jsonschema.py), so the API's OpenAPI
    description states it too."""
    return dataclasses.field(default=default, metadata={MAX_LENGTH: limit})


class SchemaError(RefusalError, ValueError):
    """A value does not fit its declared schema (malformed input); ``field`` is a dotted path.

    ``reason`` is a message key of the catalog (``web/i18n``) with ``params``, so
    the same refusal reads in French or English (:meth:`render`). A well-formed request
    the rules refuse is a :class:`omnisim.refusals.Declined` instead.
    """


def received(value: Any) -> Any:
    """The type of a refused value, for its refusal: "got str" in English, "un texte" in French."""
    name = type(value).__name__
    return Text(f"err.type.{name}") if is_key(f"err.type.{name}") else name


def _known(names: Any) -> Any:
    """The fields or values one may use, for a refusal: "a, b, c", or "none" (in its language)."""
    return ", ".join(sorted(names)) or Text("err.none_known")


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


@cache
def _fields(cls: type, exclude: tuple[str, ...]) -> dict[str, dataclasses.Field[Any]]:
    """A record's fields a sender may set, by name: read once per record, not per message."""
    every = dataclasses.fields(cls)
    return {f.name: f for f in every if f.name not in exclude}


def _type_name(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return " | ".join(repr(a) for a in get_args(tp))
    if origin in (Union, types.UnionType):
        return " | ".join(_type_name(a) for a in get_args(tp))
    if origin is not None:
        return f"{origin.__name__}[{', '.join(_type_name(a) for a in get_args(tp))}]"
    return "null" if tp is type(None) else getattr(tp, "__name__", str(tp))


def _coerce(tp: Any, value: Any, path: str) -> Any:
    if tp is str:  # the plain types first: most fields are, and they have no origin to ask
        if not isinstance(value, str):
            raise SchemaError(path, "err.value_not_string", got=received(value))
        return value
    if tp is Any:
        return value
    origin = get_origin(tp)
    if origin is Literal:
        if value not in get_args(tp):
            raise SchemaError(path, "err.value_not_one_of", allowed=_type_name(tp), got=repr(value))
        return value
    if origin in (Union, types.UnionType):
        for option in get_args(tp):
            try:
                return _coerce(option, value, path)
            except SchemaError:
                continue
        raise SchemaError(path, "err.value_not_type", expected=_type_name(tp), got=received(value))
    if origin in (tuple, list):
        if not isinstance(value, (list, tuple)):
            raise SchemaError(path, "err.value_not_list", got=received(value))
        (item_type, *_rest) = get_args(tp) or (Any,)
        return tuple(_coerce(item_type, v, f"{path}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise SchemaError(path, "err.value_not_object", got=received(value))
        return dict(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        return build(tp, value, path)
    if tp is type(None):
        if value is not None:
            raise SchemaError(path, "err.value_not_null", got=received(value))
        return None
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(path, "err.value_not_number", got=received(value))
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(path, "err.value_not_integer", got=received(value))
        return value
    if tp is bool:
        if not isinstance(value, bool):
            raise SchemaError(path, "err.value_not_bool", got=received(value))
        return value
    raise TypeError(f"unsupported schema type {tp!r} at {path}")


def build(cls: type[T], data: Any, path: str = "", exclude: Collection[str] = ()) -> T:
    """Build dataclass ``cls`` from ``data``, refusing unknown and ill-typed fields.

    ``exclude``: defaulted fields the sender may not set (the server fills them in), refused
    as unknown.
    """
    where = path or cls.__name__
    if not isinstance(data, dict):
        raise SchemaError(where, "err.value_not_object", got=received(data))
    fields = _fields(cls, tuple(exclude))  # type: ignore[arg-type]
    for key in data:
        if key not in fields:
            name = key if isinstance(key, str) and key.strip() else repr(key)
            at = f"{path}.{name}" if path else name
            raise SchemaError(at, "err.field_unknown", known=_known(fields))
    hints = _hints(cls)  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for name, f in fields.items():
        sub = f"{path}.{name}" if path else name
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise SchemaError(sub, "err.field_missing")
            continue
        if data[name] is None and f.metadata.get(ABSENT):  # absent is no key, never null
            shown = [_type_name(a) for a in get_args(hints[name]) if a is not type(None)]
            raise SchemaError(sub, "err.value_not_type", expected=" | ".join(shown), got="null")
        values[name] = _coerce(hints[name], data[name], sub)
        limit = f.metadata.get(MAX_LENGTH)
        if limit is not None and len(values[name]) > limit:
            if isinstance(values[name], str):
                raise SchemaError(sub, "err.too_long", limit=limit)
            raise SchemaError(sub, "err.too_many_items", limit=limit)
    return cls(**values)


def problems(cls: type, data: Any, path: str = "") -> list[SchemaError]:
    """Every schema problem of ``data`` at once (``build`` stops at the first).

    Used where a person fixes a file by hand (decks): they want the whole list.
    """
    where = path or cls.__name__
    if not isinstance(data, dict):
        return [SchemaError(where, "err.value_not_object", got=received(data))]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    hints = _hints(cls)
    found: list[SchemaError] = []
    for key in data:
        if key not in fields:
            name = key if isinstance(key, str) and key.strip() else repr(key)
            at = f"{path}.{name}" if path else name
            found.append(SchemaError(at, "err.field_unknown_expected", known=_known(fields)))
    for name, f in fields.items():
        sub = f"{path}.{name}" if path else name
        if name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                found.append(SchemaError(sub, "err.field_missing"))
            continue
        found += _value_problems(hints[name], data[name], sub)
    return found


def _value_problems(tp: Any, value: Any, path: str) -> list[SchemaError]:
    origin = get_origin(tp)
    if origin in (tuple, list) and isinstance(value, (list, tuple)):
        (item_type, *_rest) = get_args(tp) or (Any,)
        return [
            p for i, v in enumerate(value) for p in _value_problems(item_type, v, f"{path}[{i}]")
        ]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type) and isinstance(value, dict):
        return problems(tp, value, path)
    try:
        _coerce(tp, value, path)
    except SchemaError as exc:
        return [exc]
    return []


# How dump writes a field: walked (tuples become lists), as it is, or a list of items as they are.
_WALK, _AS_IS, _LIST = 0, 1, 2


@functools.cache
def _plan(cls: Any) -> tuple[tuple[tuple[str, int], ...], frozenset[str], bool]:
    """A record class's fields, each with how :func:`dump` writes it, those :func:`absent`
    while None, and whether every field is walked and always present; asked once:
    ``dataclasses.fields`` was a tenth of the event loop's time at 500 candidates (py-spy,
    bench/load.py)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    plan = []
    for f in dataclasses.fields(cls):
        tp, how = hints[f.name], _WALK
        if _ready(tp) or _scalar(tp):
            how = _AS_IS
        elif get_origin(tp) is tuple and (_ready(get_args(tp)[0]) or _scalar(get_args(tp)[0])):
            how = _LIST
        plan.append((f.name, how))
    omissible = frozenset(f.name for f in dataclasses.fields(cls) if f.metadata.get(ABSENT))
    simple = not omissible and all(how == _WALK for _name, how in plan)
    return tuple(plan), omissible, simple


_SCALARS = (str, int, float, bool, type(None))


def _scalar(tp: Any) -> bool:
    """A type whose values JSON takes as they are (str, a Literal of them, int | None…):
    :func:`dump` copies such a field without walking it (an event's payload is mostly these;
    walking them was half of encoding an event, bench/appends.py)."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _scalar(get_args(tp)[0])
    if origin is Literal:
        return all(isinstance(v, _SCALARS) for v in get_args(tp))
    if origin in (Union, types.UnionType):
        return all(_scalar(arg) for arg in get_args(tp))
    return tp in _SCALARS


def dump(record: Any) -> dict[str, Any]:
    """The JSON-ready dict of a record built by :func:`build` (tuples become lists); an
    :func:`absent` field holding None is left out; a :class:`Named` shape is not copied."""
    kind: Any = type(record)  # classes hash; mypy's typeshed says type[Any] may not
    plan, omissible, simple = _plan(kind)
    if simple:  # every event payload: the short way
        return {name: _plain(getattr(record, name)) for name, _how in plan}
    out = {}
    for name, how in plan:
        value = getattr(record, name)
        if value is None and name in omissible:
            continue
        out[name] = _plain(value) if how == _WALK else list(value) if how == _LIST else value
    return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
