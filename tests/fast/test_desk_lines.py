"""The softphone's outbound lines, consultation, the agent-desk basics (wrap-up codes, status,
internal notes, copies and attachments) and the deck's appointments over a real socket
(issue 22, faults 4 and 8)."""

from __future__ import annotations

import omnisim.web.app  # noqa: F401  imported here, not in the first test's setup on the loop
from tests.conftest import ROOT, of_type

DEMO = ROOT / "decks" / "demo"


async def started(live, factor: float = 600):
    tokens = await live.session(DEMO, time_factor=factor)
    cand = await live.connect(tokens.candidate, deck_ids=True)  # the test speaks deck ids
    assert (await cand.act("start"))["ok"]
    return tokens, cand


async def logged(live, tokens, kind: str) -> list:
    return [e for e in await live.store.read(tokens.session_id) if e.type == kind]


async def test_a_deck_appointment_moves_and_cancels_and_a_warning_asks_for_a_reason(live):
    tokens, cand = await started(live)
    # Mme Petit's appointment is the deck's: it moves (its slot freed), then the new one cancels.
    move = {"principal": "dr-martin", "start": "2026-03-13T09:30", "to": "2026-03-13T10:30"}
    assert (await cand.act("agenda_move", move | {"record_id": "r-petit"}))["ok"]
    assert (await cand.act("agenda_book", {"principal": "dr-martin", "start": "2026-03-13T09:30"}))[
        "ok"
    ]
    dupont = {"principal": "dr-martin", "start": "2026-03-12T10:00"}
    assert (await cand.act("agenda_cancel", dupont))["ok"]
    again = await cand.act("agenda_cancel", dupont)
    assert again["error"]["field"] == "start"  # cancelled already
    # The doctor's training (an announced absence): a warning on `override`, passed with a reason.
    away = {"principal": "dr-martin", "start": "2026-03-12T15:00"}
    warned = await cand.act("agenda_book", away)
    assert warned["error"]["field"] == "override"
    assert "formation" in warned["error"]["reason"] and "motif" in warned["error"]["reason"]
    late = await cand.act("agenda_book", {"principal": "dr-martin", "start": "2026-03-13T19:00"})
    assert late["error"]["field"] == "override" and "heures" in late["error"]["reason"]
    reason = "Le docteur a demandé de caler ce patient."
    assert (await cand.act("agenda_book", away | {"override": reason}))["ok"]
    booked = await logged(live, tokens, "agenda.booked")
    assert [(b.payload.start, b.payload.override) for b in booked] == [
        ("2026-03-13T09:30", ""),
        ("2026-03-12T15:00", reason),
    ]
    moved = await logged(live, tokens, "agenda.moved")
    assert [(m.payload.start, m.payload.to) for m in moved] == [
        ("2026-03-13T09:30", "2026-03-13T10:30")
    ]


async def test_calling_a_customer_back_from_an_email_is_a_line_that_holds_and_hangs_up(live):
    tokens, cand = await started(live, factor=1000)
    await cand.wait_for(of_type("contact.offered", contact_id="message-email"), timeout=10)
    assert (await cand.act("pickup", {"contact_id": "message-email"}))["ok"]
    # A number nobody in the scenario answers: a line all the same, which hangs up.
    assert (await cand.act("call_out", {"to": "01 23 45 67 89", "contact_id": "message-email"}))[
        "ok"
    ]
    placed = await logged(live, tokens, "call.outbound")
    assert placed[-1].payload.kind == "number" and placed[-1].payload.call_id == "call-1"
    assert (await cand.act("call_end", {"call_id": "call-1"}))["ok"]
    ended = await cand.act("call_end", {"call_id": "call-1"})
    assert ended["error"]["field"] == "call_id"
    # The number she gives in her e-mail reaches her: she picks up, by phone, in her contact.
    call = {"to": "+33 6 81 72 63 54", "contact_id": "message-email"}
    assert (await cand.act("call_out", call))["ok"]
    placed = await logged(live, tokens, "call.outbound")
    assert placed[-1].payload.kind == "customer" and placed[-1].payload.call_id == "call-2"
    hello = await cand.wait_for(
        lambda e: e["type"] == "message.sent" and e["payload"]["channel"] == "phone", timeout=10
    )
    assert hello["actor"] == "customer"
    hold = {"contact_id": "message-email", "announcement": "Je vérifie, un instant."}
    assert (await cand.act("hold", hold))["ok"]  # a customer called back holds like a caller
    assert (await cand.act("unhold", {"contact_id": "message-email"}))["ok"]
    assert (await cand.act("call_end", {"call_id": "call-2"}))["ok"]


async def test_a_callback_carries_on_by_phone_without_justification_then_back_on_its_channel(live):
    tokens, cand = await started(live, factor=1000)
    await cand.wait_for(of_type("contact.offered", contact_id="panne-fenetre"), timeout=10)
    offered = (await logged(live, tokens, "contact.offered"))[-1]
    assert offered.payload.sender == "06 20 30 40 50"  # from her CRM record
    assert (await cand.act("pickup", {"contact_id": "panne-fenetre"}))["ok"]
    call = {"to": "06 20 30 40 50", "contact_id": "panne-fenetre"}
    assert (await cand.act("call_out", call))["ok"]
    await cand.wait_for(
        lambda e: e["type"] == "message.sent" and e["payload"]["channel"] == "phone", timeout=10
    )
    line = {"contact_id": "panne-fenetre", "channel": "phone", "text": "Je vous rappelle."}
    assert (await cand.act("send", line))["ok"]  # on the call: no justification
    hold = await cand.act("hold", {"contact_id": "panne-fenetre", "announcement": "Un instant."})
    assert hold["ok"]
    assert (await cand.act("unhold", {"contact_id": "panne-fenetre"}))["ok"]
    say = await cand.act("call_say", {"call_id": "call-1", "text": "Allô ?"})
    assert say["error"]["field"] == "call_id"  # a customer hears you in their conversation
    assert (await cand.act("call_end", {"call_id": "call-1"}))["ok"]
    assert (await cand.act("send", {"contact_id": "panne-fenetre", "text": "Bien noté."}))["ok"]


