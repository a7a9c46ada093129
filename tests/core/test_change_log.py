"""The change log: filters (who, what, when, entity), free-text search, numbered pages, CSV and XLSX
export of the filtered rows, all within what the user may read, in a constant number of queries."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Entity

from ..conftest import make_entity


def _rename(entity: Entity, name: str, user: Any) -> None:
    registry[Entity].service.update(entity, data={"name": {"en": name}}, user=user, check=False)


@pytest.fixture
def edits(tree: dict, users: dict) -> dict[str, Entity]:
    in_a = make_entity("LOG-A", tree["a"], kind="unit")
    in_b = make_entity("LOG-B", tree["b"], kind="unit")
    _rename(in_a, "Renamed by the analyst", users["analyst"])
    _rename(in_b, "Renamed by the admin", users["admin"])
    return {"a": in_a, "b": in_b}


def _page(client: Any, query: str = "") -> str:
    page = client.get("/changes/" + query)
    assert page.status_code == 200
    return page.content.decode()


def _objects(client: Any, query: str = "") -> str:
    """The changes the page lists (not the filters' choices)."""
    html = _page(client, query)
    return html.split('class="table table-sm history-diff"')[1].split("</table>")[0]


@pytest.mark.django_db
def test_filters_by_who_what_entity_and_when(edits: dict, tree: dict, client_for: Any) -> None:
    client = client_for("admin")
    html = _objects(client)
    assert "LOG-A" in html and "LOG-B" in html
    by_who = _objects(client, "?who=analyst")
    assert "Renamed by the analyst" in by_who and "Renamed by the admin" not in by_who
    by_entity = _objects(client, f"?entity={tree['b'].pk}")
    assert "LOG-B" in by_entity and "LOG-A" not in by_entity
    role_type = ContentType.objects.get(app_label="org", model="roleassignment")
    entity_type = ContentType.objects.get(app_label="org", model="entity")
    by_what = _objects(client, f"?what={role_type.pk}")
    assert "LOG-A" not in by_what and "focal_a" in by_what
    assert "LOG-A" in _objects(client, f"?what={entity_type.pk}")
    today = datetime.date.today()
    assert "LOG-A" in _objects(client, f"?since={today:%Y-%m-%d}&until={today:%Y-%m-%d}")
    tomorrow = today + datetime.timedelta(days=1)
    assert "LOG-A" not in _objects(client, f"?since={tomorrow:%Y-%m-%d}")
    yesterday = today - datetime.timedelta(days=1)
    assert "LOG-A" not in _objects(client, f"?until={yesterday:%Y-%m-%d}")


@pytest.mark.django_db
def test_free_text_search(edits: dict, client_for: Any) -> None:
    html = _objects(client_for("admin"), "?q=log-b")
    assert "LOG-B" in html and "LOG-A" not in html


@pytest.mark.django_db
def test_filters_offer_only_what_the_user_may_see(edits: dict, tree: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    assert "LOG-A" in _objects(client) and "LOG-B" not in _objects(client)
    html = _page(client)
    # Entity B is not offered, and naming it anyway shows nothing of it.
    assert f'value="{tree["b"].pk}"' not in html.split('id="id_entity"')[1].split("</select>")[0]
    assert "LOG-B" not in _objects(client, f"?entity={tree['b'].pk}")
    assert "LOG-B" not in _objects(client, "?q=LOG-B")


@pytest.mark.django_db
def test_export_csv_and_xlsx_of_the_filtered_rows_within_scope(edits: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    response = client.get("/changes/?q=LOG&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["When", "Who"]
    body = "\n".join(",".join(r) for r in rows[1:])
    assert "LOG-A" in body and "LOG-B" not in body
    assert "Renamed by the analyst" in body  # the field's change, in words
    assert all("LOG" in r[5] for r in rows[1:])
    admin_rows = list(
        csv.reader(
            io.StringIO(
                client_for("admin").get("/changes/?who=analyst&export=csv").content.decode("utf-8-sig")
            )
        )
    )
    assert {r[1] for r in admin_rows[1:]} == {"analyst"}

    response = client.get("/changes/?q=LOG&export=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "When"
    assert any("LOG-A" in str(row[5]) for row in values[1:])
    assert not any("LOG-B" in str(row[5]) for row in values[1:])


@pytest.mark.django_db
def test_numbered_pages_keep_the_filters(tree: dict, users: dict, client_for: Any) -> None:
    entity = make_entity("PAGED", tree["a"], kind="unit")
    for n in range(120):
        _rename(entity, f"Name {n}", users["analyst"])
    html = _page(client_for("admin"), "?who=analyst")
    assert 'id="pages"' in html
    assert 'href="?who=analyst&amp;page=2"' in html and 'href="?who=analyst&amp;page=3"' in html
    page3 = _page(client_for("admin"), "?who=analyst&page=3")
    assert 'aria-current="page"><span class="page-link">3<' in page3


@pytest.mark.django_db
def test_query_count_does_not_grow_with_rows(tree: dict, users: dict, client_for: Any) -> None:
    client = client_for("focal_a")
    entity = make_entity("COUNTED", tree["a"], kind="unit")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/changes/").status_code == 200
        return len(queries)

    _rename(entity, "First", users["analyst"])
    few = count()
    for n in range(30):
        _rename(entity, f"Name {n}", users["analyst"])
    assert ObjectChange.objects.count() > 30
    assert count() <= few


@pytest.mark.django_db
def test_change_log_in_arabic_is_right_to_left_and_translated(edits: dict, client_for: Any) -> None:
    client = client_for("admin")
    client.cookies["django_language"] = "ar"
    html = _page(client)
    assert '<html lang="ar" dir="rtl">' in html
    assert "الجميع" in html and "جميع الكيانات" in html  # "Everyone", "All entities"
    assert "<script>" not in html.split("<body")[1]
