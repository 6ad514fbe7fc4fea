"""The log is the whole record: who acted, what was played, old logs still read, every message
answered, a resent action done once."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import aiohttp
import pytest
import socketio

from omnisim.events import Event
from omnisim.exams.roster import ExamRefused
from omnisim.exams.state import grading_stream
from omnisim.grading import grade
from omnisim.live import commands
from omnisim.measures import compute_all
from omnisim.scenario import load_scenario
from tests.conftest import CONNECT_WAIT, MINI_DECK, REACTIVE_DECK, ROOT, open_exam
from tests.fast.conftest import of_type

FIXTURES = ROOT / "tests" / "fixtures"


def test_a_log_written_by_the_previous_format_still_reads_and_grades_the_same():
    """A careful demo run written by main before exams (format 1), upcast on read."""
    lines = (FIXTURES / "legacy_v1_demo_careful.jsonl").read_text(encoding="utf-8").splitlines()
    events = [Event.from_dict(json.loads(line)) for line in lines]
    expected = json.loads((FIXTURES / "legacy_v1_demo_careful.expected.json").read_text())
    assert len(events) == expected["events"]
    created = events[0].payload
    assert created.legacy_deck_path == "decks/demo" and created.exam_id == ""
    assert all(e.actor_id == "" and e.action_id == "" for e in events)
    scenario = load_scenario(ROOT / created.legacy_deck_path)
    results = compute_all(events, scenario)
    assert {k: v.passed for k, v in results.items()} == expected["measures"]
    sheet = grade(scenario.grids["cqp_telesecretaire"], results)
    assert sheet.proposals() == expected["proposals"]


async def test_every_event_names_the_person_who_acted(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]
    trainer = await live.connect(tokens.trainer)
    assert (await trainer.act("pause"))["ok"]
    logged = await live.store.read(tokens.session_id)
    by_type = {e.type: e for e in logged}
    assert by_type["session.started"].actor_id == "c1"
    assert by_type["contact.picked_up"].actor_id == "c1"
    trainer_id = (await live.store.read(tokens.exam_id))[0].payload.trainer_id
    assert by_type["session.paused"].actor_id == trainer_id
    exam_log = await live.store.read(tokens.exam_id)
    assert [e.type for e in exam_log] == [
        "exam.created",
        "roster.candidate_enrolled",
        "roster.jury_appointed",
        "exam.paused",
    ]
    assert all(e.actor_id == trainer_id for e in exam_log)
    created = exam_log[0].payload
    assert created.deck_hash.startswith("sha256:") and created.snapshot["deck"]["deck.yaml"]
    assert {"sentiment.fr", "sentiment.en", "sms_language"} <= set(created.analysers)
    assert created.grid_version >= 0


async def test_a_resent_action_is_answered_again_and_logged_once(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    await candidate.act("start")
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    pickup = {"contact_id": "c1", "action_id": "a-1"}
    first = await candidate.act("pickup", pickup)
    again = await candidate.act("pickup", pickup)
    assert first["ok"] and again == first
    send = {"contact_id": "c1", "text": "Bonjour madame", "action_id": "a-2"}
    sent = await candidate.act("send", send)
    assert await candidate.act("send", send) == sent
    logged = await live.store.read(tokens.session_id)
    assert sum(e.type == "contact.picked_up" for e in logged) == 1
    assert [e.seq for e in logged if e.action_id == "c1/a-2"] == sent["seq"]
    assert sum(e.type == "message.sent" and e.actor == "candidate" for e in logged) == 1


async def raw_socket(live, token: str):
    """A bare engine.io websocket: sends what no well-behaved client library would."""
    http = aiohttp.ClientSession()
    ws = await http.ws_connect(f"{live.url}/socket.io/?EIO=4&transport=websocket")
    assert (await ws.receive_str()).startswith("0")  # engine.io open
    await ws.send_str("40" + json.dumps({"token": token, "lang": "en"}))
    assert (await ws.receive_str()).startswith("40")  # socket.io connected
    return http, ws


async def call_raw(ws, ack: int, body: str) -> dict:
    await ws.send_str(f"42{ack}{body}")
    while True:
        message = await asyncio.wait_for(ws.receive_str(), 5)
        if message == "2":  # engine.io ping
            await ws.send_str("3")
        elif message.startswith(f"43{ack}"):
            return json.loads(message[len(f"43{ack}") :])[0]


async def test_malformed_messages_always_get_an_answer(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate, lang="en")
    await candidate.act("start")
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    http, ws = await raw_socket(live, tokens.candidate)
    try:
        deep = "[" * 990 + '"x"' + "]" * 990
        cases = [
            ('["send",{"contact_id":"c1","text":"caf\\ud800"}]', "text"),
            ('["join",{"last_seq":' + str(2**64) + "}]", "last_seq"),
            ('["join",{"last_seq":0},{"last_seq":1}]', "data"),
            ('["pickup",{"contact_id":"c1","deep":' + deep + "}]", "data"),
        ]
        for n, (body, field) in enumerate(cases, start=1):
            reply = await call_raw(ws, n, body)
            assert reply["ok"] is False and reply["error"]["field"] == field, (body[:40], reply)
    finally:
        await ws.close()
        await http.close()
    assert (await candidate.act("pickup", {"contact_id": "c1"}))["ok"]


async def test_in_exam_mode_only_the_trainer_starts_and_everyone_starts_together(live):
    tokens = await live.session(mode="exam")
    candidate = await live.connect(tokens.candidate)
    refused = await candidate.act("start")
    assert refused["ok"] is False and "formateur" in refused["error"]["reason"]
    trainer = await live.connect(tokens.trainer)
    assert (await trainer.act("start"))["ok"]
    started = await candidate.wait_for(of_type("session.started"))
    assert started["actor"] == "trainer"
    assert (await trainer.act("start"))["ok"] is False  # once


async def test_grading_is_its_own_stream_and_a_locked_record_kills_the_candidates_links(live):
    tokens = await live.session(deck=ROOT / "decks" / "demo")
    exam = await live.exams.get(tokens.exam_id)
    from omnisim import events as ev

    await exam.grade("j1", ev.GradeDecided("c1", "cqp.c1_2", "acquis", ""))
    await exam.grade("j1", ev.GradeCommented("c1", "Bonne maîtrise du téléphone."))
    logged = await live.store.read(grading_stream(tokens.exam_id))
    assert [e.type for e in logged] == ["grade.decided", "grade.commented"]
    assert all(e.actor == "jury" and e.actor_id == "j1" for e in logged)
    assert exam.state.grading["c1"].decisions["cqp.c1_2"]["j1"].decision == "acquis"
    await commands.run(exam, commands.Stop("trainer"))
    await commands.run(exam, commands.Status("trainer", "c1", "abandoned", "Malaise à 9 h 20."))
    await commands.run(exam, commands.Lock("trainer"))
    assert await live.exams.authenticate(tokens.candidate) is None
    client = socketio.AsyncClient(reconnection=False)
    try:
        await client.connect(
            live.url,
            auth={"token": tokens.candidate},
            transports=["websocket"],
            wait_timeout=CONNECT_WAIT,
        )
        raise AssertionError("a locked record's candidate link still connects")
    except socketio.exceptions.ConnectionError:
        pass
    # The jury's link still reads the documents and signs errata; it changes nothing else.
    assert (await live.exams.authenticate(tokens.jury)).person.id == "j1"
    with pytest.raises(ExamRefused, match="locked"):
        await commands.run(exam, commands.Grade.of("j1", ev.GradeCommented("c1", "Après.")))


async def test_a_revoked_link_is_dead_and_a_new_one_works(live):
    tokens = await live.session()
    exam = await live.exams.get(tokens.exam_id)
    await commands.run(exam, commands.Revoke("trainer", "c1"))
    assert await live.exams.authenticate(tokens.candidate) is None
    await commands.run(exam, commands.Reissue("trainer", "c1"))
    fresh = exam.links()["c1"]
    assert fresh != tokens.candidate
    assert (await live.exams.authenticate(fresh)).person.id == "c1"
    assert await live.exams.authenticate(tokens.candidate) is None


async def test_editing_the_deck_on_disk_after_the_exam_changes_neither_replay_nor_verdicts(
    live, tmp_path: Path
):
    deck = tmp_path / "mini"
    shutil.copytree(MINI_DECK, deck)
    tokens = await live.session(deck)
    candidate = await live.connect(tokens.candidate)
    await candidate.act("start")
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    await candidate.act("pickup", {"contact_id": "c1"})
    await candidate.act("send", {"contact_id": "c1", "text": "Votre numéro ?"})
    await candidate.wait_for(of_type("message.sent", text="Commande 4521, passée le 3 mars."), 4)
    events = await live.store.read(tokens.session_id)
    exam = await live.exams.get(tokens.exam_id)
    before = {k: (v.value, v.passed) for k, v in compute_all(events, exam.scenario).items()}

    # The trainer rewrites the deck on disk afterwards: another customer, another fact.
    text = (deck / "deck.yaml").read_text(encoding="utf-8")
    (deck / "deck.yaml").write_text(text.replace("Claire Dubois", "Autre Cliente"), "utf-8")
    shutil.rmtree(deck / "contacts", ignore_errors=True)

    live.exams._live.clear()  # as after a restart: the exam is rebuilt from the log alone
    rebuilt = await live.exams.get(tokens.exam_id)
    assert rebuilt is not None and rebuilt.scenario.snapshot == exam.scenario.snapshot
    assert rebuilt.scenario.deck.contacts == exam.scenario.deck.contacts
    after = {k: (v.value, v.passed) for k, v in compute_all(events, rebuilt.scenario).items()}
    assert after == before
    again = await open_exam(live.app, deck)  # a new exam does see the new deck
    new_exam = await live.exams.get(again.exam_id)
    assert new_exam.created.deck_hash != rebuilt.created.deck_hash


async def test_a_store_outage_is_refused_with_a_reason_and_the_ticker_recovers(live, tmp_path):
    """Another process holds the SQLite file's write lock for 2 s: actions in the outage are
    refused ("store unavailable"), and the contact due afterwards still arrives on time."""
    import sqlite3
    import threading

    # At ×6, contacts are due every second of wall time: two during the outage, more after.
    tokens = await live.session(REACTIVE_DECK, time_factor=6.0)
    candidate = await live.connect(tokens.candidate, lang="en", deck_ids=True)
    assert (await candidate.act("start"))["ok"]
    started = asyncio.get_running_loop().time()
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock() -> None:
        conn = sqlite3.connect(tmp_path / "events.db", timeout=5)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(10)
        conn.rollback()
        conn.close()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    await asyncio.to_thread(locked.wait, 5)
    try:
        refused = await candidate.act("report", {"kind": "incident", "text": "Panne réseau"})
        assert refused["ok"] is False
        assert refused["error"]["field"] == "store"
        assert "store unavailable" in refused["error"]["reason"]
        await asyncio.sleep(max(0.0, 2.2 - (asyncio.get_running_loop().time() - started)))
    finally:
        release.set()
        await asyncio.to_thread(holder.join)
    due_after = await candidate.wait_for(of_type("contact.offered", contact_id="sms-oublie"), 5)
    arrived = asyncio.get_running_loop().time() - started
    assert due_after["sim_time"] == 18.0 and arrived < 3.9  # due at 3 s: on time, unprompted
    during = [e for e in candidate.events if e["type"] == "contact.offered"][:2]
    assert [e["sim_time"] for e in during] == [6.0, 12.0]  # those due in the outage came after
    assert (await candidate.act("report", {"kind": "incident", "text": "Panne réseau"}))["ok"]
    logged = await live.store.read(tokens.session_id)
    assert sum(e.type == "report.written" for e in logged) == 1


async def test_drafts_are_saved_as_typed_kept_while_paused_and_shown_in_the_replay(live):
    tokens = await live.session()
    candidate = await live.connect(tokens.candidate)
    await candidate.act("start")
    await candidate.wait_for(of_type("contact.offered"), timeout=3)
    field = {"field": "reply:c1", "contact_id": "c1"}
    assert (await candidate.act("draft", field | {"text": "Bonjour mad"}))["ok"]
    trainer = await live.connect(tokens.trainer)
    assert (await trainer.act("pause"))["ok"]
    assert (await candidate.act("draft", field | {"text": "Bonjour madame, je"}))["ok"]
    assert (await candidate.act("draft", field | {"text": ""}))["ok"]  # cleared: kept too
    refused = await candidate.act("draft", {"field": "x" * 81, "text": "a"})
    assert refused["error"]["field"] == "field"
    logged = [e for e in await live.store.read(tokens.session_id) if e.type == "draft.saved"]
    assert [e.payload.text for e in logged] == ["Bonjour mad", "Bonjour madame, je", ""]
    # The desk names its draft by the contact's handle; the log, by the deck's id.
    assert {(e.payload.field, e.payload.contact_id) for e in logged} == {
        ("reply:tchat-livraison", "tchat-livraison")
    }
    echoed = [e["payload"] for e in candidate.events if e["type"] == "draft.saved"]
    assert {(p["field"], p["contact_id"]) for p in echoed} == {("reply:c1", "c1")}
    assert {e.actor_id for e in logged} == {"c1"}

    import aiohttp

    from omnisim.projection.workspace import project_until

    url = f"{live.url}/jury/log?token={tokens.jury}"
    async with aiohttp.ClientSession() as http, http.get(url) as answer:
        sent = [
            Event.from_dict(e | {"session_id": tokens.session_id})
            for e in (await answer.json())["events"]
        ]
    replayed = project_until(sent, logged[1].seq)  # the jury's replay at that moment
    assert replayed.drafts["reply:tchat-livraison"].text == "Bonjour madame, je"
    assert replayed.status == "paused"
