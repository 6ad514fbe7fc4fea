"""Parsing a deck from its texts: every problem reported at once, each with file, line, column.

Pure: the texts come from omnisim/deck/files.py (a folder or an uploaded zip), so
a deck frozen into an exam parses the same forever. ``read_deck``, ``check_deck``
and ``load_deck`` read a folder first, for the callers that start from a path.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from omnisim.deck.advice import advise
from omnisim.deck.channel_rules import ChannelRules
from omnisim.deck.files import DeckFiles, markdown_fits, read_folder
from omnisim.deck.model import (
    ARRIVAL_CLOCK,
    Article,
    Contact,
    CrmRecord,
    Deck,
    Document,
    Principal,
    Template,
)
from omnisim.deck.parsed import Loaded
from omnisim.deck.scripts import DiagnosticScript, ScriptError, parse_script
from omnisim.deck.validate import cross_check
from omnisim.deck.yamlpos import (
    DeckError,
    DeckProblem,
    Source,
    charge,
    deck_budget,
    load_text,
    located,
    parse_yaml,
    schema_text,
)
from omnisim.i18n import Text
from omnisim.schema import build, problems

__all__ = ["DeckError", "DeckProblem", "Loaded", "check_files", "check_files_warned", "read_deck"]

SECTION_FILES = {
    "principals": ("principals.yaml", Principal),
    "crm": ("crm.yaml", CrmRecord),
    "documents": ("documents.yaml", Document),
}
_TIME = re.compile(ARRIVAL_CLOCK)
_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


def seconds(value: Any) -> Any:
    """ "MM:SS" (minutes past 59 too) or "HH:MM:SS" into seconds; other values are left for
    the schema to judge."""
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        hours, minutes, alone, seconds = (int(g) if g else 0 for g in m.groups())
        return float(hours * 3600 + (minutes or alone) * 60 + seconds)
    return value


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter of a Markdown file (between --- lines), and the body after it."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    head = load_text(text[3:end]) or {}
    return (head if isinstance(head, dict) else {}), text[end + 4 :].lstrip("\n")


def _typed(cls: type, data: Any, src: Source, prefix: str, found: list[DeckProblem]) -> Any:
    errors = problems(cls, data, prefix)
    if errors:
        found += [src.problem(e.field, schema_text(e)) for e in errors]
        return None
    return build(cls, data, prefix)


def _in_folder(files: DeckFiles, folder: str, ext: str) -> list[str]:
    """Paths of ``folder/*ext`` in the deck, sorted as a directory listing would be."""
    return sorted(p for p in files.files if p.startswith(f"{folder}/") and p.endswith(ext))


def _contact(src: Source, prefix: str, data: Any, found: list[DeckProblem]) -> Contact | None:
    """One contact typed from its data (a copy is normalised: the parsed data stays intact)."""
    if isinstance(data, dict) and data.get("extra") is True:
        if "at" in data:  # a library contact arrives when injected, never at a time
            found.append(src.problem(f"{prefix}.at" if prefix else "at", Text("deckerr.extra_at")))
            return None
        data = {**data, "at": 0.0}
    elif isinstance(data, dict) and "at" in data:
        data = {**data, "at": seconds(data["at"])}
    contact: Contact | None = _typed(Contact, data, src, prefix, found)
    return contact


@lru_cache(maxsize=2048)
def _contact_file(
    text: str, file: str, stem: str
) -> tuple[Source | None, Contact | None, tuple[DeckProblem, ...]]:
    """A contact file read and typed, once per text: the studio checks a whole deck at each
    change, and a 200-contact deck changes one contact at a time. Read under a budget of its
    own (the result may not depend on the deck's), then charged to the deck's by the caller."""
    found: list[DeckProblem] = []
    with deck_budget():
        src = parse_yaml(text, file, found)
    if src is None:
        return None, None, tuple(found)
    data = {"id": stem, **src.data} if isinstance(src.data, dict) else src.data
    contact = _contact(src, "", data, found)
    return src, contact, tuple(found)


def _contacts(
    files: DeckFiles, settings: Source, found: list[DeckProblem]
) -> tuple[list[Contact], dict[str, tuple[Source, str]]]:
    typed: list[tuple[Source, str, Contact]] = []
    inline = settings.data.get("contacts") if isinstance(settings.data, dict) else None
    if isinstance(inline, list):
        for i, item in enumerate(inline):
            contact = _contact(settings, f"contacts[{i}]", item, found)
            if contact is not None:
                typed.append((settings, f"contacts[{i}]", contact))
    elif inline is not None:
        found.append(settings.problem("contacts", Text("deckerr.expected_list", name="contacts")))
    for relpath in _in_folder(files, "contacts", ".yaml"):
        stem = PurePosixPath(relpath).stem
        text = files.files[relpath]
        src, one, problems = _contact_file(text, files.where(relpath), stem)
        found += problems
        if (over := charge(src.values if src else 0, len(text))) is not None:
            found.append(located(files.where(relpath), 1, 1, "", over))
            break
        if src is not None and one is not None:
            typed.append((src, "", one))
    contacts: list[Contact] = []
    where: dict[str, tuple[Source, str]] = {}
    for src, prefix, contact in typed:
        if contact.id in where:
            first = where[contact.id][0].file
            twice = Text("deckerr.duplicate_contact", id=contact.id, first=first)
            found.append(src.problem(f"{prefix}.id" if prefix else "id", twice))
            continue
        where[contact.id] = (src, prefix)
        contacts.append(contact)
    contacts.sort(key=lambda c: (c.at, c.id))
    return contacts, where


def _markdown_items(files: DeckFiles, kind: str, found: list[DeckProblem]) -> list[Any]:
    items: list[Any] = []
    for relpath in _in_folder(files, kind, ".md"):
        text, stem, file = files.files[relpath], PurePosixPath(relpath).stem, files.where(relpath)
        if kind == "knowledge":
            title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), stem)
            items.append(Article(stem, title, text))
            continue
        try:
            head, body = front_matter(text)
        except yaml.YAMLError as exc:
            found.append(located(file, 1, 1, "", Text("deckerr.front_matter", reason=str(exc))))
            continue
        data = {
            "id": stem,
            "title": head.get("title", stem),
            "channel": head.get("channel", "email"),
            "body": body,
            "variables": list(dict.fromkeys(_VARIABLE.findall(body))),
        }
        src = Source(file, data, {"": (1, 1), "channel": (2, 1), "title": (2, 1)})
        template = _typed(Template, data, src, "", found)
        if template is not None:
            items.append(template)
    return items


def _own_scripts(files: DeckFiles, found: list[DeckProblem]) -> list[DiagnosticScript]:
    """The deck's own diagnostic scripts (``scripts/*.yaml``), in the bundled scripts' format."""
    scripts: list[DiagnosticScript] = []
    for relpath in _in_folder(files, "scripts", ".yaml"):
        file = files.where(relpath)
        try:
            scripts.append(parse_script(files.files[relpath], file))
        except ScriptError as exc:
            found.append(located(file, 1, 1, exc.field, exc.text))
    return scripts


def with_own_scripts(
    bundled: Mapping[str, DiagnosticScript], deck: Deck | None
) -> dict[str, DiagnosticScript]:
    """The scripts a deck plays with: the bundled ones, shadowed by the deck's own (same id)."""
    own = {s.id: s for s in deck.scripts} if deck is not None else {}
    return {**bundled, **own}


def _section(
    name: str, files: DeckFiles, settings: Source, data: dict[str, Any], found: list[DeckProblem]
) -> tuple[list[Any], tuple[Source, str]] | None:
    """Principals, CRM records or documents, from their own file or inline in deck.yaml."""
    filename, cls = SECTION_FILES[name]
    if filename in files.files:
        if name in data:
            found.append(settings.problem(name, Text("deckerr.defined_twice", file=filename)))
        src = parse_yaml(files.files[filename], files.where(filename), found)
        if src is None:
            return None
        if not isinstance(src.data, list):
            found.append(src.problem("", Text("deckerr.expected_list", name=name)))
            return None
        typed = (_typed(cls, item, src, f"[{i}]", found) for i, item in enumerate(src.data))
        return [x for x in typed if x], (src, "")
    if name not in data:
        return None
    items = data[name] if isinstance(data[name], list) else []
    typed = (_typed(cls, item, settings, f"{name}[{i}]", found) for i, item in enumerate(items))
    return [x for x in typed if x], (settings, name)


def parse_deck(files: DeckFiles) -> Loaded:
    """Parse and type-check a deck's texts; cross-references are checked by ``check_files``.

    All its YAML files share one budget of values (omnisim/deck/yamlpos.py)."""
    with deck_budget():
        return _parse_deck(files)


def _parse_deck(files: DeckFiles) -> Loaded:
    found: list[DeckProblem] = []
    if "deck.yaml" not in files.files:
        missing = located(files.where("deck.yaml"), 1, 1, "", Text("deckerr.no_settings"))
        return Loaded(None, [missing], files=files)
    for relpath, text in files.files.items():  # a studio's document, as a zip's files
        markdown_fits(relpath, text, files.where(relpath), found)
    settings = parse_yaml(files.files["deck.yaml"], files.where("deck.yaml"), found)
    if settings is None:
        return Loaded(None, found, files=files)
    if not isinstance(settings.data, dict):
        found.append(settings.problem("", Text("deckerr.settings_not_mapping")))
        return Loaded(None, found, settings, files=files)
    data = dict(settings.data)
    if "path" in data:
        found.append(settings.problem("path", Text("deckerr.path_field")))
    if "scripts" in data:
        found.append(settings.problem("scripts", Text("deckerr.scripts_field")))
    sections: dict[str, tuple[Source, str]] = {}
    parts: dict[str, Any] = {}
    for name in SECTION_FILES:
        section = _section(name, files, settings, data, found)
        if section is not None:
            parts[name], sections[name] = section
        data.pop(name, None)
    contacts, where = _contacts(files, settings, found)
    data.pop("contacts", None)
    if "briefing.md" in files.files:
        data.setdefault("briefing", files.files["briefing.md"])
    base = _typed(Deck, data, settings, "", found)
    if base is not None and not base.grid and base.grids:
        base = dataclasses.replace(base, grid=base.grids[0])  # the first named is the default
    if base is None or found:
        return Loaded(None, found, settings, sections, where, files)
    deck = dataclasses.replace(
        base,
        principals=tuple(parts.get("principals", ())),
        crm=tuple(parts.get("crm", ())),
        documents=tuple(parts.get("documents", ())),
        knowledge=tuple(_markdown_items(files, "knowledge", found)),
        templates=tuple(_markdown_items(files, "templates", found)),
        contacts=tuple(contacts),
        scripts=tuple(_own_scripts(files, found)),
        path=files.root,
    )
    return Loaded(deck, found, settings, sections, where, files)


def check_files(
    files: DeckFiles,
    scripts: Mapping[str, DiagnosticScript],
    rules: Mapping[str, ChannelRules],
    grids: Collection[str],
) -> tuple[Deck | None, list[DeckProblem]]:
    """The deck (None when unusable) and every problem, checked against these bundled data
    (scripts, channel rules and the ids of the grids a deck may name)."""
    deck, found, _warnings = check_files_warned(files, scripts, rules, grids)
    return deck, found


def check_files_warned(
    files: DeckFiles,
    scripts: Mapping[str, DiagnosticScript],
    rules: Mapping[str, ChannelRules],
    grids: Collection[str],
) -> tuple[Deck | None, list[DeckProblem], list[DeckProblem]]:
    """:func:`check_files` with the warnings (advice.py): what loads, plays and grades less."""
    loaded = parse_deck(files)
    found = list(loaded.problems)
    if loaded.deck is not None:
        found += cross_check(loaded, with_own_scripts(scripts, loaded.deck), rules, grids)
    return (loaded.deck if not found else None), found, advise(loaded)


def read_deck(path: str | Path) -> Loaded:
    """Read a deck folder and parse it; its ``path`` is the folder's absolute path."""
    files, found = read_folder(path)
    if found and "deck.yaml" not in files.files:
        return Loaded(None, found, files=files)  # the reading problem says why
    loaded = parse_deck(files)
    deck = loaded.deck
    if deck is not None:
        deck = None if found else dataclasses.replace(deck, path=str(Path(files.root).resolve()))
    return dataclasses.replace(loaded, deck=deck, problems=found + loaded.problems)
