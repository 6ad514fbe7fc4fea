"""What changed between two deck documents, and the same changes applied again.

A list whose items all carry a distinct ``id`` (contacts, principals, facts, staff…)
is compared item by item, by id: moving a contact in the list is an order change,
not 200 edits. Any other list (an agenda, a CRM history) is one value. Pure: the
library folds saves with :func:`apply`, the studio's conflict offers :func:`merge`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from omnisim.events.library import DeckChange

Path = tuple[str, ...]


class Mismatch(ValueError):
    """A change whose ``before`` is not what the document holds (another save came first)."""


def _entity_ids(value: Any) -> list[str] | None:
    """The ids of a list of distinct-id items, or None when it is not such a list."""
    if not isinstance(value, list):
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in value]
    if all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids):
        return ids  # type: ignore[return-value]
    return None


def diff(before: Any, after: Any, path: Path = ()) -> list[DeckChange]:
    """The changes turning ``before`` into ``after`` (none when they are equal)."""
    if before == after and type(before) is type(after):
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        found: list[DeckChange] = []
        for key, value in before.items():
            if key not in after:
                found.append(DeckChange("remove", (*path, key), before=value))
            else:
                found += diff(value, after[key], (*path, key))
        found += [
            DeckChange("add", (*path, k), after=v) for k, v in after.items() if k not in before
        ]
        return found
    old_ids, new_ids = _entity_ids(before), _entity_ids(after)
    if old_ids is not None and new_ids is not None:
        return _list_diff(before, after, old_ids, new_ids, path)
    return [DeckChange("set", path, before=before, after=after)]


def _list_diff(
    before: list[Any], after: list[Any], old_ids: list[str], new_ids: list[str], path: Path
) -> list[DeckChange]:
    old = dict(zip(old_ids, before, strict=True))
    new = dict(zip(new_ids, after, strict=True))
    found = [DeckChange("remove", (*path, i), before=old[i]) for i in old_ids if i not in new]
    for item_id in new_ids:
        if item_id in old:
            found += diff(old[item_id], new[item_id], (*path, item_id))
        else:
            found.append(DeckChange("add", (*path, item_id), after=new[item_id]))
    kept = [i for i in old_ids if i in new] + [i for i in new_ids if i not in old]
    if kept != new_ids:
        found.append(DeckChange("order", path, before=old_ids, after=new_ids))
    return found


def _child(node: Any, key: str) -> tuple[bool, Any]:
    if isinstance(node, dict):
        return key in node, node.get(key)
    ids = _entity_ids(node)
    if ids is not None and key in ids:
        return True, node[ids.index(key)]
    return False, None


def _at(doc: Any, path: Path) -> tuple[bool, Any]:
    node: Any = doc
    for key in path:
        found, node = _child(node, key)
        if not found:
            return False, None
    return True, node


def _replace(node: Any, path: Path, make: Any) -> Any:
    """``node`` with the value at ``path`` made by ``make(exists, old)`` (copies on the way)."""
    if not path:
        return make(True, node)
    key, rest = path[0], path[1:]
    if isinstance(node, dict):
        copy = dict(node)
        if rest:
            copy[key] = _replace(node[key], rest, make)
        else:
            value = make(key in node, node.get(key))
            if value is _GONE:
                copy.pop(key, None)
            else:
                copy[key] = value
        return copy
    ids = _entity_ids(node) or []
    items = list(node)
    if key in ids:
        index = ids.index(key)
        value = _replace(items[index], rest, make) if rest else make(True, items[index])
        if value is _GONE:
            del items[index]
        else:
            items[index] = value
    elif not rest:
        value = make(False, None)
        if value is not _GONE:
            items.append(value)
    return items


_GONE = object()


def _reorder(items: list[Any], order: Sequence[str]) -> list[Any]:
    ids = _entity_ids(items)
    if ids is None:
        return items
    rank = {item_id: n for n, item_id in enumerate(order)}
    return sorted(items, key=lambda item: rank.get(item["id"], len(rank)))


def apply(doc: Any, changes: Sequence[DeckChange], strict: bool = True) -> Any:
    """``doc`` with ``changes`` made; ``strict``: Mismatch when one finds other than it expects.

    Not strict (a merge the trainer chose): each change wins over what it finds, and a
    change whose place is gone (an item another trainer removed) is left out.
    """
    for change in changes:
        exists, current = _at(doc, change.path)
        parent_exists, _ = _at(doc, change.path[:-1])
        if strict and not (parent_exists and _expected(change, exists, current)):
            raise Mismatch("/".join(change.path))
        if not parent_exists:
            continue
        if change.op == "order":
            doc = _replace(doc, change.path, lambda _e, old, c=change: _reorder(old, c.after))
        elif change.op == "remove":
            doc = _replace(doc, change.path, lambda _e, _o: _GONE) if exists else doc
        else:
            doc = _replace(doc, change.path, lambda _e, _o, c=change: c.after)
    return doc


def _expected(change: DeckChange, exists: bool, current: Any) -> bool:
    if change.op == "add":
        return not exists
    if change.op == "order":
        return exists and _entity_ids(current) is not None
    return exists and current == change.before


def overlap(mine: Sequence[DeckChange], theirs: Sequence[DeckChange]) -> list[Path]:
    """My changes' paths that theirs changed too (the same field, inside it, or around it)."""

    def meet(a: DeckChange, b: DeckChange) -> bool:
        if "order" in (a.op, b.op):  # an order and an edit inside the list do not clash
            return a.op == b.op and a.path == b.path
        return a.path[: len(b.path)] == b.path or b.path[: len(a.path)] == a.path

    return [a.path for a in mine if any(meet(a, b) for b in theirs)]


def merge(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[Path]]:
    """Theirs with my changes since ``base`` made on top, and where both changed the same."""
    my_changes, their_changes = diff(base, mine), diff(base, theirs)
    return apply(theirs, my_changes, strict=False), overlap(my_changes, their_changes)
