"""Hand-written candidates (evalsets/golden/TRANSCRIPTS.md): a transcript drives the real engine
through the rehearsal player, one action at a time, each turn on its trigger; a writer's mistake
is named by file, turn and field; a refused action is skipped and counted."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.validity import load_goldens, play_all, report
from omnisim.scenario import load_scenario
from tests.conftest import ROOT
from tests.transcripts import (
    TranscriptCandidate,
    TranscriptError,
    load_transcript,
    play_transcript,
)

DEMO = ROOT / "decks" / "demo"
FIXTURES = ROOT / "tests" / "fixtures" / "golden"
POLITE = FIXTURES / "hand_demo" / "transcripts" / "polite.yaml"
CONTACT = "deplacer-rdv"


@pytest.fixture(scope="module")
def demo() -> Any:
    return load_scenario(DEMO)


@pytest.fixture(scope="module")
def played(demo: Any) -> Any:
    return asyncio.run(play_transcript(DEMO, POLITE, scenario=demo))


def _texts(transcript: dict[str, Any]) -> list[tuple[str, str]]:
    """(action, its text or "") of every action of the transcript, in the file's order."""
    out = []
    for turn in transcript["turns"]:
        for action in turn["do"]:
            ((kind, payload),) = action.items()
            out.append((kind, payload.get("text", "")))
    return out


def test_a_transcript_plays_each_action_in_order_with_its_contact(played: Any) -> None:
    log, candidate = played
    written = _texts(yaml.safe_load(POLITE.read_text(encoding="utf-8")))
    done = [e for e in log if e.actor == "candidate" and e.type != "session.started"]
    kinds = {
        "agent.status": "agent_status",
        "contact.picked_up": "pickup",
        "message.sent": "send",
        "agenda.moved": "agenda_move",
        "contact.closed": "close",
        "call.outbound": "call_out",
        "call.said": "call_say",
        "call.ended": "call_end",
        "contact.noted": "note",
        "report.written": "report",
    }
    got = [(kinds[e.type], getattr(e.payload, "text", "")) for e in done]
    # Everything the writer wrote, in order, but the second « close » (refused: already closed).
    last_close = max(n for n, (kind, _) in enumerate(written) if kind == "close")
    expected = written[:last_close] + written[last_close + 1 :]
    assert got == expected
    # contact_id defaults to the turn's contact; the call's lines go on the call it placed.
    assert {e.payload.contact_id for e in done if hasattr(e.payload, "contact_id")} == {CONTACT}
    placed = next(e for e in done if e.type == "call.outbound")
    assert placed.payload.call_id
    lines = [e for e in done if e.type in ("call.said", "call.ended")]
    assert [e.payload.call_id for e in lines] == [placed.payload.call_id] * 2
    # One thing at a time, each after its wait: never two actions at the same instant.
    times = [e.wall_time for e in done]
    assert all(b > a for a, b in zip(times, times[1:], strict=False))
    # The time-of-day turn waits for 10:00 on the simulated clock (the shift opens at 09:00).
    assert next(e for e in done if e.type == "contact.noted").sim_time >= 3600
    assert done[-1].type == "report.written"
    assert candidate.unplayed == 0


def test_each_reply_turn_comes_after_the_customer_message_it_answers(played: Any) -> None:
    log, _candidate = played
    on_contact = [e for e in log if getattr(e.payload, "contact_id", "") == CONTACT]
    mine = [e for e in on_contact if e.actor == "candidate"]
    replies = [e for e in on_contact if e.type == "message.sent" and e.actor == "customer"]
    # The offered turn (pickup, greeting), then the three « reply » turns' first actions.
    assert [e.type for e in mine[:2]] == ["contact.picked_up", "message.sent"]
    firsts = [mine[2], mine[3], next(e for e in mine if e.type == "agenda.moved")]
    assert [e.type for e in firsts] == ["message.sent", "message.sent", "agenda.moved"]
    # The k-th reply turn answers the k-th customer line (the opening, said on pickup, first):
    # it starts after that line and after the turn before it.
    assert "déplacer mon rendez-vous" in replies[0].payload.text
    for k, first in enumerate(firsts):
        assert replies[k].seq < first.seq, (k, first.payload)
    assert [e.seq for e in firsts] == sorted(e.seq for e in firsts)
    assert mine[1].seq < firsts[0].seq  # the greeting (the offered turn) before any reply turn


