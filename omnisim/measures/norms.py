"""The company's norms of address, where the deck states them: MC ACVD C1.1 « Se présenter et
présenter la société », « La présentation, les salutations, l'accueil et la prise de congé sont
corrects, conformes aux procédures en vigueur dans l'entreprise ».

The référentiel asks the company's procedures; only the deck says what they are. Where its
briefing or a principal's instruction asks the candidate to present themselves on the phone or
the chat (« présentez l'entreprise et vous-même »), the company's name alone follows half of
it; where it gives the e-mail's formula of address with the customer's civility (« Bonjour
Madame … », « d'après la civilité de la fiche »), « Bonjour, » alone does not follow it. A norm
that names no channel (« présentez-vous » for every contact) is too vague to read here.
Both are habits over the conversations (habit.py): a slip is not a habit.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from omnisim.deck.model import Deck
from omnisim.i18n import Text
from omnisim.language.civility import kind_of
from omnisim.language.lexicon import fold
from omnisim.language.markers import word_list
from omnisim.measures.context import MeasureContext, ev_of
from omnisim.measures.conversation import names_self
from omnisim.measures.exchange import internal
from omnisim.measures.habit import habit
from omnisim.measures.result import Evidence, MeasureResult
from omnisim.measures.writing import LETTERS, replies
from omnisim.projection.workspace import ContactView, Line

OPENING_LINES = 2  # the presentation is in the first two things the candidate says
LIVE = ("phone", "chat")  # the conversations a candidate opens by voice or live text
NAMED_AT_LEAST = 1  # agent_named: live conversations where the candidate names themself
# A clause of the norms: sentences, « ; », and the items of a bulleted list.
_CLAUSE = re.compile(r"[.;!?]|\n(?=\s*(?:[-*•]|\n))")
_WORD = re.compile(r"[\w'-]+")


def _clauses(deck: Deck) -> list[str]:
    texts = [deck.briefing, *(i.text for p in deck.principals for i in p.instructions)]
    return [fold(clause) for text in texts for clause in _CLAUSE.split(text) if clause.strip()]


def _says(clause: str, lang: str, name: str) -> bool:
    return any(
        re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", clause) for p in word_list(lang, name)
    )


def self_norm_channels(deck: Deck) -> frozenset[str]:
    """The live channels on which the company's norm asks the agent to present themselves."""
    lang = deck.language
    out: set[str] = set()
    for clause in _clauses(deck):
        if _says(clause, lang, "norm_self_presentation"):
            if _says(clause, lang, "norm_phone_words"):
                out.add("phone")
            if _says(clause, lang, "norm_chat_words"):
                out.add("chat")
    return frozenset(out)


def civility_norm(deck: Deck) -> bool:
    """The company's norm gives an e-mail's formula of address with the customer's civility."""
    lang = deck.language
    return any(
        _says(clause, lang, "norm_email_words")
        and (
            _says(clause, lang, "norm_civility_words")
            or any(kind_of(w) for w in _WORD.findall(clause))
        )
        for clause in _clauses(deck)
    )


def _personal(ctx: MeasureContext, c: ContactView, line: Line) -> bool:
    """The line names the agent: their first name, or a formula of their own (« votre
    conseillère », « je m'appelle »), not the company or a department."""
    if names_self(ctx, c, line):
        return True
    said = fold(line.text)
    return _says(said, ctx.lang_of(c), "personal_presentation")


def self_introduced(ctx: MeasureContext) -> MeasureResult:
    """Where the norm asks it, each call or chat on its channels opens on the agent's name as
    well as the company's; an internal contact knows who answers (principal.py)."""
    channels = self_norm_channels(ctx.deck)
    if not channels:
        return MeasureResult(
            "self_introduced", {}, None, None, (), Text("detail.no_self_introduction_norm")
        )
    items, bad, good = _introductions(ctx, channels, "note.self_not_introduced")
    return habit("self_introduced", items, bad, good)


def _introductions(
    ctx: MeasureContext, channels: Collection[str], missing: str
) -> tuple[dict[str, bool], list[Evidence], list[Evidence]]:
    """Per live conversation on ``channels`` (internal ones aside): whether the candidate's
    opening lines name them, with the line that does, or the first with ``missing``."""
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.conversations():
        if c.channel not in channels or internal(ctx, c) or not c.candidate_lines:
            continue
        hit = next((ln for ln in c.candidate_lines[:OPENING_LINES] if _personal(ctx, c, ln)), None)
        items[c.id] = hit is not None
        if hit is not None:
            good.append(ev_of(hit, Text("note.self_introduced", contact=c.id, text=hit.text[:80])))
        else:
            bad.append(ev_of(c.candidate_lines[0], Text(missing, contact=c.id)))
    return items, bad, good


def salutation_civility(ctx: MeasureContext) -> MeasureResult:
    """Where the norm gives the e-mail's formula of address with a civility, each e-mail
    answering an e-mail opens on one (« Bonjour Madame Roche, », « Madame, Monsieur, »); which
    civility is the record's is the civility measure's (letters.py). The norm is the civility of
    a customer's record: a manager or a colleague on the internal mail is answered by first
    name (round 17)."""
    if not civility_norm(ctx.deck):
        return MeasureResult(
            "salutation_civility", {}, None, None, (), Text("detail.no_civility_norm")
        )
    items: dict[str, bool] = {}
    bad: list[Evidence] = []
    good: list[Evidence] = []
    for c in ctx.view.contacts.values():
        if internal(ctx, c):
            continue
        for line in replies(c, LETTERS):
            first = next((ln.strip() for ln in line.text.splitlines() if ln.strip()), "")
            ok = any(kind_of(w) for w in _WORD.findall(first))
            items[c.id] = items.get(c.id, True) and ok
            note = (
                Text("note.salutation_civility", contact=c.id)
                if ok
                else Text("note.salutation_no_civility", contact=c.id, text=first[:60])
            )
            (good if ok else bad).append(ev_of(line, note))
    return habit("salutation_civility", items, bad, good, Text("detail.no_written_reply"))


def agent_named(ctx: MeasureContext) -> MeasureResult:
    """CP FFP C1 « Le candidat se présente »: the candidate says who they are (a first name,
    « votre conseillère ») on the calls and chats, a practice over the shift. The company's name
    is a secretary's norm on some lines (CQP C.1.1 « au nom du donneur d'ordres »): round 10's
    plateau strong is acquis naming herself on two live conversations of five; round 15's energy
    weak, who never does, is not. As cp_ffp.conge reads satisfaction (shown on some calls, refused
    when never shown), a candidate who never names themself presents only the company. Written
    contacts are signed (written_form)."""
    items, bad, good = _introductions(ctx, LIVE, "note.agent_not_named")
    if not items:
        return MeasureResult("agent_named", {}, None, None, (), Text("detail.no_conversation"))
    evidence = tuple(sorted(bad + good, key=lambda e: e.seq))
    named = sum(items.values())
    return MeasureResult("agent_named", items, NAMED_AT_LEAST, named >= NAMED_AT_LEAST, evidence)


__all__ = [
    "agent_named",
    "civility_norm",
    "salutation_civility",
    "self_introduced",
    "self_norm_channels",
]
