"""``omnisim store …``: upkeep of the event log (today: the migration from the old Redis layout)."""

from __future__ import annotations

import asyncio
import sys

import click

from omnisim.i18n import message
from omnisim.settings import help_lang


def _t(key: str, **params: object) -> str:
    return message(help_lang(), key, **params)


@click.group(help=_t("cli.store"))
def store() -> None:
    pass


@store.command(help=_t("cli.store_migrate"))
@click.option("--redis", "url", required=True, help=_t("cli.store_migrate_redis"))
@click.option("--drop-old", is_flag=True, help=_t("cli.store_migrate_drop"))
@click.option("--prefix", default="omnisim", show_default=True, help=_t("cli.store_prefix"))
def migrate(url: str, drop_old: bool, prefix: str) -> None:
    from omnisim.store import migrate as migration
    from omnisim.store.redis_store import RedisBackend

    if not url.startswith(("redis://", "rediss://")):
        raise click.BadParameter(_t("cli.store_not_redis"), param_hint="--redis")

    async def run() -> migration.Migration:
        backend = RedisBackend(url, prefix=prefix)
        try:
            return await migration.migrate(backend, drop_old)
        finally:
            await backend.close()

    try:
        done = asyncio.run(run())
    except migration.MigrationConflict as exc:
        click.echo(_t("cli.store_conflict", streams=str(exc)), err=True)
        sys.exit(2)
    click.echo(
        _t(
            "cli.store_migrated",
            streams=done.streams,
            copied=len(done.copied),
            events=done.events,
            dropped=done.dropped,
        )
    )
