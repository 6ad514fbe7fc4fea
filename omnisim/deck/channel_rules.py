"""Channel rules are data (``channels/*.yaml``); this reads them once.

A deck may override a rule for its own contacts; the defaults come from the
reference texts (e.g. CQP C.1.2 "décroché en moins de 15 secondes"). A rule's
``label`` is French; its English is in ``web/i18n/en.data.yaml`` (:meth:`ChannelRules.label_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

import yaml

from omnisim.i18n import data_text, without_legacy_english
from omnisim.paths import data_dir
from omnisim.schema import build


@dataclass(frozen=True)
class ChannelRules:
    channel: Literal["chat", "email", "sms", "phone", "complaint"]
    label: str
    pickup_seconds: float | None = None
    max_words_per_send: int | None = None
    sms_language_allowed: bool = True
    max_lines_on_hold: int | None = None
    max_hold_seconds: float | None = None
    hold_announcement_required: bool = False
    max_characters: int | None = None
    reply_deadline_minutes: float | None = None
    reply_by: Literal["chat", "email", "sms", "phone"] | None = None  # default reply medium

    def label_for(self, lang: str) -> str:
        """The channel's label in ``lang``: the data's French, or its English from the catalog."""
        return data_text(lang, self.text_key(), self.label)

    def text_key(self) -> str:
        """The catalog key of the label's English."""
        return f"channel_rule.{self.channel}"


def parse_channel_rules(text: str, name: str) -> ChannelRules:
    """One channel's rules from its YAML text; ``name`` (its file name) prefixes errors."""
    # Rules frozen by older exams still carry label_en: ignored, not refused.
    return build(ChannelRules, without_legacy_english(yaml.safe_load(text)), name)


@cache
def channel_rules() -> dict[str, ChannelRules]:
    """The bundled rules by channel."""
    rules: dict[str, ChannelRules] = {}
    for path in sorted(data_dir("channels").glob("*.yaml")):
        rule = parse_channel_rules(path.read_text(encoding="utf-8"), path.name)
        rules[rule.channel] = rule
    return rules
