"""Each measure on small hand-built logs, edge cases included."""

from __future__ import annotations

from types import SimpleNamespace

from omnisim import events as ev
from omnisim.measures import (
    MEASURES,
    agenda,
    channels,
    checking,
    conversation,
    crm,
    handling,
    incidents,
    mood,
    reports,
    script,
    synthesis,
    timing,
)
from tests.fast.measure_log import CrmExpectation, CrmRecord, Log, Trap, contact, deck


def test_pickup_in_active_seconds_and_a_call_never_picked_up():
    log = Log()
    log.offer(0, "call", "phone")
    log.pick(96, "call")  # 96 sim s at ×8 = 12 active seconds
    log.offer(100, "chat")
    log.pick(260, "chat")  # 20 s: a chat window, no call left ringing (« décroché »)
    log.offer(300, "late", "phone")
    log.pick(460, "late")  # 20 s: too slow
    log.offer(500, "lost", "phone")  # still ringing at the end
    result = timing.pickup_time(
        log.context(
            deck(
                contact("call", "phone"),
                contact("chat"),
                contact("late", "phone"),
                contact("lost", "phone"),
            )
        )
    )
    assert result.value == {"call": 12.0, "late": 20.0, "lost": None}
    assert result.passed is False
    notes = [e.render("fr") for e in result.evidence]
    assert "lost : jamais décroché" in notes and "late : décroché en 20 s" in notes
    assert "late: picked up in 20 s" in [e.render("en") for e in result.evidence]


def test_a_chat_opened_late_is_no_call_left_ringing():
    log = Log()
    log.offer(0, "chat")
    log.pick(200, "chat")  # 25 active seconds
    log.offer(300, "call", "phone")
    log.pick(340, "call")  # 5 s
    ctx = log.context(deck(contact("chat"), contact("call", "phone")))
    assert timing.pickup_time(ctx).value == {"call": 5.0}
    assert timing.pickup_time(ctx).passed is True


def test_a_pause_mid_call_adds_nothing_to_the_pickup_time():
    # Paused between sim 40 and the resume: sim time stood still, so the gap is only 80 sim s.
    log = Log()
    log.offer(0, "call", "phone")
    log.add(40, "trainer", ev.SessionPaused())
    log.add(40, "trainer", ev.SessionResumed())
    log.pick(80, "call")
    assert timing.pickup_time(log.context(deck(contact("call", "phone")))).value == {"call": 10.0}


def test_nothing_to_judge_without_calls_or_chats():
    log = Log()
    log.offer(0, "mail", "email")
    assert timing.pickup_time(log.context(deck(contact("mail", "email")))).passed is None


def test_holds_lines_durations_and_announcements():
    log = Log()
    for cid in ("a", "b"):
        log.offer(0, cid, "phone")
        log.pick(8, cid)
    log.add(10, "candidate", ev.ContactHeld("a", "Je vous mets en attente, je consulte l'agenda."))
    log.add(20, "candidate", ev.ContactHeld("b", ""))
    log.add(30, "candidate", ev.ContactResumed("a"))  # 20 sim s = 2.5 s
    ctx = log.context(
        deck(contact("a", "phone"), contact("b", "phone"))
    )  # b still on hold at the end
    assert timing.hold_lines(ctx).value == 2 and timing.hold_lines(ctx).passed is True
    assert timing.hold_duration(ctx).value == {"a#1": 2.5, "b#1": 1.2}
    announced = timing.hold_announced(ctx)
    assert announced.value == {"a#1": True, "b#1": False} and announced.passed is False


def test_sla_kept_missed_and_unanswered():
    log = Log()
    log.offer(0, "fast", "email")
    log.offer(0, "slow", "email")
    log.offer(0, "never", "sms")
    log.say(600, "fast", "Madame, voici la réponse.", "email")
    log.say(3 * 3600, "slow", "Madame, voici la réponse.", "email")
    ctx = log.context(
        deck(
            contact("fast", "email", sla_minutes=60),
            contact("slow", "email", sla_minutes=60),
            contact("never", "sms"),
        )
    )
    result = timing.reply_time_sla(ctx)
    assert result.value == {"fast": 10.0, "slow": 180.0, "never": None}
    assert result.threshold == {"fast": 60, "slow": 60, "never": 60}
    assert result.passed is False


def test_chat_concision_and_sms_language():
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.say(2, "c", "Bonjour, je regarde.")
    log.say(3, "c", "Votre commande partira demain matin sans faute, promis")
    log.say(4, "c", "slt, c bon pr vous ?")
    ctx = log.context(deck(contact("c")))
    words = conversation.chat_words_per_send(ctx)
    assert words.value["#4"] == 3 and words.value["#5"] == 8 and words.passed is False
    sms = conversation.sms_language(ctx)
    assert sms.passed is False and sms.value["#6"] and not sms.value["#4"]


