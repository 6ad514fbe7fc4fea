"""Channel rules as a deck plays them: the bundled defaults, overridden by the deck."""

from __future__ import annotations

import dataclasses

from omnisim.channel_rules import ChannelRules, channel_rules
from omnisim.deck.model import Deck


def effective_rules(deck: Deck) -> dict[str, ChannelRules]:
    """``channel_overrides`` keys are checked when the deck is loaded (deck/loader.py)."""
    rules = dict(channel_rules())
    for channel, override in deck.channel_overrides.items():
        rules[channel] = dataclasses.replace(rules[channel], **override)  # type: ignore[arg-type]
    return rules
