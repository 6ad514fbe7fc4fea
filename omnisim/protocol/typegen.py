"""TypeScript types of what the server and its browsers exchange, generated from the Python records.

Every event payload (:data:`omnisim.events.PAYLOADS`) becomes an interface, and the
events as a browser receives them (:func:`omnisim.protocol.views.project`) the discriminated
union ``StoredEvent``; every message a client may send (:data:`omnisim.protocol.actions.ACTIONS`)
is an entry of the ``Actions`` map, every grading command (``GRADING``) one of
``GradingActions``; every record the server sends (omnisim/protocol/messages.py,
jury_view.py) an interface of the same name. Types are read from each record's JSON Schema
(:func:`omnisim.deck.jsonschema.record_schema`): one walker reads the dataclasses for
both the deck schema and these types.

    python -m omnisim.protocol.typegen > web/src/generated/protocol.ts   # regenerate
    python -m omnisim.protocol.typegen --check                             # exit 1 when it differs

The generated file is committed; tests/fast/test_typegen.py fails when it differs from
a fresh generation, so Python and TypeScript cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from omnisim import events as ev
from omnisim.deck.jsonschema import record_schema
from omnisim.protocol import actions, jury_view, messages, views
from omnisim.schema import ABSENT

COMMAND = "python -m omnisim.protocol.typegen > web/src/generated/protocol.ts"
TARGET = Path(__file__).resolve().parents[2] / "web" / "src" / "generated" / "protocol.ts"
# The stored event's fields a browser never receives (views.project deletes them).
NOT_SENT = ("session_id",)

_SCALARS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean"}
_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def ts_type(schema: Mapping[str, Any], aliases: Mapping[str, str] | None = None) -> str:
    """The TypeScript type of a JSON Schema as :func:`record_schema` writes them.

    ``aliases`` names some enumerations: ``{'"chat" | "email" | …': "Channel"}``.
    """
    aliases = aliases or {}
    if "$ref" in schema:  # a named record or shape: its interface or type
        return str(schema["$ref"]).rsplit("/", 1)[1]
    if "enum" in schema:
        text = " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
        return aliases.get(text, text)
    if "anyOf" in schema:
        return " | ".join(ts_type(s, aliases) for s in schema["anyOf"])
    kind = schema.get("type")
    if kind is None:
        return "unknown"  # typing.Any
    if kind == "null":
        return "null"
    if kind == "array":
        item = ts_type(schema["items"], aliases)
        return f"readonly ({item})[]" if " | " in item else f"readonly {item}[]"
    if kind == "object":
        if "properties" in schema:  # a nested record, inline
            required = set(schema.get("required", ()))
            members = [
                f"readonly {_key(n)}{'' if n in required else '?'}: {ts_type(s, aliases)}"
                for n, s in schema["properties"].items()
            ]
            return "{ " + "; ".join(members) + " }"
        values = ts_type(schema.get("additionalProperties", {}), aliases)
        return f"Readonly<Record<string, {values}>>"
    return _SCALARS[kind]


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else json.dumps(name)


def _doc(text: str, indent: str = "") -> list[str]:
    text = text.replace("*/", "*\\/")
    lines = textwrap.wrap(text, 96 - len(indent))
    if len(lines) == 1:
        return [f"{indent}/** {lines[0]} */"]
    return [f"{indent}/**", *(f"{indent} * {line}" for line in lines), f"{indent} */"]


def _record_doc(cls: type, schema: Mapping[str, Any]) -> str:
    """The record's docstring; none when it is the signature dataclasses write by default."""
    text = str(schema.get("description", ""))
    return "" if text.startswith(f"{cls.__name__}(") else text


def _defaulted(schema: Mapping[str, Any]) -> list[str]:
    required = set(schema.get("required", ()))
    return [name for name in schema["properties"] if name not in required]


def _interface(
    cls: type,
    *,
    optional: Iterable[str] = (),
    notes: Mapping[str, str] | None = None,
    omitted: Iterable[str] = (),
    aliases: Mapping[str, str] | None = None,
    refs: bool = False,
) -> list[str]:
    schema = record_schema(cls, refs=refs)
    optional, omitted, notes = set(optional), set(omitted), notes or {}
    doc = _record_doc(cls, schema)
    gone = [name for name in schema["properties"] if name in omitted]
    if gone:
        doc = f"{doc} Never sent to a browser: {', '.join(gone)}.".strip()
    out = _doc(doc) if doc else []
    shown = [name for name in schema["properties"] if name not in omitted]
    if not shown:
        return [*out, f"export interface {cls.__name__} {{}}"]
    out.append(f"export interface {cls.__name__} {{")
    for name, prop in schema["properties"].items():
        if name in omitted:
            continue
        if name in notes:
            out += _doc(notes[name], "  ")
        mark = "?" if name in optional else ""
        out.append(f"  readonly {_key(name)}{mark}: {ts_type(prop, aliases)};")
    out.append("}")
    return out


