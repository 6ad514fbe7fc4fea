"""The ``omnisim`` command line: serve, trainer accounts, the store, decks, text analysis.

The group and ``serve`` are in commands.py; each other family has its own module.
"""

from omnisim.cli.commands import main

__all__ = ["main"]
