"""Labelled measure cases (evalsets/measures/): a small deck and a log written as data, and the
verdict a jury expects from one measure on it.

A case file lists cases; each names its ``measure``, its ``class`` (the failure class it
tests, issue 26), the contacts of its deck (any field of a deck contact, plus defaults),
optional CRM records and templates (and a principal's ``sector``, ``greeting``,
``instructions``, the deck's ``today``), and a ``log``: one step per line, in order, each one
sim-second after the last unless ``[wait, seconds]`` says more:

- ``[offer, c]`` the contact arrives (its ``opening`` is said, as the engine does);
- ``[pick, c]``, ``[close, c]``, ``[transfer, c, staff]``, ``[hold, c, announcement]``,
  ``[resume, c]``;
- ``[say, c, text]`` the candidate writes (``[say, c, text, {channel: email,
  justification: …}]``), ``[hear, c, text]`` the customer answers (``[hear, c, text,
  fact:id]`` with a reason), ``[escalate, c, complaint]``;
- ``[call, c, text]`` the candidate places a call about contact ``c`` (``{to, kind}``: by
  default its customer's phone, ``customer``);
- ``[book, c, start]`` an appointment booked for ``c`` (``"2026-05-12T14:00"``) in the
  principal's agenda (``{record: id}``: on another record than the customer's);
- ``[create, c, {fields}]`` a new CRM record (``new-1``, ``new-2``… as the desk names them);
  ``[update, c, {fields}]`` the customer's record changed (``[update, c, {fields}, {record:
  id}]``: another record); ``[cancel, c, start]`` an appointment of the principal cancelled;
- ``[search, c, query]``, ``[trace, c, summary]`` (``{record: id}``: on another record than
  the customer's), ``[followup, c, action]``,
  ``[message, c, {for_whom, caller, phone, text, urgent, no_number}]``,
  ``[report, incident|handover, text]``,
  ``[note, c, text]`` (a note on the contact, for the team and the jury).

``expect`` is ``pass``, ``fail`` or ``none`` (nothing to judge). A case may judge a grid's
criterion instead of one measure (``criterion: mc_acvd:mc.c1.accueil``): the proposal every
measure of that criterion gives, ``pass`` for acquis, ``fail`` for non acquis, ``none`` for
« à apprécier » (a leniency is often a criterion that reads too few measures). ``scripts``
gives the case's diagnostic scripts (id → steps, as in ``scripts_diagnostic/``). ``python
bench/measure_cases.py`` scores a split; ``tests/fast/test_measure_cases.py`` holds the bar.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from omnisim import events as ev
from omnisim.deck.channel_rules import channel_rules
from omnisim.deck.model import Contact, CrmRecord, Deck, Instruction, Principal, Staff, Template
from omnisim.deck.scripts import DiagnosticScript
from omnisim.events import Event
from omnisim.grading import grade
from omnisim.grading.grid import bundled_grids
from omnisim.language.callback import not_given
from omnisim.measures import MEASURES
from omnisim.measures.context import MeasureContext
from omnisim.measures.result import MeasureResult
from omnisim.projection.workspace import project
from omnisim.schema import build

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "evalsets" / "measures"
EXPECT = {"pass": True, "fail": False, "none": None}


@dataclass(frozen=True)
class Case:
    file: str
    id: str
    klass: str
    measure: str
    expect: bool | None
    data: dict[str, Any]


def load(split: str) -> list[Case]:
    """Every case of ``split`` (dev or holdout), file by file."""
    out = []
    for path in sorted((CASES / split).glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            out.append(
                Case(
                    path.stem,
                    item["id"],
                    item.get("class", path.stem),
                    item.get("measure") or item["criterion"],
                    EXPECT[item["expect"]],
                    item,
                )
            )
    return out


def _contact(data: dict[str, Any], n: int) -> Contact:
    body = {
        "at": 0.0,
        "channel": "phone",
        "principal": "societe",
        "opening": "",
        "customer": {"name": "Claire Dubois"},
        **data,
    }
    body.setdefault("id", f"c{n}")
    return build(Contact, body, f"contacts[{n}]")


def _others(data: dict[str, Any]) -> tuple[Principal, ...]:
    """A case's other principals (``principals: [{id, name, confidential}]``), for a
    contact of one to be judged against another's facts."""
    return tuple(
        Principal(
            id=p["id"],
            name=p.get("name", p["id"]),
            sector=p.get("sector", "service clients"),
            greeting=p.get("greeting", ""),
            confidential=tuple(p.get("confidential", ())),
        )
        for p in data.get("principals", [])
    )


