"""Whole documents: A/78/6 (Sect. 29C) assembled and rendered in HTML, PDF, DOCX and XLSX, each opened
again (pdftotext/pdftoppm, python-docx, openpyxl) to find the figures and the language's own words;
issuing keeps the bytes, a locked fact is refused naming the document, and rendering as issued after
the data changed gives the same sha256 in every format."""

from __future__ import annotations

import hashlib
import io
import subprocess
from typing import Any

import docx
import openpyxl
import pytest
from django.core.exceptions import ValidationError

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.documents.assemble import assemble
from lodestar.documents.models import Document
from lodestar.documents.render import FORMATS, render_docx, render_html, render_pdf, render_xlsx
from lodestar.documents.services import issue, open_corrigendum, render_document
from lodestar.finance import models as fin
from lodestar.reference.loader import Loader

pytestmark = pytest.mark.django_db
A78 = "A/78/6 (Sect. 29C)"


@pytest.fixture
def record(db: Any) -> Document:
    Loader().run()
    return Document.objects.get(symbol=A78)


def pdf_text(content: bytes, tmp_path: Any) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p")], check=True
    )
    assert list(tmp_path.glob("p*.png")), "the first page renders to an image"
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_a78_whole_in_html_and_pdf_with_bound_narrative_and_marked_differences(
    record: Document, tmp_path: Any
) -> None:
    doc = assemble(record, "en")
    assert [p.code for p in doc.parts] == ["programme", "resources", "annex II"]
    assert doc.parts[1].heading == "B. Proposed post and non-post resource requirements for 2024"
    html = render_html(doc).decode()
    assert "Table 29C.13. Overall: evolution of financial resources by object of expenditure" in html
    assert "53,980.9" in html and "Items 139 and 140 of the provisional list" in html
    # The narrative's figures come from the table (590.9), never typed in.
    assert "increase of 590.9 thousand United States dollars" in html
    # The printed total (51,724.0) beside the computed one, marked on the cell and footnoted.
    assert "Printed 51,724.0; computed from the stored facts 51,723.9 (rounding)." in html
    assert '<td class="n marked">51,723.9<sup class="mark">' in html
    text = pdf_text(render_pdf(doc), tmp_path)
    assert "53,980.9" in text and "Printed 51,724.0" in text


def test_a78_in_chinese_uses_the_seed_wording_and_arabic_is_right_to_left(
    record: Document, tmp_path: Any
) -> None:
    zh = assemble(record, "zh")
    text = pdf_text(render_pdf(zh), tmp_path)
    assert "按支出用途分列的财政资源变化情况" in text and "23-07688" in text
    assert "53 980.9" in text.replace("\u202f", " ").replace("\xa0", " ")
    ar = assemble(record, "ar")
    assert ar.rtl
    html = render_html(ar).decode()
    assert 'dir="rtl"' in html and 'lang="ar"' in html
    word = docx.Document(io.BytesIO(render_docx(ar)))
    body = word.element.body.xml
    assert "<w:bidi/>" in body and "<w:bidiVisual/>" in body and "<w:rtl/>" in body
    assert 'w:tblHeader w:val="true"' in body  # header rows repeat on every page
    figures = [c.text for t in word.tables for r in t.rows for c in r.cells]
    assert any(f.startswith("53") and "980.9" in f for f in figures)
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(ar)))
    sheet = book["29C.13"]
    assert sheet.sheet_view.rightToLeft
    totals = [cell for row in sheet.iter_rows() for cell in row if cell.value == 53980.9]
    assert totals and totals[0].number_format == '#,##0.0;(#,##0.0);"—"'


def test_issue_then_change_a_fact_renders_identically_as_issued(record: Document) -> None:
    issued = issue(record, "fr", source=ObjectChange.Source.SYSTEM)
    stored = {f.format: f.sha256 for f in issued.files.all()}
    assert set(stored) == set(FORMATS)
    fact = fin.BudgetFact.objects.get(
        section__code="A78-29C",
        component__code="A78-29C-SP2",
        object__code="GOE",
        period__code="2023",
        stage="appropriation",
    )
    service = registry[fin.BudgetFact].service
    with pytest.raises(ValidationError) as refused:
        service.update(fact, data={"amount": fact.amount + 100_000}, user=None, check=False)
    assert A78 in " ".join(refused.value.messages)
    open_corrigendum(record, reason="Figure corrected in table 29C.13")
    service.update(fact, data={"amount": fact.amount + 100_000}, user=None, check=False)
    for fmt in FORMATS:
        again = render_document(record, "fr", fmt, as_issued=True)
        assert hashlib.sha256(again).hexdigest() == stored[fmt], fmt
    assert "54,080.9" in render_document(record, "en", "html").decode()  # the current data moved on
    corrected = issue(record, "fr", source=ObjectChange.Source.SYSTEM)
    assert corrected.corrigendum.number == 1 and record.corrigenda.get().is_open is False
    with pytest.raises(ValidationError):  # locked again by the corrected issue
        service.update(fact, data={"amount": fact.amount}, user=None, check=False)
