"""``omnisim deck check PATH`` and ``omnisim deck schema``."""

from __future__ import annotations

import json
import sys
from collections import Counter

import click

from omnisim.deck.jsonschema import PARTS, deck_schema
from omnisim.deck.loader import check_deck
from omnisim.deck.model import Deck
from omnisim.settings import help_lang

FR = help_lang() == "fr"


def _h(fr: str, en: str) -> str:
    return fr if FR else en


def _clock(seconds: float) -> str:
    total = int(seconds)
    return f"{total // 3600:d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def summary(deck: Deck) -> str:
    """One screen: what a trainer checks before running the deck."""
    wall = deck.duration / deck.time_factor / 60
    lines = [
        f"{deck.title} [{deck.id}] — {deck.language}, "
        + _h("grille ", "grid ")
        + (deck.grid or "—"),
        _h(
            f"Durée : {deck.duration_minutes:g} min simulées, ×{deck.time_factor:g} "
            f"→ {wall:.0f} min réelles ; {deck.phone_lines} lignes téléphoniques",
            f"Length: {deck.duration_minutes:g} simulated min, ×{deck.time_factor:g} "
            f"→ {wall:.0f} wall min; {deck.phone_lines} phone lines",
        ),
        _h("Contacts par canal : ", "Contacts per channel: ")
        + ", ".join(
            f"{ch} {n}" for ch, n in sorted(Counter(c.channel for c in deck.contacts).items())
        ),
        "",
    ]
    for c in deck.contacts:
        flags = ("URGENT " if c.key.urgent else "") + (f"P{c.key.priority}")
        script = f" script={c.key.script}" if c.key.script else ""
        lines.append(
            f"  {_clock(c.at)}  {c.channel:<9} {c.id:<24} {c.customer.name:<22} {flags}{script}"
        )
    lines.append("")
    lines.append(
        _h("Donneurs d'ordres : ", "Principals: ")
        + (", ".join(f"{p.name} ({p.sector})" for p in deck.principals) or "—")
    )
    scripts = sorted({c.key.script for c in deck.contacts if c.key.script})
    lines.append(_h("Scripts utilisés : ", "Scripts used: ") + (", ".join(scripts) or "—"))
    return "\n".join(lines)


@click.group(help=_h("Decks de scénarios : vérifier, décrire.", "Scenario decks: check, describe."))
@click.help_option(
    "-h", "--help", help=_h("Affiche cette aide et quitte.", "Show this message and exit.")
)
def deck() -> None:
    pass


@deck.command(
    help=_h(
        "Vérifie un deck et signale tous ses problèmes (fichier:ligne:colonne: champ: raison) ; "
        "un deck valide affiche son résumé.",
        "Check a deck and report every problem (file:line:column: field: reason); "
        "a valid deck prints its summary.",
    )
)
@click.help_option(
    "-h", "--help", help=_h("Affiche cette aide et quitte.", "Show this message and exit.")
)
@click.argument("path", type=click.Path(exists=True))
def check(path: str) -> None:
    found_deck, problems = check_deck(path)
    if problems or found_deck is None:
        for problem in problems:
            click.echo(str(problem))
        click.echo(_h(f"{len(problems)} problème(s).", f"{len(problems)} problem(s)."), err=True)
        sys.exit(1)
    click.echo(summary(found_deck))


@deck.command(
    help=_h(
        "Affiche le schéma JSON des fichiers d'un deck (autocomplétion dans l'éditeur).",
        "Print the JSON Schema of deck files (editor autocompletion).",
    )
)
@click.help_option(
    "-h", "--help", help=_h("Affiche cette aide et quitte.", "Show this message and exit.")
)
@click.option(
    "--part",
    type=click.Choice(sorted(PARTS)),
    default="deck",
    show_default=True,
    help=_h("Quel fichier décrire.", "Which file to describe."),
)
def schema(part: str) -> None:
    click.echo(json.dumps(deck_schema(part), ensure_ascii=False, indent=2))
