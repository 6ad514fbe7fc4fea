"""A deck as texts in memory, read from a folder or from an uploaded zip: the only deck I/O.

Parsing (omnisim/deck/loader.py) works on these texts alone, so a deck frozen into
an exam never depends on the files on disk again. An upload is never written to
disk and is read with caps, so a hostile archive costs little to refuse.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath

from omnisim.deck.frozen import FrozenDict
from omnisim.deck.yamlpos import DeckProblem, located
from omnisim.i18n import Text

MAX_FILE_BYTES = 1024 * 1024
# A Markdown text (briefing, article, template) is rendered for every desk; markdown-it's
# time grows faster than its length on some texts (16 KB of "[" take a second, 64 KB six),
# and a deck's Markdown is a few hundred words.
MAX_MARKDOWN_CHARS = 16 * 1024
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 2000
TOP_FILES = ("deck.yaml", "principals.yaml", "crm.yaml", "documents.yaml", "briefing.md")
FOLDERS = {"contacts": ".yaml", "knowledge": ".md", "templates": ".md", "scripts": ".yaml"}
_CENTRAL_ENTRY = b"PK\x01\x02"  # starts every member's entry in a zip's directory
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class DeckFiles:
    """A deck's texts by posix path relative to its root; ``root`` names the deck in problems."""

    root: str
    files: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "files", FrozenDict(self.files))

    def where(self, relpath: str) -> str:
        """How a problem names the file: for a folder deck, the path it was read from."""
        return f"{self.root.rstrip('/')}/{relpath}" if self.root else relpath


def is_deck_file(relpath: str) -> bool:
    """A file the deck format reads; anything else in a folder or an archive is ignored."""
    parts = relpath.split("/")
    if len(parts) == 1:
        return parts[0] in TOP_FILES
    ext = FOLDERS.get(parts[0])
    return len(parts) == 2 and ext is not None and parts[1].endswith(ext) and parts[1] != ext


def _problem(file: str, message: Text, line: int = 1) -> DeckProblem:
    return located(file, line, 1, "", message)


def decode(raw: bytes, where: str, found: list[DeckProblem]) -> str | None:
    """The text, or None with a problem: binary, not UTF-8, or empty."""
    if b"\0" in raw:
        line = raw[: raw.index(b"\0")].count(b"\n") + 1
        found.append(_problem(where, Text("deckerr.binary"), line))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        found.append(_problem(where, Text("deckerr.not_utf8"), line))
        return None
    if not text.strip():
        found.append(_problem(where, Text("deckerr.empty")))
        return None
    return text


def markdown_fits(relpath: str, text: str, where: str, found: list[DeckProblem]) -> bool:
    """False, with the problem, for a Markdown text longer than :data:`MAX_MARKDOWN_CHARS`
    (read from files, or written in the studio)."""
    if relpath.endswith(".md") and len(text) > MAX_MARKDOWN_CHARS:
        long = Text("deckerr.markdown_too_long", size=str(len(text)), limit=str(MAX_MARKDOWN_CHARS))
        found.append(_problem(where, long))
        return False
    return True


def _too_large(size: int) -> Text:
    return Text("deckerr.file_too_large", size=str(size), limit=str(MAX_FILE_BYTES))


def _read_file(path: Path, found: list[DeckProblem]) -> str | None:
    where = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            found.append(_problem(where, _too_large(size)))
            return None
        raw = path.read_bytes()
    except OSError as exc:
        found.append(_problem(where, Text("deckerr.unreadable", reason=str(exc.strerror))))
        return None
    return decode(raw, where, found)


def read_folder(path: str | Path) -> tuple[DeckFiles, list[DeckProblem]]:
    """The deck's files under ``path`` (a folder, or its deck.yaml) and the unreadable ones."""
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    names = ["deck.yaml"] + [n for n in TOP_FILES[1:] if (folder / n).exists()]
    for sub, ext in FOLDERS.items():
        names += [f"{sub}/{p.name}" for p in sorted((folder / sub).glob(f"*{ext}"))]
    found: list[DeckProblem] = []
    files = {
        n: text
        for n in names
        if (text := _read_file(folder / n, found)) is not None
        and markdown_fits(n, text, str(folder / n), found)
    }
    return DeckFiles(str(folder), files), found


