"""The trainer's account page: the sessions they have open, and "sign out everywhere".

A session is opened by each sign-in and closed by sign-out, by "sign out everywhere"
(this page's button, ``POST /signout?everywhere=1``) or by a password change
(omnisim/live/accounts.py); closing one ends its cookie and cuts its sockets on every
worker at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiohttp import web

from omnisim.i18n import format_datetime
from omnisim.web.pages.base import PageContext, lang_query, page, render
from omnisim.web.signin import current_session


@dataclass(frozen=True)
class OpenSession:
    opened: str  # when, as the trainer reads it
    current: bool  # the one this page was asked from


@dataclass(frozen=True)
class AccountContext:
    page: PageContext
    login: str
    sessions: tuple[OpenSession, ...]


async def account(request: web.Request) -> web.Response:
    found = await current_session(request)
    if found is None:
        raise web.HTTPSeeOther(f"/signin?{lang_query(request, next=request.path_qs)}")
    trainer = found.trainer
    ctx_page = page(request, "account.title", trainer_name=trainer.name)
    sessions = tuple(
        OpenSession(format_datetime(at, ctx_page.lang), sid == found.session_id)
        for sid, at in sorted(trainer.sessions.items(), key=lambda item: -item[1])
    )
    return render(request, "account.html", AccountContext(ctx_page, trainer.login, sessions))


def add_routes(app: web.Application) -> None:
    app.router.add_get("/account", account, name="account")
