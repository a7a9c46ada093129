"""XLSX: a cover sheet, then one sheet a table; numbers stored as numbers with number formats (the
document's unit, negatives in parentheses, nil as a dash); right-to-left sheets for Arabic."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..assemble import Assembled
from ..tables import as_printed

_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(number: str, used: set[str]) -> str:
    base = _BAD.sub("-", number)[:28] or "Table"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]}~{n}", n + 1
    used.add(name)
    return name


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
    bold = Font(bold=True)
    for part in doc.parts:
        for table in part.tables:
            ws = wb.create_sheet(_sheet_name(table.number, used))
            ws.sheet_view.rightToLeft = doc.rtl
            ws.append([table.title])
            ws["A1"].font = bold
            if table.unit_line:
                ws.append([table.unit_line])
            ws.append(as_printed(table.columns, table.label_last))
            header_row = ws.max_row
            for cell in ws[header_row]:
                cell.font = Font(italic=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.print_title_rows = f"{header_row}:{header_row}"
            for row in table.rows:
                values: list = [("  " * row.level) + row.label]
                for c in row.cells:
                    values.append(float(c.value) if c.value is not None else c.text)
                ws.append(as_printed(values, table.label_last))
                r = ws.max_row
                for index, c in enumerate(row.cells, start=1 if table.label_last else 2):
                    target = ws.cell(row=r, column=index)
                    if c.value is not None:
                        target.number_format = c.number_format
                if row.bold or row.heading:
                    for cell in ws[r]:
                        cell.font = bold
                marks = [f"{c.mark}" for c in row.cells if c.mark]
                if marks:
                    ws.cell(row=r, column=len(values) + 1, value=" ".join(marks))
            for letter, note in table.marks:
                ws.append([f"{letter} {note}"])
            for note in table.notes:
                ws.append([note])
            label_column = get_column_letter(len(table.columns)) if table.label_last else "A"
            ws.column_dimensions[label_column].width = 48
    wb.properties.creator = "Lodestar"
    wb.properties.created = fixed_time
    wb.properties.modified = fixed_time
    wb.properties.title = doc.symbol
    out = io.BytesIO()
    archive = zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps the time of saving
    return out.getvalue()
