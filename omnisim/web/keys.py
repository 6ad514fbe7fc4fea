"""The typed keys of what the aiohttp application holds, in one module every edge imports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import jinja2
from aiohttp import web

from omnisim.settings import Settings
from omnisim.store import EventStore

if TYPE_CHECKING:
    from omnisim.live.accounts import Accounts
    from omnisim.live.exams import Exams
    from omnisim.live.library import Library
    from omnisim.live.rehearsals import Rehearsals
    from omnisim.live.sandbox import Sandboxes
    from omnisim.web.limits import Budgets
    from omnisim.web.socket.credentials import Credentials
    from omnisim.web.socket.gateway import Gateway
    from omnisim.web.throttle import Throttle

SETTINGS = web.AppKey("settings", Settings)
STORE = web.AppKey("store", EventStore)
TEMPLATES = web.AppKey("templates", jinja2.Environment)
EXAMS: web.AppKey[Exams] = web.AppKey("exams")
ACCOUNTS: web.AppKey[Accounts] = web.AppKey("accounts")
LIBRARY: web.AppKey[Library] = web.AppKey("library")
GATEWAY: web.AppKey[Gateway] = web.AppKey("gateway")
SANDBOXES: web.AppKey[Sandboxes] = web.AppKey("sandboxes")  # trainers' trial attempts
REHEARSALS: web.AppKey[Rehearsals] = web.AppKey("rehearsals")  # dry runs, one at a time
SIGNING_KEY = web.AppKey("signing_key", bytes)
BUDGETS: web.AppKey[Budgets] = web.AppKey("budgets")
THROTTLE: web.AppKey[Throttle] = web.AppKey("throttle")
CREDENTIALS: web.AppKey[Credentials] = web.AppKey("credentials")
