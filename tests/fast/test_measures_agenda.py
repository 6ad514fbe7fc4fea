"""The agenda measures on hand-built logs: moves and cancellations of the deck's appointments,
the principal's announced absences and hours (CQP C.1.11, C.1.12), and the engine's warning."""

from __future__ import annotations

import dataclasses
import re

import pytest

from omnisim import events as ev
from omnisim.deck.model import Hours, Instruction, Slot
from omnisim.engine import ActionRefused, Engine
from omnisim.engine.agenda import book, move
from omnisim.engine.fold import initial_state
from omnisim.measures import agenda, requests
from omnisim.protocol import actions
from tests.fast.measure_log import CrmExpectation, Log, contact, deck

MOVE = CrmExpectation("appointment", slot="2026-03-12T14:30", frees="2026-03-12T15:00")


def planned(*contacts):
    """The test deck, its principal away on the 13th afternoon and seeing people 9-17 on
    weekdays; the 15:00 appointment is the caller's (``MOVE``)."""
    base = deck(*contacts)
    principal = dataclasses.replace(
        base.principals[0],
        agenda=(
            *base.principals[0].agenda,
            Slot("2026-03-12T16:00", "2026-03-12T16:30", free=False, with_whom="M. Blanc"),
            Slot("2026-03-13T14:00", "2026-03-13T14:30", free=True),
        ),
        instructions=(
            Instruction("Formation l'après-midi.", "2026-03-13T12:00", "2026-03-13T18:00", True),
        ),
        hours=(Hours("09:00", "17:00"),),
    )
    return dataclasses.replace(base, principals=(principal,))


def test_moving_the_callers_appointment_frees_it_and_lands_in_a_free_slot():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(
        5,
        "candidate",
        ev.AgendaMoved("cabinet", "2026-03-12T15:00", "2026-03-12T14:30", contact_id="c"),
    )
    log.say(6, "c", "Votre rendez-vous est déplacé à 14h30.", "phone")
    ctx = log.context(planned(contact("c", "phone", crm=(MOVE,))))
    assert agenda.agenda_updated(ctx).value == {"cabinet@2026-03-12T15:00": True}
    assert agenda.agenda_updated(ctx).passed is True
    assert agenda.appointment_in_free_slot(ctx).value == {"cabinet@2026-03-12T14:30": True}
    assert agenda.appointment_recap(ctx).passed is True
    assert requests.appointments_made(ctx).passed is True


