"""Changes of a deck said in words: « Contact urgence : arrivée 0:25:00 → 0:20:00 ».

A trainer reads a version's history or a conflict with another trainer's save, not
a list of paths: every place is named by what it is (a contact and its id, a fact,
a field's label from the studio's catalog) and every value as a trainer writes it
(a time as a clock, a long text by its length). Pure: texts are catalog keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omnisim.deck.timeline import clock
from omnisim.events.library import DeckChange
from omnisim.i18n import Num, Text, catalog

# A list of items with ids, and what one of its items is called (studio.kind.<key>).
KINDS = frozenset(
    {
        "principals",
        "crm",
        "knowledge",
        "templates",
        "scripts",
        "contacts",
        "facts",
        "staff",
        "steps",
    }
)
_SHORT = 48  # characters of a text quoted whole; a longer one is said by its length
_CLOCKS = frozenset({"at"})


def field_label(parent: str, name: str, lang: str) -> str:
    """A field's label: its own for this kind of item when the catalog has one."""
    texts = catalog(lang)
    for key in (f"studio.f.{parent}.{name}", f"studio.f.{name}"):
        if key in texts:
            return texts[key]
    return name.replace("_", " ")


def _value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return Text("studio.yes" if value else "studio.no").render(lang)
    if name in _CLOCKS and isinstance(value, (int, float)):
        return clock(float(value))
    if isinstance(value, (int, float)):
        return str(Text("studio.w.value", value=Num(value)).render(lang))
    if isinstance(value, str):
        if len(value) <= _SHORT and "\n" not in value:
            return f"« {value} »" if lang == "fr" else f"“{value}”"
        return Text("studio.w.words", count=len(value.split())).render(lang)
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value) and sum(len(v) for v in value) <= _SHORT:
            return ", ".join(value) or "—"
        return Text("studio.w.items", count=len(value)).render(lang)
    return Text("studio.w.items", count=len(value) if isinstance(value, dict) else 1).render(lang)


def _place(path: Sequence[str], lang: str) -> tuple[str, str, str]:
    """The item a change is in (« Contact c03 › fait f1 »), the field it changes (« client ›
    humeur », "" for a whole item) and that field's own name."""
    items: list[str] = []
    fields: list[str] = []
    parent, name, index = "", "", 0
    if path and path[0] in ("settings", "briefing"):
        items.append(Text(f"studio.section.{path[0]}").render(lang))
        parent, index = path[0], 1
    while index < len(path):
        key = path[index]
        if key in KINDS and index + 1 < len(path):
            items += fields
            fields = []
            items.append(Text(f"studio.kind.{key}", id=path[index + 1]).render(lang))
            parent, name, index = key, "", index + 2
            continue
        fields.append(field_label(parent, key, lang))
        parent = name = key
        index += 1
    return " › ".join(items), " › ".join(fields), name


def describe(change: DeckChange, lang: str) -> str:
    """One change as a sentence in ``lang``."""
    path = change.path
    if change.op == "order":
        kind = path[-1] if path else ""
        return Text("studio.w.order", what=field_label("", kind, lang)).render(lang)
    item, field, name = _place(path, lang)
    where = (
        Text("studio.w.where", item=item, field=field).render(lang)
        if item and field
        else item or field
    )
    if change.op in ("add", "remove"):
        whole = not field  # an item (a contact, a fact) added or removed
        value = change.after if change.op == "add" else change.before
        key = f"studio.w.{'added' if change.op == 'add' else 'removed'}{'_item' if whole else ''}"
        return Text(key, where=where, value=_value(name, value, lang)).render(lang)
    before, after = _value(name, change.before, lang), _value(name, change.after, lang)
    if before == after:  # two long texts of the same length
        return Text("studio.w.edited", where=where).render(lang)
    key = "studio.w.set" if field else "studio.w.set_item"
    return Text(key, where=where, before=before, after=after).render(lang)


def describe_all(changes: Sequence[DeckChange], lang: str, limit: int = 40) -> list[str]:
    """Every change in words, the first ``limit`` of them and how many more."""
    lines = [describe(c, lang) for c in changes[:limit]]
    if len(changes) > limit:
        lines.append(Text("studio.w.more", count=len(changes) - limit).render(lang))
    return lines
