"""Reading a deck folder: every problem reported at once, each with file, line, column, field.

A deck is written by hand by trainers, so a mistake must point at the exact spot:
YAML is composed into nodes (which carry their line and column), each field path
("contacts[2].key.sla_minutes") is mapped to its node, and schema problems are
reported at the node of the field, or of the nearest enclosing one.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from omnisim.deck.model import (
    Article,
    Contact,
    CrmRecord,
    Deck,
    Principal,
    Template,
)
from omnisim.schema import build, problems

MAX_FILE_BYTES = 1024 * 1024
SECTION_FILES = {"principals": ("principals.yaml", Principal), "crm": ("crm.yaml", CrmRecord)}
_TIME = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$")
_VARIABLE = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")


@dataclass(frozen=True)
class DeckProblem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class DeckError(ValueError):
    """A deck that cannot be played; ``problems`` lists every one found."""

    def __init__(self, found: list[DeckProblem]) -> None:
        super().__init__("\n".join(str(p) for p in found))
        self.problems = found


@dataclass
class Source:
    """One file of the deck: its data and where each field path sits in it."""

    file: str
    data: Any = None
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: str) -> tuple[int, int]:
        """Line and column of ``path``, or of the nearest enclosing field that exists."""
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return (1, 1)
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""

    def problem(self, path: str, message: str) -> DeckProblem:
        line, column = self.at(path)
        return DeckProblem(self.file, line, column, path, message)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _walk(
    node: yaml.Node,
    path: str,
    marks: dict[str, tuple[int, int]],
    src: Source,
    found: list[DeckProblem],
) -> None:
    marks.setdefault(path, _mark(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            sub = f"{path}.{name}" if path else name
            if name in seen:
                line, column = _mark(key)
                found.append(
                    DeckProblem(src.file, line, column, sub, "duplicate key, each field once")
                )
            seen.add(name)
            marks[sub] = _mark(value) if isinstance(value, yaml.ScalarNode) else _mark(key)
            _walk(value, sub, marks, src, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{path}[{index}]", marks, src, found)


def read_text(path: Path, found: list[DeckProblem]) -> str | None:
    """The file's text, or None with a problem: missing, too large, binary, not UTF-8."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        found.append(DeckProblem(name, 1, 1, "", f"cannot read the file ({exc.strerror})"))
        return None
    if size > MAX_FILE_BYTES:
        found.append(
            DeckProblem(name, 1, 1, "", f"file of {size} bytes, at most {MAX_FILE_BYTES} expected")
        )
        return None
    raw = path.read_bytes()
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        found.append(DeckProblem(name, line, 1, "", "binary file, a UTF-8 text file was expected"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found.append(DeckProblem(name, line, 1, "", "not UTF-8 text, save the file as UTF-8"))
        return None
    if not text.strip():
        found.append(DeckProblem(name, 1, 1, "", "empty file, expected YAML content"))
        return None
    return text


def read_yaml(path: Path, found: list[DeckProblem]) -> Source | None:
    src = Source(str(path))
    text = read_text(path, found)
    if text is None:
        return None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        src.data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = getattr(exc, "problem", None) or str(exc)
        found.append(
            DeckProblem(
                src.file, line, column, "", f"invalid YAML: {reason} (check the indentation)"
            )
        )
        return None
    if node is not None:
        _walk(node, "", src.marks, src, found)
    return src


def _seconds(value: Any) -> Any:
    """ "MM:SS" or "HH:MM:SS" into seconds; other values are left for the schema to judge."""
    if isinstance(value, str) and (m := _TIME.match(value.strip())):
        hours, minutes, seconds = (int(g) if g else 0 for g in m.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    return value


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter of a Markdown file (between --- lines), and the body after it."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    head = yaml.safe_load(text[3:end]) or {}
    return (head if isinstance(head, dict) else {}), text[end + 4 :].lstrip("\n")


@dataclass
class Loaded:
    """A deck read from its folder, with the sources needed to locate later problems."""

    deck: Deck | None
    problems: list[DeckProblem]
    settings: Source | None = None
    sections: dict[str, tuple[Source, str]] = field(
        default_factory=dict
    )  # name -> (source, prefix)
    contacts: dict[str, tuple[Source, str]] = field(default_factory=dict)  # id -> (source, prefix)

    def locate(self, where: tuple[Source, str], path: str, message: str) -> DeckProblem:
        src, prefix = where
        return src.problem(
            f"{prefix}{path}" if path.startswith("[") or not prefix else f"{prefix}.{path}", message
        )


def _typed(cls: type, data: Any, src: Source, prefix: str, found: list[DeckProblem]) -> Any:
    errors = problems(cls, data, prefix)
    if errors:
        found += [src.problem(e.field, e.reason) for e in errors]
        return None
    return build(cls, data, prefix)


def _contacts(
    folder: Path, settings: Source, found: list[DeckProblem]
) -> tuple[list[Contact], dict[str, tuple[Source, str]]]:
    contacts: list[Contact] = []
    where: dict[str, tuple[Source, str]] = {}
    entries: list[tuple[Source, str, Any]] = []
    inline = settings.data.get("contacts") if isinstance(settings.data, dict) else None
    if isinstance(inline, list):
        entries += [(settings, f"contacts[{i}]", item) for i, item in enumerate(inline)]
    elif inline is not None:
        found.append(settings.problem("contacts", "expected a list of contacts"))
    for path in sorted((folder / "contacts").glob("*.yaml")):
        src = read_yaml(path, found)
        if src is None:
            continue
        if isinstance(src.data, dict):
            src.data.setdefault("id", path.stem)
        entries.append((src, "", src.data))
    for src, prefix, data in entries:
        if isinstance(data, dict) and "at" in data:
            data["at"] = _seconds(data["at"])
        contact = _typed(Contact, data, src, prefix, found)
        if contact is None:
            continue
        if contact.id in where:
            first = where[contact.id][0].file
            found.append(
                src.problem(
                    f"{prefix}.id" if prefix else "id",
                    f"duplicate contact id {contact.id!r} (also in {first})",
                )
            )
            continue
        where[contact.id] = (src, prefix)
        contacts.append(contact)
    contacts.sort(key=lambda c: (c.at, c.id))
    return contacts, where


def _markdown_items(folder: Path, kind: str, found: list[DeckProblem]) -> list[Any]:
    items: list[Any] = []
    for path in sorted((folder / kind).glob("*.md")):
        text = read_text(path, found)
        if text is None:
            continue
        if kind == "knowledge":
            title = next(
                (ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem
            )
            items.append(Article(path.stem, title, text))
            continue
        try:
            head, body = _front_matter(text)
        except yaml.YAMLError as exc:
            found.append(DeckProblem(str(path), 1, 1, "", f"invalid front matter: {exc}"))
            continue
        data = {
            "id": path.stem,
            "title": head.get("title", path.stem),
            "channel": head.get("channel", "email"),
            "body": body,
            "variables": list(dict.fromkeys(_VARIABLE.findall(body))),
        }
        src = Source(str(path), data, {"": (1, 1), "channel": (2, 1), "title": (2, 1)})
        template = _typed(Template, data, src, "", found)
        if template is not None:
            items.append(template)
    return items


def read_deck(path: str | Path) -> Loaded:
    """Read and type-check a deck; cross-references are checked by omnisim.deck.validate."""
    folder = Path(path)
    main = folder / "deck.yaml" if folder.is_dir() else folder
    folder = main.parent
    found: list[DeckProblem] = []
    settings = read_yaml(main, found)
    if settings is None:
        return Loaded(None, found)
    if not isinstance(settings.data, dict):
        found.append(settings.problem("", "expected the deck's settings as a mapping (key: value)"))
        return Loaded(None, found, settings)
    data = dict(settings.data)
    if "path" in data:
        found.append(settings.problem("path", "unknown field (the deck's path is where it lies)"))
    sections: dict[str, tuple[Source, str]] = {}
    parts: dict[str, Any] = {}
    for name, (filename, cls) in SECTION_FILES.items():
        file = folder / filename
        if file.exists():
            if name in data:
                found.append(settings.problem(name, f"defined here and in {filename}: keep one"))
            src = read_yaml(file, found)
            if src is None:
                continue
            items = src.data if isinstance(src.data, list) else None
            if items is None:
                found.append(src.problem("", f"expected a list of {name}"))
                continue
            sections[name] = (src, "")
            parts[name] = [
                x
                for x in (_typed(cls, item, src, f"[{i}]", found) for i, item in enumerate(items))
                if x
            ]
        elif name in data:
            sections[name] = (settings, name)
            items = data[name] if isinstance(data[name], list) else []
            parts[name] = [
                x
                for x in (
                    _typed(cls, item, settings, f"{name}[{i}]", found)
                    for i, item in enumerate(items)
                )
                if x
            ]
        data.pop(name, None)
    contacts, where = _contacts(folder, settings, found)
    data.pop("contacts", None)
    briefing = folder / "briefing.md"
    if briefing.exists():
        text = read_text(briefing, found)
        data.setdefault("briefing", text or "")
    base = _typed(Deck, data, settings, "", found)
    if base is None or found:
        return Loaded(None, found, settings, sections, where)
    deck = dataclasses.replace(
        base,
        principals=tuple(parts.get("principals", ())),
        crm=tuple(parts.get("crm", ())),
        knowledge=tuple(_markdown_items(folder, "knowledge", found)),
        templates=tuple(_markdown_items(folder, "templates", found)),
        contacts=tuple(contacts),
        path=str(folder.resolve()),
    )
    return Loaded(deck, found, settings, sections, where)


def check_deck(path: str | Path) -> tuple[Deck | None, list[DeckProblem]]:
    """The deck (None when unusable) and every problem found, cross-references included."""
    from omnisim.deck.validate import cross_check

    loaded = read_deck(path)
    found = list(loaded.problems)
    if loaded.deck is not None:
        found += cross_check(loaded)
    return (loaded.deck if not found else None), found


def load_deck(path: str | Path) -> Deck:
    deck, found = check_deck(path)
    if deck is None:
        raise DeckError(found)
    return deck
