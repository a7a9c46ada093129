"""The four formats of a whole document, laid out from one assembled document (assemble.py).

Every renderer is deterministic: the same assembled document gives the same bytes (fixed timestamps
and metadata in PDF, DOCX and XLSX), so that a version rendered again from its issued snapshot has the
sha256 it was issued with.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation

from lodestar.core.languages import django_code

from ..assemble import Assembled

FORMATS = ("html", "pdf", "docx", "xlsx")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Office files are zip archives whose entries carry the time they were written: all get this one.
FIXED_TIME = datetime.datetime(2000, 1, 1, 0, 0, 0)


def render_html(doc: Assembled) -> bytes:
    with translation.override(django_code(doc.lang)):
        return render_to_string("documents/whole.html", {"doc": doc}).encode("utf-8")


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
