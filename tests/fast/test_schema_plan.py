"""build's fields are read once per record and per exclusion (omnisim/schema.py): the same
record built with and without an exclusion, in turns, keeps each refusal; plain types
take the fast path and still refuse a wrong type; an action's texts are still capped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from omnisim.protocol.actions import MAX_TEXT, parse_action
from omnisim.schema import SchemaError, build


@dataclass(frozen=True)
class Note:
    text: str
    count: int = 0
    hash: str = ""
    extra: Any = None


def test_exclusions_are_kept_apart_and_types_still_checked():
    for _ in range(2):
        assert build(Note, {"text": "a", "hash": "h"}).hash == "h"
        with pytest.raises(SchemaError) as refused:
            build(Note, {"text": "a", "hash": "h"}, exclude=("hash",))
        assert refused.value.field == "hash" and refused.value.key == "err.field_unknown"
        assert build(Note, {"text": "a"}, exclude=["hash"]).text == "a"
    with pytest.raises(SchemaError) as refused:
        build(Note, {"text": 3})
    assert refused.value.key == "err.value_not_string"
    with pytest.raises(SchemaError):
        build(Note, {"text": "a", "count": True})
    assert build(Note, {"text": "a", "extra": [1]}).extra == [1]


def test_an_action_s_texts_are_capped_every_time():
    for _ in range(2):
        with pytest.raises(SchemaError) as refused:
            parse_action("crm_create", {"fields": {"nom": "x" * (MAX_TEXT + 1)}}, "candidate")
        assert refused.value.field == "fields.nom"
