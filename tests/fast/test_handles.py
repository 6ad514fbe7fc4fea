"""The desk's neutral handles (omnisim/protocol/handles.py) and the leak detector (tests/leaks.py).

Pure and fast: every bundled deck's contacts offered in the deck's order and its dossier, as a
candidate's desk receives them and sends them back. The socket tests of the same rule are in
tests/server/test_candidate_leaks.py; here the detector is also shown to fail on what the
desk received before handles (the deck's own ids) and on leaks planted in each kind of message.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re

import pytest

from omnisim import events as ev
from omnisim.deck import model as dm
from omnisim.events import Event
from omnisim.i18n import catalog
from omnisim.protocol import handles as h
from omnisim.protocol.actions import ACTIONS
from omnisim.protocol.views import CANDIDATE_TYPES, candidate_workspace, project_all
from omnisim.refusals import RefusalError
from omnisim.scenario import Scenario, load_scenario
from tests.conftest import ROOT
from tests.leaks import DISTINCT, Secrets, frame_leaks, leaks, refusal_leaks, text_leaks
from tests.refusal_tour import BUNDLED


@functools.cache
def scenario_of(deck: str) -> Scenario:
    return load_scenario(ROOT / "decks" / deck)


def played(scenario: Scenario) -> list[Event]:
    """A candidate's attempt touching every deck item the desk can name, in the deck's order:
    each contact offered, picked up, answered, drafted, marked urgent, transferred or held; the
    agenda, the CRM, a message taken and a call to a colleague."""
    deck = scenario.deck
    staff = [s.id for p in deck.principals for s in p.staff]
    records = [r.id for r in deck.crm]
    steps: list[tuple[ev.Actor, object]] = [("candidate", ev.SessionStarted())]
    for c in sorted(deck.contacts, key=lambda c: c.at):
        steps += [
            ("system", ev.ContactOffered(c.id, c.channel, "Client")),
            ("candidate", ev.ContactPickedUp(c.id)),
            ("candidate", ev.MessageSent(c.id, c.channel, "Bonjour")),
            ("candidate", ev.DraftSaved(f"reply:{c.id}", "Bonj", c.id)),
            ("candidate", ev.DraftSaved(f"urgent:{c.id}", "1", c.id)),
        ]
        if staff:
            steps.append(("candidate", ev.ContactTransferred(c.id, staff[0], "Pour vous")))
            steps.append(("candidate", ev.DraftSaved(f"transfer:{c.id}", staff[-1], c.id)))
        if deck.templates:
            steps.append(("candidate", ev.DraftSaved(f"template:{c.id}", deck.templates[0].id)))
        if records:
            steps.append(("candidate", ev.CrmTraced(c.id, records[-1], "Appel")))
            steps.append(("candidate", ev.DraftSaved(f"record:{c.id}", records[0], c.id)))
    for p in deck.principals:
        steps.append(("candidate", ev.AgendaBooked(p.id, "2030-01-07T10:00", *records[:1])))
        steps.append(("candidate", ev.DraftSaved(f"agenda:{p.id}:start", "2030-01-07T10:00")))
        steps.append(("candidate", ev.DraftSaved("msg:principal", p.id)))
        for s in p.staff:
            steps.append(("candidate", ev.MessageTaken(p.id, s.id, "M. X", "06", "Rappeler")))
            steps.append(("candidate", ev.OutboundCall(s.id, "Un point")))
    for r in records:
        steps.append(("candidate", ev.CrmRecordUpdated(r, {"phone": "06"})))
        steps.append(("candidate", ev.DraftSaved(f"crm:{r}:phone", "06")))
    steps.append(("candidate", ev.OutboundCall("+33 6 12 34 56 78", "Rappel")))
    steps.append(("system", ev.SessionEnded("duration_elapsed")))
    return [
        Event("x-c1", seq, 1000.0 + seq, 10.0 * seq, actor, payload)
        for seq, (actor, payload) in enumerate(steps, start=1)
    ]


def test_every_field_a_candidate_receives_or_sends_is_declared_an_id_or_plain():
    """A new field must be declared: an id is mapped, plain text travels as it is."""
    declared = set(h.PLAIN) | set(h.BY_NAME) | {"field"}  # a draft's name: h.DRAFT_NAMES
    records = [ev.PAYLOADS[t] for t in CANDIDATE_TYPES]
    records += [r for r, roles in ACTIONS.values() if "candidate" in roles]
    missing = {
        f"{r.__name__}.{f.name}"
        for r in records
        for f in dataclasses.fields(r)
        if f.name not in declared and f.name not in h.BY_RECORD.get(r, {})
    }
    assert missing == set(), f"declare them in omnisim/protocol/handles.py: {sorted(missing)}"


@pytest.mark.parametrize("deck", BUNDLED)
def test_a_candidate_receives_handles_and_their_actions_come_back_as_the_decks_ids(deck):
    scenario = scenario_of(deck)
    log = played(scenario)
    handles = h.Handles(scenario.deck)
    shown = handles.view(log)
    secrets = Secrets.of(scenario)
    assert leaks(shown, secrets) == []
    assert leaks(h.candidate_dossier(scenario.deck, scenario.rules, "fr"), secrets) == []
    # Contacts are c1, c2… in order of arrival; the dossier's items in its order.
    offered = [e["payload"]["contact_id"] for e in shown if e["type"] == "contact.offered"]
    assert offered == [f"c{n}" for n in range(1, len(scenario.deck.contacts) + 1)]
    dossier = h.candidate_dossier(scenario.deck, scenario.rules, "fr")
    assert [p["id"] for p in dossier["principals"]] == [
        f"p{n}" for n in range(1, len(dossier["principals"]) + 1)
    ]
    assert all(re.fullmatch(r"r[0-9]+", r["id"]) for r in dossier["crm"])
    # Every action the candidate sent, named as their desk names it, comes back as logged.
    by_record = {record for record, roles in ACTIONS.values() if "candidate" in roles}
    for event, data in zip([e for e in log if e.type in CANDIDATE_TYPES], shown, strict=True):
        if event.actor != "candidate" or type(event.payload) not in by_record:
            continue
        named = {n: data["payload"][n] for n, _ in h.IN[type(event.payload)]}
        if isinstance(event.payload, ev.DraftSaved):
            named |= {"field": data["payload"]["field"], "text": data["payload"]["text"]}
        assert handles.taken(dataclasses.replace(event.payload, **named)) == event.payload


@pytest.mark.parametrize("deck", ["demo", "mc_acvd_mutuelle"])
def test_handles_are_the_same_on_every_worker_and_after_a_reload(deck):
    """Folded from the log: a worker that reads it later (or in pieces) names alike."""
    scenario = scenario_of(deck)
    log = played(scenario)
    whole = h.Handles(scenario.deck).view(log)
    pieces = h.Handles(scenario.deck)
    for event in log[:7]:
        pieces.fold(event)  # the attempt's runtime folded these before a desk joined
    again = pieces.view(log[3:11]) + pieces.view(log[11:])  # overlapping pages
    assert again == whole[len(project_all("candidate", log[:3])) :]
    with pytest.raises(RuntimeError):
        h.Handles(scenario.deck).view(log[2:])  # a gap would misnumber: never guessed


def test_a_name_the_desk_does_not_show_is_refused_like_any_other_and_typed_names_pass():
    scenario = scenario_of("demo")
    handles = h.Handles(scenario.deck)
    for event in played(scenario)[:2]:
        handles.fold(event)
    first = scenario.deck.contacts[0].id
    for name in (first, "c99", "tchat"):  # the deck's id is no handle: not told it exists
        with pytest.raises(h.Unknown) as refused:
            handles.taken(ev.ContactPickedUp(name))
        assert refused.value.key == "err.desk.unknown_contact"
    assert handles.taken(ev.ContactPickedUp("c1")) == ev.ContactPickedUp(first)
    principal = scenario.deck.principals[0]
    typed = ev.MessageTaken("p1", "la secrétaire", "M. X", "06", "Rappeler")
    assert handles.taken(typed) == dataclasses.replace(typed, principal=principal.id)
    created = ev.CrmRecordUpdated("new-1", {"phone": "06"})  # a record the candidate created
    assert handles.taken(created) == created


def test_refusals_to_a_candidate_speak_of_the_desk_and_the_others_keep_the_ids():
    fr, en = catalog("fr"), catalog("en")
    for engine_key, desk_key in [*h.CANDIDATE_WORDS.items(), *h.CANDIDATE_WORDS_FOR.items()]:
        action = engine_key[1] if isinstance(engine_key, tuple) else "pickup"
        key = engine_key[0] if isinstance(engine_key, tuple) else engine_key
        told = h.worded(RefusalError("contact_id", key, contact="pression-confidentielle"), action)
        assert told.key == desk_key and told.params == {}
        for texts in (fr, en):
            assert desk_key in texts and "{" not in texts[desk_key]
            assert not re.search(r"\([a-z_]+\)\s*$", texts[desk_key])
    assert fr["err.desk.contact_on_hold_write"] == (
        "Ce contact est en attente : reprenez-le avant d'écrire."
    )
    # The trainer and the jury read the informative text, with the id.
    assert "{contact}" in fr["err.contact_on_hold"]
    kept = RefusalError("start", "err.agenda_slot_busy")
    assert h.worded(kept, "agenda_book") is kept  # names nothing of the deck: unchanged


# -- the detector can fail -------------------------------------------------------------------
@pytest.mark.parametrize("deck", BUNDLED)
def test_the_detector_finds_the_decks_ids_in_what_a_desk_received_before_handles(deck):
    scenario = scenario_of(deck)
    secrets = Secrets.of(scenario)
    bare = project_all("candidate", played(scenario))  # the desk's view without handles
    found = leaks(bare, secrets)
    named = {c.id for c in scenario.deck.contacts}
    assert {c for c in named if any(repr(c) in f for f in found)} == named
    dossier = candidate_workspace(scenario.deck, scenario.rules, "fr")
    if scenario.deck.principals or scenario.deck.crm:
        assert leaks(dossier, secrets), "the dossier's own ids must be found"


def test_the_detector_finds_a_leak_planted_in_each_kind_of_message():
    scenario = scenario_of("demo")
    deck = scenario.deck
    secrets = Secrets.of(scenario)
    contact = next(c for c in deck.contacts if c.key.traps and c.facts)
    handles = h.Handles(deck)
    shown = handles.view(played(scenario))
    push = json.dumps(["events", {"stream": "x-c1", "after": 0, "upto": 9, "events": shown}])
    assert frame_leaks(["2" + push], secrets, "push") == []
    planted = {
        "push": [
            "events",
            {"events": [{"type": "contact.held", "payload": {"contact_id": contact.id}}]},
        ],
        "fact marker": [
            "events",
            {"events": [{"payload": {"text": f"ok fact:{contact.facts[0].id}"}}]},
        ],
        "trap marker": [{"events": [{"payload": {"reason": "trap:0"}}]}],
        "answer-key field": [{"ok": True, "events": [{"payload": {"protected": "x"}}]}],
        "refusal": [{"ok": False, "error": {"field": "x", "reason": f"Le contact {contact.id}"}}],
        "refusal field": [{"ok": False, "error": {"field": f"{contact.id}.x", "reason": "Non"}}],
        "jury text": [{"events": [{"payload": {"text": contact.key.notes}}]}],
    }
    for what, data in planted.items():
        if what == "jury text" and len(contact.key.notes.strip()) < 8:
            continue
        assert frame_leaks(["3" + json.dumps(data)], secrets, what), what
    principal = deck.principals[0].id
    assert refusal_leaks(f"Le donneur {principal} est absent", secrets, "refusal")
    assert text_leaks(f"<script>{json.dumps({'id': contact.id})}</script>", secrets, "page")
    # A plain-word id is found as a name, not as a word someone wrote.
    # A principal's public address holds its name: no leak; its id anywhere else is one.
    assert not leaks({"payload": {"line": f"accueil@{principal}.exemple.fr"}}, secrets)
    assert leaks({"payload": {"text": f"Voir {principal} pour cela"}}, secrets)
    plain = next(p.id for p in deck.principals if not DISTINCT.search(p.id))  # "garnier"
    assert leaks({"payload": {"contact_id": plain}}, secrets)
    assert leaks({"payload": {"field": f"agenda:{plain}:start"}}, secrets)
    assert not leaks({"payload": {"text": f"Bonjour M. {plain}"}}, secrets)


def test_a_principals_own_address_and_the_rule_its_knowledge_states_are_no_secrets():
    """Round 20: a knowledge page named after the firm's domain is no leak inside the firm's
    own address (anywhere else it is one), and an answer point the knowledge states word for
    word is the rule the candidate must read (one it does not state stays a jury text)."""
    dijon = Secrets.of(scenario_of("cqp_cabinets_dijon"))
    address = "secretariat@roux-bertin-avocats.exemple.fr"
    assert not leaks({"email": address}, dijon)
    assert leaks({"email": "contact@roux-bertin-avocats.ailleurs.fr"}, dijon)
    assert leaks({"payload": {"text": "Voir roux-bertin-avocats pour cela"}}, dijon)
    optique = scenario_of("mc_acvd_optique")
    secrets = Secrets.of(optique)
    stated = "Une ordonnance de lunettes ne vaut pas pour des lentilles"
    assert not leaks({"payload": {"text": stated}}, secrets)
    unstated = [
        p.label
        for c in optique.deck.contacts
        for p in c.key.answer_points
        if len(p.label.split()) >= 3 and not any(p.label in a.body for a in optique.deck.knowledge)
    ]
    assert unstated and all(leaks({"payload": {"text": u}}, secrets) for u in unstated)


def test_a_handle_never_spells_an_id_the_decks_author_wrote():
    """The transport deck names a fact « t2 » (the T2 tram) and has two templates: the second
    template's handle skips « t2 », which would have named the fact to the candidate."""
    deck = scenario_of("ccs_rc_transports").deck
    assert "t2" in {f.id for c in deck.contacts for f in c.facts} and len(deck.templates) == 2
    handles = h.Handles(deck)
    given = [handles.handle("template", t.id) for t in deck.templates]
    assert given == ["t1", "t3"]
    assert [handles.deck_id(x) for x in given if x] == [t.id for t in deck.templates]


def test_whose_slot_and_whose_absence_reach_the_desk_as_the_staff_members_handle():
    """A practice's agenda says whose each slot is and who is away (``staff``): the desk gets
    the staff member's handle, the one its staff list shows, never the deck's id."""
    scenario = scenario_of("demo")
    deck = scenario.deck
    first = deck.principals[0]
    member = first.staff[0].id
    slot = dataclasses.replace(first.agenda[0], staff=member)
    away = dm.Instruction("En formation.", "2026-03-12T14:00", "2026-03-12T18:00", True, member)
    practice = dataclasses.replace(
        first, agenda=(slot, *first.agenda[1:]), instructions=(*first.instructions, away)
    )
    deck = dataclasses.replace(deck, principals=(practice, *deck.principals[1:]))
    scenario = dataclasses.replace(scenario, deck=deck)
    dossier = h.candidate_dossier(deck, scenario.rules, "fr")
    shown = dossier["principals"][0]
    handle = shown["staff"][0]["id"]
    assert handle != member and re.fullmatch(r"s[0-9]+", handle)
    assert shown["agenda"][0]["staff"] == handle
    assert shown["instructions"][-1]["staff"] == handle
    assert leaks(dossier, Secrets.of(scenario)) == []
