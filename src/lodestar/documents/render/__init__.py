"""The four formats of a whole document, laid out from one assembled document (assemble.py).

Every renderer is deterministic: the same assembled document gives the same bytes (fixed timestamps
and metadata in PDF, DOCX and XLSX), so that a version rendered again from its issued snapshot has the
sha256 it was issued with.
"""

from __future__ import annotations

import base64
import datetime
import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from lodestar.core.charts import STATIC_WIDTH
from lodestar.core.languages import django_code

from ..assemble import Assembled, Part, fallback_notes
from ..figures import OutFigure, figure_png, figure_svg

FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Office files are zip archives whose entries carry the time they were written: all get this one.
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)


def _figure_html(figure: OutFigure, rtl: bool) -> str:
    """The chart as inline SVG; as a PNG for right-to-left text, which WeasyPrint draws reversed in
    SVG (the same picture at print scale, shown at the chart's own width)."""
    if not rtl:
        return figure_svg(figure)
    data = base64.b64encode(figure_png(figure)).decode("ascii")
    return format_html(
        '<img src="data:image/png;base64,{}" width="{}" alt="{}">', data, STATIC_WIDTH, figure.caption
    )


def _blocks(doc: Assembled) -> list[tuple[Part, list[tuple[str, Any, Any]]]]:
    """Each part with its tables (and their notes on untranslated text) and figures (drawn), in order."""
    parts = []
    for part in doc.parts:
        blocks: list[tuple[str, Any, Any]] = []
        for kind, block in part.blocks():
            if isinstance(block, OutFigure):
                blocks.append((kind, block, mark_safe(_figure_html(block, doc.rtl))))  # vl-convert wrote it
            else:
                blocks.append((kind, block, fallback_notes(block, doc.lang)))
        parts.append((part, blocks))
    return parts


def render_html(doc: Assembled) -> bytes:
    with translation.override(django_code(doc.lang)):
        context = {"doc": doc, "parts": _blocks(doc)}
        return render_to_string("documents/whole.html", context).encode("utf-8")


def render_pdf(doc: Assembled) -> bytes:
    from weasyprint import HTML

    # No creation date and a fixed identifier: WeasyPrint otherwise stamps each run differently.
    html = HTML(string=render_html(doc).decode("utf-8"))
    return html.write_pdf()


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry dated FIXED_TIME, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def render_docx(doc: Assembled) -> bytes:
    from .docx import build_docx

    return fixed_zip(build_docx(doc, FIXED_TIME))


def render_xlsx(doc: Assembled) -> bytes:
    from .xlsx import build_xlsx

    return fixed_zip(build_xlsx(doc, FIXED_TIME))


RENDERERS: dict[str, Callable[[Assembled], bytes]] = {
    "html": render_html,
    "pdf": render_pdf,
    "docx": render_docx,
    "xlsx": render_xlsx,
}


def file_name(symbol: str, lang: str, fmt: str) -> str:
    safe = "".join(ch if ch.isalnum() else "_" for ch in symbol).strip("_")
    return f"{safe}-{lang}.{fmt}"