async def test_a_consultation_with_the_supervisor_then_a_transfer_that_says_to_whom(live):
    tokens, cand = await started(live)
    await cand.wait_for(of_type("contact.offered", contact_id="deplacer-rdv"), timeout=5)
    assert (await cand.act("pickup", {"contact_id": "deplacer-rdv"}))["ok"]
    hold = {"contact_id": "deplacer-rdv", "announcement": "Je consulte ma responsable."}
    assert (await cand.act("hold", hold))["ok"]
    assert (await cand.act("call_out", {"to": "superviseure", "contact_id": "deplacer-rdv"}))["ok"]
    said = {"call_id": "call-1", "text": "Mme Petit veut déplacer son rendez-vous."}
    assert (await cand.act("call_say", said))["ok"]
    lines = [(e.actor, e.payload.text) for e in await logged(live, tokens, "call.said")]
    assert lines[0] == ("system", "Mme Nadia Ferrand, je vous écoute.")
    assert lines[1][0] == "candidate" and lines[2] == ("system", "Entendu, passez-moi l'appel.")
    transfer = {"contact_id": "deplacer-rdv", "to": "superviseure", "note": "Déplacement de RDV"}
    assert (await cand.act("transfer", transfer))["ok"]
    assert [e.actor for e in await logged(live, tokens, "call.ended")] == ["system"]


async def test_taking_the_caller_back_ends_the_consultation_and_voicemail_answers_the_unreachable(
    live,
):
    tokens, cand = await started(live)
    await cand.wait_for(of_type("contact.offered", contact_id="deplacer-rdv"), timeout=5)
    assert (await cand.act("pickup", {"contact_id": "deplacer-rdv"}))["ok"]
    assert (await cand.act("hold", {"contact_id": "deplacer-rdv", "announcement": "Un instant."}))[
        "ok"
    ]
    assert (await cand.act("call_out", {"to": "dr-martin", "contact_id": "deplacer-rdv"}))["ok"]
    assert (await cand.act("unhold", {"contact_id": "deplacer-rdv"}))["ok"]
    ended = await logged(live, tokens, "call.ended")
    assert [(e.actor, e.payload.call_id) for e in ended] == [("system", "call-1")]
    nobody = await cand.act("call_out", {"to": "personne-inconnue"})
    # In the desk's words, naming nobody of the deck (the staff are listed in the dossier).
    assert nobody["error"]["field"] == "to" and "annuaire" in nobody["error"]["reason"]
    assert (await cand.act("call_out", {"to": ""}))["error"]["field"] == "to"


async def test_closing_takes_a_wrap_up_code_and_notes_status_copies_and_attachments_are_logged(
    live,
):
    tokens, cand = await started(live, factor=1000)
    await cand.wait_for(of_type("contact.offered", contact_id="message-email"), timeout=10)
    assert (await cand.act("pickup", {"contact_id": "message-email"}))["ok"]
    note = {"contact_id": "message-email", "text": "Documents reçus, à transmettre."}
    assert (await cand.act("note", note))["ok"]
    reply = {"contact_id": "message-email", "text": "Bien reçu, je transmets.", "subject": "RE"}
    bad_cc = await cand.act("send", reply | {"cc": ["pas-un-email"]})
    assert bad_cc["error"]["field"] == "cc[0]"
    unknown = await cand.act("send", reply | {"attachments": ["secret.pdf"]})
    assert unknown["error"]["field"] == "attachments[0]"
    full = reply | {
        "cc": ["accueil@lefevre-avocats.fr"],
        "attachments": ["plan-acces-cabinet-martin.pdf", "jugement-2025.pdf"],
    }
    assert (await cand.act("send", full))["ok"]
    assert (await cand.act("agent_status", {"status": "wrap_up"}))["ok"]
    assert (await cand.act("agent_status", {"status": "lunch"}))["error"]["field"] == "status"
    odd = await cand.act("close", {"contact_id": "message-email", "wrap_up": "zzz"})
    assert odd["error"]["field"] == "wrap_up" and "message" in odd["error"]["reason"]
    assert (await cand.act("close", {"contact_id": "message-email", "wrap_up": "message"}))["ok"]
    assert (await cand.act("note", note | {"text": "Rappel prévu lundi."}))["ok"]  # after closing
    sent = [e.payload for e in await logged(live, tokens, "message.sent") if e.actor == "candidate"]
    assert sent[-1].cc == ("accueil@lefevre-avocats.fr",)
    assert sent[-1].attachments == ("plan-acces-cabinet-martin.pdf", "jugement-2025.pdf")
    closed = await logged(live, tokens, "contact.closed")
    assert closed[-1].payload.wrap_up == "message"
    assert len(await logged(live, tokens, "contact.noted")) == 2
    # The candidate's browser receives all of it.
    await cand.wait_for(of_type("agent.status", status="wrap_up"), timeout=5)
    await cand.wait_for(of_type("contact.noted", text="Rappel prévu lundi."), timeout=5)
