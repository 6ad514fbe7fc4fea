"""The ``omnisim`` command (also ``python -m omnisim``). Help is French unless OMNISIM_LANG=en."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from omnisim.deck.commands import deck
from omnisim.paths import data_dir
from omnisim.settings import Settings, help_lang, setting_help

FR = help_lang() == "fr"


def _h(fr: str, en: str) -> str:
    return fr if FR else en


_help = click.help_option(
    "-h", "--help", help=_h("Affiche cette aide et quitte.", "Show this message and exit.")
)


@click.group(
    help=_h(
        "OmniSim : simulateur d'exercices de centre de contacts omnicanal "
        "(certifications de la relation client). Aide en anglais : OMNISIM_LANG=en.",
        "OmniSim: omnichannel contact-centre exercise simulator "
        "(customer-relations certifications). French help: OMNISIM_LANG=fr.",
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@_help
@click.version_option(
    package_name="omnisim", help=_h("Affiche la version et quitte.", "Show the version and exit.")
)
def main() -> None:
    pass


@main.command(help=_h("Lance le serveur du simulateur.", "Run the simulator server."))
@_help
@click.option("--host", default=None, help=setting_help("host"))
@click.option("--port", type=int, default=None, help=setting_help("port"))
@click.option("--store", default=None, help=setting_help("store"))
@click.option("--redis", default=None, help=setting_help("redis"))
@click.option("--deck", default=None, help=setting_help("deck"))
@click.option("--rate-limit", type=float, default=None, help=setting_help("rate_limit"))
def serve(
    host: str | None,
    port: int | None,
    store: str | None,
    redis: str | None,
    deck: str | None,
    rate_limit: float | None,
) -> None:
    from aiohttp import web

    from omnisim.web_app import SESSIONS, create_app

    settings = Settings.from_env(
        host=host, port=port, store=store, redis=redis, deck=deck, rate_limit=rate_limit
    )
    app = create_app(settings)

    if settings.deck:
        deck_path = Path(settings.deck)
        if not deck_path.exists():
            deck_path = data_dir("decks") / settings.deck

        async def open_demo(app: web.Application) -> None:
            tokens = await app[SESSIONS].create(deck_path)
            base = f"http://{settings.host}:{settings.port}"
            lines = [
                _h("Session créée sur le deck ", "Session created on deck ") + str(deck_path),
                f"  {_h('Candidat', 'Candidate')} : {base}/candidate?token={tokens.candidate}",
                f"  {_h('Formateur', 'Trainer')} : {base}/trainer?token={tokens.trainer}",
                f"  Jury : {base}/jury?token={tokens.jury}",
            ]
            click.echo("\n".join(lines))

        app.on_startup.append(open_demo)
    click.echo(_h("Journal : ", "Event log: ") + settings.store)
    web.run_app(app, host=settings.host, port=settings.port, print=click.echo)


main.add_command(deck)


@main.command(
    help=_h(
        "Analyse des messages (un par ligne sur l'entrée standard) : une ligne JSON par message.",
        "Analyse messages (one per line on standard input): one JSON line per message.",
    )
)
@_help
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help=_h("Langue des messages.", "Language of the messages."),
)
def text(lang: str) -> None:
    from omnisim.language import run_text_cli

    sys.exit(run_text_cli(lang, sys.stdin, sys.stdout))
