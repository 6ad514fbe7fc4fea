"""A script step the customer's answer made moot, asked all the same.

CP FFP C1 « laisse le client s'exprimer (écoute active) », C3 « déroule le script de
questionnement et l'adapte en fonction des réponses formulées par l'appelant »; CQP C.1.5
« écouter la demande du correspondant ». A deck's script branches on an answer (« estimé » →
the meter reading, past the new-appliance question); the candidate who has heard that answer
and still asks the step it passes by follows a list instead of listening. Only a branch the
deck writes is read: without one, no step is moot.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from omnisim.deck.model import Contact
from omnisim.language.match import normalise
from omnisim.language.substance import carries, root
from omnisim.measures.asking import asks
from omnisim.projection.workspace import ContactView, Line


def _stems(text: str) -> list[str]:
    return [root(w) for w in re.findall(r"\w+", normalise(text))]


def says(text: str, word: str) -> bool:
    """``word`` (a keyword or a phrase) stands in ``text``, case, accents and plural or
    feminine endings aside (« estimé » in « elle était estimée »)."""
    wanted, have = _stems(word), _stems(text)
    n = len(wanted)
    return n > 0 and any(have[i : i + n] == wanted for i in range(len(have) - n + 1))


def _questions(line: Line) -> list[Line]:
    """The line's questions, one a sentence: « Pas besoin de vous demander si vous avez un
    nouvel appareil. » names the step to leave it, it does not ask it."""
    parts = re.findall(r"[^.!?…]+[.!?…]*", line.text)
    return [replace(line, text=p.strip()) for p in parts if p.strip().endswith("?")]


def _answer(c: ContactView, contact: Contact, fact_id: str, lang: str) -> Line | None:
    """The customer's line that gave ``fact_id``: the answer the engine marks, or its words."""
    fact = next((f for f in contact.facts if f.id == fact_id), None)
    for ln in c.lines:
        if ln.actor == "candidate":
            continue
        if ln.reason == f"fact:{fact_id}" or (
            fact is not None and fact.answer and carries(ln.text, fact.answer, lang)
        ):
            return ln
    return None


def _taken(c: ContactView, contact: Contact, step: Any, when: str, lang: str) -> Line | None:
    """The line by which the customer took the branch: their answer to the step saying the
    ``when`` word, or the fact ``when`` names, given (Branch: « a fact id or a keyword »)."""
    if any(f.id == when for f in contact.facts):
        return _answer(c, contact, when, lang)
    answer = _answer(c, contact, step.obtains or step.id, lang)
    return answer if answer is not None and says(answer.text, when) else None


def moot_asked(c: ContactView, contact: Contact, script: Any, lang: str) -> tuple[str, Line] | None:
    """The first step the customer's answer sent the script past, asked after that answer:
    (the step's id, the candidate's line asking it); None when the script was followed."""
    ids = [s.id for s in script.steps]
    for i, step in enumerate(script.steps):
        for branch in step.branches:
            if branch.goto not in ids or ids.index(branch.goto) <= i + 1:
                continue  # a jump back or to the next step passes nothing by
            heard = _taken(c, contact, step, branch.when, lang)
            if heard is None:
                continue
            for passed in script.steps[i + 1 : ids.index(branch.goto)]:
                # Asked by its words or the candidate's own, not by a word of the answer the
                # deck writes for it (« rien de nouveau »): that answer was never due.
                others = [f for f in contact.facts if f.id != (passed.obtains or passed.id)]
                phrases = tuple(passed.ask) or (passed.question,)
                for ln in c.candidate_lines:
                    if ln.seq > heard.seq and any(
                        asks(q, phrases, None, lang, others) for q in _questions(ln)
                    ):
                        return passed.id, ln
    return None
