"""Markdown of the deck (briefing, knowledge articles) rendered as safe HTML for the desk.

markdown-it-py with raw HTML disabled: a deck's ``<script>`` becomes text, and its link
validator drops ``javascript:`` and other unsafe URLs. The result is the only HTML the
candidate's page inserts as such.

Each desk, board and jury page shows the deck's Markdown: a text is rendered once per
process (kept by its content), not at every page, since a text can take markdown-it
a second (omnisim/deck/files.py caps its length).
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


@lru_cache(maxsize=512)
def render_markdown(text: str) -> str:
    """Sanitized HTML of ``text`` (CommonMark, no raw HTML)."""
    return _MD.render(text)
