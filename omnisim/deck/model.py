"""What a validated deck holds. Times are sim seconds since the session started."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Channel = Literal["chat", "email", "sms", "phone", "complaint"]


@dataclass(frozen=True)
class Customer:
    name: str
    language: Literal["fr", "en"] = "fr"


@dataclass(frozen=True)
class Contact:
    """One inbound contact and how its customer talks.

    ``replies`` are the customer's lines, said in order, one after each candidate
    message, ``reply_delay`` sim seconds later.
    """

    id: str
    at: float
    channel: Channel
    customer: Customer
    opening: str
    subject: str = ""
    replies: tuple[str, ...] = ()
    reply_delay: float = 10.0


@dataclass(frozen=True)
class Deck:
    id: str
    title: str
    language: Literal["fr", "en"]
    duration_minutes: float
    time_factor: float
    seed: int
    contacts: tuple[Contact, ...] = field(default_factory=tuple)
    path: str = ""

    @property
    def duration(self) -> float:
        """Session length in sim seconds."""
        return self.duration_minutes * 60.0

    def contact(self, contact_id: str) -> Contact | None:
        return next((c for c in self.contacts if c.id == contact_id), None)