def deck_of(case: Case) -> Deck:
    data = case.data
    staff = tuple(
        build(Staff, s)
        for s in data.get(
            "staff",
            [
                {"id": "superviseure", "name": "Mme Léa Fabre", "role": "superviseure"},
                {"id": "responsable", "name": "M. Hugo Vidal", "role": "responsable qualité"},
            ],
        )
    )
    principal = Principal(
        id="societe",
        name=data.get("company", "Maison Verte"),
        sector=data.get("sector", "service clients"),
        greeting=data.get("greeting", ""),
        staff=staff,
        confidential=tuple(data.get("confidential", ())),
        instructions=tuple(Instruction(text) for text in data.get("instructions", ())),
    )
    return Deck(
        id="case",
        title=case.id,
        language=data.get("lang", "fr"),
        duration_minutes=120,
        time_factor=float(data.get("time_factor", 1.0)),
        seed=1,
        today=data.get("today", "2026-03-12"),
        principals=(principal, *_others(data)),
        crm=tuple(build(CrmRecord, r) for r in data.get("crm", [])),
        templates=tuple(build(Template, t) for t in data.get("templates", [])),
        contacts=tuple(_contact(c, n) for n, c in enumerate(data.get("contacts", []))),
    )


def log_of(case: Case, deck: Deck) -> list[Event]:
    """The case's steps as the events the desk and the engine would log."""
    events: list[Event] = []
    sim = 0.0

    def add(actor: str, payload: Any) -> None:
        events.append(Event("case", len(events) + 1, 0.0, sim, actor, payload))  # type: ignore[arg-type]

    add("system", ev.SessionCreated("case", case.id, 1, deck.time_factor, deck.language))
    for step in case.data.get("log", []):
        verb, *args = step
        sim += 1.0
        if verb == "wait":
            sim += float(args[0]) - 1.0
            continue
        cid = str(args[0]) if args else ""
        contact = deck.contact(cid)
        channel = contact.channel if contact else "phone"
        extra: dict[str, Any] = args[-1] if args and isinstance(args[-1], dict) else {}
        if verb == "offer":
            assert contact is not None, cid
            add(
                "system",
                ev.ContactOffered(cid, channel, contact.customer.name, contact.subject),
            )
            if contact.opening:
                add(
                    "customer",
                    ev.MessageSent(cid, channel, contact.opening, contact.subject, "", "opening"),
                )
        elif verb == "pick":
            add("candidate", ev.ContactPickedUp(cid))
        elif verb == "say":
            add(
                "candidate",
                ev.MessageSent(
                    cid,
                    extra.get("channel", channel),
                    args[1],
                    justification=extra.get("justification", ""),
                ),
            )
        elif verb == "hear":
            reason = args[2] if len(args) > 2 and isinstance(args[2], str) else "reply"
            add("customer", ev.MessageSent(cid, channel, args[1], reason=reason))
        elif verb == "close":
            add("candidate", ev.ContactClosed(cid))
        elif verb == "transfer":
            add("candidate", ev.ContactTransferred(cid, args[1]))
        elif verb == "hold":
            add("candidate", ev.ContactHeld(cid, args[1] if len(args) > 1 else ""))
        elif verb == "resume":
            add("candidate", ev.ContactResumed(cid))
        elif verb == "escalate":
            add("customer", ev.ContactEscalated(cid, args[1]))
        elif verb == "mood":  # the simulated customer's mood, as the engine reads it
            add("customer", ev.CustomerMood(cid, float(args[1]), "tone"))
        elif verb == "call":
            to = extra.get("to", contact.customer.phone if contact else "")
            call_id = f"call-{sum(isinstance(e.payload, ev.OutboundCall) for e in events) + 1}"
            kind = extra.get("kind", "customer")
            add("candidate", ev.OutboundCall(to, args[1], cid, call_id, kind))
        elif verb == "search":
            add("candidate", ev.CrmSearched(args[1], cid))
        elif verb == "book":
            record = extra.get("record", contact.customer.record if contact else "")
            add("candidate", ev.AgendaBooked("societe", args[1], record, cid))
        elif verb == "cancel":
            record = extra.get("record", contact.customer.record if contact else "")
            add("candidate", ev.AgendaCancelled("societe", args[1], record, cid))
        elif verb == "update":
            record = (
                args[2]["record"] if len(args) > 2 else (contact.customer.record if contact else "")
            )
            add("candidate", ev.CrmRecordUpdated(record, dict(args[1]), cid))
        elif verb == "trace":
            record = extra.get("record", contact.customer.record if contact else "")
            add("candidate", ev.CrmTraced(cid, record, args[1]))
        elif verb == "create":
            made = sum(isinstance(e.payload, ev.CrmRecordCreated) for e in events) + 1
            add("candidate", ev.CrmRecordCreated(f"new-{made}", dict(args[1]), cid))
        elif verb == "followup":
            record = contact.customer.record if contact else ""
            add("candidate", ev.CrmFollowupSet(cid, record, args[1]))
        elif verb == "message":
            name = contact.customer.name if contact else ""
            add(
                "candidate",
                ev.MessageTaken(
                    "societe",
                    extra.get("for_whom", "Mme Léa Fabre"),
                    extra.get("caller", name),
                    extra.get("phone", "06 00 00 00 00"),
                    extra.get("text", "Merci de rappeler."),
                    cid,
                    bool(extra.get("urgent", False)),
                    # As the desk stores it: the box, or its words typed as the phone.
                    bool(extra.get("no_number", False)) or not_given(extra.get("phone", "")),
                ),
            )
        elif verb == "report":
            add("candidate", ev.ReportWritten(args[0], args[1]))
        elif verb == "note":
            add("candidate", ev.ContactNoted(cid, args[1]))
        else:
            raise ValueError(f"{case.file}:{case.id}: unknown step {verb!r}")
    return events


