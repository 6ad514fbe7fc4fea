"""Markdown of the deck (briefing, knowledge articles) rendered as safe HTML for the desk.

markdown-it-py with raw HTML disabled: a deck's ``<script>`` becomes text, and its link
validator drops ``javascript:`` and other unsafe URLs. The result is the only HTML the
candidate's page inserts as such.
"""

from __future__ import annotations

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render_markdown(text: str) -> str:
    """Sanitized HTML of ``text`` (CommonMark, no raw HTML)."""
    return _MD.render(text)
