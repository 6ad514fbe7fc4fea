"""The engine's one refusal: an action well formed but not possible now."""

from __future__ import annotations

from omnisim.refusals import Declined


class ActionRefused(Declined):
    """The action is well formed but not possible now (e.g. pickup of a closed contact)."""
