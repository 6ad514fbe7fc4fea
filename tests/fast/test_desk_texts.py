"""Every text key the desk's TypeScript asks for exists in French and in English."""

from __future__ import annotations

import re
from typing import get_args, get_type_hints

from omnisim.deck.model import DEFAULT_WRAP_UPS
from omnisim.events.attempt import AgentStatus
from omnisim.i18n import catalog
from tests.conftest import ROOT

SOURCES = sorted((ROOT / "web" / "src" / "workspace").glob("*.ts*"))
LITERAL = re.compile(r"""\bt\(\s*"([a-z_]+(?:\.[a-z_]+)+)"|"(desk\.[a-z_.]+)\"""")
TEMPLATE = re.compile(r"t\(`([a-z_.]+)\$\{")
DYNAMIC = {  # `prefix.${x}` keys: every value the code can give x
    "desk.session.": ("ready", "running", "paused", "ended"),
    "desk.link.": ("connecting", "online", "offline"),
    "desk.tool.": ("crm", "agenda", "message", "knowledge", "instructions", "report", "briefing"),
    "desk.hist.": ("order", "invoice", "appointment", "contact", "complaint", "note"),
    "desk.slot.": ("free", "busy", "booked", "absent"),
    "agent.": get_args(get_type_hints(AgentStatus)["status"]),
    "wrap_up.": DEFAULT_WRAP_UPS,
    "desk.clock.": ("real", "sim"),
    "desk.clock_title.": ("real", "sim"),
    "desk.due.": ("pickup", "reply"),
    "desk.identified.": ("linked", "created", "caller_id"),
    "status.": ("offered", "active", "held", "closed", "transferred"),
    "channel.": ("chat", "email", "sms", "phone", "complaint"),
    "escalation.": ("supervisor", "complaint"),
    "dossier.": ("incident", "handover", "last_name", "first_name", "phone", "email", "address"),
}


def test_the_desk_texts_exist_in_both_languages():
    keys: set[str] = set()
    prefixes: set[str] = set()
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        keys |= {a or b for a, b in LITERAL.findall(text)}
        prefixes |= set(TEMPLATE.findall(text))
    assert len(keys) > 50 and prefixes
    for prefix in prefixes:
        if prefix == "desk.op.":
            continue  # one per operation type: checked below
        assert prefix in DYNAMIC, f"a dynamic key {prefix}… the test does not know"
        keys |= {prefix + value for value in DYNAMIC[prefix]}
    from omnisim.events import OPERATION_TYPES

    keys |= {f"desk.op.{kind}" for kind in OPERATION_TYPES}
    for lang in ("fr", "en"):
        texts = catalog(lang)
        assert sorted(k for k in keys if k not in texts) == [], lang
