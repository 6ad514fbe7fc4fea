"""What a deck can assess, its dry run and a trial, through the API (the pages' twins,
omnisim/web/pages/assess.py): ``{deck}`` is a deck choice, URL-encoded (``bundled%3Ademo``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from omnisim.deck.yamlpos import DeckError
from omnisim.live.accounts import Trainer
from omnisim.live.sandbox import Trial
from omnisim.rehearsal.dryrun import GridRun
from omnisim.scenario import Scenario
from omnisim.scenario.coverage import columns, coverage, grid_warning
from omnisim.schema import capped
from omnisim.web.api.base import MAX_KEY, bearer_trainer, lang, read_body
from omnisim.web.keys import REHEARSALS, SANDBOXES
from omnisim.web.pages.assess import grids_of, open_trial, scenario_of
from omnisim.web.pages.base import link


@dataclass(frozen=True)
class DryRunRequest:
    grid: str = capped(MAX_KEY, "")  # a grid id; empty: every grid the deck prepares


@dataclass(frozen=True)
class TrialRequest:
    contact: str = capped(MAX_KEY, "")  # one contact of the deck; empty: the whole deck
    pace: float | None = None  # compression factor; empty: the deck's


async def _deck(request: web.Request) -> tuple[Trainer, Scenario | web.Response]:
    trainer = await bearer_trainer(request)
    try:
        return trainer, await scenario_of(request, trainer)
    except DeckError as exc:
        found = [dataclasses.asdict(p) for p in exc.problems]
        return trainer, web.json_response(
            {"error": {"field": "deck", "problems": found}}, status=422
        )


async def _body(request: web.Request, record: type) -> Any:
    """The JSON body, or the record's defaults when there is none."""
    return await read_body(request, record) if request.body_exists else record()


async def get_coverage(request: web.Request) -> web.Response:
    _, scenario = await _deck(request)
    if isinstance(scenario, web.Response):
        return scenario
    said = lang(request)
    deck = scenario.deck
    grids = []
    for grid in grids_of(scenario, request.query.get("grid", "")):
        found = coverage(scenario, grid)
        warning = grid_warning(scenario, grid, said)
        criteria = [
            {
                "id": c.criterion.id,
                "reference": c.criterion.reference,
                "label": grid.label_for(c.criterion, said),
                "status": c.status,
                "sentence": None if c.status == "covered" else c.sentence(grid, said).render(said),
                "missing": list(c.missing),
                "measures": {m: list(ids) for m, ids in c.by_measure.items()},
                "contacts": {cid: list(tags) for cid, tags in c.by_contact.items()},
            }
            for c in found.criteria
        ]
        grids.append(
            {
                "grid": grid.id,
                "version": grid.version,
                "title": grid.title_for(said),
                "prepared": found.prepared,
                "warning": warning.render(said) if warning else None,
                "assessable": found.assessable,
                "total": len(found.criteria),
                "criteria": criteria,
            }
        )
    contacts = [
        {"id": c.id, "at": None if c.extra else c.at, "channel": c.channel, "extra": c.extra}
        for c in columns(deck)
    ]
    return web.json_response(
        {"deck": request.match_info["deck"], "contacts": contacts, "grids": grids}
    )


def _grid_run(run: GridRun, said: str) -> dict[str, Any]:
    return {
        "grid": run.grid.id,
        "verdict": run.verdict,
        "summary": run.summary().render(said),
        "outcomes": {
            style: {
                "passed": o.passed,
                "met": o.met,
                "total": o.total,
                "reason": o.reason.render(said),
            }
            for style, o in run.outcomes.items()
        },
        "criteria": [
            {
                "id": c.criterion.id,
                "reference": c.criterion.reference,
                "careful": c.proposal("careful"),
                "careless": c.proposal("careless"),
                "separation": c.separation,
                "sentence": c.sentence(run.grid, said).render(said) or None,
            }
            for c in run.criteria
        ],
    }


async def post_dryrun(request: web.Request) -> web.Response:
    _, scenario = await _deck(request)
    if isinstance(scenario, web.Response):
        return scenario
    body = await _body(request, DryRunRequest)
    timed = await request.app[REHEARSALS].dry_run(scenario, grids_of(scenario, body.grid))
    said = lang(request)
    return web.json_response(
        {
            "deck": request.match_info["deck"],
            "seconds": round(timed.seconds, 3),
            "runs": [{"style": r.style, "events": r.events} for r in timed.run.runs],
            "grids": [_grid_run(g, said) for g in timed.run.grids],
        }
    )


async def post_try(request: web.Request) -> web.Response:
    trainer, scenario = await _deck(request)
    if isinstance(scenario, web.Response):
        return scenario
    body = await _body(request, TrialRequest)
    trial: Trial = await open_trial(
        request, trainer, scenario, body.contact, body.pace, lang(request)
    )
    return web.json_response(
        {
            "url": link(request, f"/candidate?token={trial.token}"),
            "contact": trial.contact or None,
            "time_factor": trial.exam.created.time_factor,
            "expires_in": round(trial.expires - request.app[SANDBOXES].clock()),
        },
        status=201,
    )
