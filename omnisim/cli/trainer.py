"""``omnisim trainer …``: accounts are created on the server, never with a default password."""

from __future__ import annotations

import asyncio
import secrets
import sys
from typing import Any

import click

from omnisim.i18n import message
from omnisim.schema import SchemaError
from omnisim.settings import Settings, help_lang, setting_help


def _t(key: str, **params: object) -> str:
    return message(help_lang(), key, **params)


async def _with_accounts(store_url: str, work: Any) -> Any:
    from omnisim.live.accounts import Accounts
    from omnisim.store import open_store

    store = open_store(store_url)
    try:
        return await work(Accounts(store))
    finally:
        await store.close()


@click.group(help=_t("cli.trainer"))
def trainer() -> None:
    pass


@trainer.command(help=_t("cli.trainer_add"))
@click.option("--login", required=True, help=_t("cli.opt_login"))
@click.option("--name", required=True, help=_t("cli.opt_name"))
@click.option("--password-stdin", is_flag=True, help=_t("cli.opt_password_stdin"))
@click.option("--generate", is_flag=True, help=_t("cli.opt_generate"))
@click.option("--if-missing", is_flag=True, help=_t("cli.opt_if_missing"))
@click.option("--store", default=None, help=setting_help("store"))
def add(
    login: str,
    name: str,
    password_stdin: bool,
    generate: bool,
    if_missing: bool,
    store: str | None,
) -> None:
    settings = Settings.from_env(store=store)
    if if_missing:

        async def exists(accounts: Any) -> bool:
            return (await accounts.refresh()).by_login(login.strip().lower()) is not None

        if asyncio.run(_with_accounts(settings.store, exists)):
            click.echo(_t("cli.trainer_exists", login=login))
            return
    if generate:
        password = secrets.token_urlsafe(12)
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt(_t("cli.password"), hide_input=True, confirmation_prompt=True)
    try:
        made = asyncio.run(
            _with_accounts(settings.store, lambda a: a.add_trainer(login, name, password))
        )
    except SchemaError as exc:
        raise click.UsageError(f"{exc.field} : {exc.render(help_lang())}") from exc
    click.echo(_t("cli.trainer_added", login=made.login, id=made.id))
    if generate:
        click.echo(_t("cli.generated_password", password=password))


@trainer.command(help=_t("cli.trainer_token"))
@click.option("--login", required=True, help=_t("cli.opt_login"))
@click.option("--label", default="", help=_t("cli.opt_label"))
@click.option("--store", default=None, help=setting_help("store"))
def token(login: str, label: str, store: str | None) -> None:
    settings = Settings.from_env(store=store)

    async def work(accounts: Any) -> Any:
        state = await accounts.refresh()
        found = state.by_login(login.strip().lower())
        if found is None:
            raise click.UsageError(_t("cli.no_such_login", login=login))
        return await accounts.new_api_token(found.id, label)

    click.echo(asyncio.run(_with_accounts(settings.store, work)))


@trainer.command(help=_t("cli.trainer_password"))
@click.option("--login", required=True, help=_t("cli.opt_login"))
@click.option("--password-stdin", is_flag=True, help=_t("cli.opt_password_stdin"))
@click.option("--store", default=None, help=setting_help("store"))
def password(login: str, password_stdin: bool, store: str | None) -> None:
    if password_stdin:
        new = sys.stdin.readline().rstrip("\n")
    else:
        new = click.prompt(_t("cli.password"), hide_input=True, confirmation_prompt=True)
    settings = Settings.from_env(store=store)

    async def work(accounts: Any) -> None:
        found = (await accounts.refresh()).by_login(login.strip().lower())
        if found is None:
            raise click.UsageError(_t("cli.no_such_login", login=login))
        await accounts.change_password(found.id, new)

    try:
        asyncio.run(_with_accounts(settings.store, work))
    except SchemaError as exc:
        raise click.UsageError(f"{exc.field} : {exc.render(help_lang())}") from exc
    click.echo(_t("cli.password_changed", login=login))
