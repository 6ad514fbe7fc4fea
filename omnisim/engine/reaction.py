"""The customer's turn for one candidate line, worked out once per line.

Both sides need the turn: the command for the mood it sets and the silence it logs, the
fold for the lines it books. Before it reacts, the fold of the line changes only what the
reaction never reads (``FOLDED_FIRST``: the candidate has replied, on which channel, the
customer's waiting and chases, the call live with them), so the fold that follows the
command sees what the command saw. The command keeps the turn it planned; the very next
fold takes it if it is the same line (same contact, state object, text, channel,
justification, call-back); any other fold drops it. A replay, another worker's event or
an append that lost a conflict have no kept turn: the fold works it out itself, from the
same inputs, to the same turn (tests/fast/test_reaction_once.py holds both ends).
"""

from __future__ import annotations

from omnisim.deck import Deck
from omnisim.deck.model import Contact
from omnisim.engine import customer
from omnisim.engine.state import ContactState
from omnisim.engine.turn import Turn

# What the fold of a candidate line (or of a call-back) sets before the customer reacts
# (engine/fold.py): customer.respond must never read these.
FOLDED_FIRST = frozenset({"replied", "via", "waiting_since", "chases", "call"})

Key = tuple[str, int, str, str, str, bool]


class Reactions:
    """One engine's kept turn: planned by the command, taken by the next fold."""

    def __init__(self, deck: Deck, seed: int) -> None:
        self.deck, self.seed = deck, seed
        self._kept: tuple[Key, Turn] | None = None  # planned since the last fold
        self._due: tuple[Key, Turn] | None = None  # for the fold under way

    def folding(self) -> None:
        """A fold begins: what the command kept is for it, and for no later one."""
        self._due, self._kept = self._kept, None

    def respond(
        self,
        contact: Contact,
        c: ContactState,
        text: str,
        *,
        channel: str,
        justification: str = "",
        call_back: bool = False,
        keep: bool = False,
    ) -> Turn:
        """The customer's turn (customer.respond). The command plans it and ``keep``s it for
        the fold of this very line; the fold takes the one kept for it, else works it out."""
        key: Key = (contact.id, id(c), text, channel, justification, call_back)
        due, self._due = self._due, None
        if due is not None and due[0] == key and not keep:
            return due[1]
        turn = customer.respond(
            self.deck,
            contact,
            c,
            text,
            self.seed,
            channel=channel,
            justification=justification,
            call_back=call_back,
        )
        if keep:
            self._kept = (key, turn)
        return turn
