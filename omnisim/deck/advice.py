"""What a deck check says without refusing: what only weakens or narrows grading (fmt18).

The loader refuses what makes a deck unplayable or ambiguous (a missing file, an unknown id, a
malformed value, a typo in a variable the desk fills: validate.py). What a trainer may mean
and the measures can read, if less sharply, is said as a warning: the deck loads and plays,
and ``omnisim deck check`` and the studio show why the grading may be weaker than hoped.
Round 18's three writers each bent a deck around a refusal of this kind; a held-out deck that
met one would not have loaded at all.
"""

from __future__ import annotations

from collections.abc import Iterator

from omnisim.deck.model import Contact, Deck
from omnisim.deck.parsed import Loaded
from omnisim.deck.shown_names import Shown
from omnisim.deck.variables import own_variable
from omnisim.deck.yamlpos import DeckProblem, located
from omnisim.i18n import Num, Text
from omnisim.language.substance import names


def _contact_warnings(deck: Deck, c: Contact) -> Iterator[tuple[str, Text]]:
    key = c.key
    if key.sla_minutes is not None and key.sla_minutes * 60 > deck.duration:
        session = Num(deck.duration / 60)
        yield (
            "key.sla_minutes",
            Text("deckwarn.sla_too_long", sla=Num(key.sla_minutes), session=session),
        )
    minutes = key.complaint_deadline_minutes
    if minutes is not None and minutes > 0 and minutes * 60 > deck.duration - c.at:
        left = Num((deck.duration - c.at) / 60)
        yield (
            "key.complaint_deadline_minutes",
            Text("deckwarn.deadline_after_end", deadline=Num(minutes), left=left),
        )
    written = {ch for ch in (*key.reply_channels, key.reply_channel_needed) if ch}
    if key.answer_points and c.channel == "phone" and not written - {"phone"} and not c.internal:
        yield "key.answer_points", Text("deckwarn.answer_points_on_call")
    lang = c.customer.language or deck.language
    asked = f"{c.subject}\n{c.opening}"
    for i, point in enumerate(key.answer_points):
        for j, wording in enumerate(point.accepts):
            if wording.strip() and names(wording, wording, lang) and names(asked, wording, lang):
                where = f"key.answer_points[{i}].accepts[{j}]"
                yield where, Text("deckwarn.answer_point_echo", wording=wording)


def _unjudged(deck: Deck) -> Iterator[tuple[str, str]]:
    """(template id, variable) of the template's own naming that no contact's key says
    anything of: the candidate fills it, letter_variables only sees it is filled."""
    for template in deck.templates:
        named = {
            name for c in deck.contacts if c.key.template == template.id for name in c.key.variables
        }
        for variable in template.variables:
            if own_variable(variable) and variable not in named:
                yield template.id, variable


def _ids_in_prose(loaded: Loaded, deck: Deck) -> list[DeckProblem]:
    """A deck id written in an instruction: the candidate reads it as the item's name
    (shown_names.py), and the author is told, as they may have meant another item."""
    if "principals" not in loaded.sections:
        return []
    shown = Shown(deck)
    return [
        loaded.locate(
            loaded.sections["principals"],
            f"[{i}].instructions[{j}].text",
            Text("deckwarn.id_in_prose", id=found, name=shown.names[found]),
        )
        for i, p in enumerate(deck.principals)
        for j, instruction in enumerate(p.instructions)
        for found in shown.ids_in(instruction.text)
    ]


def advise(loaded: Loaded) -> list[DeckProblem]:
    """The warnings of a parsed deck, located like its problems."""
    deck = loaded.deck
    if deck is None:
        return []
    found = [
        loaded.locate(loaded.contacts[c.id], path, text)
        for c in deck.contacts
        if c.id in loaded.contacts
        for path, text in _contact_warnings(deck, c)
    ]
    found += _ids_in_prose(loaded, deck)
    for template_id, variable in _unjudged(deck):
        relpath = f"templates/{template_id}.md"
        body = loaded.files.files.get(relpath, "")
        line = body[: body.find(variable)].count("\n") + 1
        text = Text("deckwarn.variable_unjudged", variable=variable)
        found.append(located(loaded.files.where(relpath), line, 1, "body", text))
    return found
