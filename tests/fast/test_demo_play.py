"""The whole demo deck played by a careful and a careless scripted candidate (fake wall clock).

Determinism, customer reactions, the answer key kept from the candidate, and the
golden verdicts of the CQP grid, criterion by criterion, with their evidence.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from omnisim.grading import grade
from omnisim.measures import compute_all
from omnisim.protocol.views import project_all
from omnisim.scenario import load_scenario
from omnisim.scenario.check import load_deck
from tests.conftest import ROOT
from tests.scripted import play_direct

DEMO = ROOT / "decks" / "demo"


@pytest.fixture(scope="module")
def runs():
    """Both runs once for the module: each is a whole 45-minute session on a fake clock."""
    return {
        "careful": asyncio.run(play_direct(DEMO, True)),
        "careless": asyncio.run(play_direct(DEMO, False)),
    }


def dump(log) -> str:
    return json.dumps([e.to_dict() for e in log], ensure_ascii=False)


async def test_same_deck_seed_and_inputs_give_byte_identical_logs(runs):
    again = await play_direct(DEMO, True)
    assert dump(again) == dump(runs["careful"])
    assert dump(runs["careless"]) != dump(runs["careful"])


def test_every_channel_is_played(runs):
    channels = {e.payload.channel for e in runs["careful"] if e.type == "contact.offered"}
    assert channels == {"phone", "chat", "email", "sms", "complaint"}


def test_careless_candidate_makes_customers_escalate_careful_one_calms_them(runs):
    def escalations(log):
        return {
            (e.payload.contact_id, e.payload.level) for e in log if e.type == "contact.escalated"
        }

    def calmed(log):
        return {
            e.payload.contact_id
            for e in log
            if e.type == "message.sent" and e.payload.reason == "calmed"
        }

    assert ("reclamation-facture", "complaint") in escalations(runs["careless"])
    assert ("tchat-honoraires", "supervisor") in escalations(runs["careless"])
    assert escalations(runs["careful"]) == set()
    assert {
        "reclamation-facture",
        "tchat-honoraires",
        "panne-fenetre",
        "urgence-cabinet",
    } <= calmed(runs["careful"])
    assert calmed(runs["careless"]) == set()
    said = {
        e.payload.text
        for e in runs["careless"]
        if e.type == "message.sent" and e.actor == "customer"
    }
    assert "Puisque c'est comme ça, je saisis le médiateur de la consommation." in said
    assert "Je veux parler à votre responsable." in said


def test_the_answer_key_never_reaches_the_candidate(runs):
    deck = load_deck(DEMO)
    said_by_customers = " ".join(
        [c.opening for c in deck.contacts]
        + [f.answer for c in deck.contacts for f in c.facts]
        + [t.prompt for c in deck.contacts for t in c.key.traps]
    )
    secrets = {c.key.notes for c in deck.contacts if c.key.notes}
    secrets |= {c.key.transfer_to for c in deck.contacts if c.key.transfer_to}
    secrets |= {f"fact:{f.id}" for c in deck.contacts for f in c.facts}
    secrets |= {f'"script": "{c.key.script}"' for c in deck.contacts if c.key.script}
    protected = {p for principal in deck.principals for p in principal.confidential}
    protected |= {p for c in deck.contacts for t in c.key.traps for p in t.protected}
    # A customer pushing ("le 20 mars, c'est ça ?") says it first: the trap, not a leak.
    secrets |= {p for p in protected if p not in said_by_customers}
    assert len(secrets) > 15
    for name, log in runs.items():
        seen = project_all("candidate", list(log))
        # What the candidate wrote is theirs (the careless one leaks on purpose): check the rest.
        others = [e for e in seen if e["actor"] != "candidate"]
        for e in others:
            # Whom a contact is for is shown before pick-up on purpose (issue 22): a principal
            # who is also a transfer target (the doctor) says nothing of the answer key there.
            if e["type"] == "contact.offered":
                e["payload"] = {k: v for k, v in e["payload"].items() if k != "principal"}
        text = json.dumps(others, ensure_ascii=False)
        leaked = sorted(s for s in secrets if s in text)
        assert leaked == [], (name, leaked)
        assert "customer.mood" not in text and "token_hash" not in text


CAREFUL_CQP = {
    "cqp.c1_1": "acquis",  # présentation + courtoisie
    "cqp.c1_2": "acquis",  # décroché OK; no hold was needed, which blocks nothing
    "cqp.c1_3": "acquis",  # the principals' instructions (transfers, messages, follow-ups) done
    "cqp.c1_4": "acquis",
    "cqp.c1_5": "acquis",
    "cqp.c1_6": "a_apprecier",  # never two contacts waiting at once
    "cqp.c1_7": "acquis",  # urgent call transferred to the doctor
    "cqp.c1_8": "acquis",  # no duplicate, exact spelling
    "cqp.c1_9": "acquis",  # Dr Martin hears her three messages (the key's answer points)
    "cqp.c1_10": "acquis",  # the complaint goes to the principal, nothing confidential said
    "cqp.c1_11": "acquis",
    "cqp.c1_12": "acquis",
    "cqp.c1_13": "acquis",
    "cqp.c1_14": "acquis",
    "cqp.c3_1": "acquis",
    "cqp.c3_2": "acquis",
    "cqp.c4_4": "acquis",
}
CARELESS_CQP = {
    "cqp.c1_1": "non_acquis",
    "cqp.c1_2": "non_acquis",  # picked up after 40 s
    "cqp.c1_3": "non_acquis",  # no instruction followed
    "cqp.c1_4": "non_acquis",
    "cqp.c1_5": "non_acquis",
    "cqp.c1_6": "acquis",
    "cqp.c1_7": "non_acquis",
    "cqp.c1_8": "non_acquis",  # no message taken
    "cqp.c1_9": "non_acquis",  # SMS language in the chat
    "cqp.c1_10": "non_acquis",  # the complaint never reaches the principal
    "cqp.c1_11": "non_acquis",  # the expected appointment never booked
    "cqp.c1_12": "non_acquis",
    "cqp.c1_13": "non_acquis",
    "cqp.c1_14": "non_acquis",
    "cqp.c3_1": "non_acquis",
    "cqp.c3_2": "non_acquis",  # no hand-over of its calls (r18a: handover_retention)
    "cqp.c4_4": "non_acquis",  # gave away the client's address
}


@pytest.mark.parametrize(
    ("name", "expected"), [("careful", CAREFUL_CQP), ("careless", CARELESS_CQP)]
)
def test_golden_cqp_verdicts(runs, name, expected):
    scenario = load_scenario(DEMO)
    sheet = grade(scenario.grids["cqp_telesecretaire"], compute_all(runs[name], scenario))
    assert sheet.proposals() == expected
    for verdict in sheet.verdicts:
        if verdict.proposed != "a_apprecier":
            assert verdict.evidence, verdict.criterion.id  # every automatic verdict shows its proof
    leak = next(v for v in sheet.verdicts if v.criterion.id == "cqp.c4_4")
    if name == "careless":
        assert any("14 rue des Lilas" in e.render("fr") for e in leak.evidence)
