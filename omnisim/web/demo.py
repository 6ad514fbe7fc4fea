"""``omnisim serve --deck``: a training exam opened at start-up, with its links printed.

The exam belongs to the first trainer account, if any (``omnisim trainer add``):
there is no default account. One candidate and two jury members (internal and
external), as a certification session has.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web

from omnisim.exams.roster import RosterEntry
from omnisim.i18n import message
from omnisim.scenario import load_scenario
from omnisim.web.keys import ACCOUNTS, EXAMS, SETTINGS

DEMO_CANDIDATE = RosterEntry("Candidat démo", number="0001")
DEMO_JURY = (
    RosterEntry("Jury interne", evaluator="internal"),
    RosterEntry("Jury externe", evaluator="external"),
)


async def open_demo_exam(app: web.Application, deck_path: Path, lang: str) -> list[str]:
    """Create the exam and return the lines to print (candidate, trainer, jury links)."""
    scenario = await asyncio.to_thread(load_scenario, deck_path)
    accounts = await app[ACCOUNTS].refresh()
    owners = list(accounts.trainers.values())
    owner = owners[0].id if owners else ""
    exam, tokens = await app[EXAMS].create(
        owner, scenario, [DEMO_CANDIDATE], list(DEMO_JURY), mode="training"
    )
    base = app[SETTINGS].base_url
    lines = [
        message(lang, "cli.demo_exam", deck=str(deck_path)),
        f"  {message(lang, 'role.candidate')} : {base}/candidate?token={tokens['c1']}",
        f"  {message(lang, 'role.trainer')} : {base}/exams/{exam.exam_id}",
        f"  {message(lang, 'role.jury')} : {base}/jury?token={tokens['j1']}",
        f"  {message(lang, 'role.jury')} (2) : {base}/jury?token={tokens['j2']}",
    ]
    if not owner:
        lines.append(message(lang, "cli.demo_no_trainer"))
    return lines
