"""The file layer of every import and export: CSV (UTF-8) and XLSX in, CSV and XLSX out.

Reading refuses, with a message a person can act on, anything that is not a clean table: too big,
not UTF-8, no or duplicate headers, not a workbook. Formula cells are reported so that importers
can refuse them row by row; exports neutralise text that a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TabularFileError(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user sees it, values by header)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _headers(raw: Sequence[object]) -> list[str]:
    headers = [_cell_text(h) for h in raw]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TabularFileError(_("The file has no header row. The first row must name the columns."))
    blank = [str(i + 1) for i, h in enumerate(headers) if not h]
    if blank:
        raise TabularFileError(
            _("Column(s) %(columns)s of the header row have no name.") % {"columns": ", ".join(blank)}
        )
    seen: set[str] = set()
    duplicates = sorted({h for h in headers if h in seen or seen.add(h)})
    if duplicates:
        raise TabularFileError(
            _("Duplicate column(s) in the header row: %(columns)s.") % {"columns": ", ".join(duplicates)}
        )
    return headers


def _rows(
    headers: list[str], raw_rows: Iterable[Sequence[object]], max_rows: int
) -> list[tuple[int, dict[str, str]]]:
    rows = []
    for number, raw in enumerate(raw_rows, start=2):
        values = [_cell_text(v) for v in raw]
        if not any(values):
            continue  # blank lines, and trailing empty rows of a workbook
        if len(values) > len(headers) and any(values[len(headers) :]):
            raise TabularFileError(
                _("Row %(row)s has more cells than the header row has columns.") % {"row": number}
            )
        values += [""] * (len(headers) - len(values))
        rows.append((number, dict(zip(headers, values[: len(headers)], strict=True))))
        if len(rows) > max_rows:
            raise TabularFileError(_("The file has more than %(max)s rows. Split it.") % {"max": max_rows})
    return rows


def _read_csv(data: bytes, max_rows: int) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise TabularFileError(
            _("The file is not UTF-8 text (byte %(position)s). Save it as “CSV UTF-8” and upload it again.")
            % {"position": error.start}
        ) from error
    if not text.strip():
        raise TabularFileError(_("The file is empty."))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    headers = _headers(next(reader))
    return Sheet(headers, _rows(headers, reader, max_rows))


def _read_xlsx(data: bytes, max_rows: int) -> Sheet:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise TabularFileError(_("The file is not a valid Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
        if first is None:
            raise TabularFileError(_("The file is empty."))
        headers = _headers(first)
        return Sheet(headers, _rows(headers, rows, max_rows))
    finally:
        workbook.close()


def read_sheet(data: bytes, *, filename: str, max_bytes: int, max_rows: int = 100_000) -> Sheet:
    if len(data) > max_bytes:
        raise TabularFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": len(data) / 1048576, "limit": max_bytes / 1048576}
        )
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(data, max_rows)
    if name.endswith(".xlsx"):
        return _read_xlsx(data, max_rows)
    raise TabularFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": filename})


def formula_cells(sheet: Sheet) -> list[tuple[int, str]]:
    return [
        (number, column)
        for number, values in sheet.rows
        for column, value in values.items()
        if value.startswith("=")
    ]


def neutralise(value: object) -> object:
    """Text that a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_csv(headers: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(
    headers: list[str], rows: Iterable[Sequence[object]], *, sheet_title: str, right_to_left: bool = False
) -> bytes:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(sheet_title or "Sheet")[:31])
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=neutralise(h))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
