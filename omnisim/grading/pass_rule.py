"""A grid's pass rule applied to the final decisions, with the reasons the sheet prints.

Where the certification's text states a rule (CP FFP: 70 % of the criteria; CCS-RC: the
five competences) it decides; where it states none (MC ACVD), the grid's rule is only a
default, the sheet says so, and a rule set by the trainer (``pass_rule.set``) replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from omnisim.events import PassRuleSet
from omnisim.grading.grid import Grid, PassRule
from omnisim.i18n import Num, Text

RuleSource = Literal["text", "default", "trainer"]


@dataclass(frozen=True)
class CompetenceResult:
    id: str
    label: str
    met: int
    total: int
    acquired: bool | None  # None while one of its criteria is undecided


@dataclass(frozen=True)
class Outcome:
    """Whether the candidate passes, by which rule, and why (rendered on the sheet)."""

    passed: bool | None  # None while a criterion is undecided
    met: int
    total: int
    rule: PassRule
    source: RuleSource
    rule_text: Text  # the rule in words
    reason: Text  # why this outcome
    competences: tuple[CompetenceResult, ...]
    retake: tuple[str, ...]  # competence ids to sit again (CCS-RC: only the missing ones)


def effective_rule(grid: Grid, override: PassRuleSet | None) -> tuple[PassRule, RuleSource]:
    """The rule that decides: the text's; else the trainer's, else the grid's default."""
    if grid.pass_rule.stated:
        return grid.pass_rule, "text"
    if override is not None:
        return PassRule(override.kind, override.min, stated=False), "trainer"
    return grid.pass_rule, "default"


def rule_words(rule: PassRule) -> Text:
    if rule.kind == "share_of_criteria":
        return Text("passrule.share", share=Num(rule.min, style="percent"))
    return Text(f"passrule.{rule.kind}")


def evaluate(
    grid: Grid,
    decisions: Mapping[str, str | None],
    override: PassRuleSet | None = None,
    lang: str = "fr",
) -> Outcome:
    """Apply the deciding rule to ``decisions`` (criterion id -> acquis, non_acquis or None)."""
    rule, source = effective_rule(grid, override)
    total = len(grid.criteria)
    met = sum(1 for c in grid.criteria if decisions.get(c.id) == "acquis")
    undecided = sum(1 for c in grid.criteria if decisions.get(c.id) not in ("acquis", "non_acquis"))
    competences = []
    for comp in grid.competences:
        ids = [c.id for c in grid.criteria if c.competence == comp.id]
        if not ids:
            continue
        got = [decisions.get(i) for i in ids]
        acquired: bool | None
        if any(d == "non_acquis" for d in got):
            acquired = False
        elif all(d == "acquis" for d in got):
            acquired = True
        else:
            acquired = None
        label = grid.label_for(comp, lang)
        competences.append(
            CompetenceResult(comp.id, label, sum(d == "acquis" for d in got), len(ids), acquired)
        )
    missing = tuple(c.id for c in competences if c.acquired is False)
    passed: bool | None
    if rule.kind == "share_of_criteria":
        share = Num(rule.min, style="percent")
        reached = Num(met / total if total else 0.0, style="percent")
        needed = rule.min * total
        if met >= needed - 1e-9:
            passed = True
        elif met + undecided < needed - 1e-9:
            passed = False
        else:
            passed = None
        key = (
            "passrule.why.undecided"
            if passed is None
            else "passrule.why.share_met"
            if passed
            else "passrule.why.share_missed"
        )
        reason = Text(key, met=met, total=total, reached=reached, share=share, count=undecided)
        retake: tuple[str, ...] = ()
    elif rule.kind == "all_criteria":
        failed = tuple(
            c.reference or c.id for c in grid.criteria if decisions.get(c.id) == "non_acquis"
        )
        passed = False if failed else (None if undecided else True)
        if failed:
            reason = Text("passrule.why.criteria_failed", count=len(failed), items=failed)
        elif undecided:
            reason = Text("passrule.why.undecided", count=undecided)
        else:
            reason = Text("passrule.why.all_criteria", total=total)
        retake = missing
    else:
        passed = False if missing else (None if undecided else True)
        if missing:
            reason = Text("passrule.why.competences_failed", count=len(missing), items=missing)
        elif undecided:
            reason = Text("passrule.why.undecided", count=undecided)
        else:
            reason = Text("passrule.why.all_competences", total=len(competences))
        retake = missing
    return Outcome(
        passed, met, total, rule, source, rule_words(rule), reason, tuple(competences), retake
    )
