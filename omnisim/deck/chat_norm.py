"""The chat's word count as the company states it, read once for the desk and the measures.

A deck's briefing or a principal's instruction may give the chat its form (« une idée par envoi,
12 mots au plus »). That count is the chat's limit the candidate is shown on the desk and the one
the measures judge the chat by where the company's form is graded (MC ACVD C3 « dont le contenu
correspond aux exigences de l'entreprise … au niveau … de la forme »): kept here, in the deck's
layer, so the protocol and the measures read the same sentence the same way. CQP C.1.9's own
« 4-5 mots maximum par envoi » stays the channel rule's (channels/chat.yaml).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.model import Deck
from omnisim.language.chat_form import chat_word_count, chat_word_count_said

# A sentence of the briefing or of an instruction; a list's items are sentences of their own.
_CLAUSE = re.compile(r"[.;!?]|\n(?=\s*(?:[-*•]|\n))")


def _norm_clauses(deck: Deck) -> list[str]:
    texts = [deck.briefing, *(i.text for p in deck.principals for i in p.instructions)]
    return [clause for text in texts for clause in _CLAUSE.split(text)]


def chat_norm_stated(deck: Deck) -> bool:
    """The deck tells the candidate how many words a chat send holds (its briefing, or an
    instruction of one of its principals)."""
    return any(chat_word_count_said(clause, deck.language) for clause in _norm_clauses(deck))


def stated_chat_count(deck: Deck) -> int | None:
    """The chat's word count as the company states it (« 12 mots au plus », « 4 à 5 mots par
    envoi »: 12, 5), None where it states none. A deck that sets the chat's rule itself
    (channel_overrides) has said its count; where its texts name several, the highest: a send
    that keeps it keeps one the company gave."""
    override = deck.channel_overrides.get("chat", {}).get("max_words_per_send")
    if override:
        return int(override)
    counts = [chat_word_count(clause, deck.language) for clause in _norm_clauses(deck)]
    return max((n for n in counts if n), default=None)


def desk_rules(deck: Deck, rules: Mapping[str, ChannelRules]) -> dict[str, ChannelRules]:
    """The channel rules as the candidate's desk shows them: the chat's limit is the count the
    company states (:func:`stated_chat_count`), so the desk never says 5 where the briefing
    says 12; without one, the channel rule's."""
    shown = dict(rules)
    count = stated_chat_count(deck)
    if count is not None and "chat" in shown:
        shown["chat"] = dataclasses.replace(shown["chat"], max_words_per_send=count)
    return shown


__all__ = ["chat_norm_stated", "desk_rules", "stated_chat_count"]
