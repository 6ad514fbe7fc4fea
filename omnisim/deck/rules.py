"""Channel rules as a deck plays them: the bundled defaults, overridden by the deck."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from omnisim.deck.channel_rules import ChannelRules, channel_rules
from omnisim.deck.model import Deck


def apply_overrides(rules: Mapping[str, ChannelRules], deck: Deck) -> dict[str, ChannelRules]:
    """``channel_overrides`` keys are checked when the deck is loaded (deck/validate.py)."""
    applied = dict(rules)
    for channel, override in deck.channel_overrides.items():
        applied[channel] = dataclasses.replace(applied[channel], **override)  # type: ignore[arg-type]
    return applied


def effective_rules(deck: Deck) -> dict[str, ChannelRules]:
    """The bundled rules on disk with the deck's overrides (a Scenario freezes its own)."""
    return apply_overrides(channel_rules(), deck)
