"""The deck studio through the API: a deck as one JSON document, checked, saved as versions,
compared, restored, published, archived, deleted or downloaded as a zip.

The studio's page calls these routes with the trainer's session (and its CSRF token);
a centre's own tools call them with an API token. ``{deck}`` is a library deck's id, or
``bundled:<name>`` for a bundled deck (read-only: duplicate it to change it). Problems
are ``{"path", "message"}``: the document path of the field, the reason in the
request's language (``?lang=en``, French by default).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from omnisim.deck.doccheck import DocProblem
from omnisim.deck.document import empty_document
from omnisim.deck.files import MAX_MARKDOWN_CHARS
from omnisim.deck.jsonschema import document_schema
from omnisim.deck.markdown import render_markdown
from omnisim.exams.roster import MAX_TITLE
from omnisim.i18n import message
from omnisim.library.changes import diff, merge
from omnisim.library.state import LibraryDeck
from omnisim.library.words import describe_all
from omnisim.live.library import Checked, DeckConflict, choice_of
from omnisim.refusals import Declined
from omnisim.scenario.check import check_document_warned_now
from omnisim.schema import SchemaError, capped
from omnisim.web.api.base import api_trainer, lang, read_body
from omnisim.web.deckzip import deck_zip_response
from omnisim.web.keys import ACCOUNTS, LIBRARY
from omnisim.web.openapi import Endpoint

MAX_DOCUMENT = 16 * 1024 * 1024  # a deck of several hundred contacts, with room to spare


@dataclass(frozen=True)
class NewDeck:
    title: str = capped(MAX_TITLE, "")
    document: dict[str, Any] = field(default_factory=dict)  # empty: a deck from nothing


@dataclass(frozen=True)
class SaveDeck:
    base: int  # the version this document was made from
    document: dict[str, Any]


@dataclass(frozen=True)
class CheckDeck:
    document: dict[str, Any]


@dataclass(frozen=True)
class Restore:
    version: int
    base: int


@dataclass(frozen=True)
class Publish:
    version: int = 0  # 0: the latest


@dataclass(frozen=True)
class Archive:
    archived: bool = True


@dataclass(frozen=True)
class Duplicate:
    title: str = capped(MAX_TITLE, "")


@dataclass(frozen=True)
class Markdown:
    text: str = capped(MAX_MARKDOWN_CHARS)


def problems_json(problems: list[DocProblem], language: str) -> list[dict[str, str]]:
    return [{"path": p.path, "message": p.render(language)} for p in problems]


async def names(request: web.Request) -> dict[str, str]:
    """Trainers' names by id (who wrote a deck, who saved a version)."""
    state = await request.app[ACCOUNTS].refresh()
    return {t.id: t.name for t in state.trainers.values()}


def deck_json(deck: LibraryDeck, who: dict[str, str]) -> dict[str, Any]:
    """What the library list shows of a deck, and what the studio starts from."""
    settings = deck.settings
    contacts = deck.document.get("contacts")
    last = deck.versions[-1]
    listed = settings.get("grids")
    grids: list[Any] = listed if isinstance(listed, list) else []
    grid = settings.get("grid")
    return {
        "deck": deck.deck_id,
        "choice": f"library:{deck.deck_id}",
        "title": deck.title,
        "language": settings.get("language", ""),
        "grids": list(dict.fromkeys(g for g in [grid, *grids] if isinstance(g, str) and g)),
        "duration_minutes": settings.get("duration_minutes"),
        "contacts": len(contacts) if isinstance(contacts, list) else 0,
        "version": deck.version,
        "published": deck.published,
        "archived": deck.archived,
        "origin": deck.origin,
        "source": deck.source,
        "owner": who.get(deck.owner, deck.owner),
        "updated_at": last.wall_time,
        "updated_by": who.get(last.author, last.author),
        "read_only": False,
    }


async def _library_deck(request: web.Request) -> LibraryDeck:
    kind, name = choice_of(request.match_info["deck"])
    if kind != "library":
        raise Declined("deck", "err.deck_read_only")
    return await request.app[LIBRARY].deck(name)


async def _made(request: web.Request, made: Checked) -> web.Response:
    """A new deck's answer: what the list shows of it, and its problems."""
    answer = deck_json(made.deck, await names(request))
    problems = problems_json(made.problems, lang(request))
    return web.json_response(answer | {"problems": problems}, status=201)


