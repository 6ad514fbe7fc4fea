r"""A phrase pattern that opens on assertions (``\b``, a look-behind) compiled to open on its
first literal instead, with the same matches.

``re`` searches a pattern that opens on a literal string, or on one of a few characters, by
skipping along the text to them (its prefix or first-character scan); one that opens on an
assertion is tried at every position of the text. Most family patterns open on ``\b`` or a
look-behind (``\b(?:le|la|votre) …``, ``(?<!\bne )\bsera``): an e-mail of 1,000 characters
cost some 15 µs per such alternative searched, against 1 µs once it opens on its literal.

An assertion before a literal run moves behind the run, as a look-behind that ends with it:
``\bword`` (``word`` opening on a word character) is ``word(?<!\wword)``, and ``(?<!L)word``
is ``word(?<!Lword)``; before a group or a branch, they go into it, into every branch. Each
step keeps every match and every group's span (an assertion is zero-width, and tested at the
same position of the same text). A pattern this reading cannot open on a literal (a class, a
repeat, ``^`` first) is compiled as written.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

_parser: Any = importlib.import_module("re._parser")
_compiler: Any = importlib.import_module("re._compiler")
_c: Any = importlib.import_module("re._constants")

_WORD_BEHIND = _parser.parse(r"(?<!\w)")[0][1][1]  # the \w of a look-behind, as parsed
Items = list[tuple[Any, Any]]


def searchable(item: str, tree: Any) -> re.Pattern[str]:
    """``item`` compiled to open on its literal when it opens on assertions (``tree`` its
    parse tree, literals.parsed), else as written."""
    if tree is None or tree.state.flags & ~re.UNICODE:
        return re.compile(item)
    opened = _opened([], list(tree.data), tree.state)
    if opened is None:
        return _compiled(item, tree)
    try:
        compiled: re.Pattern[str] = _compiler.compile(_parser.SubPattern(tree.state, opened), 0)
    except (re.error, RecursionError, TypeError, ValueError):  # pragma: no cover - a guard
        return re.compile(item)
    return compiled


def _compiled(item: str, tree: Any) -> re.Pattern[str]:
    """``item`` compiled from the tree already parsed (re.compile would parse it again: a
    third of a worker's start-up went to parsing the families' patterns, each twice)."""
    try:
        compiled: re.Pattern[str] = _compiler.compile(tree, 0)
    except (re.error, RecursionError, TypeError, ValueError):  # pragma: no cover - a guard
        return re.compile(item)
    return compiled


def opened(item: str) -> re.Pattern[str] | None:
    """``item`` rewritten to open on its literal, or None when it is not (for the tests)."""
    tree = _parser.parse(item)
    found = _opened([], list(tree.data), tree.state)
    return None if found is None else _compiler.compile(_parser.SubPattern(tree.state, found), 0)


def _opened(pending: Items, items: Items, state: Any) -> Items | None:
    """``pending`` assertions then ``items``, opening on a literal run; None when they do not
    (or no assertion had to move: nothing to gain)."""
    i = 0
    while i < len(items):  # the assertions the sequence opens on
        op, av = items[i]
        if not _movable(op, av):
            break
        pending = [*pending, (op, av)]
        i += 1
    rest = items[i:]
    if not rest:
        return None
    op, av = rest[0]
    if op is _c.LITERAL:
        if not pending:
            return None
        run = 0
        while run < len(rest) and rest[run][0] is _c.LITERAL:
            run += 1
        literals = rest[:run]
        behind = []
        for assertion in pending:
            moved = _behind(assertion, literals, state)
            if moved is None:
                return None
            behind.append(moved)
        return [*literals, *behind, *rest[run:]]
    if op is _c.SUBPATTERN:
        group, add_flags, del_flags, inner = av
        if add_flags or del_flags:
            return None
        inside = _opened(pending, list(inner.data), state)
        if inside is None:
            return None
        return [(op, (group, add_flags, del_flags, _parser.SubPattern(state, inside))), *rest[1:]]
    if op is _c.BRANCH:
        branches = []
        for branch in av[1]:
            data = list(branch.data)
            inside = _opened(pending, data, state)
            if inside is None:
                if pending or not data or data[0][0] is not _c.LITERAL:
                    return None
                inside = data  # a branch opening on its literal already
            branches.append(_parser.SubPattern(state, inside))
        return [(op, (av[0], branches)), *rest[1:]]
    return None


def _movable(op: Any, av: Any) -> bool:
    """``\b``, or a look-behind with no group (copied into every branch it goes into)."""
    if op is _c.AT:
        return av is _c.AT_BOUNDARY
    return op in (_c.ASSERT, _c.ASSERT_NOT) and av[0] == -1 and not _has_group(av[1].data)


def _behind(assertion: tuple[Any, Any], literals: Items, state: Any) -> tuple[Any, Any] | None:
    """``assertion``, tested before ``literals``, as a look-behind tested after them."""
    op, av = assertion
    if op is _c.AT:  # \b before a word character: no word character before it
        first = chr(literals[0][1])
        if not (first.isalnum() or first == "_"):
            return None
        return (_c.ASSERT_NOT, (-1, _parser.SubPattern(state, [*_WORD_BEHIND, *literals])))
    direction, inner = av
    return (op, (direction, _parser.SubPattern(state, [*inner.data, *literals])))


def _has_group(items: Items) -> bool:
    """A group or a reference to one inside: not copied into several branches."""
    for op, av in items:
        if op in (_c.SUBPATTERN, _c.GROUPREF, _c.GROUPREF_EXISTS):
            return True
        if any(_has_group(list(sub.data)) for sub in _subpatterns(av)):
            return True
    return False


def _subpatterns(av: Any) -> list[Any]:
    if isinstance(av, _parser.SubPattern):
        return [av]
    if isinstance(av, (tuple, list)):
        return [s for x in av for s in _subpatterns(x)]
    return []
