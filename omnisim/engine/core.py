"""The session engine's facade: no I/O and no clock reading.

The runtime gives it events to fold (``apply``), asks what is due at a sim time
(``due``, ``next_due``) and what a client's action produces (``act``); each is
delegated to its own module (fold, schedule, commands). Everything random is seeded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from omnisim.deck import Deck
from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.rules import effective_rules
from omnisim.engine.commands import ActionRefused, Commands
from omnisim.engine.dues import Dues
from omnisim.engine.fold import Fold, initial_state
from omnisim.engine.reaction import Reactions
from omnisim.events import Draft, Event

__all__ = ["ActionRefused", "Engine"]


class Engine:
    """One session's engine; its state is a fold of the log, so a restart re-applies it.

    ``rules`` are the channel rules the session plays (an exam passes those frozen in
    its snapshot); by default the bundled ones overridden by the deck.
    """

    def __init__(
        self,
        deck: Deck,
        seed: int | None = None,
        rules: Mapping[str, ChannelRules] | None = None,
    ) -> None:
        self.deck = deck
        self.seed = deck.seed if seed is None else seed
        self.rules = effective_rules(deck) if rules is None else rules
        self.state = initial_state(deck)
        reply_by = {ch: r.reply_by or ch for ch, r in self.rules.items()}
        reactions = Reactions(deck, self.seed)  # one turn per line, shared by both
        self._fold = Fold(deck, self.seed, reply_by, reactions)
        self._commands = Commands(deck, self.rules, reactions)
        self._dues = Dues(deck)  # each contact's next step, kept until the fold touches it

    def apply(self, event: Event) -> None:
        """Fold one logged event into ``state``."""
        self._fold.apply(self.state, event)
        self._dues.folded(event.payload)

    def next_due(self) -> float | None:
        """Sim time of the next thing the engine will do unprompted (schedule.next_due)."""
        return self._dues.next_due(self.state)

    def due(self, sim_now: float) -> list[Draft]:
        """What the simulation does by itself at or before ``sim_now`` (see schedule.due)."""
        return self._dues.due(self.state, sim_now)

    def act(self, actor: str, action: Any) -> list[Draft]:
        """The drafts a client's action produces; raises ActionRefused if not possible now."""
        return self._commands.act(self.state, actor, action)

    def stamp(self, stream: str, drafts: Sequence[Draft], wall: float) -> list[Event]:
        """The events ``drafts`` become at wall time ``wall``: numbered after the last one, at
        the sim time the clock reads then (a step scheduled earlier but folded late keeps its
        own), never before the last event. Not folded: the caller appends, then applies."""
        sim_now = self.state.clock.now(wall)
        last_sim = self.state.last_sim
        return [
            Event(
                stream,
                self.state.last_seq + n,
                wall,
                max(sim_now if draft.sim_time is None else draft.sim_time, last_sim),
                draft.actor,
                draft.payload,
                actor_id=draft.actor_id,
                action_id=draft.action_id,
            )
            for n, draft in enumerate(drafts, start=1)
        ]