def test_a_refused_action_is_counted_and_the_transcript_goes_on(played: Any) -> None:
    log, candidate = played
    assert [(r.kind, r.contact) for r in candidate.refusals] == [("close", CONTACT)]
    assert "closed" in candidate.refusals[0].reason
    assert log[-1].type == "session.ended"  # played to the end of the shift
    # After the refusal, the turns that follow are still played.
    assert any(e.type == "contact.noted" for e in log)


def test_an_action_refused_first_does_not_stop_the_next(tmp_path: Path, demo: Any) -> None:
    path = tmp_path / "early.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "about": "Picks up a call before it rings, then waits for it.",
                "turns": [
                    {"contact": CONTACT, "when": "start", "do": [{"pickup": {}}]},
                    {"contact": CONTACT, "when": "offered", "do": [{"pickup": {}}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    log, candidate = asyncio.run(play_transcript(DEMO, path, scenario=demo))
    assert [r.kind for r in candidate.refusals] == ["pickup"]
    assert [e.payload.contact_id for e in log if e.type == "contact.picked_up"] == [CONTACT]


def test_a_send_with_unfilled_variables_is_confirmed_as_its_writer_meant(
    tmp_path: Path, demo: Any
) -> None:
    """Issue 26: the desk warns of « {{ … }} » left in; a hand-written send is a person who
    meant to send it: the player confirms and it is logged as written. Only an explicit
    ``unfilled_ok: false`` leaves it at the warning, a refusal counted."""
    left = "Bonjour {{ client.nom }}, c'est noté."
    path = tmp_path / "unfilled.yaml"
    turn = {"contact": CONTACT, "when": "offered"}
    path.write_text(
        yaml.safe_dump(
            {
                "about": "Sends a line with a template variable left in.",
                "turns": [
                    turn
                    | {
                        "do": [
                            {"pickup": {}},
                            {"send": {"text": left}},
                            {"send": {"text": "{{ rdv.date }}", "unfilled_ok": False}},
                        ]
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    log, candidate = asyncio.run(play_transcript(DEMO, path, scenario=demo))
    sent = [e.payload for e in log if e.type == "message.sent" and e.actor == "candidate"]
    assert [(m.text, m.unfilled_ok) for m in sent] == [(left, True)]
    assert [r.kind for r in candidate.refusals] == ["send"]
    assert "{{ rdv.date }}" in candidate.refusals[0].reason


GOOD_TURN = {"contact": CONTACT, "when": "offered", "do": [{"pickup": {}}]}
MISTAKES = [
    # (the turns written, where the error must point, words the reason must hold)
    ([GOOD_TURN, {**GOOD_TURN, "do": [{"pikup": {}}]}], "turns[1].do[0]", "unknown action"),
    ([{**GOOD_TURN, "contact": "04-appel-chien"}], "turns[0].contact", "unknown contact id"),
    ([{**GOOD_TURN, "when": "ringing"}], "turns[0].when", "unknown trigger"),
    ([{**GOOD_TURN, "when": {"at": "9h40"}}], "turns[0].when.at", "HH:MM"),
    ([{**GOOD_TURN, "when": {"at": "19:40"}}], "turns[0].when.at", "outside the shift"),
    ([{"when": "reply", "do": [{"pickup": {}}]}], "turns[0].contact", "needs the contact"),
    ([{**GOOD_TURN, "do": [{"send": {"txt": "Bonjour"}}]}], "turns[0].do[0].send.txt", ""),
    ([{**GOOD_TURN, "do": [{"send": {}}]}], "turns[0].do[0].send.text", ""),
    (
        [{**GOOD_TURN, "do": [{"note": {"contact_id": "x", "text": "a"}}]}],
        "turns[0].do[0].note.contact_id",
        "unknown contact id",
    ),
    (
        [{**GOOD_TURN, "do": [{"send": {"text": "a", "wait": "2s"}}]}],
        "turns[0].do[0].send.wait",
        "",
    ),
    ([{**GOOD_TURN, "delay": 3}], "turns[0].delay", "unknown field"),
    ([{**GOOD_TURN, "do": []}], "turns[0].do", "one or more"),
    ([{**GOOD_TURN, "do": [{"agent_status": {"status": "lunch"}}]}], "turns[0].do[0]", ""),
]


@pytest.mark.parametrize(("turns", "where", "words"), MISTAKES)
def test_a_malformed_transcript_is_refused_naming_file_turn_and_field(
    tmp_path: Path, demo: Any, turns: list[dict[str, Any]], where: str, words: str
) -> None:
    path = tmp_path / "faulty.yaml"
    path.write_text(yaml.safe_dump({"about": "x", "turns": turns}), encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        load_transcript(path, demo.deck)
    assert caught.value.path == str(path)
    assert caught.value.where.startswith(where), caught.value
    assert words in caught.value.reason
    assert str(path) in str(caught.value) and where in str(caught.value)


def test_the_fixture_transcript_and_the_spec_example_load(demo: Any) -> None:
    transcript = load_transcript(POLITE, demo.deck)
    assert [t.when for t in transcript.turns][:2] == ["start", "offered"]
    assert transcript.turns[1].actions[0].wait == 3  # the turn's wait for its first action
    assert transcript.turns[2].actions[0].wait == 5  # an action's own wait
    assert transcript.turns[3].actions[0].wait == 4
    assert transcript.turns[4].actions[1].wait == 3  # the default between two actions


def test_bench_validity_plays_a_hand_written_golden_and_prints_its_refusals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    goldens = load_goldens(FIXTURES)
    assert [(g.deck, g.candidate, g.player, g.hand_written) for g in goldens] == [
        ("demo", "hand_polite", "transcript:transcripts/polite.yaml", True)
    ]
    played = play_all(goldens)
    (one,) = played
    assert [(r.kind, r.contact) for r in one.refusals] == [("close", CONTACT)]
    (comparison,) = one.comparisons
    assert comparison.grid == "cqp_telesecretaire"
    assert comparison.passed is False and comparison.jury_passed is False
    report(played)
    out = capsys.readouterr().out
    assert "== HAND-WRITTEN candidates, out of sample" in out
    assert "IN-SAMPLE" not in out and "OUT-OF-SAMPLE decks" not in out
    assert "hand_polite   refused 1, unplayed 0" in out
    assert "close on deplacer-rdv" in out


def test_a_faulty_transcript_in_a_golden_stops_bench_validity_saying_where(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "hand_demo"
    (folder / "transcripts").mkdir(parents=True)
    golden = (FIXTURES / "hand_demo" / "cqp_telesecretaire.yaml").read_text(encoding="utf-8")
    (folder / "cqp_telesecretaire.yaml").write_text(golden, encoding="utf-8")
    bad = {"turns": [{**GOOD_TURN, "when": "rang"}]}
    (folder / "transcripts" / "polite.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(TranscriptError, match=r"polite\.yaml: turns\[0\]\.when"):
        play_all(load_goldens(tmp_path))


def _event(kind: str, actor: str, **payload: Any) -> dict[str, Any]:
    return {"type": kind, "actor": actor, "payload": payload}


def test_a_reply_turn_waits_for_its_message_one_message_each(demo: Any) -> None:
    """The player fed by hand, as the Agenda feeds it: each « reply » turn consumes one
    customer message (the opening too) and waits for one when none is pending; a contact's turn
    waits for the one before; each action after its wait (active seconds)."""
    transcript = load_transcript(POLITE, demo.deck)
    bot = TranscriptCandidate(demo.deck, transcript)
    opening = demo.deck.contact(CONTACT).opening
    assert bot.pace(0.0, 0.0) == []  # the start turn: its first action after its wait (2 s)
    assert [kind for _, kind, _ in bot.pace(12.0, 2.0)] == ["agent_status"]
    bot.on_event(_event("contact.offered", "system", contact_id=CONTACT))
    assert bot.pace(60.0, 10.0) == []  # the offered turn queued, its pickup 3 s later
    steps = bot.pace(200.0, 20.0)
    assert [(kind, data["contact_id"]) for _, kind, data in steps] == [
        ("pickup", CONTACT),
        ("send", CONTACT),
    ]
    assert bot.pace(400.0, 60.0) == []  # nothing said yet: the first reply turn waits
    bot.on_event(_event("message.sent", "customer", contact_id=CONTACT, text=opening))
    bot.on_event(_event("message.sent", "customer", contact_id=CONTACT, text="Vendredi."))
    assert bot.pace(410.0, 61.0) == []  # queued: its send 5 s later
    assert [kind for _, kind, _ in bot.pace(420.0, 66.0)] == ["send"]
    assert bot.pace(430.0, 69.0) == []  # the second message: the next turn, after 4 s
    assert [kind for _, kind, _ in bot.pace(440.0, 70.0)] == ["send"]
    assert bot.pace(500.0, 200.0) == []  # no third message yet: the fourth turn waits
    bot.on_event(_event("message.sent", "system", contact_id=CONTACT, text="not the customer"))
    assert bot.pace(510.0, 300.0) == []
    bot.on_event(_event("message.sent", "customer", contact_id=CONTACT, text="Oui, merci."))
    assert bot.pace(520.0, 301.0) == []
    assert [kind for _, kind, _ in bot.pace(530.0, 303.0)] == ["agenda_move"]


def test_a_transcript_written_in_the_days_seconds_is_played_in_the_attempts_own(
    tmp_path: Path, demo: Any
) -> None:
    """A writer may think in the simulated day's seconds (« clock: simulated »): its waits are
    played divided by the deck's time factor; the default is the attempt's own seconds."""
    turns = [{**GOOD_TURN, "wait": 12, "do": [{"pickup": {}}, {"send": {"text": "Bonjour"}}]}]
    waits = {}
    for clock in ("active", "simulated"):
        path = tmp_path / f"{clock}.yaml"
        path.write_text(yaml.safe_dump({"clock": clock, "turns": turns}), encoding="utf-8")
        read = load_transcript(path, demo.deck)
        waits[clock] = [a.wait for a in read.turns[0].actions]
    factor = demo.deck.time_factor
    assert factor > 1 and waits["active"] == [12, 3]
    assert waits["simulated"] == [12 / factor, 3 / factor]
    path = tmp_path / "wrong.yaml"
    path.write_text(yaml.safe_dump({"clock": "real", "turns": turns}), encoding="utf-8")
    with pytest.raises(TranscriptError) as caught:
        load_transcript(path, demo.deck)
    assert caught.value.where == "clock"


def test_a_line_said_on_an_outbound_call_is_written_in_its_contact_as_the_desk_tells(
    tmp_path: Path,
) -> None:
    """Issue 26, round 17: a customer dialled from their contact hears the candidate in that
    contact's conversation; the desk refuses ``call_say`` there (« write what you say there »)
    and a person writes the same words in the conversation: the customer then answers it."""
    deck = ROOT / "decks" / "mc_acvd_boutique"
    contact = "04-appel-sortant-conseil"
    said = "Bonjour Monsieur Perrin, je vous appelle au sujet de votre demande de conseil."
    path = tmp_path / "outbound.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "about": "Dials an outbound contact and speaks on the call.",
                "turns": [
                    {
                        "contact": contact,
                        "when": "offered",
                        "do": [{"call_out": {"to": "06 55 66 77 88", "contact_id": contact}}],
                    },
                    {"contact": contact, "when": "reply", "do": [{"call_say": {"text": said}}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    log, candidate = asyncio.run(play_transcript(deck, path, scenario=load_scenario(deck)))
    assert [r.kind for r in candidate.refusals] == ["call_say"]  # still counted
    sent = [e for e in log if e.type == "message.sent" and e.payload.contact_id == contact]
    mine = [i for i, e in enumerate(sent) if e.actor == "candidate"]
    assert [sent[i].payload.text for i in mine] == [said]
    assert any(e.actor == "customer" for e in sent[mine[0] + 1 :])  # and it is heard


def test_a_line_written_to_a_held_caller_takes_the_call_back_first(
    tmp_path: Path, demo: Any
) -> None:
    """Round 18: the desk refuses a line to a caller on hold (« resume it first »); a person
    told so takes the call back and says it, so the player does (the refusal still counted)."""
    deck = ROOT / "decks" / "demo"
    contact = "deplacer-rdv"
    said = "Merci d'avoir patienté, je reprends votre demande."
    path = tmp_path / "held.yaml"
    hold = {"hold": {"announcement": "Un instant, je vérifie l'agenda."}}
    path.write_text(
        yaml.safe_dump(
            {
                "about": "Holds a caller, then speaks to them without the click to resume.",
                "turns": [
                    {"contact": contact, "when": "offered", "do": [{"pickup": {}}, hold]},
                    {"contact": contact, "when": "reply", "do": [{"send": {"text": said}}]},
                ],
            }
        ),
        encoding="utf-8",
    )
    log, candidate = asyncio.run(play_transcript(deck, path, scenario=demo))
    assert [r.kind for r in candidate.refusals] == ["send"]  # counted
    kinds = [e.type for e in log if e.actor == "candidate"]
    assert kinds.index("contact.resumed") < len(kinds) - 1 - kinds[::-1].index("message.sent")
    sent = [e.payload.text for e in log if e.type == "message.sent" and e.actor == "candidate"]
    assert said in sent


def test_a_close_with_a_code_the_desk_does_not_list_closes_without_it(
    tmp_path: Path, demo: Any
) -> None:
    """Round 20: a writer typed the code's meaning (« rdv déplacé »); the desk's list offers
    only the deck's codes, so a person closes without one: the contact does not stay open."""
    path = tmp_path / "code.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "about": "Closes a call with a code of its own words.",
                "turns": [
                    {"contact": CONTACT, "when": "offered", "do": [{"pickup": {}}]},
                    {
                        "contact": CONTACT,
                        "when": "reply",
                        "do": [
                            {"send": {"text": "Au revoir madame, bonne journée."}},
                            {"close": {"wrap_up": "rdv déplacé"}},
                        ],
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    log, candidate = asyncio.run(play_transcript(DEMO, path, scenario=demo))
    assert [r.kind for r in candidate.refusals] == ["close"]  # counted
    closed = [e for e in log if e.type == "contact.closed" and e.payload.contact_id == CONTACT]
    assert len(closed) == 1 and not closed[0].payload.wrap_up


def test_a_call_ringing_while_a_written_contact_is_left_waiting_is_taken_first(
    tmp_path: Path, demo: Any
) -> None:
    """Round 21 (the Lyon writer, the SMS answered « wait: 20 », the call « wait: 2 » a few
    seconds later): a turn's first wait on an offered contact is the time that contact is left
    waiting, not time the candidate is busy; a call that rings meanwhile and is taken sooner is
    taken first (CQP C.1.2 « décroché en moins de 15 secondes », which its jury grants), the
    written contact after it. Without another contact, the timing is the one it always had."""
    path = tmp_path / "sms_then_call.yaml"
    sms, call = "sms-confirmation", "urgence-cabinet"
    path.write_text(
        yaml.safe_dump(
            {
                "turns": [
                    {
                        "contact": sms,
                        "when": "offered",
                        "wait": 20,
                        "do": [{"pickup": {}}, {"send": {"text": "Bien noté, merci."}}],
                    },
                    {
                        "contact": call,
                        "when": "offered",
                        "wait": 2,
                        "do": [{"pickup": {}}, {"send": {"text": "Cabinet, bonjour."}}],
                    },
                ]
            }
        ),
        encoding="utf-8",
    )
    bot = TranscriptCandidate(demo.deck, load_transcript(path, demo.deck))
    bot.started = True
    bot.on_event(_event("contact.offered", "system", contact_id=sms))
    assert bot.pace(100.0, 100.0) == []  # the SMS left waiting 20 s
    bot.on_event(_event("contact.offered", "system", contact_id=call))
    assert bot.pace(105.0, 105.0) == []
    steps = bot.pace(107.0, 107.0)  # the call taken 2 s after it rang
    assert [(kind, data["contact_id"]) for _, kind, data in steps] == [("pickup", call)]
    assert [kind for _, kind, _ in bot.pace(110.0, 110.0)] == ["send"]
    assert bot.pace(119.5, 119.5) == []
    steps = bot.pace(120.0, 120.0)  # the SMS at the time its writer gave it
    assert [(kind, data["contact_id"]) for _, kind, data in steps] == [("pickup", sms)]
    assert [kind for _, kind, _ in bot.pace(123.0, 123.0)] == ["send"]


def test_a_written_contact_answered_without_the_click_is_taken_as_its_answer_begins(
    tmp_path: Path, demo: Any
) -> None:
    """Round 22 (the mutuelle and voyages writers: a CRM search, then the e-mail's answer, no
    pickup written): the desk's reply box sends nothing on a written contact still waiting, so a
    person takes it (« Prendre ») as they start on it, not after the minutes of writing; the
    send is not refused. A call is not taken so: who does not pick up hears nobody."""
    mail = "message-email"
    path = tmp_path / "mail.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "turns": [
                    {
                        "contact": mail,
                        "when": "offered",
                        "wait": 3,
                        "do": [
                            {"crm_search": {"query": "Martin"}},
                            {"send": {"text": "Bonjour Madame, c'est noté.", "wait": 30}},
                        ],
                    },
                    {"contact": CONTACT, "when": "offered", "do": [{"send": {"text": "Allô ?"}}]},
                ]
            }
        ),
        encoding="utf-8",
    )
    bot = TranscriptCandidate(demo.deck, load_transcript(path, demo.deck))
    bot.started = True
    bot.on_event(_event("contact.offered", "system", contact_id=mail))
    assert bot.pace(100.0, 100.0) == []
    steps = bot.pace(103.0, 103.0)
    assert [(kind, data.get("contact_id")) for _, kind, data in steps] == [
        ("pickup", mail),
        ("crm_search", mail),
    ]
    assert [kind for _, kind, _ in bot.pace(133.0, 133.0)] == ["send"]  # taken once only
    bot.on_event(_event("contact.offered", "system", contact_id=CONTACT))
    bot.pace(140.0, 140.0)
    assert [kind for _, kind, _ in bot.pace(145.0, 145.0)] == ["send"]  # a call: no pickup made
    log, played = asyncio.run(play_transcript(DEMO, path, scenario=demo))
    assert [r.kind for r in played.refusals] == ["send"]  # the call's line only
    picked = [e for e in log if e.type == "contact.picked_up" and e.payload.contact_id == mail]
    sent = [
        e
        for e in log
        if e.type == "message.sent" and e.actor == "candidate" and e.payload.contact_id == mail
    ]
    assert len(picked) == 1 and sent and picked[0].seq < sent[0].seq


def _bot(tmp_path: Path, demo: Any, turns: list[dict[str, Any]]) -> TranscriptCandidate:
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump({"turns": turns}), encoding="utf-8")
    bot = TranscriptCandidate(demo.deck, load_transcript(path, demo.deck))
    bot.started = True
    return bot


def _played(steps: list[Any]) -> list[tuple[str, str]]:
    return [(kind, data.get("contact_id", "")) for _, kind, data in steps]


def test_a_chat_coming_during_an_e_mail_is_taken_after_the_action_under_way(
    tmp_path: Path, demo: Any
) -> None:
    """Round 22 (the caviste strong's chat answered 2.9 simulated minutes late): a live contact
    that comes while a written contact's turn is played waits for the action under way, not
    for that whole turn; the e-mail's follow-up comes after the chat's turn, each of its actions
    still after its own wait."""
    mail, chat = "message-email", "panne-fenetre"
    bot = _bot(
        tmp_path,
        demo,
        [
            {
                "contact": mail,
                "when": "offered",
                "wait": 2,
                "do": [
                    {"pickup": {}},
                    {"send": {"text": "Bonjour Madame, c'est noté.", "wait": 30}},
                    {"crm_search": {"query": "Martin", "wait": 8}},
                    {"note": {"text": "Réponse envoyée.", "wait": 6}},
                ],
            },
            {"contact": chat, "when": "offered", "wait": 3, "do": [{"pickup": {}}]},
        ],
    )
    bot.on_event(_event("contact.offered", "system", contact_id=mail))
    bot.pace(100.0, 100.0)
    assert _played(bot.pace(102.0, 102.0)) == [("pickup", mail)]
    bot.on_event(_event("contact.offered", "system", contact_id=chat))
    assert bot.pace(110.0, 110.0) == []  # the e-mail being written (due at 132)
    assert _played(bot.pace(132.0, 132.0)) == [("send", mail)]
    assert _played(bot.pace(135.0, 135.0)) == [("pickup", chat)]  # 3 s later, not 14 + 3
    assert bot.pace(142.0, 142.0) == []
    assert _played(bot.pace(143.0, 143.0)) == [("crm_search", mail)]  # its own 8 s after
    assert _played(bot.pace(149.0, 149.0)) == [("note", mail)]


def test_a_nudge_is_not_the_answer_a_reply_turn_waits_for(tmp_path: Path, demo: Any) -> None:
    """Round 22: a chat customer's « Il y a quelqu'un ? » (the deck's chase line) answers
    nothing the candidate said: the next reply turn still waits for the customer's answer."""
    chat = "panne-fenetre"
    bot = _bot(
        tmp_path,
        demo,
        [
            {"contact": chat, "when": "offered", "do": [{"pickup": {}}]},
            {"contact": chat, "when": "reply", "do": [{"send": {"text": "Bonjour !"}}]},
            {"contact": chat, "when": "reply", "do": [{"send": {"text": "Laquelle ?"}}]},
        ],
    )
    bot.on_event(_event("contact.offered", "system", contact_id=chat))
    opening = demo.deck.contact(chat).opening
    bot.on_event(_event("message.sent", "customer", contact_id=chat, text=opening))
    bot.on_event(_event("message.sent", "customer", contact_id=chat, text="Il y a quelqu'un ?"))
    bot.pace(10.0, 10.0)
    assert _played(bot.pace(12.0, 12.0)) == [("pickup", chat)]
    bot.on_event(_event("contact.picked_up", "candidate", contact_id=chat))
    bot.pace(13.0, 13.0)
    assert _played(bot.pace(14.0, 14.0)) == [("send", chat)]
    assert bot.pace(60.0, 60.0) == []  # the nudge answered by that send: nothing more yet
    bot.on_event(_event("message.sent", "customer", contact_id=chat, text="Celle du salon."))
    bot.pace(61.0, 61.0)
    assert _played(bot.pace(63.0, 63.0)) == [("send", chat)]


def test_a_call_another_turn_puts_on_hold_is_not_closed_before_that_turn(
    tmp_path: Path, demo: Any
) -> None:
    """Round 22 (the juridique and littoral writers): a hold written in another contact's turn
    says the call is still going when that contact rings; its own turns are written as replies
    come, so the turn that ends it waits for the turns that hold it and take it back."""
    first, urgent = CONTACT, "urgence-cabinet"
    bot = _bot(
        tmp_path,
        demo,
        [
            {"contact": first, "when": "offered", "do": [{"pickup": {}}]},
            {"contact": first, "when": "reply", "do": [{"close": {}}]},
            {
                "contact": urgent,
                "when": "offered",
                "do": [{"hold": {"contact_id": first, "announcement": "Un appel urgent."}}],
            },
            {"contact": urgent, "when": "reply", "do": [{"unhold": {"contact_id": first}}]},
        ],
    )
    bot.on_event(_event("contact.offered", "system", contact_id=first))
    bot.pace(10.0, 10.0)
    assert _played(bot.pace(12.0, 12.0)) == [("pickup", first)]
    bot.on_event(_event("message.sent", "customer", contact_id=first, text="Bonjour."))
    assert bot.pace(30.0, 30.0) == [] and bot.pace(40.0, 40.0) == []  # not closed yet
    bot.on_event(_event("contact.offered", "system", contact_id=urgent))
    bot.pace(50.0, 50.0)
    assert _played(bot.pace(52.0, 52.0)) == [("hold", first)]
    bot.on_event(_event("message.sent", "customer", contact_id=urgent, text="Au secours !"))
    bot.pace(53.0, 53.0)
    assert _played(bot.pace(55.0, 55.0)) == [("unhold", first)]
    bot.pace(56.0, 56.0)
    assert _played(bot.pace(57.0, 57.0)) == [("close", first)]
