"""The generic harness: every registered model, every view and API action, every kind of user.

A model added to the registry is covered here without writing a test of its own, once it has a
factory in tests/factories.py (the meta-test below fails until it does).
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from lodestar.core import importing
from lodestar.core.forms import form_class
from lodestar.core.history import changes_for
from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.core.permissions import CENTRAL_ANALYST, CHANGE, DELETE, VIEW, can, policy_for
from lodestar.core.registry import registry
from lodestar.core.templatetags.lodestar import history_value

from ..factories import CHANGES, FACTORIES
from .harness import editor_for, post_data, viewer_in_a

REGISTRATIONS = list(registry)
IDS = [r.label for r in REGISTRATIONS]
PAGES_WITH_PK = ("detail", "edit", "delete", "history")


def urls(r: Any, obj: Any) -> dict[str, str]:
    result = {action: reverse(r.url_name(action)) for action in ("list", "add", "import")}
    result.update({action: reverse(r.url_name(action), args=[obj.pk]) for action in PAGES_WITH_PK})
    return result


def api_list(r: Any) -> str:
    return f"/api/{r.app_label}/{r.model_name}/"


def api_detail(r: Any, obj: Any) -> str:
    return f"/api/{r.app_label}/{r.model_name}/{obj.pk}/"


def test_every_registered_model_is_covered() -> None:
    missing = [r.label for r in REGISTRATIONS if r.model not in FACTORIES or r.model not in CHANGES]
    assert not missing, f"registered models without a factory and a change in tests/factories.py: {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_anonymous_is_sent_to_login(r: Any, tree: dict, client: Any) -> None:
    obj = FACTORIES[r.model](tree["a"], 1)
    for action, url in urls(r, obj).items():
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], (
            action,
            response.status_code,
        )
    assert client.post(urls(r, obj)["delete"]).status_code == 302
    assert r.model.objects.filter(pk=obj.pk).exists()
    assert client.get(api_list(r)).status_code in (401, 403)
    assert client.delete(api_detail(r, obj)).status_code in (401, 403)
    assert r.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_user_without_role_sees_and_writes_nothing(r: Any, tree: dict, client_for: Any) -> None:
    obj = FACTORIES[r.model](tree["a"], 1)
    client = client_for("nobody")
    pages = urls(r, obj)
    assert client.get(pages["list"]).status_code == 403
    assert client.get(pages["add"]).status_code == 403
    assert client.get(pages["import"]).status_code == 403
    for action in PAGES_WITH_PK:
        assert client.get(pages[action]).status_code == 404, action
    assert client.get(pages["list"] + "?export=csv").status_code == 403
    assert client.get(api_list(r)).status_code == 403
    assert client.patch(api_detail(r, obj), {}, content_type="application/json").status_code == 403
    assert client.delete(api_detail(r, obj)).status_code == 403
    assert r.model.objects.filter(pk=obj.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_permitted_user_browses_edits_and_deletes_with_history(
    r: Any, tree: dict, users: dict, client_for: Any
) -> None:
    obj = FACTORIES[r.model](tree["a"], 1)
    editor = editor_for(r.model, users)
    client = client_for(editor)
    pages = urls(r, obj)
    listing = client.get(pages["list"])
    assert listing.status_code == 200
    assert reverse(r.url_name("detail"), args=[obj.pk]) in listing.content.decode()
    assert client.get(pages["detail"]).status_code == 200
    assert client.get(pages["add"]).status_code == 200

    # Saving the form unchanged writes nothing; changing a field records before and after.
    form = form_class(r)(instance=obj, user=users[editor], registration=r, action=CHANGE)
    before_count = changes_for(obj).count()
    response = client.post(pages["edit"], post_data(form))
    assert response.status_code == 302, getattr(response, "context", {}) and response.context["form"].errors
    assert changes_for(obj).count() == before_count
    field, value = CHANGES[r.model]
    response = client.post(pages["edit"], post_data(form, **{field: value}))
    assert response.status_code == 302
    change = changes_for(obj).first()
    assert change.action == ObjectChange.Action.UPDATE and change.user == users[editor]
    assert any(name == field for name, _before, _after in change.diff())
    # The history page names the change as the interface does (choice labels, not stored codes).
    shown = {
        name: labelled[2]
        for (name, _b, _a), labelled in zip(change.diff(), change.labelled_diff(), strict=True)
    }[field]
    history = client.get(pages["history"])
    # …in the reader's language's number and date format (core.formatting), as the page shows it.
    assert history.status_code == 200 and escape(history_value(shown)) in history.content.decode()

    # A stale form (someone saved in between) is refused, not silently overwritten.
    if "version" in {f.name for f in r.model._meta.concrete_fields}:
        stale = post_data(form, **{field: value})
        stale["version"] = 1
        assert client.post(pages["edit"], stale).status_code == 409

    if r.model.objects.filter(pk=obj.pk).exists() and client.get(pages["delete"]).status_code == 200:
        assert client.post(pages["delete"]).status_code == 302
        assert not r.model.objects.filter(pk=obj.pk).exists()
        assert ObjectChange.objects.filter(
            action="delete", object_id=obj.pk, content_type__model=r.model_name
        ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_out_of_scope_records_are_invisible_everywhere(
    r: Any, tree: dict, users: dict, client_for: Any
) -> None:
    mine = FACTORIES[r.model](tree["a"], 1)
    theirs = FACTORIES[r.model](tree["b"], 2)
    if getattr(r.model, "scope_field", None) is None:
        pytest.skip("records of this model belong to no entity: shared by all who may view the model")
    viewer = viewer_in_a(r.model)
    if viewer is None:
        pytest.skip("focal points may not view this model at all (covered by the no-role test)")
    client = client_for(viewer)
    pages = urls(r, theirs)
    theirs_url = reverse(r.url_name("detail"), args=[theirs.pk])
    listing = client.get(pages["list"]).content.decode()
    assert reverse(r.url_name("detail"), args=[mine.pk]) in listing
    assert theirs_url not in listing
    for action in PAGES_WITH_PK:
        assert client.get(pages[action]).status_code == 404, action
    assert client.post(pages["delete"]).status_code == 404
    exported = client.get(pages["list"] + "?export=csv").content.decode("utf-8-sig")
    ids = {row["id"] for row in csv.DictReader(io.StringIO(exported))}
    assert str(mine.pk) in ids and str(theirs.pk) not in ids
    api_ids = {row["id"] for row in client.get(api_list(r) + "?page_size=1000").json()["results"]}
    assert mine.pk in api_ids and theirs.pk not in api_ids
    assert client.get(api_detail(r, theirs)).status_code == 404
    assert client.patch(api_detail(r, theirs), {}, content_type="application/json").status_code in (403, 404)
    assert client.delete(api_detail(r, theirs)).status_code in (403, 404)
    assert r.model.objects.filter(pk=theirs.pk).exists()
    if r.search_fields:
        found = client.get(reverse("search") + "?q=" + str(theirs).split()[0]).content.decode()
        assert theirs_url not in found

    # Importing a row that updates the other entity's record is refused, and nothing is written.
    row = next(importing.export_rows(r, r.model.objects.filter(pk=theirs.pk)))
    content = _csv(importing.columns(r), [row])
    before = ObjectChange.objects.count()
    response = client.post(pages["import"], {"file": SimpleUploadedFile("x.csv", content)})
    if response.status_code != 403:
        assert response.status_code == 400
        assert ObjectChange.objects.count() == before


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_export_import_round_trip(r: Any, fmt: str, tree: dict, users: dict, client_for: Any) -> None:
    editor = editor_for(r.model, users)
    client = client_for(editor)
    objects = [FACTORIES[r.model](tree["a"], n) for n in (1, 2)]
    exported = client.get(reverse(r.url_name("list")) + f"?export={fmt}")
    assert exported.status_code == 200
    before = ObjectChange.objects.count()
    preview = client.post(
        reverse(r.url_name("import")), {"file": SimpleUploadedFile(f"x.{fmt}", exported.content)}
    )
    assert preview.status_code == 200, preview.context["result"].messages()
    result = preview.context["result"]
    assert result.counts()["unchanged"] >= len(objects) and result.counts()["error"] == 0
    batch = preview.context["batch"]
    assert client.post(reverse(r.url_name("import")), {"batch": batch.pk}).status_code == 302
    assert ObjectChange.objects.count() == before  # nothing changed, nothing recorded
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_an_imported_change_is_previewed_as_an_update_and_written(
    r: Any, tree: dict, users: dict, client_for: Any
) -> None:
    field, value = CHANGES[r.model]
    model_field = r.model._meta.get_field(field)
    if model_field.is_relation:
        pytest.skip("the change for this model is a reference; covered by the form test")
    editor = editor_for(r.model, users)
    client = client_for(editor)
    obj = FACTORIES[r.model](tree["a"], 1)
    exported = client.get(reverse(r.url_name("list")) + "?export=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(exported)))
    headers, rows = rows[0], [row for row in rows[1:] if row and row[0] == str(obj.pk)]
    assert len(rows) == 1 and field in headers, headers
    rows[0][headers.index(field)] = str(value)
    preview = client.post(
        reverse(r.url_name("import")), {"file": SimpleUploadedFile("x.csv", _csv(headers, rows))}
    )
    result = preview.context["result"]
    assert result.counts()["update"] == 1 and result.counts()["error"] == 0, result.messages()
    assert (
        client.post(reverse(r.url_name("import")), {"batch": preview.context["batch"].pk}).status_code == 302
    )
    change = changes_for(obj).first()
    assert change.action == ObjectChange.Action.UPDATE
    assert any(name == field for name, _before, _after in change.diff())


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_list_query_count_does_not_grow_with_rows(r: Any, tree: dict, users: dict, client_for: Any) -> None:
    client = client_for("analyst" if CENTRAL_ANALYST in policy_for(r.model)[VIEW] else "admin")
    url = reverse(r.url_name("list"))
    FACTORIES[r.model](tree["a"], 1)
    client.get(url)  # warm caches (content types, sessions)
    cache.clear()  # the rendered table and the inbox count computed afresh: those are the counts that matter
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(2, 22):
        FACTORIES[r.model](tree["a"], n)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    cache.clear()
    with CaptureQueriesContext(connection) as api_few:
        client.get(api_list(r) + "?page_size=2")
    cache.clear()
    with CaptureQueriesContext(connection) as api_many:
        client.get(api_list(r) + "?page_size=20")
    assert len(api_many) == len(api_few), [q["sql"] for q in api_many.captured_queries]


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_permitted_user_reads_changes_and_deletes_through_the_api(
    r: Any, tree: dict, users: dict, client_for: Any
) -> None:
    obj = FACTORIES[r.model](tree["a"], 1)
    editor = editor_for(r.model, users)
    client = client_for(editor)
    listing = client.get(api_list(r))
    assert listing.status_code == 200 and obj.pk in {row["id"] for row in listing.json()["results"]}
    detail = client.get(api_detail(r, obj))
    assert detail.status_code == 200
    field, value = CHANGES[r.model]
    sent = value.pk if hasattr(value, "pk") else value
    # A write must name the version it read: 428 without it, 409 when it is stale (logins, kept by
    # Django's user table, have no version).
    version = getattr(obj, "version", None)
    if version is not None:
        unversioned = client.patch(api_detail(r, obj), {field: sent}, content_type="application/json")
        assert unversioned.status_code == 428, unversioned.content
        stale = client.patch(
            api_detail(r, obj), {field: sent}, content_type="application/json", HTTP_IF_MATCH=str(version + 5)
        )
        assert stale.status_code == 409, stale.content
    changed = client.patch(
        api_detail(r, obj), {field: sent}, content_type="application/json", HTTP_IF_MATCH=f'"{version or ""}"'
    )
    assert changed.status_code == 200, changed.content
    change = changes_for(obj).first()
    assert change.source == ObjectChange.Source.API and any(name == field for name, _b, _a in change.diff())
    obj = r.model.objects.get(pk=obj.pk)
    may_delete = can(users[editor], DELETE, obj)
    deleted = client.delete(api_detail(r, obj), HTTP_IF_MATCH=str(getattr(obj, "version", "")))
    assert deleted.status_code == (204 if may_delete else 403)
    assert r.model.objects.filter(pk=obj.pk).exists() is not may_delete