def _unsafe(info: zipfile.ZipInfo) -> Text:
    """Why this member is refused whatever it holds, or the empty text."""
    path = info.filename.replace("\\", "/")
    if path.startswith("/") or _DRIVE.match(path):
        return Text("deckerr.zip_absolute")
    if ".." in path.split("/"):
        return Text("deckerr.zip_dotdot")
    if stat.S_ISLNK(info.external_attr >> 16):
        return Text("deckerr.zip_symlink")
    if info.flag_bits & 0x1:
        return Text("deckerr.zip_encrypted")
    if not info.is_dir() and info.file_size > MAX_FILE_BYTES:
        return _too_large(info.file_size)
    return Text()


def _members(infos: list[zipfile.ZipInfo]) -> tuple[dict[str, zipfile.ZipInfo], list[str]]:
    """Deck files by path inside the deck (a single top folder stripped), and duplicates."""
    kept = [
        i
        for i in infos
        if not i.is_dir()
        and not i.filename.startswith("__MACOSX/")
        and not any(part.startswith(".") for part in i.filename.split("/"))
    ]
    names = [i.filename for i in kept]
    top = {n.split("/", 1)[0] for n in names}
    if "deck.yaml" not in names and len(top) == 1 and all("/" in n for n in names):
        cut = len(top.pop()) + 1
        names = [n[cut:] for n in names]
    members: dict[str, zipfile.ZipInfo] = {}
    twice: list[str] = []
    for name, info in zip(names, kept, strict=True):
        if is_deck_file(name):
            if name in members:
                twice.append(info.filename)
            members[name] = info
    return members, twice


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | Text:
    """The member's bytes, read with a cap whatever its header declares, or why not."""
    try:
        with archive.open(info) as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, zlib.error, OSError) as exc:
        return Text("deckerr.zip_member_unreadable", reason=str(exc))
    if len(raw) > MAX_FILE_BYTES:
        return Text("deckerr.zip_member_too_large", limit=str(MAX_FILE_BYTES))
    return raw


def read_zip(data: bytes, name: str) -> tuple[DeckFiles | None, list[DeckProblem]]:
    """An uploaded deck, all in memory; None when the archive itself is refused.

    A refusal names the archive, or the member as stored in it; a problem inside a
    text names ``name/path-in-the-deck``, like any deck problem.
    """
    if len(data) > MAX_ARCHIVE_BYTES:
        size = Text("deckerr.zip_too_large", size=str(len(data)), limit=str(MAX_ARCHIVE_BYTES))
        return None, [_problem(name, size)]
    too_many = Text("deckerr.zip_too_many", limit=str(MAX_MEMBERS))
    if data.count(_CENTRAL_ENTRY) > MAX_MEMBERS:  # checked before parsing a single entry
        return None, [_problem(name, too_many)]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error):
        return None, [_problem(name, Text("deckerr.not_zip"))]
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            return None, [_problem(name, too_many)]
        refused = [_problem(i.filename, why) for i in infos if (why := _unsafe(i))]
        total = sum(i.file_size for i in infos)
        if total > MAX_ARCHIVE_BYTES:
            unzipped = Text(
                "deckerr.zip_unzipped_too_large", size=str(total), limit=str(MAX_ARCHIVE_BYTES)
            )
            refused.append(_problem(name, unzipped))
        if refused:
            return None, refused
        members, twice = _members(infos)
        refused = [_problem(n, Text("deckerr.zip_twice")) for n in twice]
        if "deck.yaml" not in members:
            refused.append(_problem(name, Text("deckerr.zip_no_settings")))
        if refused:
            return None, refused
        found: list[DeckProblem] = []
        files: dict[str, str] = {}
        for relpath, info in sorted(members.items()):  # never more than declared: checked above
            raw = _read_member(archive, info)
            where = str(PurePath(name, relpath))
            if isinstance(raw, Text):
                refused.append(_problem(info.filename, raw))
            elif (text := decode(raw, where, found)) is not None and markdown_fits(
                relpath, text, where, found
            ):
                files[relpath] = text
    if refused:
        return None, refused
    return DeckFiles(name, files), found
