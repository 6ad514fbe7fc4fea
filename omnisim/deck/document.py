"""A whole deck as one JSON document, and the pure conversions to and from its files.

The deck studio edits this document (settings, briefing, principals, CRM records,
knowledge articles, templates, the deck's own diagnostic scripts and contacts; the case
file's documents and wrap-up codes are settings, written inline in deck.yaml); a deck
in the library is kept as one. It holds the deck's data *as written*, before typing
(like the YAML files do): a number typed where text is expected stays in it, so a
draft keeps everything typed and its check names the field to fix.

``files_of(document_of(files))`` is a deck with the same meaning as ``files`` (comments
and file names aside), and ``document_of(files_of(doc))`` is ``doc`` again once ``doc``
came from files: the download of a studio deck passes ``omnisim deck check`` and,
uploaded again, gives the same document.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

import yaml

from omnisim.deck.files import DeckFiles
from omnisim.deck.loader import front_matter, seconds
from omnisim.deck.timeline import clock
from omnisim.deck.yamlpos import DeckProblem, Source, deck_budget, located, parse_yaml
from omnisim.i18n import Text

FORMAT = 1
LISTS = ("principals", "crm", "knowledge", "templates", "scripts", "contacts")
SECTIONS = ("settings", "briefing", *LISTS)
# Parts whose file name is their id (the loader reads the id from the stem).
BY_STEM = {"knowledge": ".md", "templates": ".md", "scripts": ".yaml"}
_INLINE = ("principals", "crm", "contacts")  # deck.yaml may hold these lists itself
_SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def empty_document() -> dict[str, Any]:
    """A deck with nothing in it yet (the studio's « new deck »)."""
    return {"format": FORMAT, "settings": {}, "briefing": "", **{name: [] for name in LISTS}}


def _json(value: Any) -> Any:
    """YAML data as JSON can hold it: dates as ISO text, keys as text."""
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def _arrival(contact: Any) -> Any:
    """A contact with ``at`` in seconds when written as a clock ("25:00"), as loaded."""
    if isinstance(contact, dict) and "at" in contact:
        at = seconds(contact["at"])
        if isinstance(at, float) and at.is_integer():
            at = int(at)
        return {**contact, "at": at}
    return contact


@dataclass(frozen=True)
class Read:
    """The document read from files, or None with the problems that prevent reading it."""

    document: dict[str, Any] | None
    problems: list[DeckProblem]


def document_of(files: DeckFiles) -> Read:
    """The document of a deck's files; YAML that cannot be read, or no deck.yaml, stops it.
    All its YAML files share one budget of values (omnisim/deck/yamlpos.py)."""
    with deck_budget():
        return _document_of(files)


def _document_of(files: DeckFiles) -> Read:
    found: list[DeckProblem] = []

    def data(relpath: str) -> Any:
        src = parse_yaml(files.files[relpath], files.where(relpath), found)
        return None if src is None else _json(src.data)

    if "deck.yaml" not in files.files:
        return Read(
            None, [located(files.where("deck.yaml"), 1, 1, "", Text("deckerr.no_settings"))]
        )
    settings = data("deck.yaml")
    if found:
        return Read(None, found)
    if not isinstance(settings, dict):
        problem = Source(files.where("deck.yaml")).problem("", Text("deckerr.settings_not_mapping"))
        return Read(None, [problem])
    doc = empty_document()
    inline = {name: settings.pop(name) for name in _INLINE if name in settings}
    briefing = settings.pop("briefing", files.files.get("briefing.md", ""))
    doc["settings"], doc["briefing"] = settings, briefing
    for name in ("principals", "crm"):
        doc[name] = data(f"{name}.yaml") if f"{name}.yaml" in files.files else inline.get(name, [])
    if "documents.yaml" in files.files and "documents" not in settings:
        settings["documents"] = data("documents.yaml")  # a setting: deck.yaml may hold it
    contacts = inline.get("contacts", [])
    doc["contacts"] = list(contacts) if isinstance(contacts, list) else contacts
    for relpath in _listed(files, "contacts", ".yaml"):
        contact = data(relpath)
        if isinstance(contact, dict) and "id" not in contact:
            contact = {"id": PurePosixPath(relpath).stem, **contact}
        if isinstance(doc["contacts"], list):
            doc["contacts"].append(contact)
    if isinstance(doc["contacts"], list):
        doc["contacts"] = [_arrival(c) for c in doc["contacts"]]
    for relpath in _listed(files, "knowledge", ".md"):
        doc["knowledge"].append({"id": PurePosixPath(relpath).stem, "body": files.files[relpath]})
    for relpath in _listed(files, "templates", ".md"):
        stem = PurePosixPath(relpath).stem
        try:
            head, body = front_matter(files.files[relpath])
        except yaml.YAMLError as exc:
            where = files.where(relpath)
            found.append(located(where, 1, 1, "", Text("deckerr.front_matter", reason=str(exc))))
            continue
        title, channel = _json(head.get("title", stem)), _json(head.get("channel", "email"))
        doc["templates"].append({"id": stem, "title": title, "channel": channel, "body": body})
    for relpath in _listed(files, "scripts", ".yaml"):
        doc["scripts"].append(data(relpath))
    return Read(None, found) if found else Read(doc, [])


def _listed(files: DeckFiles, folder: str, ext: str) -> list[str]:
    return sorted(p for p in files.files if p.startswith(f"{folder}/") and p.endswith(ext))


def _dump(data: Any) -> str:
    """YAML text of ``data``, written once per value: the studio writes a whole deck at each
    change, and a 200-contact deck changes one part at a time."""
    return _dumped(json.dumps(data, ensure_ascii=False))


@lru_cache(maxsize=2048)
def _dumped(canonical: str) -> str:
    return yaml.dump(
        json.loads(canonical),
        Dumper=_DUMPER,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )


def _slug(value: Any) -> str:
    text = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")[:40]
    return text or "contact"


def _clocked(contact: Any) -> Any:
    """``at`` written as a trainer reads it ("0:25:00") when it is a whole number of seconds."""
    at = contact.get("at") if isinstance(contact, dict) and not contact.get("extra") else None
    if isinstance(at, bool) or not isinstance(at, (int, float)):
        return contact
    if at >= 0 and float(at).is_integer():
        return {**contact, "at": clock(float(at))}
    return contact


@dataclass(frozen=True)
class Written:
    """A document's files, where each file's data sits in the document, and what could not
    be written as a file (an id that cannot name one, or names two)."""

    files: DeckFiles
    places: Mapping[str, str]  # relpath -> document path of what the file holds
    problems: list[tuple[str, Text]]  # (document path, reason)


def files_of(doc: Mapping[str, Any], root: str = "deck") -> Written:
    """The deck's files for ``doc`` (pure); ``root`` names the deck in located problems."""
    texts: dict[str, str] = {}
    places: dict[str, str] = {}
    refused: list[tuple[str, Text]] = []
    settings = doc.get("settings", {})
    settings = dict(settings) if isinstance(settings, dict) else settings
    briefing = doc.get("briefing", "")
    if isinstance(briefing, str):
        if briefing.strip():
            texts["briefing.md"], places["briefing.md"] = briefing, "briefing"
    elif isinstance(settings, dict):
        settings["briefing"] = briefing  # not text: the check says so, at deck.yaml's field
    texts["deck.yaml"], places["deck.yaml"] = _dump(settings), "settings"
    for name in ("principals", "crm"):
        items = doc.get(name, [])
        if items != []:
            texts[f"{name}.yaml"], places[f"{name}.yaml"] = _dump(items), name
    contacts = doc.get("contacts", [])
    if isinstance(contacts, list):
        width = max(3, len(str(len(contacts))))
        for index, contact in enumerate(contacts):
            named = contact.get("id") if isinstance(contact, dict) else ""
            if isinstance(contact, dict) and not (isinstance(named, str) and named.strip()):
                refused.append((f"contacts[{index}].id", Text("deckerr.doc_contact_id")))
            relpath = f"contacts/{index + 1:0{width}d}-{_slug(named)}.yaml"
            texts[relpath], places[relpath] = _dump(_clocked(contact)), f"contacts[{index}]"
    elif isinstance(settings, dict):
        settings["contacts"] = contacts
        texts["deck.yaml"] = _dump(settings)
    for name, ext in BY_STEM.items():
        items = doc.get(name, [])
        if not isinstance(items, list):
            refused.append((name, Text("deckerr.expected_list", name=name)))
            continue
        for index, item in enumerate(items):
            where = f"{name}[{index}]"
            stem = item.get("id") if isinstance(item, dict) else None
            if not isinstance(stem, str) or not _SAFE_STEM.match(stem):
                refused.append((f"{where}.id", Text("deckerr.doc_file_id")))
                continue
            relpath = f"{name}/{stem}{ext}"
            if relpath in texts:
                refused.append((f"{where}.id", Text("deckerr.duplicate_id", id=stem)))
                continue
            texts[relpath], places[relpath] = _item_text(name, item), where
    return Written(DeckFiles(root, texts), places, refused)


def _item_text(name: str, item: dict[str, Any]) -> str:
    if name == "knowledge":
        return str(item.get("body", ""))
    if name == "templates":
        head = {k: item[k] for k in ("title", "channel") if k in item}
        return f"---\n{_dump(head)}---\n{item.get('body', '')}"
    return _dump(item)
