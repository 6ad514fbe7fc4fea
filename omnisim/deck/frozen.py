"""A dict that cannot change after it is built: what an exam freezes must stay frozen.

It stays a ``dict`` so ``json.dumps`` writes it as is, and it is hashable when
its values are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NoReturn, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    def _refuse(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a frozen mapping cannot be changed")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        """Copies and pickles rebuild it whole instead of item by item."""
        return (type(self), (dict(self),))


def freeze(value: Any) -> Any:
    """Mappings (nested ones too) as FrozenDicts, lists as tuples; other values unchanged."""
    if isinstance(value, Mapping):
        return FrozenDict({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value