# Named types, each the type of one record's field; every field of that type uses the name.
ALIASES: tuple[tuple[str, type, str, str], ...] = (
    ("Actor", ev.Event, "actor", "Who did it: the role of an event's author."),
    ("Channel", ev.ContactOffered, "channel", "A contact's channel."),
)


# The modules of the records the server sends; each of their records becomes an interface.
MESSAGE_MODULES = (messages, jury_view)
# Named types of the messages, as ALIASES (used by the messages only: the types above keep
# their literal unions).
MESSAGE_ALIASES: tuple[tuple[str, type, str, str], ...] = (
    ("Role", messages.Caller, "role", "Who a socket's person is in the exam."),
    ("Mode", messages.DeskJoined, "mode", "An exam for real, or a training."),
    ("Phase", jury_view.GradingView, "phase", "Where a candidate's grading stands."),
    ("Decision", jury_view.Given, "decision", "A jury member's decision on a criterion."),
    ("Proposal", jury_view.CriterionRow, "proposal", "The automatic proposal on a criterion."),
)


def message_records() -> list[type]:
    """Every record of :data:`MESSAGE_MODULES`, in the order they are defined."""
    return [
        cls
        for module in MESSAGE_MODULES
        for cls in vars(module).values()
        if isinstance(cls, type)
        and dataclasses.is_dataclass(cls)
        and cls.__module__ == module.__name__
    ]


def _absent(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if f.metadata.get(ABSENT)]


def _request(cls: type, exclude: Iterable[str] = ()) -> str:
    """The type of a request whose record is an event payload: its defaulted fields may be
    left out, those the server fills in (``exclude``) may not be sent."""
    exclude = tuple(exclude)
    schema = record_schema(cls, exclude=exclude)
    if any(name in views.STAFF_HIDDEN for name in schema["properties"]):
        raise ValueError(f"{cls.__name__}: a request with a field never sent to browsers")
    base = cls.__name__
    if exclude:
        base = f"Omit<{base}, {' | '.join(json.dumps(n) for n in exclude)}>"
    defaulted = " | ".join(json.dumps(n) for n in _defaulted(schema))
    return f"WithDefaults<{base}, {defaulted}>" if defaulted else base


def _messages(named: Callable[[type], str]) -> list[str]:
    """The interfaces of every record the server sends."""
    out = [
        "",
        "// ---- Messages the server sends (omnisim/protocol/messages.py, jury_view.py) ----",
    ]
    aliases = _aliases(MESSAGE_ALIASES, out)
    for cls in message_records():
        named(cls)
        out += ["", *_interface(cls, optional=_absent(cls), aliases=aliases, refs=True)]
    return out


def _aliases(table: Iterable[tuple[str, type, str, str]], out: list[str]) -> dict[str, str]:
    """Declares each named type of ``table`` in ``out``; the names by the types they replace."""
    aliases: dict[str, str] = {}
    for alias, cls, field, doc in table:
        text = ts_type(record_schema(cls)["properties"][field])
        aliases[text] = alias
        out += ["", *_doc(doc), f"export type {alias} = {text};"]
    return aliases


def _string_list(name: str, values: Iterable[str], item: str, doc: str) -> list[str]:
    body = [f"  {json.dumps(v)}," for v in sorted(values)]
    return [*_doc(doc), f"export const {name}: readonly {item}[] = [", *body, "];"]


