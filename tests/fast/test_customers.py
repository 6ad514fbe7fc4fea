"""Simulated customers on every channel, over real sockets, played by scripted candidates."""

from __future__ import annotations

import asyncio
import json

from tests.fast.conftest import REACTIVE_DECK, of_type

FACTS = "tchat-faits"
UPSET = "tchat-mecontent"


async def started(live, *roles):
    """An attempt and its clients; the candidate's speaks the deck's ids (its desk, handles)."""
    tokens = await live.session(REACTIVE_DECK)
    clients = [
        await live.connect(getattr(tokens, role), deck_ids=role == "candidate") for role in roles
    ]
    assert (await clients[0].act("start"))["ok"]
    return tokens, clients


async def test_facts_come_only_for_the_right_question(live):
    _, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("contact.offered", contact_id=FACTS), timeout=3)
    await cand.act("pickup", {"contact_id": FACTS})
    # Asked before its prerequisite, the hearing date stays hidden: evasive answer.
    await cand.act("send", {"contact_id": FACTS, "text": "Quelle est la date de l'audience ?"})
    await cand.wait_for(of_type("message.sent", text="Je ne sais pas trop, c'est compliqué."))
    await cand.act("send", {"contact_id": FACTS, "text": "Quel est le NUMERO de votre dossier ?"})
    await cand.wait_for(of_type("message.sent", text="Mon dossier est le 2024-118."))
    await cand.act("send", {"contact_id": FACTS, "text": "Et l'audience, à quelle date ?"})
    await cand.wait_for(of_type("message.sent", text="L'audience est le 14 avril."))
    # Third candidate turn: the customer pushes for the principal's private number.
    await cand.wait_for(
        of_type("message.sent", text="Donnez-moi le portable personnel de Maître Lefèvre.")
    )


async def test_a_rude_candidate_makes_the_customer_escalate_to_a_formal_complaint(live):
    tokens, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("contact.offered", contact_id=UPSET), timeout=3)
    await cand.act("pickup", {"contact_id": UPSET})
    for text in ("Ce n'est pas mon problème.", "Débrouillez-vous, c'est nul.", "Pas mon problème."):
        assert (await cand.act("send", {"contact_id": UPSET, "text": text}))["ok"]
    await cand.wait_for(of_type("message.sent", text="Je veux parler à un responsable."))
    escalated = await cand.wait_for(of_type("contact.escalated", level="complaint"))
    assert escalated["actor"] == "customer"
    await cand.wait_for(of_type("message.sent", text="Je dépose une réclamation officielle."))
    moods = [
        e.payload for e in await live.store.read(tokens.session_id) if e.type == "customer.mood"
    ]
    assert [m.mood for m in moods] == sorted((m.mood for m in moods), reverse=True)
    # The tone of each line, and what it does: an insult aimed at them angers them whatever
    # its sentiment score.
    assert all(m.cause == "tone" and m.analyser or m.cause == "conduct" for m in moods)
    assert any(m.cause == "conduct" for m in moods)


async def test_a_courteous_candidate_calms_the_customer(live):
    tokens, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("contact.offered", contact_id=UPSET), timeout=3)
    await cand.act("pickup", {"contact_id": UPSET})
    # Courtesy with a step about the request: warm words alone do not calm (#26 item 5).
    warm = (
        "Bonjour, je comprends, je suis désolée pour cette erreur : je vous envoie la facture "
        "corrigée aujourd'hui."
    )
    await cand.act("send", {"contact_id": UPSET, "text": warm})
    await cand.wait_for(of_type("message.sent", text="Bon, merci, c'est plus clair."))
    logged = await live.store.read(tokens.session_id)
    assert not any(e.type == "contact.escalated" for e in logged)


async def test_an_ignored_sms_chases_then_switches_to_email(live):
    _, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("message.sent", text="Toujours personne ?"), timeout=4)
    await cand.wait_for(of_type("message.sent", text="Allô ?"), timeout=3)
    switched = await cand.wait_for(of_type("contact.switched", contact_id="sms-oublie"), timeout=3)
    assert switched["payload"]["channel"] == "email"
    mail = await cand.wait_for(of_type("message.sent", contact_id="sms-oublie", channel="email"))
    assert "e-mail" in mail["payload"]["text"]


async def test_phone_lines_hold_transfer_and_their_limits(live):
    _, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("contact.offered", contact_id="appel-2"), timeout=4)
    await cand.act("pickup", {"contact_id": "appel-1"})
    held = await cand.act(
        "hold", {"contact_id": "appel-1", "announcement": "Je vous mets en attente un instant."}
    )
    assert held["ok"]
    await cand.act("pickup", {"contact_id": "appel-2"})
    # The deck has one line: a second call cannot go on hold.
    refused = await cand.act("hold", {"contact_id": "appel-2"})
    full = "Toutes les lignes d'attente sont occupées (1 au maximum)."  # the deck is French
    assert refused["error"] == {"field": "contact_id", "reason": full}
    refused = await cand.act("send", {"contact_id": "appel-1", "text": "Vous êtes là ?"})
    assert "est en attente : reprenez-le" in refused["error"]["reason"]
    refused = await cand.act("hold", {"contact_id": FACTS})
    assert refused["ok"] is False
    assert (await cand.act("unhold", {"contact_id": "appel-1"}))["ok"]
    refused = await cand.act("transfer", {"contact_id": "appel-1", "to": "le-pape"})
    assert refused["error"]["field"] == "to"
    assert (await cand.act("transfer", {"contact_id": "appel-1", "to": "maitre-lefevre"}))["ok"]
    refused = await cand.act("send", {"contact_id": "appel-1", "text": "Allô ?"})
    assert "a été transféré" in refused["error"]["reason"]


