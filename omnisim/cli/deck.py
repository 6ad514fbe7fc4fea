"""``omnisim deck check PATH`` and ``omnisim deck schema``."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click

from omnisim.deck.jsonschema import PARTS, deck_schema
from omnisim.deck.model import Deck
from omnisim.i18n import Num, message
from omnisim.scenario.check import check_deck_warned
from omnisim.settings import help_lang


def _t(key: str, **params: object) -> str:
    """A command-line text of the catalog (``web/i18n/*.cli.yaml``) in the help's language."""
    return message(help_lang(), key, **params)


_help = click.help_option("-h", "--help", help=_t("cli.help_option"))


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def summary(deck: Deck) -> str:
    """One screen: what a trainer checks before running the deck."""
    wall = deck.duration / deck.time_factor / 60
    grid = ", ".join(deck.grid_ids) or "—"
    counts = sorted(Counter(c.channel for c in deck.contacts).items())
    lines = [
        _t("cli.deck_heading", title=deck.title, id=deck.id, language=deck.language, grid=grid),
        _t(
            "cli.deck_length",
            minutes=deck.duration_minutes,
            factor=deck.time_factor,
            wall=Num(wall, 0),
            lines=deck.phone_lines,
        ),
        _t("cli.deck_channels", counts=", ".join(f"{ch} {n}" for ch, n in counts)),
        "",
    ]
    for c in deck.contacts:
        flags = ("URGENT " if c.key.urgent else "") + (f"P{c.key.priority}")
        script = f" script={c.key.script}" if c.key.script else ""
        lines.append(
            f"  {'extra' if c.extra else _clock(c.at):>7}  {c.channel:<9} {c.id:<24} "
            f"{c.customer.name:<22} {flags}{script}"
        )
    lines.append("")
    principals = ", ".join(f"{p.name} ({p.sector})" for p in deck.principals)
    lines.append(_t("cli.deck_principals", principals=principals or "—"))
    scripts = sorted({c.key.script for c in deck.contacts if c.key.script})
    lines.append(_t("cli.deck_scripts", scripts=", ".join(scripts) or "—"))
    return "\n".join(lines)


@click.group(help=_t("cli.deck"))
@_help
def deck() -> None:
    pass


@deck.command(help=_t("cli.deck_check"))
@_help
@click.argument("path", type=click.Path(exists=True))
def check(path: str) -> None:
    found_deck, problems, warnings = check_deck_warned(path)
    for problem in problems:
        click.echo(problem.said(help_lang()))  # French unless OMNISIM_LANG=en
    for warning in warnings:  # after the problems: the deck loads and plays, grading is weaker
        click.echo(_t("cli.deck_warning", said=warning.said(help_lang())))
    if problems or found_deck is None:
        click.echo(_t("cli.deck_problems", count=len(problems)), err=True)
        sys.exit(1)
    if warnings:
        click.echo(_t("cli.deck_warnings", count=len(warnings)), err=True)
    click.echo(summary(found_deck))


@deck.command(help=_t("cli.deck_schema"))
@_help
@click.option(
    "--part",
    type=click.Choice(sorted(PARTS)),
    default="deck",
    show_default=True,
    help=_t("cli.deck_schema_part"),
)
def schema(part: str) -> None:
    click.echo(json.dumps(deck_schema(part), ensure_ascii=False, indent=2))