async def create_deck(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, NewDeck, MAX_DOCUMENT)
    doc = body.document or empty_document()
    settings = doc.get("settings")
    if body.title and isinstance(settings, dict):
        doc = {**doc, "settings": {**settings, "title": body.title}}
    made = await request.app[LIBRARY].create(trainer.id, doc)
    return await _made(request, made)


async def get_deck(request: web.Request) -> web.Response:
    await api_trainer(request)
    doc, _title, deck = await request.app[LIBRARY].document(request.match_info["deck"])
    if deck is None:
        answer: dict[str, Any] = {"deck": request.match_info["deck"], "read_only": True}
    else:
        answer = deck_json(deck, await names(request))
    _deck, problems, warnings = await asyncio.to_thread(check_document_warned_now, doc)
    said = {"problems": problems_json(problems, lang(request))}
    said["warnings"] = problems_json(warnings, lang(request))
    return web.json_response(answer | {"document": doc} | said)


async def save_deck(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, SaveDeck, MAX_DOCUMENT)
    deck = await _library_deck(request)
    language = lang(request)
    try:
        saved = await request.app[LIBRARY].save(trainer.id, deck.deck_id, body.base, body.document)
    except DeckConflict as exc:
        return web.json_response(await _conflict(request, exc, body, language), status=409)
    answer = deck_json(saved.deck, await names(request))
    return web.json_response(answer | {"problems": problems_json(saved.problems, language)})


async def _conflict(
    request: web.Request, exc: DeckConflict, body: SaveDeck, language: str
) -> dict[str, Any]:
    """What the trainer needs to decide: who saved what since their version, their
    document, and mine made on top of theirs (where we both changed the same, mine wins
    only if the trainer chooses it)."""
    deck, who = exc.deck, await names(request)
    base = deck.document_at(body.base) or deck.documents[0]
    merged, met = merge(base, body.document, deck.document)
    met_words = describe_all([c for c in diff(base, body.document) if c.path in met], language)
    return {
        "error": {"field": "base", "reason": message(language, "err.deck_conflict")},
        "conflict": {
            "version": deck.version,
            "theirs": [_version_json(v, who, language) for v in deck.since(body.base)],
            "document": deck.document,
            "merged": merged,
            "both_changed": met_words,
        },
    }


def _version_json(version: Any, who: dict[str, str], language: str) -> dict[str, Any]:
    return {
        "version": version.number,
        "at": version.wall_time,
        "author": who.get(version.author, version.author),
        "base": version.base,
        "restored_from": version.restored_from,
        "problems": version.problems,
        "changes": describe_all(list(version.changes), language),
    }


async def check_deck_document(request: web.Request) -> web.Response:
    await api_trainer(request)
    body = await read_body(request, CheckDeck, MAX_DOCUMENT)
    _deck, problems, warnings = await asyncio.to_thread(check_document_warned_now, body.document)
    language = lang(request)
    # Warnings apart: the deck loads and plays, only its grading is weaker (deck/advice.py).
    said = {"problems": problems_json(problems, language)}
    return web.json_response(said | {"warnings": problems_json(warnings, language)})


async def versions(request: web.Request) -> web.Response:
    await api_trainer(request)
    deck, who = await _library_deck(request), await names(request)
    rows = [_version_json(v, who, lang(request)) for v in reversed(deck.versions)]
    for row in rows:
        row["published"] = row["version"] == deck.published
    return web.json_response({"deck": deck.deck_id, "versions": rows})


async def version(request: web.Request) -> web.Response:
    await api_trainer(request)
    deck = await _library_deck(request)
    number = _int(request.match_info["version"], "version")
    doc = deck.document_at(number)
    if doc is None:
        raise LookupError("version")
    return web.json_response({"deck": deck.deck_id, "version": number, "document": doc})


