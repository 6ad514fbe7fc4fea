"""A deck document downloaded as a zip of its files: what ``omnisim deck check`` reads, and
what an upload reads back as the same deck."""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from typing import Any

from aiohttp import web

from omnisim.deck.document import files_of

# A fixed date for every member: the same deck downloads as the same bytes.
_WHEN = (2026, 1, 1, 0, 0, 0)


def deck_zip(doc: Any, folder: str) -> bytes:
    """The document's files under ``folder/`` in a zip (pure, CPU: call in a thread)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relpath, text in sorted(files_of(doc).files.files.items()):
            info = zipfile.ZipInfo(f"{folder}/{relpath}", _WHEN)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def file_name(title: str) -> str:
    """A plain file name from a deck's title ("Dossier école : plateau" → dossier-ecole-plateau)."""
    plain = title.lower().translate(str.maketrans("àâäçéèêëîïôöùûüÿœæ", "aaaceeeeiioouuuyoa"))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "deck"


async def deck_zip_response(request: web.Request, doc: Any, title: str) -> web.Response:
    name = file_name(title)
    data = await asyncio.to_thread(deck_zip, doc, name)
    return web.Response(
        body=data,
        content_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}.zip"'},
    )
