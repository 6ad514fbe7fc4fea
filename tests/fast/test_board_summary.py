"""The board's summary of one candidate (omnisim/projection/summary.py) and its TypeScript twin.

Hand-made logs pin each rule (mood scale, reply deadlines, a call ringing, escalations,
offline, last activity); the demo deck's scripted logs, cut at several moments, check
that web/src/board/summary.ts, folding the events a trainer's browser receives with the
shared reducer, says exactly what the Python summary of the projection says.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.projection.summary import mood_step, reply_deadlines, summarize
from omnisim.projection.workspace import Moment, project
from omnisim.protocol.views import project_all
from omnisim.scenario import load_scenario
from tests.conftest import ROOT
from tests.scripted import play_direct

GOLDEN_JS = ROOT / "web" / "build-tests" / "board" / "golden.js"


def log(steps: list[tuple[float, str, Any]], factor: float = 1.0) -> list[Event]:
    head = [
        ("system", ev.SessionCreated("demo", "Démo", 7, factor, "fr")),
        ("trainer", ev.SessionStarted()),
    ]
    out = [Event("ex1-c1", n, 1000.0 + n, 0.0, a, p) for n, (a, p) in enumerate(head, start=1)]
    for sim, actor, payload in steps:
        out.append(Event("ex1-c1", len(out) + 1, 1000.0 + sim, sim, actor, payload))  # type: ignore[arg-type]
    return out


def test_moods_are_five_named_steps():
    assert [mood_step(m) for m in (-1.0, -0.6, -0.59, -0.2, 0.0, 0.2, 0.21, 0.6, 0.61, 1.0)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_a_written_contact_is_overdue_once_its_deadline_passes_unanswered():
    events = log([(0.0, "system", ev.ContactOffered("chat1", "chat", "Léa Petit"))])
    view = project(events)
    assert summarize(view, {"chat1": 60.0}, 59.0, True).sla_breaches == ()
    assert summarize(view, {"chat1": 60.0}, 61.0, True).sla_breaches == ("chat1",)
    assert summarize(view, {}, 1e6, True).sla_breaches == ()  # no deadline, no breach


def test_a_late_first_reply_stays_a_breach_after_the_contact_is_closed():
    events = log(
        [
            (0.0, "system", ev.ContactOffered("mail", "email", "Léa Petit")),
            (50.0, "candidate", ev.ContactPickedUp("mail")),
            (100.0, "candidate", ev.MessageSent("mail", "email", "Bonjour")),
            (110.0, "candidate", ev.ContactClosed("mail")),
        ]
    )
    summary = summarize(project(events), {"mail": 60.0}, 200.0, True)
    assert summary.sla_breaches == ("mail",)
    assert summary.open_contacts == 0 and summary.handled == 1
    assert summary.last_activity == Moment(6, 110.0)


def test_a_call_ringing_is_an_alert_after_fifteen_real_seconds():
    events = log([(10.0, "system", ev.ContactOffered("call", "phone", "Marc Lenoir"))], factor=2.0)
    view = project(events)
    assert summarize(view, {}, 39.0, True).alerts == ()  # 14.5 real seconds
    ringing = summarize(view, {}, 41.0, True)
    assert [(a.kind, a.contact_id) for a in ringing.alerts] == [("ringing", "call")]
    events.append(Event("ex1-c1", 4, 1030.0, 42.0, "candidate", ev.ContactPickedUp("call")))
    assert summarize(project(events), {}, 100.0, True).alerts == ()


def test_a_call_to_place_waiting_is_no_ringing_alert():
    """It waits for the candidate to dial it: nobody is ringing on the line."""
    offered = ev.ContactOffered("rappel", "phone", "Olivier Perrin", to_place=True)
    view = project(log([(10.0, "system", offered)], factor=2.0))
    assert summarize(view, {}, 1000.0, True).alerts == ()
    assert view.contacts["rappel"].to_place


def test_escalation_offline_mood_and_take_over_show_on_the_line():
    events = log(
        [
            (0.0, "system", ev.ContactOffered("chat1", "chat", "Léa Petit")),
            (5.0, "candidate", ev.ContactPickedUp("chat1")),
            (6.0, "customer", ev.CustomerMood("chat1", -0.7, "tone", -0.5, "vader")),
            (7.0, "customer", ev.ContactEscalated("chat1", "supervisor")),
            (8.0, "trainer", ev.ContactTakenOver("chat1")),
        ]
    )
    summary = summarize(project(events), {}, 10.0, False)
    assert [(a.kind, a.contact_id) for a in summary.alerts] == [
        ("offline", ""),
        ("escalated", "chat1"),
    ]
    (customer,) = summary.customers
    assert (customer.name, customer.mood, customer.escalated, customer.taken_over) == (
        "Léa Petit",
        0,
        "supervisor",
        True,
    )
    assert summary.last_activity == Moment(4, 5.0)  # the take-over is not the candidate's act
    events.append(Event("ex1-c1", 8, 1020.0, 20.0, "trainer", ev.SessionEnded("trainer_stopped")))
    assert [a.kind for a in summarize(project(events), {}, 20.0, False).alerts] == ["escalated"]


# -- the same summary in the browser --------------------------------------------------------
@pytest.fixture(scope="module")
def golden_js() -> Path:
    npm = shutil.which("npm")
    assert npm, "npm is needed to build the client's tests"
    built = subprocess.run(
        [npm, "run", "--silent", "build:tests"], cwd=ROOT, capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert GOLDEN_JS.is_file()
    return GOLDEN_JS


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def test_the_browser_summary_is_the_python_summary(golden_js, tmp_path):
    demo = ROOT / "decks" / "demo"
    scenario = load_scenario(demo)
    deadlines = reply_deadlines(scenario.deck, scenario.rules)
    cases: dict[str, Any] = {}
    expected: dict[str, Any] = {}
    for careful in (True, False):
        events = asyncio.run(play_direct(demo, careful))
        for share in (0.2, 0.5, 0.8, 1.0):
            cut = events[: max(3, int(len(events) * share))]
            for online in (True, False):
                name = f"{'careful' if careful else 'careless'}-{share}-{online}"
                now = cut[-1].sim_time + 45.0
                cases[name] = {
                    "events": project_all("trainer", cut),
                    "deadlines": deadlines,
                    "now_sim": now,
                    "online": online,
                }
                summary = summarize(project(cut), deadlines, now, online)
                expected[name] = as_json(dataclasses.asdict(summary))
    # The agent's status and the candidate's acts beyond the demo's scripts: a break, a note,
    # a line said to a colleague; a call to place left waiting (no ringing alert on either side).
    desk = log(
        [
            (1.0, "system", ev.ContactOffered("c9", "phone", "Olivier Perrin", to_place=True)),
            (5.0, "system", ev.ContactOffered("c1", "phone", "Léa Petit")),
            (6.0, "candidate", ev.ContactPickedUp("c1")),
            (8.0, "candidate", ev.OutboundCall("sup", "", "c1", "call-1", "staff")),
            (9.0, "candidate", ev.CallSaid("call-1", "Une cliente en ligne.")),
            (12.0, "candidate", ev.ContactNoted("c1", "Rappeler demain.")),
            (20.0, "candidate", ev.AgentStatus("break")),
        ]
    )
    for cut in (5, 7, len(desk)):
        name = f"desk-{cut}"
        cases[name] = {
            "events": project_all("trainer", desk[:cut]),
            "deadlines": deadlines,
            "now_sim": 30.0,
            "online": True,
        }
        summary = summarize(project(desk[:cut]), deadlines, 30.0, True)
        expected[name] = as_json(dataclasses.asdict(summary))
    assert expected[f"desk-{len(desk)}"]["agent_status"] == "break"
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    node = shutil.which("node")
    assert node
    run = subprocess.run([node, str(golden_js), str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert any(s["alerts"] for s in expected.values())  # the logs exercise the alerts
    assert any(s["sla_breaches"] for s in expected.values())
    for name in cases:
        assert got[name] == expected[name], name