def _int(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError as exc:
        raise SchemaError(name, "err.value_not_integer", got=text) from exc


async def compare(request: web.Request) -> web.Response:
    await api_trainer(request)
    deck = await _library_deck(request)
    first = _int(request.query.get("from", "1"), "from")
    last = _int(request.query.get("to", str(deck.version)), "to")
    before, after = deck.document_at(first), deck.document_at(last)
    if before is None or after is None:
        raise LookupError("version")
    changes = diff(before, after)
    words = describe_all(changes, lang(request), limit=500)
    return web.json_response({"from": first, "to": last, "changes": words})


async def restore(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, Restore)
    deck = await _library_deck(request)
    saved = await request.app[LIBRARY].restore(trainer.id, deck.deck_id, body.version, body.base)
    answer = deck_json(saved.deck, await names(request))
    problems = problems_json(saved.problems, lang(request))
    return web.json_response(answer | {"document": saved.deck.document, "problems": problems})


async def publish(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, Publish)
    deck = await _library_deck(request)
    number = body.version or deck.version
    problems = await request.app[LIBRARY].publish(trainer.id, deck.deck_id, number)
    if problems:
        refusal = {"field": "version", "reason": message(lang(request), "err.deck_has_problems")}
        found = problems_json(problems, lang(request))
        return web.json_response({"error": refusal, "problems": found}, status=422)
    fresh = await request.app[LIBRARY].deck(deck.deck_id)
    return web.json_response(deck_json(fresh, await names(request)))


async def archive(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, Archive)
    deck = await _library_deck(request)
    changed = await request.app[LIBRARY].archive(trainer.id, deck.deck_id, body.archived)
    return web.json_response(deck_json(changed, await names(request)))


async def delete(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    deck = await _library_deck(request)
    await request.app[LIBRARY].delete(trainer.id, deck.deck_id)
    return web.json_response({"deck": deck.deck_id, "deleted": True})


async def duplicate(request: web.Request) -> web.Response:
    trainer = await api_trainer(request)
    body = await read_body(request, Duplicate)
    kind, name = choice_of(request.match_info["deck"])
    language = lang(request)

    def rename(title: str) -> str:
        return body.title or message(language, "studio.copy_of", title=title)

    made = await request.app[LIBRARY].duplicate(trainer.id, f"{kind}:{name}", rename)
    return await _made(request, made)


async def download(request: web.Request) -> web.StreamResponse:
    await api_trainer(request)
    doc, title, _deck = await request.app[LIBRARY].document(request.match_info["deck"])
    return await deck_zip_response(request, doc, title)


async def schema(request: web.Request) -> web.Response:
    await api_trainer(request)
    return web.json_response(document_schema())


async def markdown(request: web.Request) -> web.Response:
    """Markdown as the candidate's desk shows it: CommonMark with no raw HTML."""
    await api_trainer(request)
    body = await read_body(request, Markdown)
    return web.json_response({"html": render_markdown(body.text)})


ENDPOINTS = (
    Endpoint(
        "POST", "/api/decks/new", create_deck, "A new deck, empty or from a document", NewDeck
    ),
    Endpoint("POST", "/api/decks/check", check_deck_document, "Check a deck document", CheckDeck),
    Endpoint("GET", "/api/decks/schema", schema, "JSON Schema of a deck document"),
    Endpoint("POST", "/api/markdown", markdown, "Markdown rendered safely (no raw HTML)", Markdown),
    Endpoint("GET", "/api/decks/{deck}", get_deck, "A deck as one document, with its problems"),
    Endpoint(
        "PUT", "/api/decks/{deck}", save_deck, "Save a version (409 if saved since)", SaveDeck
    ),
    Endpoint("DELETE", "/api/decks/{deck}", delete, "Delete a deck no exam was made on"),
    Endpoint("GET", "/api/decks/{deck}/versions", versions, "A deck's history, in words"),
    Endpoint("GET", "/api/decks/{deck}/versions/{version}", version, "One version's document"),
    Endpoint("GET", "/api/decks/{deck}/diff", compare, "Two versions' difference in words"),
    Endpoint("POST", "/api/decks/{deck}/restore", restore, "Bring an old version back", Restore),
    Endpoint("POST", "/api/decks/{deck}/publish", publish, "Let exams use a version", Publish),
    Endpoint("POST", "/api/decks/{deck}/archive", archive, "Archive or bring back", Archive),
    Endpoint("POST", "/api/decks/{deck}/duplicate", duplicate, "Copy any deck", Duplicate),
    Endpoint("GET", "/api/decks/{deck}/zip", download, "The deck as a zip of its files"),
)
