"""The session engine: decides what happens next, from the deck and the log alone."""

from omnisim.engine.core import ActionRefused, Engine

__all__ = ["ActionRefused", "Engine"]