def test_expected_phrases_per_conversation():
    """Both customers bring a request (an appointment) and both conversations include an
    agenda look-up that keeps them waiting (longer than a chat's 15 s): the formulas are
    required in each, found in one."""
    log = Log()
    log.offer(0, "good")
    log.pick(1, "good")
    log.hear(1.5, "good", "Je voudrais déplacer mon rendez-vous de jeudi.")
    for n, text in enumerate(
        [
            "Bonjour, Cabinet Martin, Julie à votre écoute.",
            "Si je comprends bien, votre rendez-vous est à déplacer ?",
            "Un instant, je consulte l'agenda.",
        ]
    ):
        log.say(2 + n, "good", text)
    log.add(5, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T14:30", contact_id="good"))
    for n, text in enumerate(
        [
            "Pour résumer : jeudi 14h30 avec le docteur.",
            "Ai-je répondu à votre demande ?",
            "Merci de votre appel, au revoir.",
        ]
    ):
        log.say(200 + n, "good", text)
    log.add(203, "candidate", ev.ContactClosed("good"))
    log.offer(210, "bad")
    log.pick(211, "bad")
    log.hear(211.5, "bad", "Je voudrais déplacer mon rendez-vous de jeudi.")
    log.say(212, "bad", "Oui.")
    log.add(213, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T15:00", contact_id="bad"))
    for n, text in enumerate(["Jeudi.", "D'accord."]):
        log.say(400 + n, "bad", text)
    log.add(402, "candidate", ev.ContactClosed("bad"))
    wants = CrmExpectation("appointment", slot="2026-03-12T14:30")
    ctx = log.context(deck(contact("good", crm=(wants,)), contact("bad", crm=(wants,))))
    for fn in (
        conversation.greeting,
        conversation.presentation,
        checking.reformulation,
        checking.keep_informed,
        synthesis.summary,
        checking.satisfaction_check,
        checking.validation_question,
        conversation.closing,
    ):
        result = fn(ctx)
        assert result.value == {"good": True, "bad": False}, result.measure
        assert result.passed is False


def test_reply_channel_and_its_justification():
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    log.say(
        2, "c", "Je vous confirme par SMS.", "sms", justification="Le client veut une trace écrite."
    )
    log.say(3, "c", "Et par e-mail aussi.", "email")
    ctx = log.context(deck(contact("c", reply_channels=("chat", "sms"))))
    assert channels.reply_channel(ctx).passed is False  # e-mail was not acceptable
    justified = channels.channel_justification(ctx)
    assert justified.value == {"#4": "Le client veut une trace écrite.", "#5": ""}
    assert justified.passed is False


def script_of(*steps, order=True):
    return SimpleNamespace(
        steps=[SimpleNamespace(id=i, ask=tuple(a), question=i) for i, a in steps],
        order_required=order,
    )


def test_script_coverage_and_order():
    scripts = {
        "s": script_of(
            ("numero", ["numéro commande"]),
            ("date", ["date commande"]),
            ("adresse", ["adresse livraison"]),
            ("valider", ["si je comprends"]),
        )
    }
    log = Log()
    log.offer(0, "c")
    log.pick(1, "c")
    # The order number (an identification) may come at any turn (round 13); the address asked
    # before the date is the funnel out of order.
    log.say(2, "c", "L'adresse de livraison est-elle la bonne ?")
    log.say(3, "c", "Quelle est la date de la commande ?")
    log.say(4, "c", "Et son numéro de commande ?")
    ctx = log.context(deck(contact("c", script="s")), scripts)
    coverage = script.script_coverage(ctx)
    assert coverage.value == {"c": 0.75} and coverage.passed is True
    order = script.script_order(ctx)
    assert order.value == {"c": False} and order.passed is False


def test_mood_trajectory_and_calming():
    log = Log()
    log.offer(0, "calmed")
    log.add(5, "customer", ev.CustomerMood("calmed", 0.3, "tone", 0.6, "vader"))
    log.hear(6, "calmed", "Bon, merci.", reason="calmed")
    log.offer(0, "angry")
    log.add(5, "customer", ev.CustomerMood("angry", -0.9, "tone", -0.7, "vader"))
    log.add(5, "customer", ev.ContactEscalated("angry", "complaint"))
    ctx = log.context(deck(contact("calmed", mood=-0.4), contact("angry", mood=0.0)))
    traj = mood.mood_trajectory(ctx)
    assert traj.value == {"calmed": [-0.4, 0.3], "angry": [0.0, -0.9]} and traj.passed is False
    calm = mood.calmed_customer(ctx)
    assert calm.value == {"calmed": True, "angry": False}


def test_transfer_priority_and_confidentiality():
    log = Log()
    log.offer(0, "routine", "phone")
    log.offer(5, "urgent", "phone")
    # The urgent call had rung 4.4 active s (×8) when the routine one was picked, and waits
    # 30 s more: wrong order, beyond the human tolerances (2 s to notice, 15 s to follow).
    log.pick(40, "routine")
    log.pick(280, "urgent")
    log.add(290, "candidate", ev.ContactTransferred("urgent", "superviseur"))
    log.hear(291, "routine", "Donnez-moi son portable.", reason="trap:0", channel="phone")
    log.say(292, "routine", "C'est le 06 11 22 33 44.", "phone")
    ctx = log.context(
        deck(
            contact(
                "routine", "phone", traps=(Trap("Donnez-moi son portable.", ("06 11 22 33 44",)),)
            ),
            contact("urgent", "phone", urgent=True, priority=1, transfer_to="superviseur"),
        )
    )
    assert handling.transfer_required(ctx).passed is True
    order = handling.priority_order(ctx)
    assert order.value == {"urgent>routine": False} and order.passed is False
    leak = handling.confidential_leak(ctx)
    assert leak.value["routine"] == ["06 11 22 33 44", "06 11 22 33 44"] and leak.passed is False


def test_crm_trace_followup_duplicates_spelling():
    seed = (CrmRecord("r1", "Dupont", "Jean", phone="01 23 45 67 89"),)
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(
        5,
        "candidate",
        ev.CrmRecordCreated(
            "new-1", {"last_name": "Dupond", "first_name": "Jean", "phone": "0123456789"}, "c"
        ),
    )
    log.add(
        6,
        "candidate",
        ev.CrmRecordCreated("new-2", {"last_name": "Lefevre", "first_name": "Anne"}, "c"),
    )
    log.add(7, "candidate", ev.CrmTraced("c", "new-2", "Demande de rappel."))
    expected = CrmExpectation("create", fields={"last_name": "Lefèvre", "first_name": "Anne"})
    crm_work = (expected, CrmExpectation("followup"), CrmExpectation("trace"))
    ctx = log.context(deck(contact("c", "phone", crm=crm_work), crm=seed))
    assert crm.crm_traced(ctx).passed is True
    assert crm.crm_followup(ctx).passed is False
    dup = crm.crm_duplicates(ctx)
    assert dup.value == {"new-1": "r1", "new-2": ""} and dup.passed is False
    spelling = crm.crm_spelling(ctx)
    assert spelling.passed is False and "Lefevre" in spelling.value["c"][0]


def test_appointments_free_slots_and_recap():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(1, "c")
    log.add(5, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T14:30", contact_id="c"))
    # CQP C.1.12: the slot and what it is (« C'est noté pour jeudi à 14h30. » names a slot only)
    log.say(6, "c", "Votre rendez-vous est noté pour jeudi à 14h30.", "phone")
    log.add(7, "candidate", ev.AgendaBooked("cabinet", "2026-03-12T15:00", contact_id="c"))
    ctx = log.context(deck(contact("c", "phone")))
    free = agenda.appointment_in_free_slot(ctx)
    assert free.value == {"cabinet@2026-03-12T14:30": True, "cabinet@2026-03-12T15:00": False}
    recap = agenda.appointment_recap(ctx)
    assert recap.value == {"c@2026-03-12T14:30": True, "c@2026-03-12T15:00": False}


def test_reports_name_the_facts():
    log = Log()
    log.offer(0, "c", "phone")
    log.add(5, "customer", ev.ContactEscalated("c", "complaint"))
    log.add(
        6,
        "candidate",
        ev.MessageTaken("cabinet", "Dr Martin", "Paul Girard", "0601020304", "Rappeler."),
    )
    log.add(
        9, "candidate", ev.ReportWritten("incident", "Réclamation de Mme Dubois pour une facture.")
    )
    log.add(9, "candidate", ev.ReportWritten("handover", "RAS."))
    ctx = log.context(deck(contact("c", "phone", name="Claire Dubois")))
    assert incidents.incident_report(ctx).passed is True
    handover = reports.handover_notes(ctx)
    assert handover.passed is False and "manque" in handover.render("fr")


def test_a_contact_still_open_at_the_end_is_judged_on_what_happened():
    log = Log()
    log.offer(0, "c", "phone")
    log.pick(8, "c")
    log.say(9, "c", "Bonjour, je regarde.")
    ctx = log.context(deck(contact("c", "phone")))
    results = {name: fn(ctx) for name, fn in MEASURES.items()}
    assert results["pickup_time"].passed is True
    assert results["closing"].passed is None  # not closed: nothing to judge yet
    assert results["crm_traced"].passed is False
