"""What each family of ``contact_centre_<lang>.yaml`` does to a line's score, and for whom.

Kept apart from ``sentiment.py``, which applies them: one table says which families weigh and
how much, which are removed before the word scorer, which own their words, and which speak
for one side only.
"""

from __future__ import annotations

# Valence (VADER raw scale) of one match of each family.
FAMILY_VALENCE = {
    "empathy": 1.8,
    "courtesy": 1.6,
    "blame": -2.6,
    "complaint": -2.4,
    "praise_negated": 2.0,  # « rien à redire », "never had a problem"
    "solved": 1.8,  # « la panne est résolue »: good news, whoever says it
    "commitment": 1.6,  # an agent's offer or commitment (« je vous rappelle demain »)
    "endorsed": 1.8,  # a promise reported then confirmed (« … et c'est le cas »): praise
    "doubt": -2.4,  # « et cette fois, il viendra vraiment ? »: a failure recalled
    "favourable": 1.6,  # an agent's good news: free, no fee, a right (« vous avez droit à … »)
}
NEGATION_VALENCE = 1.2
EMOJI_VALENCE = 1.5  # a smile or an angry face: about one feeling word (data/emoji.yaml)
IRONY_VALENCE = 1.5  # praise read as sarcasm, or an eye-roll alone
REMOVED = (
    "neutralised",  # administrative senses (« bon de commande », « c'est bien ça ? »): no weight
    "closing",  # a letter's closing formula (« Veuillez agréer … », "Kind regards"): form, no tone
    "own_fact",  # a customer's own loss, mistake or apology (« j'ai oublié mon sac »): a fact
    "not_yet",  # « je n'ai encore rien décidé », "I haven't read it yet": a fact, no weight
    "empathy",
    "courtesy",
    "request",
    "refusal",
    "blame",
    "praise_negated",
    "endorsed",
    "solved",
    "commitment",
    "favourable",
    "doubt",
)
# Their words are read by no other family.
OWNING = ("praise_negated", "not_yet", "endorsed", "own_fact")
# A customer's « je vous envoie les photos » is no offer, nor « c'était gratuit » good news.
AGENT_ONLY = frozenset({"commitment", "favourable"})
CUSTOMER_ONLY = frozenset({"complaint", "doubt"})
# Never read on an agent's line: a customer's closing formula and own facts are form, not tone
# (an agent's closing stays a courtesy formula), and a promise reported then kept (« on m'avait
# dit … et il l'a fait ») is the customer's account. Each removal costs an e-mail a pass of the
# automaton, and the promise's patterns span the line.
CUSTOMER_FORMS = frozenset({"closing", "own_fact", "endorsed"})
NOT_ON_AGENT = CUSTOMER_ONLY | CUSTOMER_FORMS  # asked once, not per family
# A speaker not given is an agent when only these say who speaks (round 12).
AGENT_VOICE = (*sorted(AGENT_ONLY), "refusal")
