"""DOCX: headings, paragraphs and Word tables whose header row repeats on every page; for Arabic every
paragraph is right to left (w:bidi), every run too (w:rtl) and tables are laid out right to left
(w:bidiVisual)."""

from __future__ import annotations

import datetime
import io

from docx import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..assemble import Assembled, OutTable, fallback_notes
from ..figures import OutFigure, figure_png
from ..tables import as_printed

FIGURE_WIDTH = Cm(15)  # within the text width of the default page (A4 or Letter)


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


def _fallback_mark(paragraph, lang: str) -> None:  # noqa: ANN001
    """The HTML's mark of text shown in another language: the language code, small and boxed."""
    paragraph.add_run(" ")
    run = paragraph.add_run(lang)
    run.font.size = Pt(7)
    border = OxmlElement("w:bdr")
    for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "999999")):
        border.set(qn(name), value)
    run._r.get_or_add_rPr().append(border)


def _cell(cell, text: str, fallback_lang: str, bold: bool) -> list:  # noqa: ANN001
    cell.text = text
    if fallback_lang:
        _fallback_mark(cell.paragraphs[-1], fallback_lang)
    for paragraph in cell.paragraphs:
        for run in paragraph.runs if bold else []:
            run.bold = True
    return list(cell.paragraphs)


def _table(word, t: OutTable, doc: Assembled) -> list:  # noqa: ANN001
    paragraphs = [word.add_heading(t.title, level=3)]
    if t.unit_line:
        paragraphs.append(word.add_paragraph(t.unit_line))
    table = word.add_table(rows=1, cols=len(t.columns))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, as_printed(t.columns, t.label_last), strict=False):
        paragraphs.extend(_cell(cell, text, "", False))
    _repeat_header(table.rows[0])
    for row in t.rows:
        cells = table.add_row().cells
        texts = as_printed(
            [
                (row.label, row.fallback_lang),
                *((c.text + (f" {c.mark}" if c.mark else ""), c.fallback_lang) for c in row.cells),
            ],
            t.label_last,
        )
        for cell, (text, fallback_lang) in zip(cells, texts, strict=False):
            paragraphs.extend(_cell(cell, text, fallback_lang, row.bold or row.heading))
    if doc.rtl:
        _rtl_table(table)
    for letter, note in t.marks:
        paragraphs.append(word.add_paragraph(f"{letter} {note}"))
    for mark, note in fallback_notes(t, doc.lang):
        paragraphs.append(word.add_paragraph())
        _fallback_mark(paragraphs[-1], mark)
        paragraphs[-1].add_run(f" {note}")
    for note in t.notes:
        paragraphs.append(word.add_paragraph(note))
    return paragraphs


def _figure(word, figure: OutFigure) -> list:  # noqa: ANN001
    """The caption above the chart (the style Word lists figures by), the chart as a PNG at the text
    width, its source below."""
    paragraphs = [word.add_paragraph(figure.caption, style="Caption")]
    word.add_picture(io.BytesIO(figure_png(figure)), width=FIGURE_WIDTH)
    paragraphs.append(word.paragraphs[-1])
    paragraphs.append(word.add_paragraph(figure.source))
    return paragraphs


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
            if p.fallback_lang:
                _fallback_mark(paragraphs[-1], p.fallback_lang)
        for _kind, block in part.blocks():
            if isinstance(block, OutFigure):
                paragraphs.extend(_figure(word, block))
            else:
                paragraphs.extend(_table(word, block, doc))
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
