"""The messages the server sends are closed-schema records: each one's JSON builds it back
and nothing else, and what the served app really sends (a desk's join, a push, a refusal, a
board's catch-up, a jury's grading view…) is, key for key and in order, a record's JSON."""

from __future__ import annotations

import json
import types
import typing
from dataclasses import MISSING, fields, is_dataclass
from typing import Any, Literal, get_args, get_origin

import aiohttp
import pytest
import socketio

from omnisim.live import commands
from omnisim.protocol.jury_view import Graded, GradingView, LogView, MeasuresView
from omnisim.protocol.messages import (
    Acknowledged,
    ApiError,
    Batch,
    BoardCaughtUp,
    BoardJoined,
    Caller,
    DeskJoined,
    GradingJoined,
    Injected,
    Presence,
    Refused,
)
from omnisim.protocol.typegen import message_records
from omnisim.schema import ABSENT, SchemaError, build, dump

# The app's modules (its pages import WeasyPrint), imported at collection rather than in the
# served loop's setup.
from omnisim.web import api, app  # noqa: F401
from omnisim.web.keys import GATEWAY
from omnisim.web.pages import documents, jury  # noqa: F401
from tests.conftest import CONNECT_WAIT, ROOT

DEMO = ROOT / "decks" / "demo"
RECORDS = message_records()


def sample(tp: Any, n: int = 1) -> Any:
    """A value of type ``tp`` (the ``n``-th of its kind), every optional part filled in."""
    origin = get_origin(tp)
    if origin is typing.Annotated:
        return {"seq": n, "type": "message.sent", "payload": {"text": f"t{n}"}}
    if origin is Literal:
        return get_args(tp)[(n - 1) % len(get_args(tp))]
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in get_args(tp) if a is not type(None)), n)
    if origin is tuple:
        return tuple(sample(get_args(tp)[0], n + i) for i in range(2))
    if origin is dict:
        return {f"k{n}": sample(get_args(tp)[1], n)}
    if is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp, include_extras=True)
        return tp(**{f.name: sample(hints[f.name], n + i) for i, f in enumerate(fields(tp))})
    return {str: f"s{n}", int: n, float: n + 0.5, bool: n % 2 == 1}[tp]


def emptied(record: Any) -> Any:
    """The record with every absent-able field left out, and None where None is allowed."""
    hints = typing.get_type_hints(type(record))
    values = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if f.metadata.get(ABSENT) or type(None) in get_args(hints[f.name]):
            value = None
        values[f.name] = value
    return type(record)(**values)


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_every_record_round_trips_and_refuses_what_it_does_not_know(cls):
    for record in (sample(cls), emptied(sample(cls))):
        sent = json.loads(json.dumps(record.to_json()))  # as it travels
        assert record.to_json() == dump(record)
        assert build(cls, sent) == record
        with pytest.raises(SchemaError) as unknown:
            build(cls, {**sent, "surplus": 1})
        assert unknown.value.field == "surplus"
    absent = [f.name for f in fields(cls) if f.metadata.get(ABSENT)]
    for name in absent:  # no key while None, and a null is refused: absent is never null
        assert name not in emptied(sample(cls)).to_json()
        with pytest.raises(SchemaError) as null:
            build(cls, {**sample(cls).to_json(), name: None})
        assert null.value.field == name
    for f in fields(cls):  # a required field may not be left out
        if f.name not in absent and f.default is MISSING and f.default_factory is MISSING:
            with pytest.raises(SchemaError):
                build(cls, {k: v for k, v in sample(cls).to_json().items() if k != f.name})


def same(cls: type, received: Any) -> Any:
    """``received`` (real JSON from the app) is exactly ``cls``'s JSON, keys in order too."""
    record = build(cls, received)
    assert json.dumps(record.to_json(), ensure_ascii=False) == json.dumps(
        received, ensure_ascii=False
    )
    return record


