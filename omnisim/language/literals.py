"""What every match of a regular expression must contain, read off its parse tree: the
literal strings the phrase families' automaton (alternation.py) looks for.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

_REPEATS = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")

Needs = frozenset[str] | None  # strings one of which every match contains; None: unknown
Requires = tuple[frozenset[str], ...] | None  # sets every one of which a match needs one of
SELECTIVE = 3  # the shortest string of a set required beside the best one
REQUIRED = 4  # at most so many sets per alternative (each costs the scan a posting)


def required_literals(pattern: str) -> Needs:
    """Strings one of which occurs in every match of ``pattern``, the most selective such
    set that can be read off its structure; None when none can be."""
    return literals_of(parsed(pattern))


def parsed(pattern: str) -> Any:
    """``pattern``'s parse tree (read once for its width and its literals), or None."""
    try:
        return _parser.parse(pattern)
    except (re.error, RecursionError):
        return None


def literals_of(tree: Any) -> Needs:
    if tree is None or tree.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    found = _needs(list(tree))
    return frozenset(found) if found and all(found) else None


def requires_of(tree: Any, best: Needs) -> Requires:
    """The sets of strings *every one* of which a match needs one of: ``best`` first, then
    the other selective ones (« vous » and « pas » and « temps »), so that a text with one
    common word of an alternative does not run it."""
    if best is None:
        return None
    others = {
        frozenset(option)
        for option in _options(list(tree))
        if all(option) and min(map(len, option)) >= SELECTIVE and option != best
    }
    ranked = sorted(others, key=lambda o: (_selectivity(set(o)), sorted(o)), reverse=True)
    return (best, *ranked[: REQUIRED - 1])


def _needs(items: list[tuple[Any, Any]]) -> set[str] | None:
    """For a sequence: the best set any of its parts requires (a literal run, a group…)."""
    # The most selective: its shortest string longest, then the fewest strings.
    return max(_options(items), key=_selectivity, default=None)


def _selectivity(option: set[str]) -> tuple[int, int]:
    return (min(map(len, option)), -len(option))


def _options(items: list[tuple[Any, Any]]) -> list[set[str]]:
    """For a sequence: every set of strings one of which each match contains (a literal run,
    a branch…), in order; a group or a repeat taken at least once adds its own."""
    options: list[set[str]] = []
    run = ""
    for op, av in items:
        if op == _c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append({run})
            run = ""
        options += _item_options(op, av)
    if run:
        options.append({run})
    return options


def _item_options(op: Any, av: Any) -> list[set[str]]:
    if op == _c.SUBPATTERN:
        _group, add_flags, del_flags, inner = av
        return [] if add_flags or del_flags else _options(list(inner))
    if op == _c.BRANCH:
        found: set[str] = set()
        for branch in av[1]:
            part = _needs(list(branch))
            if not part:
                return []
            found |= part
        return [found]
    if str(op) in _REPEATS:
        low, _high, inner = av
        return _options(list(inner)) if low >= 1 else []
    if str(op) == "ATOMIC_GROUP":
        return _options(list(av))
    return []  # a class, any character, an assertion: no literal of the match
