"""Hand-built logs for measure tests: say what happened, get real events."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from omnisim import events as ev
from omnisim.deck.channel_rules import channel_rules
from omnisim.deck.key import AnswerKey, CrmExpectation, Reactions, Trap
from omnisim.deck.model import Contact, CrmRecord, Customer, Deck, Principal, Slot, Staff
from omnisim.events import Event
from omnisim.measures.context import MeasureContext
from omnisim.projection.workspace import project


def contact(cid: str, channel: str = "chat", at: float = 0.0, **key: Any) -> Contact:
    mood = key.pop("mood", 0.0)
    return Contact(
        id=cid,
        at=at,
        channel=channel,  # type: ignore[arg-type]
        customer=Customer(name=key.pop("name", "Claire Dubois"), mood=mood),
        opening="Bonjour",
        principal="cabinet",
        reactions=Reactions(calmed_above=0.2),
        key=AnswerKey(**key),
    )


def deck(*contacts: Contact, crm: tuple[CrmRecord, ...] = ()) -> Deck:
    principal = Principal(
        id="cabinet",
        name="Cabinet Martin",
        sector="médecine",
        agenda=(
            Slot("2026-03-12T14:30", "2026-03-12T15:00", free=True),
            Slot("2026-03-12T15:00", "2026-03-12T15:30", free=False),
        ),
        staff=(Staff("superviseur", "Mme Roux", "superviseure"),),
        confidential=("06 11 22 33 44",),
    )
    return Deck(
        id="t",
        title="T",
        language="fr",
        duration_minutes=60,
        time_factor=8.0,
        seed=1,
        principals=(principal,),
        crm=crm,
        contacts=contacts,
    )


@dataclass
class Log:
    """Appends events with increasing seq; ``at`` is sim seconds."""

    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        created = ev.SessionCreated(deck_id="t", deck_title="T", seed=1, time_factor=8.0, lang="fr")
        self.events.append(Event("s", 1, 0.0, 0.0, "system", created))

    def add(self, at: float, actor: str, payload: Any) -> Event:
        event = Event("s", len(self.events) + 1, 0.0, at, actor, payload)  # type: ignore[arg-type]
        self.events.append(event)
        return event

    def offer(self, at: float, cid: str, channel: str = "chat") -> Event:
        return self.add(at, "system", ev.ContactOffered(cid, channel, "Client"))  # type: ignore[arg-type]

    def pick(self, at: float, cid: str) -> Event:
        return self.add(at, "candidate", ev.ContactPickedUp(cid))

    def say(self, at: float, cid: str, text: str, channel: str = "chat", **kw: Any) -> Event:
        return self.add(at, "candidate", ev.MessageSent(cid, channel, text, **kw))  # type: ignore[arg-type]

    def hear(
        self, at: float, cid: str, text: str, reason: str = "reply", channel: str = "chat"
    ) -> Event:
        return self.add(at, "customer", ev.MessageSent(cid, channel, text, reason=reason))  # type: ignore[arg-type]

    def context(self, the_deck: Deck, scripts: dict[str, Any] | None = None) -> MeasureContext:
        return MeasureContext(project(self.events), the_deck, channel_rules(), scripts or {})


__all__ = ["CrmExpectation", "CrmRecord", "Log", "Trap", "contact", "deck"]
