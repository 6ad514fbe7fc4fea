"""The TypeScript protocol types are generated from the Python records, and committed fresh.

web/src/generated/protocol.ts is what the browser's code is type-checked against
(`npm run typecheck`); if a payload, an action or what a role sees changes in Python
and the file is not regenerated, this fails, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
import json
import re

from omnisim import events as ev
from omnisim.deck.jsonschema import record_schema
from omnisim.protocol import actions, jury_view, messages, typegen, views
from omnisim.protocol.typegen import COMMAND, TARGET, generate, main, ts_type
from omnisim.schema import ABSENT

GENERATED = generate()


def test_the_committed_types_are_a_fresh_generation():
    committed = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
    assert committed == GENERATED, f"{TARGET} is out of date: run `{COMMAND}`"
    assert main(["--check"]) == 0


def test_every_payload_and_action_is_typed():
    for kind, cls in ev.PAYLOADS.items():
        assert f"export interface {cls.__name__} " in GENERATED
        assert f'  readonly "{kind}": {cls.__name__};' in GENERATED
    for kind in actions.ACTIONS:
        assert re.search(rf"^  readonly {kind}: \w+", GENERATED, re.M), kind


def test_the_event_envelope_is_what_a_browser_receives():
    event = ev.Event("ex1-c1", 3, 1000.0, 12.0, "customer", ev.MessageSent("c1", "chat", "Bonjour"))
    body = GENERATED.split("export interface EventOf<K extends EventType> {\n")[1].split("}")[0]
    fields = re.findall(r"readonly (\w+):", body)
    for role in ("jury", "candidate"):
        sent = views.project(role, event)
        assert sent is not None and list(sent) == fields


def test_fields_hidden_from_a_role_are_optional_and_secrets_absent():
    message = GENERATED.split("export interface MessageSent {")[1].split("}")[0]
    assert "readonly reason?: string;" in message and "readonly text: string;" in message
    for secret in views.STAFF_HIDDEN:
        assert f"readonly {secret}" not in GENERATED
    # An action's defaulted fields may be left out; its required ones may not.
    assert 'readonly hold: WithDefaults<ContactHeld, "announcement">;' in GENERATED
    assert "readonly channel?: Channel | null;" in GENERATED


def test_every_record_the_server_sends_is_typed_under_its_name():
    records = typegen.message_records()
    wire = {messages.Batch, messages.DeskJoined, messages.BoardCaughtUp, messages.BoardJoined}
    wire |= {messages.GradingJoined, messages.Presence, messages.Acknowledged, messages.Refused}
    wire |= {messages.Caller, jury_view.GradingView, jury_view.CriterionRow}
    assert wire <= set(records)
    for cls in records:
        body = GENERATED.split(f"\nexport interface {cls.__name__} {{\n")[1].split("\n}")[0]
        shown = re.findall(r"^  readonly (\w+)(\??): ", body, re.M)
        # Every field, in the JSON's order; optional exactly where the key may be absent.
        fields = dataclasses.fields(cls)
        assert shown == [(f.name, "?" if f.metadata.get(ABSENT) else "") for f in fields]
    named = json.dumps([record_schema(cls, refs=True) for cls in records])
    for name in set(re.findall(r"#/\$defs/(\w+)", named)):  # every name they use is declared
        assert re.search(rf"^export (interface|type) {name}\b", GENERATED, re.M), name
    row = GENERATED.split("export interface CriterionRow {")[1].split("}")[0]
    assert "readonly others?: readonly OtherDecision[];" in row  # absent, never null
    assert "readonly mine: Given | null;" in row  # always there, null when undecided
    assert "readonly events: readonly StoredEvent[];" in GENERATED


def test_the_grading_commands_are_their_event_payloads_but_what_the_server_fills_in():
    for kind, cls in actions.GRADING.items():
        assert re.search(rf"^  readonly {kind}: .*\b{cls.__name__}\b", GENERATED, re.M), kind
    signed = 'readonly sign: WithDefaults<Omit<SheetSigned, "log_seq" | "log_hash">, "name">;'
    assert signed in GENERATED


def test_json_schema_types_become_typescript():
    assert ts_type({"enum": ["a", "b"]}) == '"a" | "b"'
    assert ts_type(
        {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "null"}]}}
    ) == ("readonly (string | null)[]")
    assert ts_type({"type": "object", "additionalProperties": {"type": "string"}}) == (
        "Readonly<Record<string, string>>"
    )
    nested = {"type": "object", "properties": {"a-b": {"type": "integer"}}, "required": []}
    assert ts_type(nested) == '{ readonly "a-b"?: number }'
    assert ts_type({}) == "unknown"
    assert ts_type({"$ref": "#/$defs/Batch"}) == "Batch"
    assert typegen.main(["--bogus"]) == 2
