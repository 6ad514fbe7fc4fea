"""What the desk relies on the server to refuse: a justification over two lines, a taken
slot, a double booking; and the searches it logs (issue #10)."""

from __future__ import annotations

import omnisim.web.app  # noqa: F401  imported here, not in the first test's setup on the loop
from tests.conftest import ROOT, of_type

DEMO = ROOT / "decks" / "demo"


async def started(live):
    tokens = await live.session(DEMO, time_factor=600)
    cand = await live.connect(tokens.candidate)
    assert (await cand.act("start"))["ok"]
    return tokens, cand


async def test_another_channel_is_asked_why_in_one_line_not_refused_without(live):
    # CP FFP « argumente son choix » is graded (measures/channels.py), not enforced: a desk that
    # refused an unargued send would coach the candidate and lose their message.
    tokens, cand = await started(live)
    await cand.wait_for(of_type("contact.offered", contact_id="c1"), timeout=5)
    call = await live.handle(tokens, "contact", "deplacer-rdv")  # the desk's name for it
    assert (await cand.act("pickup", {"contact_id": call}))["ok"]
    sms = {"contact_id": call, "channel": "sms", "text": "Je vous confirme par SMS."}
    two_lines = await cand.act("send", sms | {"justification": "Trace écrite.\nDemandée."})
    assert two_lines["ok"] is False and two_lines["error"]["field"] == "justification"
    assert "une ligne" in two_lines["error"]["reason"]
    assert (await cand.act("send", sms))["ok"]
    assert (await cand.act("send", sms | {"justification": "Le client veut une trace."}))["ok"]
    sent = [e.payload for e in await live.store.read(tokens.session_id) if e.type == "message.sent"]
    assert [(p.channel, p.justification) for p in sent[-2:]] == [
        ("sms", ""),
        ("sms", "Le client veut une trace."),
    ]
    # On the contact's own channel, no justification is asked.
    same = {"contact_id": call, "text": "Je note votre demande."}
    assert (await cand.act("send", same))["ok"]


async def test_a_taken_slot_or_a_double_booking_is_refused_and_cancel_needs_a_booking(live):
    tokens, cand = await started(live)
    martin = await live.handle(tokens, "principal", "dr-martin")
    busy = await cand.act("agenda_book", {"principal": martin, "start": "2026-03-12T10:00"})
    assert busy["error"]["field"] == "start" and "déjà pris" in busy["error"]["reason"]
    petit, dupont = [await live.handle(tokens, "record", r) for r in ("r-petit", "r-dupont")]
    free = {"principal": martin, "start": "2026-03-13T10:30", "record_id": petit}
    assert (await cand.act("agenda_book", free))["ok"]
    again = await cand.act("agenda_book", free | {"record_id": dupont})
    assert again["error"]["field"] == "start" and "double" in again["error"]["reason"]
    nothing = {"principal": martin, "start": "2026-03-13T16:00"}
    assert (await cand.act("agenda_cancel", nothing))["error"]["field"] == "start"
    cancel = {"principal": martin, "start": "2026-03-13T10:30"}
    assert (await cand.act("agenda_cancel", cancel))["ok"]
    assert (await cand.act("agenda_book", free))["ok"]  # free again once cancelled
    log = await live.store.read(tokens.session_id)
    booked = [(e.payload.principal, e.payload.record_id) for e in log if e.type == "agenda.booked"]
    assert booked == [("dr-martin", "r-petit")] * 2  # the log keeps the deck's ids


async def test_searches_are_logged_with_the_contact_they_serve(live):
    tokens, cand = await started(live)
    await cand.wait_for(of_type("contact.offered", contact_id="c1"), timeout=5)
    query = {"query": "petit", "contact_id": await live.handle(tokens, "contact", "deplacer-rdv")}
    assert (await cand.act("crm_search", query))["ok"]
    assert (await cand.act("knowledge_search", {"query": "garantie"}))["ok"]
    empty = await cand.act("crm_search", {"query": "  "})
    assert empty["error"]["field"] == "query"
    log = await live.store.read(tokens.session_id)
    kinds = [(e.type, e.payload.query, e.payload.contact_id) for e in log if "searched" in e.type]
    assert kinds == [
        ("crm.searched", "petit", "deplacer-rdv"),
        ("knowledge.searched", "garantie", ""),
    ]
