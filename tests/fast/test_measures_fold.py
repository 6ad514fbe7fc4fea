"""Zulip's test, for measures: folding events one by one into a kept view gives exactly
the view (and the measures) a fresh computation over the whole log gives."""

from __future__ import annotations

from dataclasses import replace

from omnisim import events as ev
from omnisim.measures.projection import Moment, SessionView, project
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
