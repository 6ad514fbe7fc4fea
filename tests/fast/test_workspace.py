"""The one projection of a candidate's workspace, checked against states written by hand.

The expected states below were written from the golden log, event by event, not printed
from the code: they are an independent reading of what the candidate's desk showed.
"""

from __future__ import annotations

from omnisim import events as ev
from omnisim.events import Event
from omnisim.projection.workspace import (
    Booking,
    ContactView,
    Draft,
    Hold,
    Line,
    Moment,
    Operation,
    SessionView,
    project,
    project_until,
    to_json,
)
from tests.fast.measure_log import Log


def golden_log() -> Log:
    log = Log()  # seq 1: session.created, ×8, fr
    log.add(0, "candidate", ev.SessionStarted())  # 2
    log.add(
        5,
        "system",
        ev.ContactOffered("m1", "email", "Jeanne Roux", "Facture", "j@ex.fr", ("f.pdf",)),
    )  # 3
    log.add(6, "system", ev.ContactOffered("t1", "phone", "Paul Mas", sender="0601"))  # 4
    log.pick(7, "t1")  # 5
    log.add(8, "candidate", ev.DraftSaved("reply:m1", "Bonjour Mada", "m1"))  # 6
    log.add(9, "candidate", ev.ContactHeld("t1", "Je vérifie l'agenda."))  # 7
    log.add(10, "candidate", ev.CrmRecordCreated("new-1", {"last_name": "Mas"}, "t1"))  # 8
    log.add(11, "candidate", ev.CrmRecordUpdated("new-1", {"phone": "0601"}, "t1"))  # 9
    log.add(12, "candidate", ev.AgendaBooked("dr-martin", "2026-03-12T14:30", "new-1", "t1"))  # 10
    log.add(13, "candidate", ev.AgendaBooked("dr-martin", "2026-03-12T15:00", "new-1", "t1"))  # 11
    log.add(14, "candidate", ev.ContactResumed("t1"))  # 12
    log.add(
        15, "candidate", ev.AgendaCancelled("dr-martin", "2026-03-12T14:30", "new-1", "t1")
    )  # 13
    log.say(16, "t1", "Votre rendez-vous est à 15 h.", channel="phone")  # 14
    log.add(17, "candidate", ev.DraftSaved("reply:m1", "Bonjour Madame Roux,", "m1"))  # 15
    log.add(18, "trainer", ev.ContactTakenOver("m1"))  # 16
    log.add(
        19,
        "candidate",
        ev.MessageTaken("dr-martin", "Dr Martin", "Paul Mas", "0601", "Rappeler", "t1"),
    )  # 17
    log.add(20, "candidate", ev.ContactClosed("t1"))  # 18
    log.add(21, "trainer", ev.SessionPaused("trainer"))  # 19
    return log


def test_the_whole_golden_log():
    events = golden_log().events
    taken = ev.MessageTaken("dr-martin", "Dr Martin", "Paul Mas", "0601", "Rappeler", "t1")
    expected = SessionView(
        time_factor=8.0,
        lang="fr",
        status="paused",
        end=None,
        last=Moment(19, 21.0),
        contacts={
            "m1": ContactView(
                "m1",
                "email",
                Moment(3, 5.0),
                "Jeanne Roux",
                "Facture",
                "j@ex.fr",
                ("f.pdf",),
                status="offered",
                taken_over=True,
            ),
            "t1": ContactView(
                "t1",
                "phone",
                Moment(4, 6.0),
                "Paul Mas",
                sender="0601",
                status="closed",
                picked=Moment(5, 7.0),
                closed=Moment(18, 20.0),
                lines=[Line(14, 16.0, "candidate", "phone", "Votre rendez-vous est à 15 h.")],
                holds=[Hold(Moment(7, 9.0), "Je vérifie l'agenda.", Moment(12, 14.0))],
            ),
        },
        operations=[
            Operation(Moment(8, 10.0), "crm.record_created", events[7].payload),
            Operation(Moment(9, 11.0), "crm.record_updated", events[8].payload),
            Operation(Moment(10, 12.0), "agenda.booked", events[9].payload),
            Operation(Moment(11, 13.0), "agenda.booked", events[10].payload),
            Operation(Moment(13, 15.0), "agenda.cancelled", events[12].payload),
            Operation(Moment(17, 19.0), "message.taken", taken),
        ],
        records={"new-1": {"last_name": "Mas", "phone": "0601"}},
        bookings={
            ("dr-martin", "2026-03-12T15:00"): Booking(
                "dr-martin", "2026-03-12T15:00", Moment(11, 13.0), "new-1", "t1"
            )
        },
        drafts={"reply:m1": Draft("Bonjour Madame Roux,", Moment(15, 17.0), "m1")},
    )
    assert project(events) == expected


def test_the_replay_at_a_moment_shows_the_desk_as_it_was():
    events = golden_log().events
    at_ten = project_until(events, 10)
    assert at_ten.status == "running"
    assert at_ten.contacts["t1"].status == "held"
    assert at_ten.contacts["m1"].taken_over is False
    assert at_ten.drafts == {"reply:m1": Draft("Bonjour Mada", Moment(6, 8.0), "m1")}
    assert list(at_ten.bookings) == [("dr-martin", "2026-03-12T14:30")]
    assert at_ten.records == {"new-1": {"last_name": "Mas", "phone": "0601"}}
    assert at_ten.last == Moment(10, 12.0)
    assert project_until(events, 2).contacts == {}


def test_a_letter_sent_over_the_unfilled_warning_stays_marked_on_its_line():
    """MC ACVD C3 « les variables correctes sont ajoutées »: the jury's replay shows that the
    candidate was warned and sent anyway (``unfilled_ok``, message.sent v3); a line of a v1 or
    v2 log, written when the desk refused such a text, reads False."""
    log = Log()
    log.offer(1, "m1", "email")
    log.pick(2, "m1")
    letter = "Bonjour {{ client.civilite }} Roux,\nÀ bientôt."
    log.say(3, "m1", letter, "email", subject="RE: Facture", unfilled_ok=True)
    log.hear(4, "m1", "Merci.", channel="email")
    for version, added in ((1, ("cc", "attachments", "unfilled_ok")), (2, ("unfilled_ok",))):
        stored = log.say(4 + version, "m1", f"Version {version}.", "email").to_dict()
        stored["version"] = version  # as a log written then holds it, read back upcast
        stored["payload"] = {k: v for k, v in stored["payload"].items() if k not in added}
        log.events[-1] = Event.from_dict(stored)
    lines = project(log.events).contacts["m1"].lines
    assert [(line.text, line.unfilled_ok) for line in lines] == [
        (letter, True),
        ("Merci.", False),
        ("Version 1.", False),
        ("Version 2.", False),
    ]
    assert to_json(project(log.events))["contacts"]["m1"]["lines"][0]["unfilled_ok"] is True
