"""Resource limits on imports: a small file that expands into millions of cells, or unzips far,
is refused while streaming, fast, with a message saying what to do; through the import page too."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core import tabular
from lodestar.core.models import ImportBatch
from lodestar.org.models import GovernanceBody

MB = 1024 * 1024


def wide_workbook(rows: int, far_column: int) -> bytes:
    """A header and ``rows`` short rows, plus one cell far to the right: every row is then read
    ``far_column`` cells wide. Compresses to a few kilobytes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "name"])
    for n in range(rows):
        sheet.append([f"B{n}", "x"])
    sheet.cell(row=2, column=far_column, value="far")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def many_cells(columns: int, rows: int) -> bytes:
    """A well-formed table of ``columns`` x ``rows`` one-letter cells: compresses well."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append([f"c{n}" for n in range(columns)])
    for _ in range(rows):
        sheet.append(["x"] * columns)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def refusal(data: bytes, name: str = "list.xlsx") -> str:
    with pytest.raises(tabular.TabularFileError) as caught:
        tabular.read_sheet(data, filename=name, max_bytes=10 * MB)
    return caught.value.message


BOMB = many_cells(columns=100, rows=1_000)  # 100,000 cells in a file of a few hundred kilobytes


@pytest.fixture
def small_cell_limit(settings: Any) -> None:
    settings.LODESTAR_IMPORT_MAX_CELLS = 20_000


def test_a_small_workbook_of_many_cells_is_refused_after_reading_no_more_than_the_limit(
    small_cell_limit: None,
) -> None:
    assert len(BOMB) < MB
    started = time.process_time()
    message = refusal(BOMB)
    cpu = time.process_time() - started
    assert "more than 20,000 cells" in message and "Split" in message
    assert cpu < 3, f"refusing took {cpu:.1f} s of CPU"


def test_a_row_stretched_far_to_the_right_is_refused_at_once() -> None:
    started = time.process_time()
    assert "more cells than the header" in refusal(wide_workbook(rows=400, far_column=16_000))
    assert time.process_time() - started < 2


def test_the_cell_limit_counts_every_cell_read(settings: Any) -> None:
    settings.LODESTAR_IMPORT_MAX_CELLS = 21  # header (2) + 10 rows of 2 = 22 cells
    data = wide_workbook(rows=10, far_column=2)
    assert "more than 21 cells" in refusal(data)
    settings.LODESTAR_IMPORT_MAX_CELLS = 22
    assert len(tabular.read_sheet(data, filename="x.xlsx", max_bytes=MB).rows) == 10
    csv_data = b"code,name\n" + b"U,x\n" * 10
    assert len(tabular.read_sheet(csv_data, filename="x.csv", max_bytes=MB).rows) == 10
    settings.LODESTAR_IMPORT_MAX_CELLS = 19
    assert "more than 19 cells" in refusal(csv_data, "x.csv")


def test_the_unpacked_size_has_its_own_limit(settings: Any) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"\0" * (3 * MB))
    settings.LODESTAR_IMPORT_MAX_UNPACKED_BYTES = 2 * MB
    assert "unpacks to 3 MB" in refusal(out.getvalue())
    settings.LODESTAR_IMPORT_MAX_UNPACKED_BYTES = 4 * MB
    assert "unpacks" not in refusal(out.getvalue())  # within the size limit: refused as no workbook


@pytest.mark.django_db(transaction=True)  # the worker closes its connections, as in production
def test_the_import_page_refuses_a_cell_bomb_and_writes_nothing(
    tree: dict, client_for: Any, small_cell_limit: None
) -> None:
    from lodestar.core import tasks

    client = client_for("analyst")
    url = reverse("org:governancebody_import")
    response = client.post(url, {"file": SimpleUploadedFile("bodies.xlsx", BOMB)})
    # A file this size is read by the background worker, not in the request.
    assert response.status_code == 302 and "?batch=" in response.url
    tasks.run_worker(batch=True, interval=0)
    response = client.get(response.url)
    assert "more than 20,000 cells" in response.content.decode()
    assert not ImportBatch.objects.exclude(status=ImportBatch.Status.REFUSED).exists()
    assert not GovernanceBody.objects.exists()
