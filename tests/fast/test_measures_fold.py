"""Zulip's test, for measures: folding events one by one into a kept view gives exactly
the view (and the measures) a fresh computation over the whole log gives."""

from __future__ import annotations

from dataclasses import replace

from omnisim import events as ev
from omnisim.projection.workspace import (
    ContactView,
    Hold,
    Line,
    Moment,
    Operation,
    SessionView,
    project,
)
from tests.fast.measure_log import Log


def busy_log() -> Log:
    log = Log()
    log.offer(0, "a", "phone")
    log.pick(8, "a")
    log.add(10, "candidate", ev.ContactHeld("a", "Je vous mets en attente."))
    log.offer(12, "b")
    log.pick(13, "b")
    log.say(14, "b", "Bonjour, je regarde votre dossier.")
    log.hear(20, "b", "Merci.")
    log.add(22, "customer", ev.CustomerMood("b", 0.2, "tone", 0.5, "vader"))
    log.add(30, "candidate", ev.ContactResumed("a"))
    log.add(31, "candidate", ev.CrmTraced("a", "r1", "Rappel demandé."))
    log.add(40, "candidate", ev.ContactTransferred("a", "superviseur"))
    log.add(41, "candidate", ev.ContactClosed("b"))
    log.add(50, "candidate", ev.ReportWritten("handover", "Rien à signaler."))
    return log


def test_incremental_fold_equals_fresh_projection_at_every_step():
    events = busy_log().events
    kept = SessionView()
    previous = SessionView()
    for n, event in enumerate(events, start=1):
        kept.apply(event)
        assert kept == project(events[:n])
        # Every event changes what the measures read (beyond "last seen"): a fold that
        # ignored an event type would otherwise pass silently.
        assert replace(kept, last=Moment(0, 0.0)) != replace(previous, last=Moment(0, 0.0)), (
            event.type
        )
        previous = project(events[:n])


def test_the_busy_log_projects_to_what_happened():
    """Written from the log by hand (seq 1 is the session's creation), not from the code:
    the fold above is compared with itself, this with an independent reading."""
    expected = SessionView(
        time_factor=8.0,
        lang="fr",
        end=None,
        last=Moment(14, 50.0),
        contacts={
            "a": ContactView(
                id="a",
                channel="phone",
                offered=Moment(2, 0.0),
                customer="Client",
                status="transferred",
                picked=Moment(3, 8.0),
                closed=None,
                transferred_to="superviseur",
                transferred=Moment(12, 40.0),
                lines=[],
                holds=[Hold(Moment(4, 10.0), "Je vous mets en attente.", end=Moment(10, 30.0))],
                moods=[],
                escalations=[],
            ),
            "b": ContactView(
                id="b",
                channel="chat",
                offered=Moment(5, 12.0),
                customer="Client",
                status="closed",
                picked=Moment(6, 13.0),
                closed=Moment(13, 41.0),
                lines=[
                    Line(7, 14.0, "candidate", "chat", "Bonjour, je regarde votre dossier."),
                    Line(8, 20.0, "customer", "chat", "Merci.", reason="reply"),
                ],
                holds=[],
                moods=[(Moment(9, 22.0), 0.2, "tone")],
                escalations=[],
            ),
        },
        operations=[
            Operation(Moment(11, 31.0), "crm.traced", ev.CrmTraced("a", "r1", "Rappel demandé.")),
            Operation(
                Moment(14, 50.0), "report.written", ev.ReportWritten("handover", "Rien à signaler.")
            ),
        ],
    )
    assert project(busy_log().events) == expected