async def test_what_the_sockets_send_is_the_records_json(live):
    tokens = await live.session(DEMO)
    board = socketio.AsyncClient(reconnection=False)
    pushed: list[tuple[str, Any]] = []
    board.on("events", lambda body: pushed.append(("events", body)))
    board.on("presence", lambda body: pushed.append(("presence", body)))
    auth = {"token": tokens.trainer, "exam": tokens.exam_id, "board": True}
    await board.connect(live.url, auth=auth, transports=["websocket"], wait_timeout=CONNECT_WAIT)
    try:
        caught_up = same(BoardCaughtUp, await board.call("join", {"all": True, "after": 0}))
        assert caught_up.batches and caught_up.presence == {"c1": False}
        exam = same(BoardJoined, await board.call("join", {"stream": tokens.exam_id}))
        assert exam.candidates and exam.presence is not None
        attempt = same(BoardJoined, await board.call("join", {"stream": tokens.session_id}))
        assert attempt.candidates is None and attempt.presence is None

        candidate = await live.connect(tokens.candidate, last_seq=None)
        started = same(Acknowledged, await candidate.act("start"))
        assert started.seq
        joined = same(DeskJoined, await candidate.act("join", {"last_seq": 0}))
        assert joined.role == "candidate" and joined.events
        who = await live.app[GATEWAY].sio.get_session(candidate.sio.get_sid())
        caller = who["caller"]  # the socket's session holds the record itself
        assert isinstance(caller, Caller) and same(Caller, caller.to_json()) == caller
        assert (caller.role, caller.candidate, caller.board) == ("candidate", "c1", False)
        refused = same(Refused, await candidate.act("pickup", {"contact": "x"}))
        assert refused.error.field == "contact"
        injected = await board.call(
            "inject", {"candidate": "all", "contact_id": "extra-appel-relance"}
        )
        assert same(Injected, injected).injected == ("c1",)
        seen = {kind for kind, _ in pushed}
        assert seen == {"events", "presence"}, pushed
        for kind, body in pushed:
            same(Batch if kind == "events" else Presence, body)

        jury = await live.connect(tokens.jury, last_seq=None)
        grading = f"{tokens.exam_id}-grading"
        same(GradingJoined, await jury.act("join", {"stream": grading, "last_seq": 0}))
    finally:
        await board.disconnect()


@pytest.mark.settings(rate_limit=100.0)  # a script grading every criterion at once
async def test_what_the_jury_pages_and_the_api_send_is_the_records_json(live):
    tokens = await live.session()  # the mini deck: its first contact comes at once
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(lambda e: e["type"] == "contact.offered")
    head = {"Authorization": f"Bearer {tokens.jury}"}
    query = {"token": tokens.jury, "candidate": "c1"}
    async with aiohttp.ClientSession(live.url) as http:

        async def get(path: str, **params: Any) -> Any:
            async with http.get(path, params=params or None, headers=head) as r:
                return await r.json()

        async def post(command: str, **body: Any) -> tuple[int, Any]:
            async with http.post(f"/api/grading/{command}", json=body, headers=head) as r:
                return r.status, await r.json()

        hidden = same(GradingView, await get("/api/grading/c1"))
        assert not hidden.revealed and all(r.others is None for r in hidden.criteria)
        assert same(LogView, await get("/jury/log", **query)).events
        assert same(MeasuresView, await get("/jury/measures", **query)).measures
        same(ApiError, await get("/jury/log", **query, after="-1"))
        status, refused = await post("decide", candidate_id="c1", criterion_id="x", decision="?")
        assert status == 422 and same(ApiError, refused).error.field == "decision"
        assert refused["error"]["reason"] == "Décision « acquis » ou « non_acquis » attendue."
        for row in hidden.criteria:
            decision = row.proposal if row.proposal != "a_apprecier" else "acquis"
            status, done = await post(
                "decide", candidate_id="c1", criterion_id=row.id, decision=decision, comment="vu"
            )
            answer = same(Graded, done)  # with the grading as its author now sees it
            assert status == 201 and answer.seq and answer.grading is not None
            mine = next(r for r in answer.grading.criteria if r.id == row.id).mine
            assert mine is not None and mine.decision == decision
        exam = await live.exams.get(tokens.exam_id)
        await commands.run(exam, commands.Stop("trainer"))  # a hand-in waits for the end
        status, done = await post("submit", candidate_id="c1")
        assert status == 201, done
        shown = same(GradingView, await get("/api/grading/c1"))
        assert shown.revealed and shown.outcome is not None
        assert all(r.others == () and r.final is not None for r in shown.criteria)
        assert shown.questions and shown.sheet_hash
        status, refused = await post("sign", candidate_id="c1", sheet_hash="h", log_hash="x")
        assert status == 422 and same(ApiError, refused).error.field == "log_hash"
