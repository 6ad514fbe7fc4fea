"""Result sheets and procès-verbaux as printable HTML, and as PDF through WeasyPrint.

One template per document (web/templates/documents/), the same for the screen, the
browser's print and the PDF. Fonts are the system's (Debian fonts-dejavu-core: DejaVu
Sans/Serif, named in the stylesheet), found by WeasyPrint through fontconfig.
PDF rendering is CPU work: the web edge runs it in a thread.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from omnisim.documents.sheets import ResultSheet, SessionRecord
from omnisim.i18n import catalog, message, say, translator
from omnisim.paths import data_dir


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(data_dir("web") / "templates" / "documents"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["say"] = say
    env.globals["msg"] = message  # msg(lang, key, **params): a catalog text with its params
    return env


@cache
def stylesheet() -> str:
    """web/static/documents.css: linked by the HTML pages (the CSP forbids inline styles),
    inlined in the HTML given to WeasyPrint (which fetches nothing)."""
    return (data_dir("web") / "static" / "documents.css").read_text(encoding="utf-8")


def _html(template: str, doc: Any, pdf: bool, **extra: Any) -> str:
    env = environment()
    css = stylesheet() if pdf else ""
    return env.get_template(template).render(
        doc=doc,
        t=translator(doc.lang),
        has=catalog(doc.lang).__contains__,
        inline_css=css,
        **extra,
    )


def sheet_html(sheet: ResultSheet, links: dict[str, str] | None = None, pdf: bool = False) -> str:
    return _html("sheet.html", sheet, pdf, links=links or {})


def record_html(
    record: SessionRecord, links: dict[str, str] | None = None, pdf: bool = False
) -> str:
    return _html("record.html", record, pdf, links=links or {})


def to_pdf(html: str) -> bytes:
    """The HTML as PDF (A4, from the templates' @page rules); no network is ever fetched."""
    import weasyprint

    def no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise ValueError(f"documents fetch nothing: {url}")

    document = weasyprint.HTML(string=html, url_fetcher=no_fetch, base_url=".")
    pdf: bytes = document.write_pdf()
    return pdf
