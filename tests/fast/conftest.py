"""In-process tier: the real app served on loopback, driven by real socket.io clients.

The fixtures live in tests/conftest.py so that every tier shares them.
"""

from tests.conftest import REACTIVE_DECK, Client, live, of_type

__all__ = ["REACTIVE_DECK", "Client", "live", "of_type"]
