"""The import/export file layer: every refusal, round trips, formula neutralisation, right to left."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from lodestar.core.tabular import (
    Sheet,
    TabularFileError,
    formula_cells,
    neutralise,
    read_sheet,
    write_csv,
    write_xlsx,
)

MB = 1024 * 1024
LIMIT = 10 * MB
EVIL = "=cmd|' /C calc'!A0"


def read(data: bytes, name: str = "list.csv", **kwargs: int) -> Sheet:
    return read_sheet(data, filename=name, max_bytes=kwargs.pop("max_bytes", LIMIT), **kwargs)


def refusal(data: bytes, name: str = "list.csv", **kwargs: int) -> str:
    with pytest.raises(TabularFileError) as caught:
        read(data, name, **kwargs)
    assert str(caught.value) == caught.value.message
    return caught.value.message


def workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- reading ------------------------------------------------------------------------------------


def test_csv_rows_are_numbered_as_the_spreadsheet_shows_them() -> None:
    sheet = read("\ufeff code , name \nU1, Unit one \n\nU2,Deux\n".encode())
    assert sheet.headers == ["code", "name"]  # BOM and surrounding spaces gone
    assert sheet.rows == [(2, {"code": "U1", "name": "Unit one"}), (4, {"code": "U2", "name": "Deux"})]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_recognised(delimiter: str) -> None:
    text = delimiter.join(["code", "name", "note"]) + "\n" + delimiter.join(["U1", '"a, b; c"', "x"]) + "\n"
    sheet = read(text.encode())
    assert sheet.headers == ["code", "name", "note"] and sheet.rows[0][1]["name"] == "a, b; c"


def test_single_column_csv_and_short_rows() -> None:
    assert read(b"code\nU1\n").rows == [(2, {"code": "U1"})]
    # A short row (a ragged file: a missing separator shifts every later cell) is refused with its
    # line, rather than read with its last cells silently empty.
    assert "Line 2 has 1 cells; the header row has 2" in refusal(b"code,name\nU1\n")
    assert read(b"code,name\nU1,\n").rows == [(2, {"code": "U1", "name": ""})]


def test_too_big_is_refused_before_parsing() -> None:
    big = b"\xff" * (50 * MB + 1)  # not even UTF-8: the size check must come first
    message = refusal(big, max_bytes=LIMIT)
    assert "50.0 MB" in message and "10.0 MB" in message
    assert "MB" in refusal(big, "list.xlsx", max_bytes=LIMIT)


def test_latin1_csv_asks_for_csv_utf8() -> None:
    message = refusal("code,name\nU1,Café\n".encode("latin-1"))
    assert "UTF-8" in message and "CSV UTF-8" in message


@pytest.mark.parametrize("content", [b"", b"  \n\n", "\ufeff".encode()])
def test_empty_files_are_refused(content: bytes) -> None:
    assert "empty" in refusal(content).lower()


def test_a_missing_header_row_is_refused() -> None:
    assert "header" in refusal(b"\ncode,name\n").lower()
    assert "header" in refusal(workbook([None, None], ["code", "name"]), "list.xlsx").lower()


def test_blank_and_duplicate_headers_are_named() -> None:
    assert "2" in refusal(b"code,,name\nU1,x,y\n")
    message = refusal(b"code,name,code,name\n")
    assert "code, name" in message
    assert "code" in refusal(workbook(["code", "code"]), "list.xlsx")


def test_cells_beyond_the_header_are_refused() -> None:
    assert "Row 3" in refusal(b"code,name\nU1,x\nU2,y,extra\n")


def test_wrong_type_is_refused_naming_the_allowed_ones() -> None:
    message = refusal(b"hello", "list.txt")
    assert ".csv" in message and ".xlsx" in message and "list.txt" in message
    assert ".xlsx" in refusal(workbook(["a"]), "list.xls")


@pytest.mark.parametrize(
    "content",
    [
        b"not a workbook",
        b"PK\x03\x04" + b"\x00" * 100,
        workbook(["a"])[:2000],  # truncated
    ],
    ids=["text", "bad-zip", "truncated"],
)
def test_corrupt_xlsx_is_refused(content: bytes) -> None:
    assert "workbook" in refusal(content, "list.xlsx")


def test_a_zip_that_is_no_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert "workbook" in refusal(out.getvalue(), "list.xlsx")


def test_a_workbook_that_unpacks_too_far_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (30 * MB))
    assert len(out.getvalue()) < MB
    assert "MB" in refusal(out.getvalue(), "list.xlsx", max_bytes=MB)


def test_too_many_rows_are_refused() -> None:
    csv_data = b"code\n" + b"U\n" * 11
    assert "10" in refusal(csv_data, max_rows=10)
    assert len(read(csv_data, max_rows=11).rows) == 11
    assert "10" in refusal(workbook(["code"], *[[i] for i in range(11)]), "list.xlsx", max_rows=10)


def test_xlsx_values_are_read_as_text_and_formulas_are_seen() -> None:
    data = workbook(
        [" code ", "count", "share", "when", "formula", "flag"],
        ["U1", 5, 1.5, datetime.date(2024, 1, 31), "=1+1", True],
        ["U2", None, 2.0, datetime.datetime(2024, 1, 31, 12, 30), "x", False],
        [None, None, None, None, None, None],
        [],
    )
    sheet = read(data, "list.xlsx")
    assert sheet.headers == ["code", "count", "share", "when", "formula", "flag"]
    assert sheet.rows == [
        (
            2,
            {
                "code": "U1",
                "count": "5",
                "share": "1.5",
                "when": "2024-01-31",
                "formula": "=1+1",
                "flag": "true",
            },
        ),
        (
            3,
            {
                "code": "U2",
                "count": "",
                "share": "2",
                "when": "2024-01-31T12:30:00",
                "formula": "x",
                "flag": "false",
            },
        ),
    ]
    assert formula_cells(sheet) == [(2, "formula", "=")]


def test_formula_cells_in_csv_and_array_formulas() -> None:
    assert formula_cells(read(b'code,name\nU1,"=HYPERLINK(""http://x"")"\nU2,ok\n')) == [(2, "name", "=")]
    from openpyxl.worksheet.formula import ArrayFormula

    book = openpyxl.Workbook()
    book.active.append(["code", "total"])
    book.active.append(["U1", None])
    book.active["B2"] = ArrayFormula("B2:B2", "=SUM(A1:A2)")
    out = io.BytesIO()
    book.save(out)
    assert formula_cells(read(out.getvalue(), "list.xlsx")) == [(2, "total", "=")]


def test_only_the_first_worksheet_is_read() -> None:
    book = openpyxl.Workbook()
    book.active.append(["code"])
    book.active.append(["U1"])
    book.create_sheet("other").append(["nothing", "here"])
    out = io.BytesIO()
    book.save(out)
    assert read(out.getvalue(), "LIST.XLSX").rows == [(2, {"code": "U1"})]


# -- writing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+1", "+1"),  # a signed number is a number, not a formula
        ("-5", "-5"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("'quoted", "''quoted"),  # the import removes one apostrophe: the text comes back as it was
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("＝1+1", "'＝1+1"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        (-5, -5),
        (Decimal("-1234.5"), Decimal("-1234.5")),
        (None, None),
    ],
)
def test_neutralise(value: object, expected: object) -> None:
    assert neutralise(value) == expected


ROWS: list[list[object]] = [
    [1, "U1", "Unité un", Decimal("25374.4"), datetime.date(2024, 1, 31), None],
    [2, "U2", EVIL, Decimal("-6.1"), None, "信通股"],
    [3, "U3", "-5", 0, datetime.date(2023, 12, 31), "وحدة"],
]
HEADERS = ["id", "code", "name", "amount", "valid_from", "note"]
EXPECTED = [
    (
        2,
        {
            "id": "1",
            "code": "U1",
            "name": "Unité un",
            "amount": "25374.4",
            "valid_from": "2024-01-31",
            "note": "",
        },
    ),
    (3, {"id": "2", "code": "U2", "name": "'" + EVIL, "amount": "-6.1", "valid_from": "", "note": "信通股"}),
    (4, {"id": "3", "code": "U3", "name": "-5", "amount": "0", "valid_from": "2023-12-31", "note": "وحدة"}),
]


def test_csv_round_trip() -> None:
    data = write_csv(HEADERS, ROWS)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    text = data.decode("utf-8-sig")
    assert ",'=cmd|' /C calc'!A0," in text and "," + EVIL not in text
    sheet = read(data)
    assert sheet.headers == HEADERS and sheet.rows == EXPECTED
    assert formula_cells(sheet) == []  # a neutralised export re-imports without formulas


def test_csv_writes_decimals_plainly_and_booleans_as_read() -> None:
    text = write_csv(["a", "b", "c"], [[Decimal("1E+3"), True, None]]).decode("utf-8-sig")
    assert text == "a,b,c\r\n1000,true,\r\n"


def test_xlsx_round_trip_keeps_types_and_neutralises() -> None:
    data = write_xlsx(HEADERS, ROWS, sheet_title="ICT units")
    sheet = read(data, "units.xlsx")
    assert sheet.headers == HEADERS and sheet.rows == EXPECTED
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.active
    assert ws.title == "ICT units" and ws.freeze_panes == "A2" and not ws.sheet_view.rightToLeft
    assert all(cell.font.b for cell in ws[1])
    assert ws["D2"].value == 25374.4 and ws["D2"].data_type == "n"  # numbers stay numbers
    assert isinstance(ws["E2"].value, datetime.datetime) and ws["E2"].is_date  # dates stay dates
    assert ws["C3"].value == "'" + EVIL and ws["C3"].data_type == "s"
    assert EVIL not in [c.value for row in ws.iter_rows() for c in row]


def test_xlsx_right_to_left_for_arabic() -> None:
    ws = openpyxl.load_workbook(
        io.BytesIO(write_xlsx(["a"], [["وحدة"]], sheet_title="x", right_to_left=True))
    ).active
    assert ws.sheet_view.rightToLeft is True


def test_xlsx_survives_awkward_values_and_titles() -> None:
    aware = datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.UTC)
    data = write_xlsx(
        ["a", "b"], [["bell\x07 and nul\x00", aware]], sheet_title="Units [2024]: a/b?" + "x" * 40
    )
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A2"].value == "bell and nul" and ws["B2"].value.tzinfo is None
    assert len(ws.title) <= 31 and not set(ws.title) & set("[]:*?/\\")
