"""XLSX: a cover sheet, then one sheet a table; numbers stored as numbers with number formats (the
document's unit, negatives in parentheses, nil as a dash); right-to-left sheets for Arabic."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..assemble import Assembled, OutTable, fallback_notes
from ..figures import PRINT_SCALE, OutFigure, figure_label, figure_png
from ..tables import as_printed

_BAD = re.compile(r"[\[\]:*?/\\]")
BOLD = Font(bold=True)


def _sheet_name(number: str, used: set[str]) -> str:
    base = _BAD.sub("-", number)[:28] or "Table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}~{n}", n + 1
    used.add(name)
    return name


def _table_sheet(wb: Workbook, table: OutTable, doc: Assembled, used: set[str]) -> None:
    ws = wb.create_sheet(_sheet_name(table.number, used))
    ws.sheet_view.rightToLeft = doc.rtl
    ws.append([table.title])
    ws["A1"].font = BOLD
    if table.unit_line:
        ws.append([table.unit_line])
    ws.append(as_printed(table.columns, table.label_last))
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(italic=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.print_title_rows = f"{header_row}:{header_row}"
    for row in table.rows:
        values: list = [("  " * row.level) + row.label + _marked(row.fallback_lang)]
        for c in row.cells:
            values.append(float(c.value) if c.value is not None else c.text + _marked(c.fallback_lang))
        ws.append(as_printed(values, table.label_last))
        r = ws.max_row
        for index, c in enumerate(row.cells, start=1 if table.label_last else 2):
            target = ws.cell(row=r, column=index)
            if c.value is not None:
                target.number_format = c.number_format
        if row.bold or row.heading:
            for cell in ws[r]:
                cell.font = BOLD
        marks = [f"{c.mark}" for c in row.cells if c.mark]
        if marks:
            ws.cell(row=r, column=len(values) + 1, value=" ".join(marks))
    for letter, note in table.marks:
        ws.append([f"{letter} {note}"])
    for mark, note in fallback_notes(table, doc.lang):
        ws.append([f"{_marked(mark).strip()} {note}"])
    for note in table.notes:
        ws.append([note])
    label_column = get_column_letter(len(table.columns)) if table.label_last else "A"
    ws.column_dimensions[label_column].width = 48


def _marked(lang: str) -> str:
    """The mark of data text shown in another language (boxed in HTML, DOCX): a cell holds plain text."""
    return f" [{lang}]" if lang else ""


def _figure_sheet(wb: Workbook, figure: OutFigure, doc: Assembled, used: set[str]) -> None:
    """A sheet of its own: the caption, the source, and the chart as a picture at its own size."""
    ws = wb.create_sheet(_sheet_name(figure_label(figure.number, doc.lang), used))
    ws.sheet_view.rightToLeft = doc.rtl
    ws.append([figure.caption])
    ws["A1"].font = BOLD
    ws.append([figure.source])
    picture = Image(io.BytesIO(figure_png(figure)))
    # Drawn at print scale: shown at the chart's own size, sharp when printed.
    picture.width, picture.height = picture.width / PRINT_SCALE, picture.height / PRINT_SCALE
    ws.add_image(picture, "A4")


def build_xlsx(doc: Assembled, fixed_time: datetime.datetime) -> bytes:
    wb = Workbook()
    cover = wb.active
    cover.title = "Cover" if not doc.rtl else "الغلاف"
    cover.sheet_view.rightToLeft = doc.rtl
    cover.append([doc.symbol])
    cover["A1"].font = Font(bold=True, size=14)
    cover.append([doc.title])
    for label, value in doc.cover:
        cover.append([label, value])
    used = {cover.title}
    for part in doc.parts:
        for _kind, block in part.blocks():
            if isinstance(block, OutFigure):
                _figure_sheet(wb, block, doc, used)
            else:
                _table_sheet(wb, block, doc, used)
    wb.properties.creator = "Lodestar"
    wb.properties.created = fixed_time
    wb.properties.modified = fixed_time
    wb.properties.title = doc.symbol
    out = io.BytesIO()
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps the time of saving
    return out.getvalue()
