"""Who sits an exam: the roster's rules, and the link tokens that identify each person.

A link is a capability token ``<exam id>-<person id>.<secret>``: one exam, one
person, one role. The secret is derived from the store's key, the person and
the link's generation, so the trainer can print the links again at any time;
the exam's log keeps only its hash, so reading a log (an export, a jury) cannot
impersonate anyone. Revoking bumps the generation: the old link is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from omnisim.auth.tokens import make_token
from omnisim.exams.streams import attempt_stream
from omnisim.grading.grid import DEFAULT_JURY, Grid
from omnisim.i18n import Text
from omnisim.refusals import Declined
from omnisim.schema import SchemaError

MAX_CANDIDATES = 500
MAX_JURY = 10
MAX_NAME = 120
MAX_NUMBER = 40  # a candidate number, as the certifier writes it
MAX_TITLE = 200  # an exam's title (the form's field holds as many)


def link_token(key: bytes, exam_id: str, person_id: str, generation: int) -> str:
    """The person's link token: reproducible by the server, unguessable without its key."""
    scope = attempt_stream(exam_id, person_id)
    mac = hmac.new(key, f"omnisim.link.v1|{scope}|{generation}".encode(), hashlib.sha256)
    return make_token(scope, base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")[:32])


class ExamRefused(Declined):
    """A well-formed exam command that is not possible now (start twice, grade when locked…)."""


@dataclass(frozen=True)
class RosterEntry:
    name: str
    number: str = ""  # candidates: their candidate number
    evaluator: str = ""  # jury: "internal" or "external"


def check_roster(candidates: Sequence[RosterEntry], jury: Sequence[RosterEntry]) -> None:
    """Refuse a roster a jury could not sign: names, unique numbers, two evaluators at most…"""
    if not candidates:
        raise SchemaError("candidates", "err.roster_empty")
    if len(candidates) > MAX_CANDIDATES:
        raise SchemaError("candidates", "err.roster_too_many", limit=MAX_CANDIDATES)
    if len(jury) > MAX_JURY:
        raise SchemaError("jury", "err.jury_too_many", limit=MAX_JURY)
    numbers: set[str] = set()
    for kind, people in (("candidates", candidates), ("jury", jury)):
        for n, person in enumerate(people):
            where = f"{kind}[{n}]"
            if not person.name.strip():
                raise SchemaError(f"{where}.name", "err.name_required")
            if len(person.name) > MAX_NAME:
                raise SchemaError(f"{where}.name", "err.too_long", limit=MAX_NAME)
            if kind == "candidates":
                number = person.number.strip()
                if not number:
                    raise SchemaError(f"{where}.number", "err.number_required")
                if len(number) > MAX_NUMBER:
                    raise SchemaError(f"{where}.number", "err.too_long", limit=MAX_NUMBER)
                if number in numbers:
                    raise SchemaError(f"{where}.number", "err.number_twice", number=number)
                numbers.add(number)
            elif person.evaluator not in ("internal", "external"):
                raise SchemaError(f"{where}.evaluator", "err.evaluator")


def check_exam_jury(jury: Sequence[RosterEntry], grid: Grid | None) -> None:
    """An exam (not a training) is graded by the jury its référentiel asks (each grid says it:
    ``jury`` in grids/*.yaml); refused in words, naming the rule and what was given."""
    rule = grid.jury if grid is not None and grid.jury is not None else DEFAULT_JURY
    external = sum(1 for person in jury if person.evaluator == "external")
    too_many = bool(rule.max) and len(jury) > rule.max
    if len(jury) < rule.members or external < rule.external or too_many:
        raise SchemaError(
            "jury",
            "err.exam_jury",
            grid=grid.title if grid is not None else "",
            size=Text("jury.size.exact", n=rule.members)
            if rule.max == rule.members
            else Text("jury.size.range", min=rule.members, max=rule.max)
            if rule.max
            else Text("jury.size.at_least", n=rule.members),
            external=rule.external,
            given=len(jury),
            given_external=external,
            text=rule.text or DEFAULT_TEXT,
        )


DEFAULT_TEXT = Text("jury.rule.default")
