"""What every measure reads: the folded log, the deck it was played from, the rules."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from omnisim.deck import Deck
from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.model import Contact
from omnisim.i18n import Text, is_key
from omnisim.language import analyse
from omnisim.language.markers import register
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.projection.workspace import ContactView, Line, SessionView


@lru_cache(maxsize=65536)
def text_analysis(text: str, lang: str, company: str | None) -> Any:
    """Candidate messages are analysed once per session, whatever number of measures read them."""
    return analyse(text, lang, company=company, speaker="agent")


class Played(Protocol):
    """What a session was played from: its deck, channel rules and diagnostic scripts
    (a frozen scenario, omnisim/scenario, is one)."""

    @property
    def deck(self) -> Deck: ...
    @property
    def rules(self) -> Mapping[str, ChannelRules]: ...
    @property
    def scripts(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class MeasureContext:
    view: SessionView
    deck: Deck
    rules: dict[str, ChannelRules]
    scripts: dict[str, Any]

    def active_seconds(self, sim_seconds: float) -> float:
        """Human-scale durations: sim time over compression (pauses add nothing)."""
        return round(sim_seconds / self.view.time_factor, 1)

    def contact(self, view: ContactView) -> Contact | None:
        return self.deck.contact(view.id)

    def lang_of(self, view: ContactView) -> str:
        """The customer's language: their own, else the deck's (an empty one means the deck's)."""
        contact = self.contact(view)
        return (contact.customer.language if contact else "") or self.deck.language

    def company_of(self, view: ContactView) -> str | None:
        contact = self.contact(view)
        principal = self.deck.principal(contact.principal) if contact else None
        return principal.name if principal else None

    def markers(self, view: ContactView, line: Line) -> tuple[str, ...]:
        """Expected formulas and register families of one line."""
        result = text_analysis(line.text, self.lang_of(view), self.company_of(view))
        return tuple(result.markers) + register(line.text, self.lang_of(view))

    def analysis(self, view: ContactView, line: Line) -> Any:
        return text_analysis(line.text, self.lang_of(view), self.company_of(view))

    def conversations(self) -> list[ContactView]:
        """Contacts the candidate actually talked in (picked up and wrote at least once)."""
        return [c for c in self.view.contacts.values() if c.handled and c.candidate_lines]


NOTHING = Text("detail.nothing")  # a measure's detail when no item could be judged


def channel_name(channel: str) -> Text | str:
    """A channel as named inside a note ("tchat", "e-mail"…)."""
    key = f"note.channel.{channel}"
    return Text(key) if is_key(key) else channel


def ev_of(line: Line, note: Text) -> Evidence:
    return Evidence(line.seq, line.sim, note)


def verdict(
    measure: str,
    items: dict[str, Any],
    failures: list[Evidence],
    successes: list[Evidence],
    threshold: Any = None,
    nothing: Text = NOTHING,
) -> MeasureResult:
    """The common shape: per-item values, pass when no failure, None when no item at all."""
    if not items:
        return MeasureResult(measure, items, threshold, None, (), nothing)
    evidence = tuple(sorted(failures + successes, key=lambda e: e.seq))
    return MeasureResult(measure, items, threshold, not failures, evidence)


MeasureFn = Callable[[MeasureContext], MeasureResult]
