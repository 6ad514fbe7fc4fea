"""The engine's one refusal: an action well formed but not possible now."""

from __future__ import annotations

from omnisim.engine.state import ContactState
from omnisim.refusals import Declined


class ActionRefused(Declined):
    """The action is well formed but not possible now (e.g. pickup of a closed contact)."""


def ended(contact_id: str, c: ContactState) -> ActionRefused:
    """The refusal of an action on a contact that is over (closed, or transferred)."""
    if c.status == "transferred":
        return ActionRefused("contact_id", "err.contact_transferred", contact=contact_id)
    return ActionRefused("contact_id", "err.contact_closed", contact=contact_id)
