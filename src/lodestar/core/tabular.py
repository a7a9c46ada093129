"""The file layer of every import and export: CSV (UTF-8) and XLSX in, CSV and XLSX out.

Reading refuses, with a message a person can act on, anything that is not a clean table: too big,
not UTF-8, no or duplicate headers, not a workbook, too many rows. Rows are not validated here;
formula cells are reported so that importers refuse them row by row. Exports neutralise text that
a spreadsheet would run as a formula, and keep numbers and dates as numbers and dates.
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

# What Excel, LibreOffice and Sheets would evaluate (OWASP "CSV injection"), plus the full-width
# forms that some East Asian input methods turn into them.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
MB = 1024 * 1024
EXPANSION_LIMIT = 25  # a workbook may unzip to this many times the upload limit, no more (zip bombs)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML, so not in a workbook


def max_cells() -> int:
    """Cells an import may hold (LODESTAR_IMPORT_MAX_CELLS): parsing costs CPU per cell, and a
    small compressed workbook can hold millions of them."""
    from django.conf import settings

    return settings.LODESTAR_IMPORT_MAX_CELLS


def max_unpacked_bytes(max_bytes: int) -> int:
    """What a workbook may unzip to: LODESTAR_IMPORT_MAX_UNPACKED_BYTES, and never more than
    EXPANSION_LIMIT times the upload limit."""
    from django.conf import settings

    return min(settings.LODESTAR_IMPORT_MAX_UNPACKED_BYTES, EXPANSION_LIMIT * max_bytes)


def capped_cells(rows: Iterable[Sequence[object]], limit: int, seen: int = 0) -> Iterator[Sequence[object]]:
    """Rows as read, refused as soon as they add up (with ``seen`` cells already read) to more
    than ``limit`` cells; streamed, so the file is never parsed past the limit."""
    for row in rows:
        seen += len(row)
        if seen > limit:
            raise TabularFileError(
                _(
                    "The file has more than %(max)s cells. Split it into smaller files, "
                    "or delete empty columns."
                )
                % {"max": f"{limit:,}"}
            )
        yield row


class TabularFileError(Exception):
    """A file-level refusal; ``message`` is translated and says what to do about it."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Sheet:
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as the user's spreadsheet shows it, values)


# -- reading ------------------------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 5.0 is the 5 the user typed
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = getattr(value, "text", None)  # array formulas come as objects holding "=..."
    return str(text if isinstance(text, str) else value).strip()


def _headers(raw: Sequence[object]) -> list[str]:
    headers = [_cell_text(h) for h in raw]
    while headers and not headers[-1]:
        headers.pop()  # spreadsheets often carry empty columns after the last real one
    if not headers:
        raise TabularFileError(_("The file has no header row. The first row must name the columns."))
    blank = [str(i + 1) for i, h in enumerate(headers) if not h]
    if blank:
        raise TabularFileError(
            _("Column(s) %(columns)s of the header row have no name. Name every column or delete it.")
            % {"columns": ", ".join(blank)}
        )
    duplicates = sorted(h for h, n in Counter(headers).items() if n > 1)
    if duplicates:
        raise TabularFileError(
            _("These columns appear more than once in the header row: %(columns)s. Keep one of each.")
            % {"columns": ", ".join(duplicates)}
        )
    return headers


def _rows(
    headers: list[str], raw_rows: Iterable[Sequence[object]], max_rows: int
) -> list[tuple[int, dict[str, str]]]:
    rows: list[tuple[int, dict[str, str]]] = []
    for number, raw in enumerate(raw_rows, start=2):
        values = [_cell_text(v) for v in raw]
        if not any(values):
            continue  # blank lines, and the trailing empty rows of a workbook
        if any(values[len(headers) :]):
            raise TabularFileError(
                _("Row %(row)s has more cells than the header row has columns.") % {"row": number}
            )
        values += [""] * (len(headers) - len(values))
        rows.append((number, dict(zip(headers, values, strict=False))))
        if len(rows) > max_rows:
            raise TabularFileError(
                _("The file has more than %(max)s rows. Split it into smaller files.") % {"max": max_rows}
            )
    return rows


def _read_csv(data: bytes, max_rows: int) -> Sheet:
    try:
        text = data.decode("utf-8-sig")  # the BOM Excel writes in front of "CSV UTF-8"
    except UnicodeDecodeError as error:
        raise TabularFileError(
            _(
                "The file is not UTF-8 text (byte %(position)s). In Excel, save it as "
                "“CSV UTF-8 (Comma delimited)” and upload it again."
            )
            % {"position": error.start}
        ) from error
    if not text.strip():
        raise TabularFileError(_("The file is empty."))
    reader = csv.reader(
        io.StringIO(text, newline=""), csv.excel, delimiter=_delimiter(text.splitlines()[0]), strict=True
    )
    headers = _headers(_csv_record(reader))
    records = capped_cells(_csv_records(reader, len(headers)), max_cells(), seen=len(headers))
    return Sheet(headers, _rows(headers, records, max_rows))


def _csv_record(reader: Any) -> list[str]:
    start = reader.line_num + 1
    try:
        return next(reader)
    except csv.Error as error:
        raise TabularFileError(
            _(
                "Line %(line)s of the file is not valid CSV: a quotation mark opened there is not "
                "closed, or a quoted cell has text after its closing quotation mark."
            )
            % {"line": start}
        ) from error


