"""``omnisim record verify ARCHIVE``: check an exam's sealed archive, anywhere, offline.

Exit status 0 when every file matches its manifest and every signature its log; 1 with
each problem said otherwise (omnisim/documents/archive.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from omnisim.i18n import message
from omnisim.settings import help_lang


def _t(key: str, **params: object) -> str:
    return message(help_lang(), key, **params)


_help = click.help_option("-h", "--help", help=_t("cli.help_option"))


@click.group(help=_t("cli.record"))
@_help
def record() -> None:
    pass


@record.command(help=_t("cli.record_verify"))
@_help
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def verify(archive: Path) -> None:
    from omnisim.documents.archive import verify as check  # the scenario stack, on demand

    found = check(archive.read_bytes())
    lang = help_lang()
    if found.ok:
        click.echo(
            _t(
                "cli.record_ok",
                exam=found.exam,
                files=found.files,
                events=found.events,
                signatures=found.signatures,
                seal=found.seal,
            )
        )
        return
    click.echo(_t("cli.record_refused", archive=str(archive)), err=True)
    for problem in found.problems:
        click.echo(f"  - {problem.render(lang)}", err=True)
    sys.exit(1)
