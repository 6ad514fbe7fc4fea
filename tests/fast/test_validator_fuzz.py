"""Random socket payloads at the validator: a record or a SchemaError, never a crash."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from omnisim.events import EVENT_FIELDS, Event
from omnisim.protocol.actions import ACTIONS, parse_action
from omnisim.schema import SchemaError

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
field_names = st.sampled_from(
    ["contact_id", "text", "channel", "to", "fields", "record_id", "kind", "announcement", "x"]
)
payloads = st.one_of(json_values, st.dictionaries(field_names, json_values, max_size=5))
kinds = st.one_of(st.sampled_from(sorted(ACTIONS)), st.text(max_size=12))
roles = st.sampled_from(["candidate", "trainer", "jury"])


@settings(max_examples=600, deadline=None)
@given(kind=kinds, data=payloads, role=roles)
def test_any_payload_is_either_a_record_or_a_named_refusal(kind: str, data: Any, role: str):
    try:
        action = parse_action(kind, data, role)
    except SchemaError as exc:
        assert exc.field and exc.reason
        return
    record, allowed = ACTIONS[kind]
    assert isinstance(action, record) and role in allowed


@settings(max_examples=300, deadline=None)
@given(
    data=st.dictionaries(
        st.sampled_from([*EVENT_FIELDS, "junk"]),
        json_values,
        max_size=8,
    )
)
def test_stored_event_reader_refuses_garbage_with_a_field(data: dict[str, Any]):
    try:
        Event.from_dict(data)
    except SchemaError as exc:
        assert exc.field and exc.reason