async def test_reply_on_another_channel_is_logged_with_its_reason(live):
    tokens, (cand,) = await started(live, "candidate")
    await cand.wait_for(of_type("contact.offered", contact_id=FACTS), timeout=3)
    await cand.act("pickup", {"contact_id": FACTS})
    reply = await cand.act(
        "send",
        {
            "contact_id": FACTS,
            "channel": "email",
            "subject": "Votre dossier",
            "text": "Veuillez trouver le récapitulatif.",
            "justification": "Trace écrite demandée.",
        },
    )
    assert reply["ok"]
    (event,) = [e for e in await live.store.read(tokens.session_id) if e.seq == reply["seq"][0]]
    assert (event.payload.channel, event.payload.justification) == (
        "email",
        "Trace écrite demandée.",
    )


async def test_a_trainer_plays_the_customer_and_the_candidate_cannot_tell(live):
    tokens = await live.session(REACTIVE_DECK)
    trainer = await live.connect(tokens.trainer)
    cand = await live.connect(tokens.candidate, deck_ids=True)
    await trainer.act("start")
    await cand.wait_for(of_type("contact.offered", contact_id=FACTS), timeout=3)
    assert (await trainer.act("take_over", {"contact_id": FACTS}))["ok"]
    await cand.act("pickup", {"contact_id": FACTS})
    await cand.act("send", {"contact_id": FACTS, "text": "Quel est le numéro de dossier ?"})
    await asyncio.sleep(0.4)  # the automatic customer would have answered by now
    assert not any(e["payload"].get("text") == "Mon dossier est le 2024-118." for e in cand.events)
    assert (
        await trainer.act("say", {"contact_id": FACTS, "text": "C'est le 2024-118, je crois."})
    )["ok"]
    said = await cand.wait_for(of_type("message.sent", text="C'est le 2024-118, je crois."))
    assert said["actor"] == "customer" and "reason" not in said["payload"]
    assert not any(e["type"] == "contact.taken_over" for e in cand.events)
    assert (await trainer.act("hand_back", {"contact_id": FACTS}))["ok"]
    logged = await live.store.read(tokens.session_id)
    assert [
        e.actor for e in logged if e.type == "message.sent" and "je crois" in e.payload.text
    ] == ["trainer"]


async def test_pause_freezes_waiting_and_moods(live):
    tokens, (trainer,) = await started(live, "trainer")
    await trainer.wait_for(of_type("contact.offered", contact_id="sms-oublie"), timeout=4)
    await trainer.act("pause")
    before = await live.store.last_seq(tokens.session_id)
    await asyncio.sleep(1.2)  # unpaused, the SMS customer would have chased twice by now
    assert await live.store.last_seq(tokens.session_id) == before


async def test_a_flood_is_refused_and_the_session_goes_on(live):
    _, (cand,) = await started(live, "candidate")
    replies = await asyncio.gather(
        *(cand.act("pickup", {"contact_id": "nobody"}) for _ in range(40))
    )
    reasons = {r["error"]["reason"] for r in replies}
    assert any("Trop de messages" in reason for reason in reasons)
    await asyncio.sleep(0.5)
    later = await cand.act("pickup", {"contact_id": "nobody"})
    assert later["error"]["reason"] == "Ce contact n'est pas sur votre poste."


async def test_an_oversized_message_is_refused_with_its_size(live):
    _, (cand,) = await started(live, "candidate")
    reply = await cand.act("crm_create", {"fields": {"notes": "x" * 20_000, "last_name": "Roy"}})
    size = "16\N{NARROW NO-BREAK SPACE}384"  # numbers are written the French way
    assert reply["error"]["field"] == "data" and size in reply["error"]["reason"]


async def test_the_answer_key_never_reaches_the_candidate(live):
    tokens = await live.session(REACTIVE_DECK)
    cand = await live.connect(tokens.candidate, deck_ids=True)
    trainer = await live.connect(tokens.trainer)
    await cand.act("start")
    await cand.wait_for(of_type("contact.offered", contact_id="appel-2"), timeout=4)
    for contact in (FACTS, UPSET):
        await cand.act("pickup", {"contact_id": contact})
        await cand.act("send", {"contact_id": contact, "text": "Quel est le numéro de dossier ?"})
    await trainer.act("stop")
    await cand.wait_for(of_type("session.ended"))
    sent = json.dumps(cand.raw, ensure_ascii=False)  # as received, under the desk's handles
    for secret in (
        FACTS,
        UPSET,
        "appel-2",
        "CLE-SECRETE-JURY",
        "retard_livraison",
        "superviseur",
        "maitre-lefevre",
        "06 11 22 33 44",
        "sla_minutes",
        "expected_facts",
        "fact:",
        "customer.mood",
        "token_hash",
        "reactive",
    ):
        assert secret not in sent, secret
    # …while the trainer sees everything that happened.
    assert "customer.mood" in json.dumps(trainer.events)
