"""DOCX: headings, paragraphs and Word tables whose header row repeats on every page; for Arabic every
paragraph is right to left (w:bidi), every run too (w:rtl) and tables are laid out right to left
(w:bidiVisual)."""

from __future__ import annotations

import datetime
import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..assemble import Assembled
from ..tables import as_printed


def _rtl_paragraph(paragraph) -> None:  # noqa: ANN001 - python-docx objects
    p_pr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    p_pr.insert(0, bidi)
    for run in paragraph.runs:
        r_pr = run._r.get_or_add_rPr()
        r_pr.append(OxmlElement("w:rtl"))


def _repeat_header(row) -> None:  # noqa: ANN001
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _rtl_table(table) -> None:  # noqa: ANN001
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(OxmlElement("w:bidiVisual"))


def build_docx(doc: Assembled, fixed_time: datetime.datetime) -> bytes:
    word = WordDocument()
    paragraphs = []
    style = word.styles["Normal"]
    style.font.size = Pt(10)
    font_name = "Amiri" if doc.rtl else ("Noto Sans CJK SC" if doc.lang == "zh" else "Liberation Sans")
    style.font.name = font_name
    r_fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
    r_fonts.set(qn("w:cs"), "Amiri")

    paragraphs.append(word.add_paragraph(doc.symbol))
    paragraphs[-1].runs[0].bold = True
    for label, value in doc.cover:
        paragraphs.append(word.add_paragraph(f"{label}: {value}"))
    paragraphs.append(word.add_heading(doc.title, level=1))
    for part in doc.parts:
        paragraphs.append(word.add_heading(part.heading, level=2))
        for p in part.paragraphs:
            if p.heading:
                paragraphs.append(word.add_heading(p.heading, level=3))
            number = f"{p.number}. " if p.number else ""
            paragraphs.append(word.add_paragraph(f"{number}{p.text}"))
        for t in part.tables:
            paragraphs.append(word.add_heading(t.title, level=3))
            if t.unit_line:
                paragraphs.append(word.add_paragraph(t.unit_line))
            table = word.add_table(rows=1, cols=len(t.columns))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, as_printed(t.columns, t.label_last), strict=False):
                cell.text = text
                paragraphs.extend(cell.paragraphs)
            _repeat_header(table.rows[0])
            for row in t.rows:
                cells = table.add_row().cells
                texts = as_printed(
                    [row.label, *(c.text + (f" {c.mark}" if c.mark else "") for c in row.cells)], t.label_last
                )
                for cell, text in zip(cells, texts, strict=False):
                    cell.text = text
                    for paragraph in cell.paragraphs:
                        if row.bold or row.heading:
                            for run in paragraph.runs:
                                run.bold = True
                        paragraphs.append(paragraph)
            if doc.rtl:
                _rtl_table(table)
            for letter, note in t.marks:
                paragraphs.append(word.add_paragraph(f"{letter} {note}"))
            for note in t.notes:
                paragraphs.append(word.add_paragraph(note))
    footer = word.sections[0].footer.paragraphs[0]
    footer.text = doc.footer()
    paragraphs.append(footer)
    if doc.rtl:
        for paragraph in paragraphs:
            _rtl_paragraph(paragraph)
    props = word.core_properties
    props.created = fixed_time
    props.modified = fixed_time
    props.last_printed = fixed_time
    props.author = "Lodestar"
    props.last_modified_by = "Lodestar"
    props.title = doc.symbol
    props.revision = 1
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()
