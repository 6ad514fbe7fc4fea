"""The grading stream is pushed to each jury member, blind until both have handed in.

The filter itself first (pure, on a hand-folded exam), then over real sockets: a jury page
joined to ``ex…-grading`` sees the other member's hand-in at once, never their decisions
before both have handed in, and everything once they have, with no polling."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from omnisim import events as ev
from omnisim.events import Event
from omnisim.exams.state import grading_stream
from omnisim.jury.blind import blind
from omnisim.live import commands

# The served app's modules, imported at collection rather than in the live server's setup.
from omnisim.web import app  # noqa: F401
from tests.fast.test_jury_workflow import GRID, Book, two_jury_exam


class LoggedBook(Book):
    """A Book that keeps the grading events it folded, as the store would."""

    def __init__(self) -> None:
        self.log: list[Any] = []
        super().__init__()

    def add(self, stream: str, actor: Any, who: str, payload: Any) -> None:
        super().add(stream, actor, who, payload)
        if stream == grading_stream("ex1"):
            self.log.append(Event(stream, self.seq[stream], 1000.0, 0.0, actor, payload, who))


def seen_by(book: LoggedBook, viewer: str) -> list[dict[str, Any]]:
    """Everything of the grading stream ``viewer`` would be sent now."""
    return blind(book.state, viewer, book.log)


def test_the_filter_sends_the_other_members_hand_in_but_not_their_grades_until_both_have():
    book = LoggedBook()
    book.decide_all("j2", "non_acquis")
    assert all(e["actor_id"] == "j2" for e in seen_by(book, "j2")) and seen_by(book, "j2")
    assert seen_by(book, "j1") == []  # nothing of j2's grading
    book.do("j2", ev.GradeSubmitted("c1"))
    shown = seen_by(book, "j1")
    assert [e["type"] for e in shown] == ["grade.submitted"]  # that j2 handed in, no more
    book.decide_all("j1")
    assert {e["actor_id"] for e in seen_by(book, "j1")} == {"j1", "j2"}
    assert not any(
        e["type"] == "grade.decided" and e["actor_id"] == "j1" for e in seen_by(book, "j2")
    )
    book.do("j1", ev.GradeSubmitted("c1"))
    # Revealed: each is sent the other's decisions, comments included.
    for viewer, other in (("j1", "j2"), ("j2", "j1")):
        theirs = [e for e in seen_by(book, viewer) if e["actor_id"] == other]
        assert sum(e["type"] == "grade.decided" for e in theirs) == len(GRID.criteria)


async def _join_grading(client: Any, exam_id: str) -> dict[str, Any]:
    reply = await client.act("join", {"stream": grading_stream(exam_id), "last_seq": client.pos})
    assert reply["ok"], reply
    assert reply["stream"] == grading_stream(exam_id)
    client.take(reply)
    return reply


async def test_over_sockets_a_juror_never_receives_the_others_grades_before_both_handed_in(live):
    exam, tokens, _api = await two_jury_exam(live)
    candidate = await live.connect(tokens["c1"])
    assert (await candidate.act("start"))["ok"]
    await candidate.wait_for(lambda e: e["type"] == "contact.offered")
    # Only a jury member may follow the grading stream; a candidate's join is refused.
    refused = await candidate.act("join", {"stream": grading_stream(exam.exam_id), "last_seq": 0})
    assert refused["ok"] is False and refused["error"]["field"] == "stream"
    # Each jury page follows the grading stream only (one position per client here).
    j1 = await live.connect(tokens["j1"], last_seq=None)
    j2 = await live.connect(tokens["j2"], last_seq=None)
    for client in (j1, j2):
        await _join_grading(client, exam.exam_id)
    stream = grading_stream(exam.exam_id)
    async with aiohttp.ClientSession(live.url) as http:

        async def call(who: str, command: str, **body: Any) -> None:
            head = {"Authorization": f"Bearer {tokens[who]}"}
            async with http.post(f"/api/grading/{command}", json=body, headers=head) as r:
                assert r.status == 201, await r.json()

        async with http.get(
            "/api/grading/c1", headers={"Authorization": f"Bearer {tokens['j1']}"}
        ) as r:
            proposals = {row["id"]: row["proposal"] for row in (await r.json())["criteria"]}

        async def grade(who: str, note: str) -> None:
            for cid, p in proposals.items():
                d = p if p != "a_apprecier" else "acquis"
                await call(
                    who, "decide", candidate_id="c1", criterion_id=cid, decision=d, comment=note
                )

        await grade("j2", "avis de j2")
        await commands.run(exam, commands.Stop("trainer"))  # a hand-in waits for the end
        last = await live.store.last_seq(stream)
        # j1's position covers j2's decisions, which were left out of every batch.
        await _until(lambda: j1.pos == last)
        assert j1.gaps == 0
        assert not any(e["actor_id"] == "j2" for e in j1.events)
        assert "avis de j2" not in repr(j1.events)
        await call("j2", "submit", candidate_id="c1")
        handed = await j1.wait_for(lambda e: e["type"] == "grade.submitted")
        assert handed["actor_id"] == "j2"
        assert not any(e["type"] == "grade.decided" and e["actor_id"] == "j2" for e in j1.events)
        # A join from the start (a reload, a reconnection) is filtered the same way.
        fresh = await j1.act("join", {"stream": stream, "last_seq": 0})
        assert fresh["upto"] == await live.store.last_seq(stream)
        # The automatic proposals (recorded before the first decision) are no one's grades.
        shown = [e["type"] for e in fresh["events"] if e["type"] != "grade.proposed"]
        assert shown == ["grade.submitted"]
        # Before j1 hands in, j2 is sent nothing of j1's grading either.
        await grade("j1", "avis de j1")
        last = await live.store.last_seq(stream)
        await _until(lambda: j2.pos == last)
        assert "avis de j1" not in repr(j2.events)
        await call("j1", "submit", candidate_id="c1")
        await j2.wait_for(lambda e: e["type"] == "grade.submitted" and e["actor_id"] == "j1")
        # Once both have handed in, a join shows each the other's grading.
        for client, other, note in ((j1, "j2", "avis de j2"), (j2, "j1", "avis de j1")):
            full = await client.act("join", {"stream": stream, "last_seq": 0})
            theirs = [e for e in full["events"] if e["actor_id"] == other]
            assert sum(e["type"] == "grade.decided" for e in theirs) == len(proposals)
            assert note in repr(theirs)


async def _until(predicate: Any, timeout: float = 5.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "not reached in time"
        await asyncio.sleep(0.02)
