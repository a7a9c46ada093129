"""Bad files are refused with a clear message and nothing is written; exports neutralise formulas."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core.models import ObjectChange
from lodestar.org.models import IctUnit

URL = "/org/ictunit/import/"


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def errors(response: Any) -> str:
    return " ".join(response.context["result"].messages())


@pytest.fixture
def focal(client_for: Any) -> Any:
    return client_for("focal_a")


def _rows(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


HEADER = (
    "id,code,name_en,name_fr,name_es,name_ru,name_zh,name_ar,delivery_type,head_grade,aligned_with_oict,"
    "valid_from,valid_to,source,entity"
)


@pytest.mark.django_db
def test_a_good_file_is_previewed_then_committed_all_or_nothing(tree: dict, focal: Any) -> None:
    content = _rows(
        HEADER,
        ",U1,Unit one,,,,信通股,,entity_ict_unit,P-5,true,,,,DESA",
        ",U2,Unit two,,,,,,entity_ict_unit,,,,,,DESA-STAT",
    )
    preview = upload(focal, "units.csv", content)
    assert preview.status_code == 200 and preview.context["result"].counts()["create"] == 2
    assert IctUnit.objects.count() == 0  # nothing before the commit
    done = focal.post(URL, {"batch": preview.context["batch"].pk})
    assert done.status_code == 302
    assert set(IctUnit.objects.values_list("code", flat=True)) == {"U1", "U2"}
    assert ObjectChange.objects.filter(source="import", action="create").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("units.csv", _rows("code,nonsense", "U1,x"), "Unknown column"),
        ("units.csv", "code,name_en\nU1,Caf\xe9\n".encode("latin-1"), "UTF-8"),
        ("units.csv", _rows(HEADER, ',U1,=HYPERLINK("http://x"),,,,,,entity_ict_unit,,,,,,DESA'), "formula"),
        (
            "units.csv",
            _rows(
                HEADER, ",U1,One,,,,,,entity_ict_unit,,,,,,DESA", ",U1,Again,,,,,,entity_ict_unit,,,,,,DESA"
            ),
            "duplicate",
        ),
        ("units.csv", _rows(HEADER, ",U1,One,,,,,,no_such_type,,,,,,DESA"), "Row 2"),
        ("units.csv", _rows(HEADER, ",U1,One,,,,,,entity_ict_unit,,,,,,DM"), "DM"),
        ("units.txt", b"hello", ".xlsx"),
        ("units.xlsx", b"not a workbook", "workbook"),
    ],
    ids=[
        "wrong-columns",
        "bad-encoding",
        "formula",
        "duplicates",
        "bad-choice",
        "out-of-scope",
        "type",
        "corrupt-xlsx",
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    tree: dict, focal: Any, name: str, content: bytes, expected: str
) -> None:
    before = ObjectChange.objects.count()
    response = upload(focal, name, content)
    assert response.status_code == 400
    assert expected.lower() in errors(response).lower()
    assert IctUnit.objects.count() == 0 and ObjectChange.objects.count() == before


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_before_parsing(tree: dict, focal: Any, settings: Any) -> None:
    big = b"code,name_en\n" + b"U,x\n" * (50 * 1024 * 1024 // 4)
    response = upload(focal, "big.csv", big)
    assert response.status_code == 400 and "MB" in errors(response)
    assert IctUnit.objects.count() == 0


@pytest.mark.django_db
def test_one_bad_row_stops_the_whole_file(tree: dict, focal: Any) -> None:
    content = _rows(HEADER, ",U1,One,,,,,,entity_ict_unit,,,,,,DESA", ",U2,,,,,,,entity_ict_unit,,,,,,DESA")
    response = upload(focal, "units.csv", content)
    assert response.status_code == 400 and "Row 3" in errors(response)
    assert IctUnit.objects.count() == 0


@pytest.mark.django_db
def test_exports_neutralise_formula_cells(tree: dict, users: dict, client_for: Any) -> None:
    from ..factories import create

    create(IctUnit, code="EVIL", entity=tree["a"], name={"en": "=cmd|' /C calc'!A0"})
    client = client_for("analyst")
    csv_text = client.get(reverse("org:ictunit_list") + "?export=csv").content.decode("utf-8-sig")
    assert "'=cmd" in csv_text
    xlsx = client.get(reverse("org:ictunit_list") + "?export=xlsx").content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values and "=cmd|' /C calc'!A0" not in values


@pytest.mark.django_db
def test_an_error_names_the_columns_as_the_template_heads_them(tree: dict, focal: Any) -> None:
    # The name is one column per language in the file: the error names those, not the field "name".
    response = upload(focal, "units.csv", _rows(HEADER, ",U1,,,,,,,entity_ict_unit,,,,,,DESA"))
    message = errors(response)
    assert "column name_en … name_ar:" in message, message
    assert "column name:" not in message
