"""Figures of whole documents: A/78/6 (Sect. 29C) draws its resources by object of expenditure and by
source of funding from the cells of tables 29C.13 and 29C.16, A/73/384 the implementation of the
Board's recommendations from annex III.II; each format is opened again (the PDF page to PNG and text,
the DOCX with python-docx, the XLSX with openpyxl) in English and Arabic. Data text shown in another
language is marked, with its note, in DOCX and XLSX as in HTML; drawn again from the issued
snapshot (as PostgreSQL returns it, keys reordered) every format has the same bytes."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from PIL import Image

from lodestar.core.models import ObjectChange
from lodestar.documents.assemble import Assembled, assemble, from_snapshot
from lodestar.documents.models import Document
from lodestar.documents.render import FORMATS, RENDERERS, render_docx, render_html, render_pdf, render_xlsx
from lodestar.documents.services import issue
from lodestar.reference.loader import Loader

pytestmark = pytest.mark.django_db
A78 = "A/78/6 (Sect. 29C)"
A73 = "A/73/384"
BAR = (76, 120, 168)  # Vega's first colour, #4c78a8


@pytest.fixture
def records(db: Any) -> dict[str, Document]:
    Loader().run()
    return {r.symbol: r for r in Document.objects.filter(symbol__in=[A78, A73])}


def figures(doc: Assembled) -> list[Any]:
    return [f for p in doc.parts for f in p.figures]


def table(doc: Assembled, number: str) -> Any:
    return next(t for p in doc.parts for t in p.tables if t.number == number)


def drawn(figure: Any) -> list[tuple[str, float]]:
    return [(row["category"], row["value"]) for row in figure.spec["data"]["values"]]


def figure_page(pdf: bytes, words: str, tmp_path: Path) -> tuple[str, Image.Image]:
    """The text of the first PDF page after the contents that prints ``words``, and that page as PNG."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    pages = int(info.split("Pages:")[1].split()[0])
    for page in range(2, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        if words in text:
            prefix = tmp_path / f"page{page}"
            subprocess.run(
                ["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(path), str(prefix)],
                check=True,
            )
            return text, Image.open(next(tmp_path.glob(f"page{page}*.png"))).convert("RGB")
    raise AssertionError(f"no page prints {words!r}")


def bar_pixels(image: Image.Image) -> int:
    return sum(
        1
        for pixel in image.get_flattened_data()
        if all(abs(a - b) < 25 for a, b in zip(pixel, BAR, strict=True))
    )


def test_a78_figures_hold_the_tables_figures_in_every_format_in_english_and_arabic(
    records: dict[str, Document], tmp_path: Path
) -> None:
    en = assemble(records[A78], "en")
    first, second = figures(en)
    assert first.caption == (
        "Figure 29C.I. Financial resources by object of expenditure, 2024 estimate (before recosting)"
    )
    assert (first.after, first.source) == ("29C.13", "Source: table 29C.13.")
    # The same figures as the table: each object's 2024 estimate, as the table shows it (thousands).
    t13 = table(en, "29C.13")
    assert drawn(first) == [(r.label, float(r.cells[-1].value)) for r in t13.rows if not r.bold]
    assert ("Posts", 24824.7) in drawn(first)
    assert drawn(second) == [
        ("Regular budget", 53980.9),
        ("Other assessed", 37223.2),
        ("Extrabudgetary", 64326.8),
    ]
    assert ("figure", first.caption) in en.contents()

    html = render_html(en).decode()
    assert html.count('<figure class="chart"') == 2 and "<svg" in html
    assert html.index("Table 29C.13.") < html.index(first.caption) < html.index("Table 29C.14.")
    text, page = figure_page(render_pdf(en), "Figure 29C.I.", tmp_path)
    assert "Source: table 29C.13." in text and "Thousands of United States dollars" in text
    assert bar_pixels(page) > 200, "the bars are drawn on the page"

    word = docx.Document(io.BytesIO(render_docx(en)))
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert captions == [first.caption, second.caption]
    assert len(word.inline_shapes) == 2
    images = [part for part in word.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 2 and all(i.blob.startswith(b"\x89PNG") for i in images)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(en)))
    sheet = book["Figure 29C.I"]
    assert sheet["A1"].value == first.caption and len(sheet._images) == 1
    assert book.sheetnames.index("29C.13") < book.sheetnames.index("Figure 29C.I")

    ar = assemble(records[A78], "ar")
    first_ar = figures(ar)[0]
    assert first_ar.caption.startswith("الشكل 29C.I. الموارد المالية حسب وجه الإنفاق، تقديرات عام 2024")
    assert ("الوظائف", 24824.7) in drawn(first_ar)
    assert first_ar.spec["encoding"]["y"]["axis"]["orient"] == "right"  # read from the right
    html = render_html(ar).decode()
    # WeasyPrint draws Arabic SVG text reversed: the Arabic chart is a PNG.
    assert html.count('<img src="data:image/png;base64,') == 2 and "<svg" not in html
    text, page = figure_page(render_pdf(ar), "الموارد المالية حسب وجه الإنفاق", tmp_path)
    assert "الشكل" in text and "29C.13" in text
    assert bar_pixels(page) > 200
    word = docx.Document(io.BytesIO(render_docx(ar)))
    captions = [p for p in word.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in captions] == [f.caption for f in figures(ar)]
    assert all("<w:bidi/>" in p._p.xml for p in captions) and len(word.inline_shapes) == 2
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(ar)))
    sheet = book["الشكل 29C.I"]
    assert sheet.sheet_view.rightToLeft and len(sheet._images) == 1


