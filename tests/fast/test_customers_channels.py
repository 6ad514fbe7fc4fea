"""Customers across channels and time (#13): pickup, call-backs, patience, deadlines."""

from __future__ import annotations

from omnisim import events as ev
from omnisim.projection.workspace import project
from omnisim.protocol.actions import CallOut
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.fast.customer_sim import Sim, lines

FR = ROOT / "tests" / "decks" / "conversing"


def test_a_ringing_call_says_nothing_until_picked_up():
    sim = Sim(load_deck(FR))
    sim.run(61 + 20 * 12)  # twenty real seconds of ringing at ×12
    assert sim.of("contact.offered", "appel") and sim.said("appel") == []
    assert project(sim.log).contacts["appel"].lines == []  # nor in the workspace projection
    pickup = sim.act(ev.ContactPickedUp("appel"))[0]
    sim.wait(1)
    [(text, reason, channel)] = sim.said("appel")
    assert (text, reason, channel) == (
        "Bonjour, je voudrais déplacer mon rendez-vous.",
        "opening",
        "phone",
    )
    opening = sim.of("message.sent", "appel")[0]
    assert opening.seq > pickup.seq and opening.sim_time == pickup.sim_time
    assert [line.reason for line in project(sim.log).contacts["appel"].lines] == ["opening"]


def test_patience_on_a_call_counts_in_active_seconds_at_any_pace():
    """patience 60 on a call = 60 real seconds of ringing, whatever the pace."""
    for factor in (1, 6, 12, 60):
        sim = Sim(load_deck(FR), time_factor=factor)
        sim.run(60 + 59 * factor)  # rang 59 real seconds
        assert sim.of("customer.mood", "appel") == [], factor
        sim.run(60 + 61 * factor)
        [lost] = sim.of("customer.mood", "appel")
        assert (lost.payload.cause, lost.sim_time) == ("waiting", 60 + 60 * factor)


def test_patience_on_an_sms_counts_in_simulated_time_at_any_pace():
    for factor in (1, 12):
        sim = Sim(load_deck(FR), time_factor=factor)
        sim.run(1200 + 1800 + 1)
        [lost] = sim.of("customer.mood", "sms")
        assert lost.sim_time == 1200 + 1800, factor


def test_a_ringing_caller_never_escalates_before_being_answered():
    sim = Sim(load_deck(FR), time_factor=1)
    sim.run(60 + 60 * 12)  # twelve patience periods: the mood bottoms out while it rings
    assert sim.of("customer.mood", "appel")
    assert sim.of("contact.escalated", "appel") == [] and sim.said("appel") == []


def test_an_unanswered_complaint_escalates_at_its_deadline_in_sim_time():
    for factor in (1, 12):
        sim = Sim(load_deck(FR), time_factor=factor)
        sim.run(1800 + 30 * 60 + 1)
        [escalated] = sim.of("contact.escalated", "plainte")
        assert (escalated.payload.level, escalated.sim_time) == ("complaint", 1800 + 30 * 60)
        assert ("Sans réponse de votre part, je saisis le conciliateur.", "deadline") in [
            (t, r) for t, r, _ in sim.said("plainte")
        ]


def test_a_complaint_answered_in_time_does_not_escalate():
    sim = Sim(load_deck(FR))
    sim.run(1801)
    sim.act(ev.ContactPickedUp("plainte"))
    sim.send("plainte", "Bonjour, nous accusons réception de votre réclamation.")
    sim.run(1800 + 60 * 60)
    assert sim.of("contact.escalated", "plainte") == []


def test_an_email_to_a_chat_customer_is_answered_by_email():
    sim = Sim(load_deck(FR))
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    out = sim.send(
        "tchat",
        "Quand êtes-vous disponible ?",
        channel="email",
        subject="Votre demande",
        justification="Une trace écrite vous sera utile.",
    )
    said = [(e.payload.channel, e.payload.reason) for e in out if e.type == "message.sent"]
    assert said[0] == ("email", "")  # the candidate's
    assert said[1:] and all(channel == "email" for channel, _ in said[1:])


def test_a_call_back_is_answered_and_the_talk_goes_on_by_phone():
    sim = Sim(load_deck(FR))
    sim.run(1201)
    sim.act(ev.ContactPickedUp("sms"))
    start = len(sim.log)
    call = CallOut("06 12 45 78 90", "Bonjour monsieur Dupont, je vous rappelle.", "sms")
    sim.act(call)
    sim.wait(120)
    said = sim.said("sms", start)
    assert said[0][1:] == ("callback", "phone") and "Jean Dupont" in said[0][0]
    more = sim.send("sms", "Quelle date aviez-vous notée ?", channel="phone")
    assert lines(more) == [("Je croyais que c'était jeudi 12 mars.", "fact:date")]
    assert {e.payload.channel for e in more if e.type == "message.sent"} == {"phone"}


