"""The browser's reducer against the Python projection, on golden logs.

The demo deck is played by the careful and the careless scripted candidates, and a
hand-made log holds every kind of attempt event the demo never produces (holds,
transfers, take-overs, bookings cancelled, drafts, pauses). Each log is sent as a jury's
and as a candidate's browser receives it (omnisim.protocol.views.project) to the compiled
reducer (web/src/workspace/reducer.ts, run by node), and the state it prints must be
omnisim.projection.workspace.to_json of the Python projection: all of it for a jury; for a
candidate, what the events they receive can tell.
"""

from __future__ import annotations

import asyncio
import copy
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.projection.workspace import project, to_json
from omnisim.protocol.views import project_all
from tests.conftest import ROOT
from tests.scripted import play_direct

GOLDEN_JS = ROOT / "web" / "build-tests" / "workspace" / "golden.js"


@pytest.fixture(scope="module")
def golden_js() -> Path:
    """The compiled golden-log script, always rebuilt: esbuild takes ms, and stale misleads."""
    npm = shutil.which("npm")
    assert npm, "npm is needed to build the client's tests: run `bash tools/setup.sh`"
    built = subprocess.run(
        [npm, "run", "--silent", "build:tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, f"npm run build:tests failed:\n{built.stdout}{built.stderr}"
    assert GOLDEN_JS.is_file(), f"npm run build:tests did not write {GOLDEN_JS}"
    return GOLDEN_JS


def every_kind() -> list[Event]:
    """A short attempt with every event kind the workspace folds, in awkward orders."""
    steps: list[tuple[ev.Actor, Any]] = [
        ("system", ev.SessionCreated("demo", "Démo", 7, 4.0, "en", mode="exam")),
        ("trainer", ev.SessionStarted()),
        ("system", ev.ContactOffered("c1", "phone", "Claire Roussel", "RDV", "+33612345678")),
        ("system", ev.ContactOffered("c2", "chat", "Paul Martin")),
        ("system", ev.ContactOffered("c3", "email", "Léa Petit", "Devis", "lea@x.fr", ("a.pdf",))),
        # A call to place: waits on the desk, connected by dialling (a pickup and a call).
        (
            "system",
            ev.ContactOffered(
                "c4", "phone", "Olivier Perrin", "Rappel", "0655667788", to_place=True
            ),
        ),
        ("candidate", ev.ContactPickedUp("c1")),
        ("customer", ev.MessageSent("c1", "phone", "Bonjour", reason="fact:name")),
        ("system", ev.CustomerMood("c1", -0.3, "waiting", None, "")),
        ("candidate", ev.ContactHeld("c1", "Je vous mets en attente.")),
        ("customer", ev.CustomerSilent("c1", "on_hold")),  # for the jury: no line, no state
        ("candidate", ev.ContactResumed("c1")),
        ("candidate", ev.ContactResumed("c1")),  # no hold running: nothing
        ("candidate", ev.ContactHeld("c1")),
        ("candidate", ev.ContactTransferred("c1", "Maître Dupont", "urgent")),
        ("candidate", ev.ContactPickedUp("c1")),  # after the transfer: active again, first pickup
        ("trainer", ev.ContactTakenOver("c2")),
        ("trainer", ev.MessageSent("c2", "chat", "Je suis furieux !")),
        ("customer", ev.ContactEscalated("c2", "supervisor")),
        ("trainer", ev.ContactHandedBack("c2")),
        ("customer", ev.ContactSwitched("c2", "phone")),
        ("candidate", ev.ContactPickedUp("c2")),
        ("candidate", ev.ContactHeld("c2")),
        ("candidate", ev.ContactClosed("c2")),
        ("candidate", ev.MessageSent("c3", "sms", "Confirmé.", justification="Trace écrite.")),
        ("candidate", ev.CrmRecordCreated("r9", {"last_name": "Petit", "phone": "06"}, "c3")),
        ("candidate", ev.CrmRecordUpdated("r9", {"phone": "07", "email": "lea@x.fr"})),
        ("candidate", ev.CrmRecordUpdated("r1", {"city": "Lyon"}, "c1")),
        ("candidate", ev.CrmTraced("c3", "r9", "Devis envoyé")),
        ("candidate", ev.CrmFollowupSet("c3", "r9", "rappeler", "2025-03-04")),
        ("candidate", ev.AgendaBooked("dupont", "2025-03-03T09:00", "r1", "c1")),
        ("candidate", ev.AgendaBooked("martin", "2025-03-03T10:00")),
        ("candidate", ev.AgendaBooked("dupont", "2025-03-03T09:00", "r9", "c3", "urgent")),
        ("candidate", ev.AgendaCancelled("martin", "2025-03-03T10:00")),
        ("candidate", ev.AgendaCancelled("nobody", "2025-03-03T10:00")),
        ("candidate", ev.MessageTaken("dupont", "Maître Dupont", "Léa Petit", "06", "Rappeler")),
        ("candidate", ev.OutboundCall("dupont", "Je vous transfère un client.", "c1")),
        ("candidate", ev.AgendaMoved("dupont", "2025-03-03T09:00", "2025-03-04T11:00", "r9", "c3")),
        (
            "candidate",
            ev.AgendaMoved("dupont", "2025-03-05T09:00", "2025-03-05T10:00", "", "c1", "Urgence"),
        ),
        (
            "candidate",
            ev.AgendaBooked("dupont", "2025-03-06T19:00", "r1", "", "", "Le docteur l'a demandé"),
        ),
        ("candidate", ev.AgendaCancelled("dupont", "2025-03-05T09:00")),  # freed again: in place
        ("candidate", ev.AgentStatus("break")),
        ("candidate", ev.OutboundCall("sup", "", "c3", "call-1", "staff")),
        ("system", ev.CallSaid("call-1", "Nadia, je vous écoute.")),
        ("candidate", ev.CallSaid("call-1", "Une cliente demande un responsable.")),
        ("candidate", ev.CallSaid("call-9", "Personne ?")),  # no such call: nothing
        ("system", ev.CallEnded("call-1")),
        ("candidate", ev.OutboundCall("06 12", "Bonjour", "c3", "call-2", "customer")),
        ("candidate", ev.AgentStatus("available")),
        ("candidate", ev.ContactNoted("c3", "Cliente pressée.")),
        ("candidate", ev.ContactNoted("nobody", "Rien.")),
        (
            "candidate",
            ev.MessageSent(
                "c3", "email", "Ci-joint.", "Devis", cc=("a@x.fr",), attachments=("a.pdf",)
            ),
        ),
        # Sent over the unfilled-variables warning (message.sent v3): the jury's replay marks it.
        (
            "candidate",
            ev.MessageSent("c3", "email", "Bonjour {{ client.nom }}", "Devis", unfilled_ok=True),
        ),
        ("candidate", ev.ContactClosed("c3", "resolved")),
        ("candidate", ev.DraftSaved("reply:c3", "Bonj", "c3")),
        ("candidate", ev.DraftSaved("crm:new", "Rou")),
        ("candidate", ev.CrmSearched("roussel", "c3")),
        ("candidate", ev.KnowledgeSearched("garantie")),
        ("candidate", ev.DraftSaved("reply:c3", "")),
        ("system", ev.SessionPaused("server_restart")),
        ("trainer", ev.SessionResumed()),
        ("candidate", ev.ReportWritten("handover", "RAS")),
        ("system", ev.SessionEnded("duration_elapsed")),
        ("system", ev.CustomerMood("c3", 0.2, "tone", 0.5, "vader")),  # last, unseen by a candidate
    ]
    return [
        Event("ex1-c1", seq, 1000.0 + seq, 12.5 * seq, actor, payload)
        for seq, (actor, payload) in enumerate(steps, start=1)
    ]


@pytest.fixture(scope="module")
def logs() -> dict[str, list[Event]]:
    demo = ROOT / "decks" / "demo"
    return {
        "careful": asyncio.run(play_direct(demo, True)),
        "careless": asyncio.run(play_direct(demo, False)),
        "every_kind": every_kind(),
    }


def client_states(script: Path, sent: dict[str, list[dict[str, Any]]], tmp: Path) -> Any:
    """The compiled reducer's state for each log of events, as node prints it."""
    node = shutil.which("node")
    assert node, "node is needed to run the client's reducer: run `bash tools/setup.sh`"
    path = tmp / "events.json"
    path.write_text(json.dumps(sent, ensure_ascii=False), encoding="utf-8")
    run = subprocess.run(
        [node, str(script), str(path)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def as_json(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False))


def candidate_knows(state: dict[str, Any], last: dict[str, Any]) -> dict[str, Any]:
    """The Python state with what a candidate never receives at its initial value.

    omnisim/protocol/views.py keeps session.created, customer.mood, take-overs and the reason of a
    customer's line from them; their last event is the last one they received.
    """
    out = copy.deepcopy(state)
    out["time_factor"], out["lang"], out["last"] = 1, "fr", last
    for contact in out["contacts"].values():
        contact["taken_over"], contact["moods"] = False, []
        for line in contact["lines"]:
            line["reason"] = ""
    return out


def differences(expected: Any, actual: Any, path: str = "state") -> list[str]:
    """Every place where the client's state differs from Python's, one line each."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found: list[str] = []
        for key in [*expected, *(k for k in actual if k not in expected)]:
            where = f"{path}.{key}"
            if key not in actual:
                found.append(f"{where}: missing from the client (Python: {expected[key]!r:.120})")
            elif key not in expected:
                found.append(f"{where}: only in the client ({actual[key]!r:.120})")
            else:
                found += differences(expected[key], actual[key], where)
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = [
            d
            for i, (e, a) in enumerate(zip(expected, actual, strict=False))
            for d in differences(e, a, f"{path}[{i}]")
        ]
        if len(expected) != len(actual):
            found.append(f"{path}: Python has {len(expected)} items, the client {len(actual)}")
        return found
    if expected != actual or isinstance(expected, bool) != isinstance(actual, bool):
        return [f"{path}: Python {expected!r:.120}, client {actual!r:.120}"]
    return []


def check(expected: dict[str, Any], actual: dict[str, Any]) -> None:
    found = [f"{name}: {d}" for name in expected for d in differences(expected[name], actual[name])]
    assert not found, (
        "the client's reducer disagrees with omnisim.projection.workspace:\n"
        + "\n".join(found[:30])
    )


def test_a_jury_browser_folds_what_the_server_projects(golden_js, logs, tmp_path):
    sent = {name: project_all("jury", log) for name, log in logs.items()}
    expected = {name: as_json(to_json(project(log))) for name, log in logs.items()}
    check(expected, client_states(golden_js, sent, tmp_path))


def test_a_candidate_browser_folds_what_the_server_projects_as_far_as_it_can_see(
    golden_js, logs, tmp_path
):
    sent = {name: project_all("candidate", log) for name, log in logs.items()}
    expected = {
        name: candidate_knows(
            as_json(to_json(project(log))),
            {"seq": sent[name][-1]["seq"], "sim": sent[name][-1]["sim_time"]},
        )
        for name, log in logs.items()
    }
    check(expected, client_states(golden_js, sent, tmp_path))


def test_the_golden_logs_cover_every_kind_the_workspace_folds(logs):
    kinds = {e.type for log in logs.values() for e in log}
    attempt = {k for k, cls in ev.PAYLOADS.items() if cls.__module__ == "omnisim.events.attempt"}
    assert attempt - kinds == set()
    # The comparison means something: contacts, lines, holds, moods, bookings, drafts all there.
    view = project(logs["every_kind"])
    assert view.contacts["c1"].holds and view.contacts["c1"].moods and view.bookings
    assert view.drafts["reply:c3"].text == "" and view.records["r9"]["phone"] == "07"
    assert [line.unfilled_ok for line in view.contacts["c3"].lines] == [False, False, True]
    assert sum(len(c.lines) for c in project(logs["careful"]).contacts.values()) > 100


def test_a_difference_reads_as_a_path():
    assert differences({"a": [1, {"b": True}]}, {"a": [1, {"b": 1}], "c": 2}) == [
        "state.a[1].b: Python True, client 1",
        "state.c: only in the client (2)",
    ]
