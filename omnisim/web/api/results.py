"""Results across a trainer's exams through the API: the cohort, the calibration and a
candidate's progress, as the pages show them (omnisim/results/), every figure with its cases.

Filters are the pages' (``exam`` repeated, ``deck``, ``grid``, ``mode``, ``from``, ``to`` as
YYYY-MM-DD, ``archived=1``); a day that is no day is refused naming its field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aiohttp import web

from omnisim.live import results
from omnisim.results.attempts import AttemptResult
from omnisim.results.calibration import Agreement, Case, calibrate
from omnisim.results.cohort import cohort
from omnisim.results.progress import progress
from omnisim.web.api.base import bearer_trainer
from omnisim.web.keys import EXAMS
from omnisim.web.openapi import Endpoint
from omnisim.web.pages.results_view import filters


def _cases(cases: Sequence[Case]) -> list[dict[str, Any]]:
    return [
        {
            "exam_id": c.exam_id,
            "candidate_id": c.candidate_id,
            "criterion_id": c.criterion_id,
            "seq": c.seq,
        }
        for c in cases
    ]


def _agreement(a: Agreement) -> dict[str, Any]:
    return {
        "n": a.n,
        "agreed": a.agreed,
        "agreement": a.agreement,
        "kappa": a.kappa,
        "differing": _cases(a.differing),
    }


async def _selected(request: web.Request) -> tuple[list[AttemptResult], dict[str, Any]]:
    trainer = await bearer_trainer(request)
    held = await request.app[EXAMS].index.results(trainer.id)
    wanted = filters(request.query, request.query.getall("exam", []))
    grids = results.grids_for(held.attempts, held.grids)
    return [a for a in held.attempts if wanted.admits(a)], grids


def _row(a: AttemptResult) -> dict[str, Any]:
    return {
        "exam_id": a.exam_id,
        "exam_title": a.exam_title,
        "held_at": a.held_at,
        "mode": a.mode,
        "candidate_id": a.candidate_id,
        "name": a.name,
        "number": a.number,
        "signed": a.signed,
        "passed": a.passed,
        "criteria": {
            c.criterion_id: {"status": c.status, "source": c.source, "seq": c.first_seq}
            for c in a.criteria
        },
    }


async def get_cohort(request: web.Request) -> web.Response:
    attempts, grids = await _selected(request)
    tables = [
        {
            "grid": t.grid_id,
            "criteria": list(t.criteria),
            "rows": [_row(a) for a in t.rows],
            "rates": [
                {
                    "criterion_id": r.criterion_id,
                    "acquis": r.acquis,
                    "non_acquis": len(r.non_acquis),
                    "pending": r.pending,
                    "rate": r.rate,
                }
                for r in t.rates
            ],
            "failing": [
                {
                    "criterion_id": f.criterion_id,
                    "failed": f.failed,
                    "decided": f.decided,
                    "typical": [
                        {
                            "measure": x.measure,
                            "note": x.note,
                            "text": dict(x.text),
                            "count": x.count,
                            "first": _cases([x.first])[0],
                        }
                        for x in f.typical
                    ],
                }
                for f in t.failing
            ],
        }
        for t in cohort(attempts, grids)
    ]
    return web.json_response({"tables": tables})


async def get_calibration(request: web.Request) -> web.Response:
    attempts, grids = await _selected(request)
    out = []
    for cal in calibrate(attempts, grids):
        out.append(
            {
                "grid": cal.grid_id,
                "sheets": cal.sheets,
                "exams": list(cal.exams),
                "proposal": _agreement(cal.proposal),
                "criteria": [
                    {
                        "criterion_id": c.criterion_id,
                        "threshold": c.threshold,
                        "warned": c.warned,
                        "overridden": c.overridden,
                        "proposal": _agreement(c.proposal),
                        "raised": _cases(c.raised),
                        "lowered": _cases(c.lowered),
                        "left_to_jury": c.left,
                        "comments": [
                            {"text": g.text, "cases": _cases(g.cases)} for g in c.comments
                        ],
                        "jurors": _agreement(c.jurors),
                        "leanings": [
                            {
                                "juror": x.name,
                                "n": x.n,
                                "lenient": len(x.lenient),
                                "strict": len(x.strict),
                                "lean": x.lean,
                            }
                            for x in c.leanings
                        ],
                    }
                    for c in cal.criteria
                ],
                "pairs": [{"jurors": list(p.names), **_agreement(p.agreement)} for p in cal.pairs],
                "over_time": [
                    {"juror": p.name, "month": p.period, **_agreement(p.agreement)}
                    for p in cal.over_time
                ],
            }
        )
    return web.json_response({"grids": out})


async def get_progress(request: web.Request) -> web.Response:
    attempts, grids = await _selected(request)
    number = request.match_info["number"]
    found = progress(attempts, number, grids, "trainer")
    if not found:
        raise LookupError("number")
    return web.json_response(
        {
            "number": number,
            "grids": [
                {
                    "grid": g.grid_id,
                    "attempts": [
                        {
                            "exam_id": a.exam_id,
                            "candidate_id": a.candidate_id,
                            "held_at": a.held_at,
                            "mode": a.mode,
                        }
                        for a in g.attempts
                    ],
                    "criteria": [
                        {
                            "criterion_id": c.criterion_id,
                            "steps": [
                                {"status": s.status, "source": s.source, "seq": s.case.seq}
                                for s in c.steps
                            ],
                            "trend": c.trend,
                        }
                        for c in g.criteria
                    ],
                }
                for g in found
            ],
        }
    )


ENDPOINTS = (
    Endpoint(
        "GET",
        "/api/results/cohort",
        get_cohort,
        "The cohort of the trainer's exams: criterion × candidate, pass rates, most failed "
        "(filters: exam, deck, grid, mode, from, to, archived)",
    ),
    Endpoint(
        "GET",
        "/api/results/calibration",
        get_calibration,
        "Proposals against final decisions and juror against juror, per grid and criterion, "
        "each figure with its cases",
    ),
    Endpoint(
        "GET",
        "/api/results/progress/{number}",
        get_progress,
        "One candidate's criteria across their attempts (same number, the trainer's exams)",
    ),
)