def test_progress_report_draws_the_implementation_rate_and_marks_untranslated_text_in_docx_and_xlsx(
    records: dict[str, Document],
) -> None:
    ar = assemble(records[A73], "ar")
    (figure,) = figures(ar)
    assert figure.caption == "الشكل I. حالة تنفيذ توصيات مجلس مراجعي الحسابات"
    shown = table(ar, "annex III.II")
    percentages = next(r for r in shown.rows if r.bold)
    # Each status's share, from the table's percentage row (its total, 100, is not a bar).
    assert drawn(figure) == [
        (column, float(cell.value))
        for column, cell in zip(shown.columns[2:], percentages.cells[1:], strict=True)
    ]
    assert sorted(value for _c, value in drawn(figure)) == [2.7, 2.7, 27.0, 67.6]

    # Project names have English and Chinese but no Arabic: shown in English, marked "en", as HTML does.
    note = "لم تُترجم؛ لغة النص المعروض:"
    assert f'<span class="fallback" lang="en">en</span> {note}' in render_html(ar).decode()
    word = docx.Document(io.BytesIO(render_docx(ar)))
    marked = [
        c for t in word.tables for r in t.rows for c in r.cells if c.paragraphs[-1].runs[-1].text == "en"
    ]
    assert marked and "<w:bdr " in marked[0].paragraphs[-1].runs[-1]._r.xml  # boxed, as in HTML
    assert any(p.text.strip().startswith(f"en {note}") for p in word.paragraphs)
    assert len(word.inline_shapes) == 1
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(ar)))
    texts = [c.value for s in book.worksheets for r in s.iter_rows() for c in r if isinstance(c.value, str)]
    assert any(t.endswith(" [en]") for t in texts) and any(t.startswith(f"[en] {note}") for t in texts)
    assert len(book["الشكل I"]._images) == 1

    en = assemble(records[A73], "en")
    assert not [c for t in en.parts for tb in t.tables for r in tb.rows for c in r.cells if c.fallback_lang]
    assert "Not translated" not in render_html(en).decode()


def test_issued_figures_render_again_to_the_same_bytes_and_old_snapshots_still_read(
    records: dict[str, Document],
) -> None:
    issued = issue(records[A78], "ar", source=ObjectChange.Source.SYSTEM)
    stored = {f.format: f.sha256 for f in issued.files.all()}
    # PostgreSQL's jsonb gives the keys back in its own order: the charts are drawn the same.
    reordered = json.loads(json.dumps(issued.snapshot, sort_keys=True))
    again = from_snapshot(reordered)
    assert len(figures(again)) == 2
    for fmt in FORMATS:
        assert hashlib.sha256(RENDERERS[fmt](again)).hexdigest() == stored[fmt], fmt
    # A snapshot issued before documents had figures renders without them.
    for part in reordered["parts"]:
        part.pop("figures", None)
    old = from_snapshot(reordered)
    assert figures(old) == [] and "<figure" not in render_html(old).decode()


def test_a_chart_png_is_the_same_bytes_every_time_and_as_vl_convert_draws_the_spec() -> None:
    import vl_convert

    from lodestar.core import charts
    from lodestar.core.vega_assets import VEGA_LITE_VERSION

    spec = charts.bar_chart(
        title="",
        bars=[charts.Bar("الوظائف", 24824.7, ""), charts.Bar("الاستشاريون", 105.1, "")],
        category_title="",
        value_title="بآلاف دولارات الولايات المتحدة",
        lang="ar",
    )
    png = charts.to_png(spec)
    assert png.startswith(b"\x89PNG") and png == charts.to_png(spec)
    fixed = {**spec, "width": charts.STATIC_WIDTH, "autosize": {"type": "fit", "contains": "padding"}}
    locale = fixed.pop("usermeta")["embedOptions"]["formatLocale"]
    direct = vl_convert.vegalite_to_png(fixed, vl_version=VEGA_LITE_VERSION, scale=2.0, format_locale=locale)
    assert png == direct  # drawn from the SVG, not compiled twice: the same picture
    assert Image.open(io.BytesIO(png)).size[0] == 2 * charts.STATIC_WIDTH
