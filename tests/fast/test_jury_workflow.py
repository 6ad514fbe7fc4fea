"""Two jury members grade apart, see each other only once both handed in, reconcile (one
proposes, the other agrees), sign under their own names; the signed sheet is locked. Pure
rules first, then the same over the JSON API."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from omnisim import events as ev
from omnisim.events import Event
from omnisim.exams.roster import ExamRefused, RosterEntry
from omnisim.exams.state import ExamState, attempt_stream, grading_stream
from omnisim.grading import bundled_grids
from omnisim.grading.pass_rule import evaluate
from omnisim.jury import sent, workflow
from omnisim.jury.integrity import log_hash
from omnisim.live import commands
from omnisim.protocol.jury_view import AttemptProgress
from omnisim.schema import SchemaError
from tests.conftest import MINI_DECK

GRID = bundled_grids()["cp_ffp"]


class Book:
    """An exam state folded from hand-written events: two jury members, one candidate."""

    def __init__(self, jury: int = 2) -> None:
        self.state = ExamState("ex1")
        self.seq = {"ex1": 0, grading_stream("ex1"): 0}
        self.add("ex1", "trainer", "t", ev.CandidateEnrolled("c1", "Claire", "0001", "h"))
        for n in range(1, jury + 1):
            self.add("ex1", "trainer", "t", ev.JuryAppointed(f"j{n}", f"Juré {n}", "external", "h"))

    def add(self, stream: str, actor: Any, who: str, payload: Any) -> None:
        self.seq[stream] += 1
        self.state.apply(Event(stream, self.seq[stream], 1000.0, 0.0, actor, payload, who))

    def do(self, who: str, command: Any, proposals: dict[str, str] | None = None) -> None:
        workflow.check(self.state, GRID, who, command, proposals or {})
        self.add(grading_stream("ex1"), "jury", who, command)

    def decide_all(self, who: str, decision: str = "acquis", but: dict[str, str] | None = None):
        for c in GRID.criteria:
            d = (but or {}).get(c.id, decision)
            self.do(who, ev.GradeDecided("c1", c.id, d, f"{who} : vu"))


def view(book: Book, who: str) -> dict[str, Any]:
    shown = sent.view(
        book.state,
        book.state.people["c1"],
        GRID,
        who,
        {},
        {},
        "fr",
        attempt=AttemptProgress(0, False),
        questions=(),
    )
    return shown.to_json()  # as the jury's page receives it


def test_the_other_members_decisions_are_not_sent_until_both_have_handed_in():
    book = Book()
    first = GRID.criteria[0].id
    book.decide_all("j1")
    seen = view(book, "j2")
    assert not seen["revealed"] and seen["outcome"] is None and seen["sheet_hash"] == ""
    assert all(r["mine"] is None and "others" not in r for r in seen["criteria"])
    assert "j1 : vu" not in repr(seen)  # nothing of j1's grading, not even a comment
    book.do("j1", ev.GradeSubmitted("c1"))
    assert "j1 : vu" not in repr(view(book, "j2"))
    book.decide_all("j2", but={first: "non_acquis"})
    with pytest.raises(ExamRefused, match="hand in"):
        book.do("j1", ev.ReconcileProposed("c1", first, "acquis", "concertation"))
    book.do("j2", ev.GradeSubmitted("c1"))
    seen = view(book, "j2")
    assert seen["revealed"] and seen["phase"] == "reconciling"
    top = seen["criteria"][0]  # disagreements first
    assert top["id"] == first and top["disagreement"] and top["final"]["decision"] is None
    assert top["others"] == [{"jury_id": "j1", "decision": "acquis", "comment": "j1 : vu"}]
    assert not any(r["disagreement"] for r in seen["criteria"][1:])


def test_a_handed_in_grading_is_frozen_and_a_grading_must_be_complete():
    book = Book()
    with pytest.raises(SchemaError) as refused:
        book.do("j1", ev.GradeSubmitted("c1"))
    assert refused.value.field == GRID.criteria[0].id
    book.decide_all("j1")
    book.do("j1", ev.GradeSubmitted("c1"))
    with pytest.raises(ExamRefused, match="already handed in"):
        book.do("j1", ev.GradeDecided("c1", GRID.criteria[0].id, "non_acquis", "revu"))


def test_overriding_the_automatic_proposal_needs_a_comment():
    book = Book()
    cid = GRID.criteria[0].id
    proposals = {cid: "non_acquis"}
    with pytest.raises(SchemaError) as refused:
        book.do("j1", ev.GradeDecided("c1", cid, "acquis", "  "), proposals)
    assert refused.value.field == "comment"
    book.do("j1", ev.GradeDecided("c1", cid, "non_acquis", ""), proposals)  # follows it
    book.do("j1", ev.GradeDecided("c1", cid, "acquis", "vu à l'écoute"), proposals)
    book.do("j1", ev.GradeDecided("c1", GRID.criteria[1].id, "acquis", ""), {})  # à apprécier


def signed_book() -> tuple[Book, str]:
    book = Book()
    first, second = GRID.criteria[0].id, GRID.criteria[1].id
    book.decide_all("j1", but={second: "non_acquis"})
    book.decide_all("j2", but={first: "non_acquis", second: "non_acquis"})
    book.do("j1", ev.GradeSubmitted("c1"))
    book.do("j2", ev.GradeSubmitted("c1"))
    book.do("j1", ev.ReconcileProposed("c1", first, "acquis", "accueil repris après écoute"))
    g = book.state.grading["c1"]
    assert workflow.finals(book.state, g, GRID)[first].decision is None  # one member alone
    with pytest.raises(ExamRefused, match="your proposal"):
        book.do("j1", ev.ReconcileAgreed("c1", first, "acquis", "j1"))
    with pytest.raises(ExamRefused, match="changed"):
        book.do("j2", ev.ReconcileAgreed("c1", first, "non_acquis", "j1"))
    book.do("j2", ev.ReconcileAgreed("c1", first, "acquis", "j1"))
    final = workflow.finals(book.state, g, GRID)[first]
    assert (final.decision, final.how, final.proposed_by, final.agreed_by) == (
        "acquis",
        "reconciled",
        "j1",
        ("j2",),
    )
    with pytest.raises(ExamRefused) as refused:
        book.do(
            "j1",
            ev.SheetSigned("c1", workflow.current_sheet_hash(book.state, "c1", GRID), "Juré 1"),
        )
    assert refused.value.field == second  # its recommendation is missing
    book.do("j2", ev.GradeRecommended("c1", second, "Se présenter dès le décroché."))
    assert workflow.phase(book.state, g, GRID) == "signing"
    return book, workflow.current_sheet_hash(book.state, "c1", GRID)


def test_both_sign_then_the_sheet_is_locked_and_any_change_refused():
    book, sheet = signed_book()
    with pytest.raises(ExamRefused):
        book.do("j1", ev.SheetSigned("c1", "0" * 64, "Juré 1"))  # not the sheet shown
    with pytest.raises(SchemaError) as refused:
        book.do("j1", ev.SheetSigned("c1", sheet, "  "))
    assert refused.value.field == "name"
    for someone_else in ("toto", "Juré 2", "Juré 12"):
        with pytest.raises(ExamRefused, match="not yours") as refused:
            book.do("j1", ev.SheetSigned("c1", sheet, someone_else))
        assert refused.value.field == "name" and "Juré 1" in refused.value.render("fr")
    book.do("j1", ev.SheetSigned("c1", sheet, "  JURE   1 ", 12, "ab" * 32))  # case, accents
    g = book.state.grading["c1"]
    assert not workflow.is_locked(book.state, g)
    with pytest.raises(ExamRefused, match="already been signed"):
        book.do("j2", ev.ReconcileProposed("c1", GRID.criteria[0].id, "acquis", "finalement"))
    book.do("j2", ev.SheetSigned("c1", sheet, "Juré 2", 12, "ab" * 32))
    assert workflow.is_locked(book.state, g) and workflow.phase(book.state, g, GRID) == "locked"
    for command in (
        ev.GradeDecided("c1", GRID.criteria[0].id, "acquis", "x"),
        ev.ReconcileProposed("c1", GRID.criteria[0].id, "acquis", "x"),
        ev.GradeRecommended("c1", GRID.criteria[1].id, "x"),
        ev.GradeCommented("c1", "x"),
        ev.SheetSigned("c1", sheet, "Juré 1"),
    ):
        with pytest.raises(ExamRefused, match="locked"):
            book.do("j1", command)
    assert [s.name for s in g.signatures.values()] == ["  JURE   1 ", "Juré 2"]


def decisions(acquired: int, grid=GRID) -> dict[str, str]:
    return {c.id: "acquis" if n < acquired else "non_acquis" for n, c in enumerate(grid.criteria)}


def test_cp_ffp_passes_at_seventy_percent_of_its_criteria_and_says_why():
    total = len(GRID.criteria)  # 18: 70 % is 12.6, so 13
    passed = evaluate(GRID, decisions(13))
    failed = evaluate(GRID, decisions(12))
    assert passed.passed is True and failed.passed is False and passed.source == "text"
    said = passed.reason.render("fr").replace("\u202f", " ").replace("\xa0", " ")
    assert said == f"13 critères acquis sur {total} (72 %), seuil de 70 % atteint."
    assert "not reached" in failed.reason.render("en")
    undecided = decisions(12) | {GRID.criteria[-1].id: None}
    assert evaluate(GRID, undecided).passed is None  # 13 still reachable


def test_ccs_rc_needs_all_five_competences_and_names_the_ones_to_retake():
    grid = bundled_grids()["ccs_rc"]
    assert len(grid.competences) == 5
    d = {c.id: "acquis" for c in grid.criteria}
    assert evaluate(grid, d).passed is True
    d[grid.criteria[1].id] = d[grid.criteria[3].id] = "non_acquis"
    result = evaluate(grid, d)
    assert result.passed is False and result.retake == ("c2", "c4")
    assert [c.id for c in result.competences if c.acquired is False] == ["c2", "c4"]


def test_mc_acvd_states_no_rule_so_the_sheet_says_so_and_the_trainers_rule_decides():
    grid = bundled_grids()["mc_acvd"]
    d = {c.id: "acquis" for c in grid.criteria}
    d[grid.criteria[0].id] = "non_acquis"
    default = evaluate(grid, d)
    assert default.source == "default" and default.passed is False
    assert "ne fixe pas de règle" in __import__("omnisim.i18n").i18n.message(
        "fr", f"passrule.source.{default.source}"
    )
    share = ev.PassRuleSet("share_of_criteria", 0.5)
    assert evaluate(grid, d, share).passed is True and evaluate(grid, d, share).source == "trainer"
    stated = evaluate(GRID, decisions(13), ev.PassRuleSet("all_criteria"))
    assert stated.source == "text" and stated.passed is True  # a stated rule is never replaced
    # Once the sheet is signed or the record locked, the default is no longer "to confirm".
    from omnisim.documents.sheets import _rule_source

    assert "à confirmer" in _rule_source("default", False, "fr")
    applied = _rule_source("default", True, "fr")
    assert "appliquée telle quelle" in applied and "à confirmer" not in applied
    assert _rule_source("trainer", True, "fr") == _rule_source("trainer", False, "fr")


# -- the same over the JSON API, on a real exam ------------------------------------------
async def two_jury_exam(live: Any) -> tuple[Any, dict[str, str], str]:
    from omnisim.scenario import load_scenario
    from omnisim.web.keys import ACCOUNTS, EXAMS

    accounts = live.app[ACCOUNTS]
    trainer = await accounts.add_trainer("jurytest", "Formateur", "mot-de-passe-de-test")
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    exam, tokens = await live.app[EXAMS].create(
        trainer.id,
        scenario,
        [RosterEntry("Claire Roussel", number="0001")],
        [
            RosterEntry("Marc Dubois", evaluator="external"),
            RosterEntry("Ana Roy", evaluator="internal"),
        ],
        mode="training",
    )
    api = await accounts.new_api_token(trainer.id, "tests")
    return exam, tokens, api


@pytest.mark.settings(rate_limit=100.0)  # a script grading every criterion at once
async def test_over_the_api_two_members_grade_reconcile_sign_and_the_record_is_locked(live):
    exam, tokens, _api = await two_jury_exam(live)
    candidate = await live.connect(tokens["c1"])
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(lambda e: e["type"] == "contact.offered")
    await asyncio.sleep(1.0)  # left ringing well past 15 s of the scenario's clock
    async with aiohttp.ClientSession(live.url) as http:

        async def call(who: str, command: str, **body: Any) -> tuple[int, dict[str, Any]]:
            head = {"Authorization": f"Bearer {tokens[who]}"}
            async with http.post(f"/api/grading/{command}", json=body, headers=head) as r:
                return r.status, await r.json()

        async def seen(who: str) -> dict[str, Any]:
            head = {"Authorization": f"Bearer {tokens[who]}"}
            async with http.get("/api/grading/c1", headers=head) as r:
                assert r.status == 200
                return await r.json()

        proposals = {r["id"]: r["proposal"] for r in (await seen("j1"))["criteria"]}
        first = next(c for c, p in proposals.items() if p != "a_apprecier")
        wrong = "acquis" if proposals[first] == "non_acquis" else "non_acquis"
        status, body = await call(
            "j1", "decide", candidate_id="c1", criterion_id=first, decision=wrong
        )
        assert status == 422 and body["error"]["field"] == "comment"
        assert "commentaire" in body["error"]["reason"]
        for who in ("j1", "j2"):
            for cid, p in proposals.items():
                d = p if p != "a_apprecier" else "acquis"
                if who == "j2" and cid == first:
                    d, note = wrong, "je ne suis pas d'accord"
                else:
                    note = ""
                status, body = await call(
                    who, "decide", candidate_id="c1", criterion_id=cid, decision=d, comment=note
                )
                assert status == 201, body
            if who == "j1":  # handed in only once the candidate's attempt has ended
                status, body = await call(who, "submit", candidate_id="c1")
                assert status == 422 and "pas terminée" in body["error"]["reason"]
                await commands.run(exam, commands.Stop("trainer"))
            assert (await call(who, "submit", candidate_id="c1"))[0] == 201
            if who == "j1":
                assert "others" not in (await seen("j1"))["criteria"][0]
        view_ = await seen("j1")
        assert view_["criteria"][0]["id"] == first and view_["criteria"][0]["disagreement"]
        asked = view_["questions"]  # interview questions, each citing its moment
        assert asked and all(q["text"] for q in asked)
        assert any(q["seq"] and q["clock"] in q["text"] for q in asked)
        agreed = proposals[first]
        status, _ = await call(
            "j1",
            "propose",
            candidate_id="c1",
            criterion_id=first,
            decision=agreed,
            comment="repris ensemble",
        )
        assert status == 201
        assert (await seen("j2"))["criteria"][0]["final"]["decision"] is None  # j1 alone
        assert (await seen("j2"))["criteria"][0]["standing"]["by"] == "j1"
        status, body = await call(
            "j1", "agree", candidate_id="c1", criterion_id=first, decision=agreed, proposed_by="j1"
        )
        assert status == 422 and body["error"]["field"] == "criterion_id"  # not one's own
        status, body = await call(
            "j2", "agree", candidate_id="c1", criterion_id=first, decision=agreed, proposed_by="j1"
        )
        assert status == 201, body
        final = (await seen("j2"))["criteria"][0]["final"]
        assert (final["proposed_by"], final["agreed_by"]) == ("j1", ["j2"])
        for row in (await seen("j1"))["criteria"]:
            if row["final"]["decision"] == "non_acquis":
                status, body = await call(
                    "j2",
                    "recommend",
                    candidate_id="c1",
                    criterion_id=row["id"],
                    text="À travailler.",
                )
                assert status == 201, body
        sheet = (await seen("j1"))["sheet_hash"]
        status, body = await call("j1", "sign", candidate_id="c1", sheet_hash=sheet, name="toto")
        assert status == 422 and body["error"]["field"] == "name"
        assert "Marc Dubois" in body["error"]["reason"]  # signs only as themself
        for who, name in (("j1", "marc dubois"), ("j2", "Ana Roy")):
            status, body = await call(who, "sign", candidate_id="c1", sheet_hash=sheet, name=name)
            assert status == 201, body
        status, body = await call("j1", "comment", candidate_id="c1", text="encore un mot")
        assert status == 422 and "verrouillée" in body["error"]["reason"]
        with pytest.raises(ExamRefused):
            await exam.grade("j2", ev.GradeCommented("c1", "par la porte de service"))
    log = await live.store.read(attempt_stream(exam.exam_id, "c1"))
    signatures = exam.state.grading["c1"].signatures
    assert {s.log_hash for s in signatures.values()} == {log_hash(log)}
    assert {s.log_seq for s in signatures.values()} == {log[-1].seq}
    tampered = list(log)
    tampered[1] = Event(**{**tampered[1].__dict__, "wall_time": tampered[1].wall_time + 1})
    assert log_hash(tampered) != log_hash(log)  # re-hashing finds a changed log


async def test_the_trainer_sets_a_pass_rule_only_where_the_text_states_none(live):
    from omnisim.scenario import load_scenario
    from omnisim.web.keys import ACCOUNTS, EXAMS

    accounts = live.app[ACCOUNTS]
    trainer = await accounts.add_trainer("rules", "Formateur", "mot-de-passe-de-test")
    api = await accounts.new_api_token(trainer.id, "tests")
    scenario = await asyncio.to_thread(load_scenario, MINI_DECK)
    made = {}
    for grid in ("mc_acvd", "cp_ffp"):
        made[grid] = await live.app[EXAMS].create(
            trainer.id,
            scenario,
            [RosterEntry("Claire Roussel", number="0001")],
            [RosterEntry("Marc Dubois", evaluator="external")],
            grid_id=grid,
            mode="training",
        )
    head = {"Authorization": f"Bearer {api}"}
    rule = {"kind": "share_of_criteria", "min": 0.6}
    async with aiohttp.ClientSession(live.url) as http:
        exam, tokens = made["mc_acvd"]
        async with http.post(f"/api/exams/{exam.exam_id}/pass_rule", json=rule, headers=head) as r:
            assert r.status == 200, await r.text()
        jury = {"Authorization": f"Bearer {tokens['j1']}"}
        for c in exam.scenario.grids["mc_acvd"].criteria:
            async with http.post(
                "/api/grading/decide",
                json={
                    "candidate_id": "c1",
                    "criterion_id": c.id,
                    "decision": "acquis",
                    "comment": "vu",
                },
                headers=jury,
            ) as r:
                assert r.status == 201, await r.text()
        await commands.run(exam, commands.Stop("trainer"))
        async with http.post("/api/grading/submit", json={"candidate_id": "c1"}, headers=jury) as r:
            assert r.status == 201
        async with http.get("/api/grading/c1", headers=jury) as r:
            outcome = (await r.json())["outcome"]
        assert outcome["source"] == "trainer" and "60" in outcome["rule"]
        exam, _ = made["cp_ffp"]
        async with http.post(f"/api/exams/{exam.exam_id}/pass_rule", json=rule, headers=head) as r:
            assert r.status == 422 and (await r.json())["error"]["field"] == "kind"
