"""A careful candidate's letters: the deck template the key names, filled as the desk fills it."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence

from omnisim.deck import Deck
from omnisim.deck.key import Point
from omnisim.deck.model import Contact
from omnisim.language.lexicon import fold
from omnisim.language.markers import content_words
from omnisim.language.substance import references
from omnisim.measures.letters import RECORD_VARIABLES, values_of
from omnisim.measures.slots import accepted

_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def unfilled_removed(text: str) -> str:
    """The text with every ``{{ variable }}`` still in it taken out (left blank)."""
    return _VARIABLE.sub("", text)


def fill(body: str, values: Mapping[str, str]) -> str:
    """A template with each ``{{ variable }}`` replaced; an unknown one is left as it is."""
    return _VARIABLE.sub(lambda m: values.get(m.group(1), m.group(0)), body)


def template_values(deck: Deck, contact: Contact, agent: str) -> dict[str, str]:
    """What the desk fills a template with (web/src/workspace/active.ts ``templateValues``),
    from the deck alone: the customer's record, the agent, the request and its appointment."""
    record = values_of(deck, contact)
    values = {var: record.get(name, "") for var, name in RECORD_VARIABLES.items()}
    seed = deck.record_of(contact)
    refs = [h.ref for h in seed.history if h.ref] if seed else []
    if not refs and seed is not None:  # a member's or a contract's number, written in the notes
        refs = sorted(references(content_words(seed.notes, deck.language)))
    slot = next((x.slot for x in contact.key.crm if x.action == "appointment" and x.slot), "")
    day, _, hour = slot.partition("T")
    values.update(
        {
            "client.civilite": record.get("civilite", ""),
            "agent.nom": agent,
            "agent.name": agent,
            "objet": contact.subject,
            "subject": contact.subject,
            "reference": contact.customer.reference or (refs[-1] if refs else ""),
            "date": deck.today,
            "rdv.date": day,
            "rdv.heure": hour,
        }
    )
    return {name: value for name, value in values.items() if value}


def checked_values(deck: Deck, contact: Contact, agent: str) -> dict[str, str]:
    """What a careful candidate sends: the desk's values, each slot the key names corrected
    to the value it expects (MC ACVD C3.3 « Les variables correctes »)."""
    keyed = {
        v: accepted(contact.key, v)[0] for v in contact.key.variables if accepted(contact.key, v)
    }
    return template_values(deck, contact, agent) | keyed


def own_filled(text: str, points: Sequence[Point], answer: str, today: str) -> str:
    """The letter's own variables that neither the desk nor the key fills (« {{ reponse }} »,
    « {{ conseiller }} »: decks/README.md, the candidate fills them), filled as a careful writer
    does: one standing alone as a paragraph takes ``answer`` (the key's points, said); one in a
    sentence, the first wording of the point whose label names it (« conseiller » : « Mme
    Roux, conseillère »), a date the day's; else it is left out rather than sent unfilled."""
    paragraphs = []
    for part in text.split("\n\n"):
        alone = _VARIABLE.fullmatch(part.strip())
        paragraphs.append(answer if alone and answer else part)
    return _VARIABLE.sub(lambda m: _named(m.group(1), points, today), "\n\n".join(paragraphs))


def _named(variable: str, points: Sequence[Point], today: str) -> str:
    """The point whose label has the word nearest the variable's name (the longest common
    start, five letters at least: « conseiller » is « conseillère », not « conseillé »), the
    shortest such label (the point most about it)."""
    name = fold(variable.split(".")[-1])
    scored = [
        (max(len(os.path.commonprefix([name, w])) for w in fold(p.label).split()), p)
        for p in points
        if p.label.split()
    ]
    near = [(-n, len(p.label.split()), i, p) for i, (n, p) in enumerate(scored) if n >= 5]
    if near:
        return next((a for a in min(near)[3].accepts if a.strip()), "")
    return today if name.startswith("date") else ""


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def recaps_written(text: str, recaps: Sequence[str]) -> str:
    """An e-mail's booking recaps (« Rendez-vous confirmé le … ») in its body, before its
    courtesy paragraphs, rather than sent as mails of their own (a bare line is an e-mail
    without salutation or signature: CQP C.1.13, RNCP C12, CP FFP C2); one whose day the
    letter already gives (a template's {{ rdv.date }}) is not said twice."""
    said = [r for r in recaps if not any(d in text for d in _DAY.findall(r))]
    if not said:
        return text
    parts = text.split("\n\n")
    parts.insert(min(2, max(len(parts) - 2, 1)), " ".join(said))
    return "\n\n".join(parts)
