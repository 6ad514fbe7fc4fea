"""A command group whose sub-commands are imported when run, not when the command line starts.

Each sub-command module imports the stack it works on (``deck check`` the scenario and its
grading, ``store migrate`` Redis): imported at start-up, every ``omnisim`` process paid for
all of them, 1.3 to 1.9 s of CPU for ``omnisim --help``. The group knows each lazy
sub-command by where it lives and by its help text (the catalog's, as its module gives it),
so that listing the commands shows the same lines without importing any of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from gettext import gettext

import click


class LazyGroup(click.Group):
    """``lazy``: sub-command name -> ("package.module:attribute", its help text)."""

    def __init__(
        self, *args: object, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            where, _ = self.lazy[cmd_name]
            module, _, attribute = where.partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):  # a wrong table entry, said plainly
                raise TypeError(f"{where} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click.Group's listing, a lazy sub-command's line from its help text, unimported."""
        rows: list[tuple[str, Callable[[int], str]]] = []
        for name in self.list_commands(ctx):
            if name in self.lazy and name not in self.commands:
                listed = click.Command(name, help=self.lazy[name][1])  # for its help line only
                rows.append((name, listed.get_short_help_str))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(gettext("Commands")):  # as click says it
                formatter.write_dl([(name, short(limit).strip()) for name, short in rows])