def scripts_of(case: Case) -> dict[str, DiagnosticScript]:
    return {
        sid: build(DiagnosticScript, {"id": sid, "title": sid, **body})
        for sid, body in case.data.get("scripts", {}).items()
    }


PROPOSED = {"acquis": True, "non_acquis": False, "a_apprecier": None}


def run(case: Case) -> MeasureResult:
    """The case's measure, or its criterion's proposal as a result (value: the proposal)."""
    deck = deck_of(case)
    view = project(log_of(case, deck))
    ctx = MeasureContext(view, deck, channel_rules(), dict(scripts_of(case)))
    if "criterion" not in case.data:
        return MEASURES[case.measure](ctx)
    grid_id, _, criterion = case.data["criterion"].partition(":")
    grid = bundled_grids()[grid_id]
    wanted = next(c for c in grid.criteria if c.id == criterion)
    results = {m: MEASURES[m](ctx) for m in wanted.measures}
    verdict = next(v for v in grade(grid, results).verdicts if v.criterion.id == criterion)
    return MeasureResult(
        case.measure, verdict.proposed, None, PROPOSED[verdict.proposed], verdict.evidence
    )


@dataclass(frozen=True)
class Score:
    case: Case
    got: bool | None

    @property
    def right(self) -> bool:
        return self.got is self.case.expect


def score(split: str) -> list[Score]:
    return [Score(case, run(case).passed) for case in load(split)]


def summary(scores: list[Score]) -> dict[str, tuple[int, int]]:
    """Per class: (right, total)."""
    out: dict[str, tuple[int, int]] = {}
    for s in scores:
        right, total = out.get(s.case.klass, (0, 0))
        out[s.case.klass] = (right + s.right, total + 1)
    return out
