"""The one command bus (omnisim/live/commands.py): one closed table, one envelope, and
answers and refusals that read the same whether the command ran here or on the owner."""

from __future__ import annotations

import ast
from typing import Any, get_args

import pytest
import socketio

from omnisim import events as ev
from omnisim.engine import ActionRefused
from omnisim.exams.roster import ExamRefused
from omnisim.live import commands
from omnisim.live.commands import Envelope, Reply
from omnisim.refusals import Declined, RefusalError
from omnisim.schema import SchemaError, build, dump
from omnisim.settings import Settings
from omnisim.web.app import create_app
from omnisim.web.keys import EXAMS
from tests.conftest import ROOT, open_exam

DEMO = ROOT / "decks" / "demo"
LIVE = ROOT / "omnisim" / "live"

# One command of each method, as its callers build it.
SAMPLES: list[Any] = [
    commands.Start("t1"),
    commands.Pause("t1"),
    commands.Resume("t1"),
    commands.Stop("t1"),
    commands.Revoke("t1", "c1"),
    commands.Reissue("t1", "c1"),
    commands.Lock("t1"),
    commands.Archive("t1", archived=False),
    commands.PassRule("t1", ev.PassRuleSet("share_of_criteria", 0.7)),
    commands.Grade.of("j1", ev.GradeDecided("c1", "cqp.c1_2", "acquis", "")),
    commands.Act("c1", "candidate", "c1", "send", {"contact_id": "x", "text": "Bonjour"}, "a1"),
    commands.InjectAll("t1", "extra-appel-relance"),
    commands.Status("t1", "c1", "absent", "Absent à l'appel de 9 h."),
    commands.Erratum.of("j1", ev.ErratumWritten("Lire « acquis » au critère C.1.2.", "Marc")),
]


def test_the_table_is_the_closed_method_and_every_command_travels_as_it_runs():
    methods = set(get_args(commands.Method))
    assert methods == set(commands.TABLE)
    assert {commands.METHODS[type(c)] for c in SAMPLES} == set(commands.TABLE)
    for command in SAMPLES:
        method = commands.METHODS[type(command)]
        envelope = build(Envelope, dump(Envelope(method, "ex1", dump(command))))
        assert build(commands.TABLE[envelope.method].args, envelope.args) == command


def test_an_envelope_or_arguments_outside_the_schema_are_refused():
    body = dump(Envelope("start", "ex1", {"by": "t1"}))
    with pytest.raises(SchemaError) as extra:
        build(Envelope, {**body, "who": {"role": "trainer"}})  # the old socket envelope's key
    assert extra.value.field == "who"
    with pytest.raises(SchemaError) as method:
        build(Envelope, {**body, "method": "exam_command"})
    assert method.value.field == "method"
    with pytest.raises(SchemaError) as args:
        build(commands.Start, {"by": "t1", "person_id": "c1"}, "args")
    assert args.value.field == "args.person_id"


def test_business_refusals_are_their_own_family_apart_from_malformed_input():
    relayed = commands.Relayed(commands.Said("type", "err.busy", {"fr": "occupé", "en": "busy"}))
    for refused in (ExamRefused("type", "err.busy"), ActionRefused("type", "err.busy"), relayed):
        assert isinstance(refused, Declined) and not isinstance(refused, SchemaError)
    malformed = SchemaError("type", "err.one_object")
    assert isinstance(malformed, RefusalError) and not isinstance(malformed, Declined)


async def test_the_owners_answer_to_an_envelope_reads_as_the_command_run_here(live):
    tokens = await live.session()
    exam = await live.exams.get(tokens.exam_id)
    with pytest.raises(ExamRefused) as here:
        await commands.run(exam, commands.Resume("t1"))  # the exam is not paused
    body = dump(Envelope("resume", exam.exam_id, {"by": "t1"}))
    reply = build(Reply, await commands.answer(live.exams, body))
    assert reply.answer is None and reply.refused is not None
    relayed = commands.Relayed(reply.refused)
    assert (relayed.field, relayed.key) == (here.value.field, here.value.key)
    for lang in ("fr", "en"):
        assert relayed.render(lang) == here.value.render(lang)
    assert here.value.render("fr") != here.value.render("en")

    started = build(Reply, await commands.answer(live.exams, {**body, "method": "start"}))
    assert started == Reply(answer={}) and exam.state.status == "running"
    odd = build(Reply, await commands.answer(live.exams, {**body, "args": {"by": 1}}))
    assert odd.refused is not None and odd.refused.field == "args.by"
    gone = build(Reply, await commands.answer(live.exams, {**body, "exam": "ex00000"}))
    assert gone.refused is not None and gone.refused.field == "exam"


def test_no_import_in_the_live_layer_hides_inside_a_function():
    """A function-local import there would dodge a cycle between exams, commands and jury."""
    found = []
    for path in sorted(LIVE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        found.append(f"{path.name}:{inner.lineno}")
    assert found == []


@pytest.mark.redis
async def test_the_boards_commands_on_the_non_owner_answer_as_on_the_owner(
    aiohttp_server, redis_url
):
    """Inject to every candidate, a targeted action and their refusals, in English, from
    the worker that does not own the exam: the same answers as from the owner."""
    settings = Settings(store=redis_url, redis=redis_url)
    a = await aiohttp_server(create_app(settings))
    b = await aiohttp_server(create_app(settings))
    tokens = await open_exam(a.app, DEMO)
    boards = []
    for server in (a, b):
        sio = socketio.AsyncClient(reconnection=False)
        auth = {"token": tokens.trainer, "exam": tokens.exam_id, "board": True, "lang": "en"}
        url = f"http://127.0.0.1:{server.port}"
        await sio.connect(url, auth=auth, transports=["websocket"], wait_timeout=5)
        boards.append(sio)
    on_a, on_b = boards
    assert (await on_b.call("start", {"candidate": "c1"}))["ok"]
    injected = await on_b.call("inject", {"candidate": "all", "contact_id": "extra-appel-relance"})
    assert injected == {"ok": True, "injected": ["c1"], "refused": {}}
    again = await on_b.call("inject", {"candidate": "all", "contact_id": "extra-appel-relance"})
    assert again == await on_a.call(
        "inject", {"candidate": "all", "contact_id": "extra-appel-relance"}
    )
    assert again["ok"] and again["injected"] == [] and "already" in again["refused"]["c1"]
    target = {"candidate": "c1", "contact_id": "extra-appel-relance"}
    refused_b, refused_a = await on_b.call("inject", target), await on_a.call("inject", target)
    assert refused_b == refused_a and refused_b["ok"] is False
    assert refused_b["error"]["field"] == "contact_id" and "already" in refused_b["error"]["reason"]
    paused = await on_b.call("pause", {"candidate": "c1"})
    assert paused["ok"] and paused["seq"]
    exam_a, exam_b = [await w.app[EXAMS].get(tokens.exam_id) for w in (a, b)]
    assert exam_a.owned and not exam_b.owned  # every command above ran on A
    for sio in boards:
        await sio.disconnect()
