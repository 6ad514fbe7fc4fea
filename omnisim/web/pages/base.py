"""What every HTML page shares: its language, texts, CSRF token and rendering."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from aiohttp import web

from omnisim.i18n import message, pick_lang, translator
from omnisim.live.exams import Identity
from omnisim.web.keys import EXAMS, SANDBOXES, SETTINGS, SIGNING_KEY, TEMPLATES
from omnisim.web.limits import person_of, spend_for
from omnisim.web.security import csrf_token_for


@dataclass(frozen=True)
class PageContext:
    lang: str
    t: Callable[[str], str]
    title: str
    other_lang_url: str
    csrf: str = ""
    trainer_name: str = ""

    def say(self, key: str, **params: Any) -> str:
        """A catalog text with parameters, in the page's language."""
        return message(self.lang, key, **params)


def page(
    request: web.Request, title_key: str, lang: str | None = None, trainer_name: str = ""
) -> PageContext:
    lang = pick_lang(request.query.get("lang"), lang)
    other = "en" if lang == "fr" else "fr"
    query = dict(request.query) | {"lang": other}
    t = translator(lang)
    csrf = csrf_token_for(request, request.app[SIGNING_KEY]) if SIGNING_KEY in request.app else ""
    return PageContext(
        lang, t, t(title_key), str(request.rel_url.with_query(query)), csrf, trainer_name
    )


def render(request: web.Request, template: str, context: Any, status: int = 200) -> web.Response:
    env = request.app[TEMPLATES]
    html = env.get_template(template).render(ctx=context)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def script_json(data: Any) -> str:
    """JSON safe inside <script>: a deck line containing "</script>" cannot close the tag."""
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")


def lang_query(request: web.Request, **extra: str) -> str:
    """The query string that keeps the page's language (``?lang=``) across a redirect."""
    params = {"lang": request.query["lang"]} if "lang" in request.query else {}
    return urlencode(params | extra)


def link(request: web.Request, path: str) -> str:
    """An absolute link from the configured public URL, never from the request's Host."""
    return f"{request.app[SETTINGS].base_url}{path}"


def refuse(request: web.Request, status: int, key: str, **params: Any) -> web.HTTPException:
    """An HTTP error whose plain-text body is the catalog's text in the request's language."""
    lang = pick_lang(request.query.get("lang"))
    kinds: dict[int, type[web.HTTPException]] = {
        400: web.HTTPBadRequest,
        403: web.HTTPForbidden,
        404: web.HTTPNotFound,
        409: web.HTTPConflict,
        413: web.HTTPRequestEntityTooLarge,
        422: web.HTTPUnprocessableEntity,
        503: web.HTTPServiceUnavailable,
    }
    kind = kinds.get(status, web.HTTPBadRequest)
    text = message(lang, key, **params)
    if kind is web.HTTPRequestEntityTooLarge:
        return web.HTTPRequestEntityTooLarge(max_size=0, actual_size=0, text=text)
    return kind(text=text, content_type="text/plain")


async def link_identity(request: web.Request, role: str) -> Identity:
    """Who the page's link (``?token=``) is, in ``role``; a trainer's trial desk
    (omnisim/live/sandbox.py) is a candidate's link too. Refused in the reader's language."""
    token = request.query.get("token", "")
    identity = await request.app[EXAMS].authenticate(token)
    if identity is None and role == "candidate":
        identity = await request.app[SANDBOXES].authenticate(token)
    if identity is None or identity.role != role:
        raise refuse(request, 403, "error.token")
    # A page read from the person's reading budget, as their socket's joins (limits.py).
    await spend_for(request, "read", person_of(identity.exam.exam_id, identity.person.id, role))
    return identity