def generate() -> str:
    """The whole of web/src/generated/protocol.ts."""
    names: dict[str, type] = {}

    def named(cls: type) -> str:
        seen = names.setdefault(cls.__name__, cls)
        if seen is not cls:
            raise ValueError(f"two records are named {cls.__name__}: {seen!r} and {cls!r}")
        return cls.__name__

    out = [
        f"// Generated by `{COMMAND}`",
        "// from the Python records (omnisim/events; omnisim/protocol: actions.py, views.py,",
        "// messages.py, jury_view.py).",
        "// Do not edit: regenerate. tests/fast/test_typegen.py fails when it differs.",
    ]
    aliases = _aliases(ALIASES, out)
    out += ["", "// ---- Event payloads, one per event type (omnisim/events) ----"]
    note = "Absent for a candidate (omnisim/protocol/views.py HIDDEN_FIELDS)."
    for kind, cls in ev.PAYLOADS.items():
        optional = set(views.HIDDEN_FIELDS.get(kind, ()))
        out += [
            "",
            *_interface(
                cls,
                optional=optional,
                notes=dict.fromkeys(optional, note),
                omitted=views.STAFF_HIDDEN,
                aliases=aliases,
            ),
        ]
        named(cls)
    out += ["", *_doc("Each event type's payload."), "export interface Payloads {"]
    out += [f"  readonly {json.dumps(kind)}: {cls.__name__};" for kind, cls in ev.PAYLOADS.items()]
    out += ["}", "export type EventType = keyof Payloads;", ""]
    out += [*_doc("Each event type's current version: events are upcast before they are sent.")]
    out += ["export interface Versions {"]
    out += [f"  readonly {json.dumps(kind)}: {ev.current_version(kind)};" for kind in ev.PAYLOADS]
    out += ["}", ""]

    envelope = record_schema(ev.Event)["properties"]
    special = {"type": "K", "version": "Versions[K]", "payload": "Payloads[K]"}
    out += _doc(
        "An event as the server sends it to a browser (omnisim/protocol/views.py): the stored "
        f"event without {', '.join(NOT_SENT)}."
    )
    out.append("export interface EventOf<K extends EventType> {")
    for name in ev.EVENT_FIELDS:
        if name not in NOT_SENT:
            out.append(
                f"  readonly {name}: {special.get(name) or ts_type(envelope[name], aliases)};"
            )
    out += ["}", *_doc("Any event a browser may receive, discriminated by its type.")]
    out += ["export type StoredEvent = { [K in EventType]: EventOf<K> }[EventType];", ""]
    out += _string_list(
        "OPERATION_TYPES",
        ev.OPERATION_TYPES,
        "EventType",
        "The candidate's back-office work: shown back to them, read by the measures as operations.",
    )
    out.append("")
    out += _string_list(
        "CANDIDATE_TYPES",
        views.CANDIDATE_TYPES,
        "EventType",
        "The event types a candidate's browser receives; every other one stays on the server.",
    )

    out += ["", "// ---- Actions a client may send (omnisim/protocol/actions.py) ----", ""]
    out += _doc("A request whose defaulted fields may be left out: the server fills them in.")
    out += ["export type WithDefaults<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;"]
    entries: list[str] = []
    for kind, (cls, roles) in actions.ACTIONS.items():
        if cls in ev.PAYLOAD_TYPES:
            value = _request(cls)  # the event payload is the request
        else:
            schema = record_schema(cls)
            if cls.__name__ not in names:
                out += ["", *_interface(cls, optional=_defaulted(schema), aliases=aliases)]
            named(cls)
            value = cls.__name__
        entries += _doc(f"Sent by: {', '.join(sorted(roles))}.", "  ")
        entries.append(f"  readonly {_key(kind)}: {value};")
    out += [
        "",
        *_doc("What a client may send, by socket event name."),
        "export interface Actions {",
    ]
    out += [*entries, "}", "export type ActionType = keyof Actions;", ""]
    out += _doc(
        "An action as emitted: its fields and an id, so that a resend is answered, not redone "
        "(omnisim/web/socket/gateway.py)."
    )
    out += [
        "export type ActionData<K extends ActionType> = Actions[K] & {",
        "  readonly action_id?: string;",
        "};",
        "",
        *_doc("Who may send each action."),
        "export const ACTION_ROLES: { readonly [K in ActionType]: readonly string[] } = {",
    ]
    out += [
        f"  {_key(kind)}: {json.dumps(sorted(roles))},"
        for kind, (_cls, roles) in actions.ACTIONS.items()
    ]
    out += [
        "};",
        "",
        *_doc("Characters in one message or text field; longer is refused, not cut."),
        f"export const MAX_TEXT = {actions.MAX_TEXT};",
        *_doc("Characters in a draft's field name."),
        f"export const MAX_DRAFT_FIELD = {actions.MAX_DRAFT_FIELD};",
        "",
        "// ---- A jury member's grading commands (omnisim/protocol/actions.py GRADING) ----",
        "",
        *_doc(
            "The body of POST /api/grading/<command>, by command: the grading event's payload, "
            "but what the server fills in."
        ),
        "export interface GradingActions {",
    ]
    for kind, cls in actions.GRADING.items():
        out.append(f"  readonly {_key(kind)}: {_request(cls, actions.SERVER_FILLED.get(cls, ()))};")
    out += ["}", "export type GradingCommand = keyof GradingActions;"]
    out += _messages(named)
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = generate()
    if args == ["--check"]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != text:
            print(f"{TARGET} is out of date: run `{COMMAND}`", file=sys.stderr)
            return 1
        return 0
    if args:
        print(f"usage: {COMMAND}  |  python -m omnisim.protocol.typegen --check", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