def _csv_records(reader: Any, width: int) -> Iterator[list[str]]:
    """The data records; a record with fewer cells than the header row (a ragged row) is refused
    with its line, rather than read with its last columns silently empty."""
    while True:
        start = reader.line_num + 1
        try:
            record = _csv_record(reader)
        except StopIteration:
            return
        if record and any(c.strip() for c in record) and len(record) < width:
            raise TabularFileError(
                _("Line %(line)s has %(cells)s cells; the header row has %(columns)s. Check its separators.")
                % {"line": start, "cells": len(record), "columns": width}
            )
        yield record


def _delimiter(header_line: str) -> str:
    """The most frequent of "," ";" tab outside quotes in the header line (Excel writes ";" where the
    decimal mark is a comma); data cells may hold any of them, so they are not counted."""
    counts = Counter(c for c in re.sub(r'"[^"]*"', "", header_line) if c in ",;\t")
    return max(",;\t", key=lambda c: counts[c]) if counts else ","


def _worksheet_rows(data: bytes) -> Iterator[tuple[object, ...]]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # the stored "used range" is often wrong; read what is really there
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def _read_xlsx(data: bytes, max_rows: int, max_bytes: int) -> Sheet:
    rows = _worksheet_rows(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > max_unpacked_bytes(max_bytes):
            raise TabularFileError(
                _("The workbook unpacks to %(size).0f MB, more than this import accepts. Split it.")
                % {"size": unpacked / MB}
            )
        first = next(rows, None)
        if first is None:
            raise TabularFileError(_("The file is empty."))
        headers = _headers(first)
        return Sheet(headers, _rows(headers, capped_cells(rows, max_cells(), len(first)), max_rows))
    except TabularFileError:
        raise
    except Exception as error:  # openpyxl fails in many ways on a damaged file; all mean the same
        raise TabularFileError(
            _("The file is not a valid Excel workbook (.xlsx). Open it in Excel and save it again as .xlsx.")
        ) from error
    finally:
        rows.close()


def read_sheet(data: bytes, *, filename: str, max_bytes: int, max_rows: int = 100_000) -> Sheet:
    """The first table of a .csv or .xlsx file, or TabularFileError saying what to fix."""
    if len(data) > max_bytes:  # before any parsing: a big file costs memory and time to open
        raise TabularFileError(
            _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
            % {"size": len(data) / MB, "limit": max_bytes / MB}
        )
    name = filename.lower()
    if name.endswith(".csv"):
        return _read_csv(data, max_rows)
    if name.endswith(".xlsx"):
        return _read_xlsx(data, max_rows, max_bytes)
    raise TabularFileError(_("Upload a .csv or .xlsx file (this one is “%(name)s”).") % {"name": filename})


_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$")


def formula_cells(sheet: Sheet) -> list[tuple[int, str, str]]:
    """(row, column, first character) of every cell a spreadsheet would run as a formula, for the
    importer to refuse row by row: = + - @, their full-width forms, a leading tab or CR. A signed
    number (-3, +1.5) is a number, not a formula; a cell that starts with an apostrophe is text."""
    found = []
    for number, values in sheet.rows:
        for column, value in values.items():
            if value.startswith(FORMULA_PREFIXES) and not _NUMBER.match(value):
                found.append((number, column, value[0]))
    return found


def unquote(sheet: Sheet) -> Sheet:
    """Remove the apostrophe that marks a cell as text (as a spreadsheet does, and as ``neutralise``
    writes it), so that an exported file imports back unchanged."""
    return Sheet(
        sheet.headers,
        [
            (number, {c: v[1:] if v.startswith("'") else v for c, v in values.items()})
            for number, values in sheet.rows
        ],
    )


# -- writing ------------------------------------------------------------------------------------


def neutralise(value: object) -> object:
    """Text a spreadsheet would evaluate gets a leading apostrophe (so does text that starts with
    one, so that the import's ``unquote`` gives it back unchanged); numbers stay numbers."""
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, "'")) and not _NUMBER.match(value):
        return "'" + value
    return value


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as read_sheet reads a workbook's booleans
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # never "1E+3"
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return neutralise(value if isinstance(value, int | float | str) else str(value))


def write_csv(headers: list[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens accents and non-Latin scripts correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in headers])
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_cell(value: object) -> object:
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    if value is None or isinstance(value, int | float | decimal.Decimal | datetime.date | datetime.time):
        return value  # numbers and dates stay typed (bool is an int)
    # Control characters make an unreadable workbook; they carry nothing a reader needs.
    return neutralise(_CONTROL.sub("", str(value)))


def sheet_title(title: str) -> str:
    """``title`` as a worksheet may be named (Excel's forbidden characters and 31 characters)."""
    cleaned = "".join(" " if c in "[]:*?/\\" else c for c in title).strip().strip("'")
    return cleaned[:31] or "Sheet1"  # Excel's limits on sheet names


_sheet_title = sheet_title  # write_xlsx's parameter has the public name


def write_xlsx(
    headers: list[str], rows: Iterable[Sequence[object]], *, sheet_title: str, right_to_left: bool = False
) -> bytes:
    """One sheet, bold frozen header row, right to left for Arabic; streamed, whatever the size."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(sheet_title))
    sheet.sheet_view.rightToLeft = right_to_left
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=_xlsx_cell(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