def test_another_channel_unexplained_annoys_when_the_key_wants_it_argued():
    sim = Sim(load_deck(FR))
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    # A one-word justification is given but explains nothing.
    out = sim.send(
        "tchat", "Je vous écris par mail.", channel="email", subject="Suivi", justification="Mail."
    )
    assert "why_channel" in [r for _, r in lines(out)]
    moods = [e.payload for e in out if e.type == "customer.mood" and e.payload.cause != "waiting"]
    assert moods[-1].cause == "conduct" and moods[-1].mood < moods[0].mood
    explained = sim.send(
        "tchat",
        "Je vous écris par mail.",
        channel="email",
        justification="Vous aurez ainsi une trace écrite.",
    )
    assert "why_channel" not in [r for _, r in lines(explained)]


def test_a_reason_told_in_the_line_naming_the_channel_answers_the_why():
    sim = Sim(load_deck(FR))
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    told = sim.send(
        "tchat",
        "Je vous envoie le détail par e-mail : vous en garderez une trace écrite.",
        channel="email",
        subject="Suivi",
    )
    assert "why_channel" not in [r for _, r in lines(told)]
    # A reason that names no channel, or a channel named with no reason, still leaves it asked.
    for text in ("Vous en garderez une trace écrite.", "Je vous réponds par e-mail."):
        out = sim.send("tchat", text, channel="email", subject="Suivi")
        assert "why_channel" in [r for _, r in lines(out)], text


def test_a_terse_factual_chat_send_giving_what_they_wait_for_calms_them():
    sim = Sim(load_deck(FR))
    sim.run(601)
    sim.act(ev.ContactPickedUp("tchat"))
    out = sim.send("tchat", "Le docteur vous rappellera aujourd'hui.")  # five words, no courtesy
    moods = [e.payload for e in out if e.type == "customer.mood"]
    assert [m.cause for m in moods] == ["tone", "conduct"]
    assert moods[-1].mood >= 0.1
    assert ("Bon, d'accord, merci.", "calmed") in lines(out)


def test_ignoring_their_question_and_waiting_do_not_calm_them():
    sim = Sim(load_deck(FR))
    sim.run(1201)
    sim.act(ev.ContactPickedUp("sms"))  # opening: "pouvez-vous me rappeler … ?"
    out = sim.send("sms", "Quelle est la couleur de votre voiture ?")
    moods = [e.payload for e in out if e.type == "customer.mood"]
    assert moods[-1].cause == "conduct" and moods[-1].mood < moods[0].mood


def test_a_transfer_to_someone_unreachable_is_refused_with_a_way_out():
    import pytest

    from omnisim.engine import ActionRefused

    sim = Sim(load_deck(FR))
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    with pytest.raises(ActionRefused) as refused:
        sim.act(ev.ContactTransferred("appel", "absent"))
    assert refused.value.field == "to" and "message" in refused.value.render("fr")
    assert sim.act(ev.ContactTransferred("appel", "dr-martin"))


def test_a_written_statement_gets_a_written_acknowledgement():
    sim = Sim(load_deck(FR))
    sim.run(1201)
    sim.act(ev.ContactPickedUp("sms"))
    out = sim.send("sms", "Votre rendez-vous est maintenu.")
    assert [(r, ch) for _, r, ch in sim.said("sms")][-1] == ("acknowledge", "sms")
    assert lines(out)


def test_a_caller_kept_ringing_too_long_says_why_they_call_then_vents():
    sim = Sim(load_deck(FR), time_factor=1)
    sim.run(60 + 60 * 12)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(1)
    said = [r for _, r, _ in sim.said("appel")]
    assert said[0] == "opening"
    [opening] = [e for e in sim.of("message.sent", "appel") if e.payload.reason == "opening"]
    escalations = sim.of("contact.escalated", "appel")
    assert escalations and all(e.seq > opening.seq for e in escalations)


def test_patience_on_hold_counts_in_active_seconds():
    sim = Sim(load_deck(FR))  # ×12
    sim.run(61)
    sim.act(ev.ContactPickedUp("appel"))
    sim.wait(30)
    held = sim.act(ev.ContactHeld("appel", "Je vous mets en attente un instant."))[0]
    sim.run(held.sim_time + 59 * 12)
    assert [m for m in sim.of("customer.mood", "appel") if m.payload.cause == "hold"] == []
    sim.run(held.sim_time + 61 * 12)
    [lost] = [m for m in sim.of("customer.mood", "appel") if m.payload.cause == "hold"]
    assert lost.sim_time == held.sim_time + 60 * 12


def test_after_a_goodbye_or_an_acknowledgement_the_customer_waits_for_nothing():
    sim = Sim(load_deck(FR))
    sim.run(1201)
    sim.act(ev.ContactPickedUp("sms"))
    sim.send("sms", "Je vous rappelle demain matin. Bonne journée, au revoir.")
    sim.send("sms", "Votre rendez-vous est maintenu.")
    settled = len(sim.log)
    sim.wait(3 * 1800)  # three SMS patience periods
    assert sim.of("customer.mood", "sms", settled) == [] and sim.said("sms", settled) == []
