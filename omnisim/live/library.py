"""Decks trainers upload (zip files), kept as texts in the ``library`` stream of the log.

A zip is read in memory only (omnisim/deck/files.py): nothing from it is ever
written to disk, so no member path can escape anywhere. An upload is stored only
once the whole deck validates; otherwise its located problems go back to the page.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from omnisim import events as ev
from omnisim.deck.files import DeckFiles, read_zip
from omnisim.deck.yamlpos import DeckError, DeckProblem
from omnisim.events import Draft
from omnisim.paths import data_dir
from omnisim.scenario import (
    Scenario,
    build_snapshot,
    bundled_data,
    check_snapshot,
    deck_hash,
    load_scenario,
)
from omnisim.scenario.catalog import bundled_decks
from omnisim.schema import SchemaError
from omnisim.store import ConflictError, EventStore

STREAM = "library"


@dataclass(frozen=True)
class Uploaded:
    deck_id: str
    trainer_id: str
    title: str
    content_hash: str
    files: DeckFiles


def scenario_of(files: DeckFiles) -> tuple[Scenario | None, list[DeckProblem]]:
    """A deck's texts played with today's bundled data (reads disk: call in a thread)."""
    return check_snapshot(build_snapshot(files, bundled_data()))


MAX_PROBLEMS = 200  # listed back to the trainer; beyond, counted


def check_upload(
    data: bytes, name: str
) -> tuple[Scenario | None, DeckFiles | None, list[DeckProblem]]:
    """Read and validate a zip against today's bundled data (CPU and disk: call in a thread)."""
    files, problems = read_zip(data, name)
    if files is None or problems:
        return None, files, _listed(problems, name)
    scenario, problems = scenario_of(files)
    return scenario, files, _listed(problems, name)


def _listed(problems: list[DeckProblem], name: str) -> list[DeckProblem]:
    """The first :data:`MAX_PROBLEMS`, and how many more: a page of 50,000 helps nobody."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    more = len(problems) - MAX_PROBLEMS
    return [*problems[:MAX_PROBLEMS], DeckProblem(name, 1, 1, "", f"… and {more} more problems")]


class Library:
    def __init__(self, store: EventStore, wall: Callable[[], float] = time.time) -> None:
        self.store = store
        self.wall = wall
        self.decks: dict[str, Uploaded] = {}
        self.last_seq = 0
        self.lock = asyncio.Lock()

    async def refresh(self) -> None:
        for event in await self.store.read(STREAM, self.last_seq):
            self.last_seq = event.seq
            p = event.payload
            if isinstance(p, ev.DeckUploaded):
                files = DeckFiles(p.title, dict(p.files))
                self.decks[p.deck_id] = Uploaded(
                    p.deck_id, p.trainer_id, p.title, p.content_hash, files
                )

    async def upload(
        self, trainer_id: str, data: bytes, name: str
    ) -> tuple[Uploaded | None, list[DeckProblem]]:
        scenario, files, problems = await asyncio.to_thread(check_upload, data, name)
        if scenario is None or files is None or problems:
            return None, problems
        deck_id = "up" + secrets.token_hex(4)
        uploaded = ev.DeckUploaded(
            deck_id, trainer_id, scenario.deck.title, deck_hash(files), dict(files.files)
        )
        async with self.lock:
            await self.refresh()
            try:
                await self.store.append_drafts(
                    STREAM,
                    [Draft("trainer", uploaded, None, trainer_id)],
                    lambda: self.last_seq,
                    self.refresh,
                    self.wall(),
                )
            except ConflictError:
                return None, [DeckProblem(name, 1, 1, "", "the library is busy, try again")]
            await self.refresh()
            return self.decks[deck_id], []

    async def of_trainer(self, trainer_id: str) -> list[Uploaded]:
        await self.refresh()
        return [d for d in self.decks.values() if d.trainer_id == trainer_id]

    async def get(self, trainer_id: str, deck_id: str) -> Uploaded | None:
        await self.refresh()
        deck = self.decks.get(deck_id)
        return deck if deck is not None and deck.trainer_id == trainer_id else None

    async def scenario_for(self, trainer_id: str, choice: str) -> Scenario:
        """The scenario a deck choice names: ``bundled:<name>`` or ``upload:<deck id>``.

        DeckError when an uploaded deck no longer validates against today's bundled data;
        a refusal naming ``deck`` when the choice names no deck this trainer may use.
        """
        kind, _, name = choice.partition(":")
        if kind == "bundled" and name in bundled_decks():
            return await asyncio.to_thread(load_scenario, data_dir("decks") / name)
        if kind == "upload":
            uploaded = await self.get(trainer_id, name)
            if uploaded is not None:
                scenario, problems = await asyncio.to_thread(scenario_of, uploaded.files)
                if scenario is None:
                    raise DeckError(problems)
                return scenario
        raise SchemaError("deck", "err.unknown_deck", deck=choice)
