"""What a person is told when something they asked is refused: the field, and why.

Two families, one way to say them. :class:`omnisim.schema.SchemaError` is malformed
input (a missing field, a wrong type, an unknown message); :class:`Declined` is a
well-formed request that the rules do not allow now (start an exam twice, pick up a
closed contact, grade a locked record). Both hold a catalog key and its parameters
(``web/i18n``), rendered in the reader's language; the edges (socket gateway, API,
pages) answer both the same way, naming the field.
"""

from __future__ import annotations

from typing import Any

from omnisim.i18n import is_key, message


class RefusalError(Exception):
    """A refusal told to a person: ``field`` is a dotted path, ``key`` a catalog key.

    The attribute ``reason`` holds the English text, for logs and for tests.
    """

    def __init__(self, field: str, reason: str, **params: Any) -> None:
        self.field = field
        self.key = reason if is_key(reason) else ""
        self.params = params
        self.reason = message("en", self.key, **params) if self.key else reason
        super().__init__(f"{field}: {self.reason}")

    def render(self, lang: str) -> str:
        """The reason in ``lang`` (fr or en)."""
        return message(lang, self.key, **self.params) if self.key else self.reason


class Declined(RefusalError):
    """Well formed, but not possible now: the family of the exam's, the engine's and the
    jury's business refusals (``ExamRefused``, ``ActionRefused``, a refusal relayed from
    an exam's owner)."""
