"""The import template (a workbook to fill that imports back), the preview's grid of refused
cells, and checking a kept file again without choosing it anew."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core import importing
from lodestar.core.models import ImportBatch
from lodestar.core.registry import registry
from lodestar.org.models import IctUnit

from ..conftest import make_entity

TEMPLATE = "/org/ictunit/import/template/"
IMPORT = "/org/ictunit/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(response: Any) -> Any:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _validation_for(sheet: Any, column_letter: str) -> Any:
    for validation in sheet.data_validations.dataValidation:
        if any(str(r).startswith(f"{column_letter}2:") for r in validation.sqref.ranges):
            return validation
    return None


@pytest.mark.django_db
def test_the_template_has_the_import_columns_drop_downs_and_instructions(tree: dict, client_for: Any) -> None:
    workbook = _workbook(client_for("focal_a").get(TEMPLATE))
    data, allowed, instructions = workbook.worksheets
    headers = [c.value for c in data[1]]
    assert headers == importing.columns(registry[IctUnit])
    assert data["B1"].comment is not None  # the human label beside the heading, not a second row
    assert data.max_row == 1
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(headers, start=1)}
    choice = _validation_for(data, letter["delivery_type"])
    assert choice is not None and choice.type == "list" and allowed.title in choice.formula1
    assert allowed.sheet_state == "hidden"
    lists = {col[0].value: [c.value for c in col[1:] if c.value] for col in allowed.iter_cols()}
    assert "entity_ict_unit" in lists["delivery_type"]
    # The owning entity: only where this focal point may import (DESA and below, not DM).
    assert set(lists["entity"]) == {"DESA", "DESA-STAT"}
    assert _validation_for(data, letter["entity"]) is not None
    text = " ".join(str(c.value) for row in instructions.iter_rows() for c in row if c.value)
    assert "YYYY-MM-DD" in text and "delivery_type" in text and "1234.5" in text
    assert not data.sheet_view.rightToLeft


@pytest.mark.django_db
def test_the_template_is_right_to_left_and_translated_in_arabic(tree: dict, client_for: Any) -> None:
    workbook = _workbook(client_for("focal_a").get(TEMPLATE, HTTP_ACCEPT_LANGUAGE="ar"))
    assert all(sheet.sheet_view.rightToLeft for sheet in workbook.worksheets)
    assert [c.value for c in workbook.worksheets[0][1]] == importing.columns(registry[IctUnit])
    assert workbook.worksheets[2].title != "Instructions"


@pytest.mark.django_db
def test_a_filled_template_imports_back(tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    workbook = _workbook(client.get(TEMPLATE))
    data = workbook.worksheets[0]
    row = {"code": "U9", "name_en": "Unit nine", "delivery_type": "entity_ict_unit", "entity": "DESA-STAT"}
    row |= {"aligned_with_oict": "true", "valid_from": "2027-01-01"}
    headers = [c.value for c in data[1]]
    data.append([row.get(h) for h in headers])
    out = io.BytesIO()
    workbook.save(out)
    preview = client.post(IMPORT, {"file": SimpleUploadedFile("filled.xlsx", out.getvalue())})
    assert preview.status_code == 200, preview.context["result"].messages()
    assert client.post(IMPORT, {"batch": preview.context["batch"].pk}).status_code == 302
    unit = IctUnit.objects.get(code="U9")
    assert unit.entity == tree["a_child"] and unit.aligned_with_oict is True


@pytest.mark.django_db
def test_the_api_gives_the_template_to_those_who_may_import(tree: dict, client_for: Any) -> None:
    url = "/api/org/ictunit/import/template/"
    workbook = _workbook(client_for("focal_a").get(url, HTTP_ACCEPT_LANGUAGE="fr"))
    assert workbook.worksheets[2].title == "Instructions"  # the same word in French
    assert "Colonne" in [c.value for row in workbook.worksheets[2].iter_rows() for c in row]
    assert client_for("reader").get(url).status_code == 403
    assert client_for("reader").get(TEMPLATE).status_code == 403
    page = client_for("focal_a").get(IMPORT).content.decode()
    assert f'href="{TEMPLATE}"' in page


HEADER = "id,code,name_en,delivery_type,entity"


def _upload(client: Any, text: str, name: str = "units.csv") -> Any:
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, (text + "\n").encode())})


@pytest.mark.django_db
def test_the_preview_marks_the_bad_cell_with_its_message(tree: dict, client_for: Any) -> None:
    response = _upload(
        client_for("focal_a"), f"{HEADER}\n,U1,One,entity_ict_unit,DESA\n,U2,Two,no_such_type,DESA"
    )
    assert response.status_code == 400
    # The error list keeps every error with its row and column.
    assert any(m.startswith("Row 3: column delivery_type:") for m in response.context["result"].messages())
    html = response.content.decode()
    grid = html[html.index('id="import-grid"') :]
    cell = grid[grid.index('data-row="3" data-column="delivery_type"') :]
    assert "no_such_type" in cell[:400] and "is not one of the allowed values" in cell[:600]
    assert 'data-row="2"' not in grid  # only the refused rows


@pytest.mark.django_db
def test_a_kept_file_is_checked_again_without_uploading_it(tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    refused = _upload(client, f"{HEADER}\n,U1,One,entity_ict_unit,DESA-NEW")
    assert refused.status_code == 400
    kept = refused.context["kept"]
    html = refused.content.decode()
    assert 'id="recheck"' in html and "units.csv" in html
    # The entity the file names is added; the same file, checked again, is now valid.
    make_entity("DESA-NEW", tree["a"], kind="division")
    again = client.post(IMPORT, {"recheck": kept.pk})
    assert again.status_code == 200, again.context["result"].messages()
    assert again.context["batch"].pk == kept.pk
    assert client.post(IMPORT, {"batch": kept.pk}).status_code == 302
    assert IctUnit.objects.get(code="U1").entity.code == "DESA-NEW"
    # Another user cannot check someone else's kept file.
    assert client_for("focal_b").post(IMPORT, {"recheck": kept.pk}).status_code == 404


@pytest.mark.django_db
def test_a_pruned_file_must_be_chosen_again(tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    refused = _upload(client, f"{HEADER}\n,U1,One,entity_ict_unit,DESA-NEW")
    ImportBatch.objects.filter(pk=refused.context["kept"].pk).update(content=b"")
    response = client.post(IMPORT, {"recheck": refused.context["kept"].pk}, follow=True)
    assert "no longer kept" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("label", ["finance.budgetfact", "oversight.recommendation"])
def test_templates_of_other_lists_have_their_import_columns(label: str, tree: dict, client_for: Any) -> None:
    registration = registry.by_label(label)
    response = client_for("admin").get(reverse(registration.url_name("import_template")))
    workbook = _workbook(response)
    assert [c.value for c in workbook.worksheets[0][1]] == importing.columns(registration)


@pytest.mark.django_db
def test_every_list_s_template_heads_exactly_what_its_import_reads(tree: dict, users: dict) -> None:
    # One language, every registered list (about 6 s): the header row is the import's columns, and
    # the import accepts the template as it is (no unknown column, no row).
    from lodestar.core import importtemplate

    for registration in registry:
        content = importtemplate.build(registration, users["admin"], language="en")
        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        headers = [c.value for c in next(sheet.iter_rows(max_row=1))]
        assert headers == importing.columns(registration), registration.label
        result = importing.read(
            registration, content=content, filename="t.xlsx", user=users["admin"], max_bytes=10**7
        )
        assert not result.file_errors and not result.rows, (registration.label, result.file_errors)


@pytest.mark.django_db
def test_the_api_checks_a_kept_file_again(tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    text = f"{HEADER}\n,U1,One,entity_ict_unit,DESA-NEW\n"
    refused = client.post("/api/org/ictunit/import/", {"file": SimpleUploadedFile("u.csv", text.encode())})
    assert refused.status_code == 400
    batch = refused.json()["batch"]
    assert client.post(f"/api/org/ictunit/import/{batch}/check/").status_code == 400
    make_entity("DESA-NEW", tree["a"], kind="division")
    again = client.post(f"/api/org/ictunit/import/{batch}/check/")
    assert again.status_code == 200 and again.json()["created"] == 1
    assert client.post(f"/api/org/ictunit/import/{batch}/commit/").status_code == 200
    assert client.post(f"/api/org/ictunit/import/{batch}/check/").status_code == 409