def test_the_old_slot_left_in_place_or_someone_elses_freed_is_a_fault():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(5, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T14:30", contact_id="c"))
    log.add(6, "candidate", ev.AgendaCancelled("cabinet", "2026-03-12T16:00", contact_id="c"))
    log.add(7, "candidate", ev.ContactClosed("c"))
    ctx = log.context(planned(contact("c", "phone", crm=(MOVE,))))
    result = agenda.agenda_updated(ctx)
    assert result.value == {"cabinet@2026-03-12T16:00": False, "cabinet@2026-03-12T15:00": False}
    assert result.passed is False
    notes = {e.note.key for e in result.evidence}
    assert notes == {"note.agenda_freed_wrongly", "note.agenda_not_freed"}
    for evidence in result.evidence:  # the jury reads the moment as the desk shows it
        said = evidence.note.render("fr")
        assert re.search(r"\d{4}-\d{2}-\d{2}", said) is None, said
        assert re.search(r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d+ ", said), said


def test_a_booking_of_the_attempt_moved_or_cancelled_is_no_deck_appointment():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(5, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T14:30", contact_id="c"))
    log.add(6, "candidate", ev.AgendaMoved("cabinet", "2026-03-12T14:30", "2026-03-13T14:00"))
    ctx = log.context(planned(contact("c", "phone")))
    assert agenda.agenda_updated(ctx).passed is None  # nothing of the deck's touched
    # 14:00 on the 13th is listed free but the principal is away: not a free slot.
    free = agenda.appointment_in_free_slot(ctx)
    assert free.value == {"cabinet@2026-03-12T14:30": True, "cabinet@2026-03-13T14:00": False}


def test_a_freed_deck_appointment_is_a_free_slot_and_an_override_reason_reaches_the_jury():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(5, "candidate", ev.AgendaCancelled("cabinet", "2026-03-12T15:00", contact_id="c"))
    log.add(6, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T15:00", contact_id="c"))
    log.add(
        7,
        "candidate",
        ev.AgendaBooked("cabinet", "2026-03-12T18:00", override="Le docteur l'a demandé"),
    )
    ctx = log.context(planned(contact("c", "phone", crm=(MOVE,))))
    free = agenda.appointment_in_free_slot(ctx)
    assert free.value == {"cabinet@2026-03-12T15:00": True, "cabinet@2026-03-12T18:00": False}
    late = [e.note for e in free.evidence if e.note.key.startswith("note.slot_outside")]
    assert late[0].key == "note.slot_outside_hours_override"
    assert "motif : Le docteur l'a demandé" in late[0].render("fr")


def test_the_engine_warns_before_booking_over_an_absence_or_outside_hours_and_books_with_a_reason():
    d = planned(contact("c", "phone"))
    s = initial_state(d)
    with pytest.raises(ActionRefused) as away:
        book(d, s, ev.AgendaBooked("cabinet", "2026-03-13T14:00"))
    assert (away.value.field, away.value.key) == ("override", "err.agenda_absent")
    assert away.value.params["why"] == "Formation l'après-midi."
    with pytest.raises(ActionRefused) as late:
        book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T19:00"))
    assert (late.value.field, late.value.key) == ("override", "err.agenda_outside_hours")
    with pytest.raises(ActionRefused) as sunday:
        book(d, s, ev.AgendaBooked("cabinet", "2026-03-15T10:00"))
    assert sunday.value.key == "err.agenda_outside_hours"
    book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T19:00", override="Urgence"))  # no raise
    with pytest.raises(ActionRefused) as busy:  # taken is refused, whatever the reason
        book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T16:10", override="x"))
    assert busy.value.key == "err.agenda_slot_busy"
    with pytest.raises(ActionRefused) as nonsense:
        book(d, s, ev.AgendaBooked("cabinet", "demain"))
    assert nonsense.value.key == "err.agenda_time_invalid"
    with pytest.raises(ActionRefused) as same:
        move(d, s, ev.AgendaMoved("cabinet", "2026-03-12T16:00", "2026-03-12T16:00"))
    assert same.value.key == "err.agenda_same_slot"


def test_a_deck_appointment_moves_in_the_engine_and_its_old_slot_can_be_booked_again():
    d = planned(contact("c", "phone"))
    engine = Engine(d)

    def run(payload):
        drafts = engine.act("candidate", payload)
        for event in engine.stamp("s", drafts, 1.0):
            engine.apply(event)
        return drafts

    run(actions.Start())
    run(ev.AgendaMoved("cabinet", "2026-03-12T16:00", "2026-03-12T14:30"))
    with pytest.raises(ActionRefused) as gone:
        run(ev.AgendaCancelled("cabinet", "2026-03-12T16:00"))  # moved away already
    assert gone.value.key == "err.agenda_not_booked"
    run(ev.AgendaBooked("cabinet", "2026-03-12T16:00"))  # its old slot is free now
    run(ev.AgendaCancelled("cabinet", "2026-03-12T14:30"))  # the moved one, now ours
    assert engine.state.booked == {("cabinet", "2026-03-12T16:00")}
    assert engine.state.freed == {("cabinet", "2026-03-12T16:00")}


def test_one_practitioners_absence_warns_on_their_slots_only():
    """A practice of two: the physiotherapist away this afternoon (``absent`` with ``staff``)
    blocks his own slots, not the osteopath's, nor hours whose slot names nobody."""
    base = deck(contact("c", "phone"))
    principal = dataclasses.replace(
        base.principals[0],
        agenda=(
            Slot("2026-03-12T14:30", "2026-03-12T15:00", staff="kine"),
            Slot("2026-03-12T15:00", "2026-03-12T15:30", staff="osteo"),
        ),
        instructions=(
            Instruction("Formation.", "2026-03-12T14:00", "2026-03-12T18:00", True, staff="kine"),
        ),
    )
    d = dataclasses.replace(base, principals=(principal,))
    s = initial_state(d)
    with pytest.raises(ActionRefused) as away:
        book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T14:30"))
    assert (away.value.field, away.value.params["why"]) == ("override", "Formation.")
    book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T15:00"))  # the osteopath's: no warning
    book(d, s, ev.AgendaBooked("cabinet", "2026-03-12T16:00"))  # nobody's slot: the practice open
    log = Log()
    log.add(5, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T14:30", override="Demandé"))
    log.add(6, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T15:00"))
    free = agenda.appointment_in_free_slot(log.context(d))
    assert free.value == {"cabinet@2026-03-12T14:30": False, "cabinet@2026-03-12T15:00": True}
