"""The ``omnisim`` command (also ``python -m omnisim``). Help is French unless OMNISIM_LANG=en.

The sub-command groups (deck, trainer, store, record) are imported when run (cli/lazy.py):
a process imports the stack of its own command only."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from omnisim.cli.lazy import LazyGroup
from omnisim.i18n import message
from omnisim.paths import data_dir
from omnisim.settings import EVENT_LOOPS, Settings, help_lang, setting_help

LANG = help_lang()


def _t(key: str, **params: object) -> str:
    """A command-line text of the catalog (``web/i18n/*.cli.yaml``) in the help's language."""
    return message(LANG, key, **params)


_help = click.help_option("-h", "--help", help=_t("cli.help_option"))


# name -> (where it lives, its help text as its module gives it)
SUBCOMMANDS = {
    "deck": ("omnisim.cli.deck:deck", _t("cli.deck")),
    "trainer": ("omnisim.cli.trainer:trainer", _t("cli.trainer")),
    "store": ("omnisim.cli.store:store", _t("cli.store")),
    "record": ("omnisim.cli.record:record", _t("cli.record")),
}


@click.group(
    cls=LazyGroup,
    lazy=SUBCOMMANDS,
    help=_t("cli.main"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_help
@click.version_option(package_name="omnisim", help=_t("cli.version_option"))
def main() -> None:
    pass


@main.command(help=_t("cli.serve"))
@_help
@click.option("--host", default=None, help=setting_help("host"))
@click.option("--port", type=int, default=None, help=setting_help("port"))
@click.option("--store", default=None, help=setting_help("store"))
@click.option("--redis", default=None, help=setting_help("redis"))
@click.option("--deck", default=None, help=setting_help("deck"))
@click.option("--rate-limit", type=float, default=None, help=setting_help("rate_limit"))
@click.option("--public-url", default=None, help=setting_help("public_url"))
@click.option(
    "--event-loop", type=click.Choice(EVENT_LOOPS), default=None, help=setting_help("event_loop")
)
def serve(
    host: str | None,
    port: int | None,
    store: str | None,
    redis: str | None,
    deck: str | None,
    rate_limit: float | None,
    public_url: str | None,
    event_loop: str | None,
) -> None:
    # Imported here: `omnisim --help` and the other commands start without the web stack.
    from omnisim.store.migrate import Unmigrated
    from omnisim.store.redis_store import NotDurable
    from omnisim.web.serve import serve as run

    settings = Settings.from_env(
        host=host,
        port=port,
        store=store,
        redis=redis,
        deck=deck,
        rate_limit=rate_limit,
        public_url=public_url,
        event_loop=event_loop,
    )
    if settings.event_loop not in EVENT_LOOPS:  # OMNISIM_EVENT_LOOP names no loop we know
        known = ", ".join(EVENT_LOOPS)
        click.echo(_t("cli.event_loop_unknown", name=settings.event_loop, known=known), err=True)
        sys.exit(2)
    deck_path = None
    if settings.deck:
        deck_path = Path(settings.deck)
        if not deck_path.exists():
            deck_path = data_dir("decks") / settings.deck
    click.echo(_t("cli.event_log", store=settings.store))
    try:
        run(settings, deck_path, click.echo, help_lang())
    except (Unmigrated, NotDurable) as exc:  # said plainly, with what to do, not as a traceback
        click.echo(str(exc), err=True)
        sys.exit(2)


@main.command(help=_t("cli.text"))
@_help
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help=_t("cli.text_lang"),
)
def text(lang: str) -> None:
    from omnisim.language import run_text_cli

    sys.exit(run_text_cli(lang, sys.stdin, sys.stdout))
