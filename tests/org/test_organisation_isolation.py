"""Organisations as tenants, generically: every registered model that an organisation owns (its
vocabularies, oversight bodies and reports, printed summaries…) is invisible and unwritable to the
users of another organisation on every surface — list, detail, edit, delete, history, export, API,
counts, search, import — while a superuser sees both (docs/decisions/0011-organisations.md)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from lodestar.core import importing
from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import organisation_path_of, restrict, restrict_changes
from lodestar.core.registry import registry

from ..conftest import grant, make_entity
from ..factories import CHANGES, FACTORIES

OWNED = [
    r
    for r in registry
    if getattr(r.model, "scope_field", None) is None and getattr(r.model, "organisation_field", None)
]
IDS = [r.label for r in OWNED]
PAGES_WITH_PK = ("detail", "edit", "delete", "history")


def test_the_vocabularies_are_organisation_owned() -> None:
    labels = set(IDS)
    for label in (
        "finance.fundingsource",
        "finance.objectofexpenditure",
        "finance.departmentgroup",
        "finance.costshare",
        "org.entitykind",
        "org.locationclass",
        "org.grade",
        "org.gradecategory",
        "oversight.oversightbodykind",
        "oversight.oversightbody",
        "oversight.oversightreport",
        "oversight.printedsummary",
    ):
        assert label in labels, label
    # Universal records stay global: calendar periods belong to no organisation.
    assert "finance.period" not in labels


@pytest.fixture
def acme(tree: dict) -> dict[str, Any]:
    """A second organisation: its root, one entity, an administrator and a reader."""
    root = make_entity("ACME", kind="organisation")
    ops = make_entity("ACME-OPS", root)
    User = get_user_model()
    admin = User.objects.create_user(username="acme_admin")
    grant(admin, p.ADMINISTRATOR, root)
    reader = User.objects.create_user(username="acme_reader")
    grant(reader, p.READER, ops)
    return {"root": root, "ops": ops, "admin": admin, "reader": reader}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pages(r: Any, obj: Any) -> dict[str, str]:
    return {action: reverse(r.url_name(action), args=[obj.pk]) for action in PAGES_WITH_PK}


def _listed_ids(client: Client, r: Any) -> tuple[set[str], set[int], int]:
    exported = client.get(reverse(r.url_name("list")) + "?export=csv")
    assert exported.status_code == 200
    csv_ids = {row["id"] for row in csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig")))}
    api = client.get(f"/api/{r.app_label}/{r.model_name}/?page_size=1000").json()
    return csv_ids, {row["id"] for row in api["results"]}, api["count"]


def _csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.mark.django_db
@pytest.mark.parametrize("r", OWNED, ids=IDS)
def test_another_organisations_records_are_invisible_everywhere(
    r: Any, tree: dict, users: dict, acme: dict, client_for: Any
) -> None:
    mine = FACTORIES[r.model](tree["a"], 1)
    theirs = FACTORIES[r.model](acme["ops"], 2)
    assert organisation_path_of(mine) == tree["root"].tree_path
    assert organisation_path_of(theirs) == acme["root"].tree_path
    theirs_url = reverse(r.url_name("detail"), args=[theirs.pk])
    mine_url = reverse(r.url_name("detail"), args=[mine.pk])

    # A UN user (a focal point below the root, and an administrator at the root) …
    for name in ("focal_a", "admin"):
        if name == "focal_a" and p.FOCAL_POINT not in p.policy_for(r.model)[p.VIEW]:
            continue
        client = client_for(name)
        listing = client.get(reverse(r.url_name("list"))).content.decode()
        assert mine_url in listing and theirs_url not in listing, name
        for action, url in _pages(r, theirs).items():
            assert client.get(url).status_code == 404, (name, action)
        assert client.post(_pages(r, theirs)["delete"]).status_code == 404
        csv_ids, api_ids, count = _listed_ids(client, r)
        assert str(mine.pk) in csv_ids and str(theirs.pk) not in csv_ids
        assert mine.pk in api_ids and theirs.pk not in api_ids
        assert count == restrict(users[name], p.VIEW, r.model).count()
        assert count == len(api_ids) and theirs.pk not in restrict(users[name], p.VIEW, r.model).values_list(
            "pk", flat=True
        )
        api_theirs = f"/api/{r.app_label}/{r.model_name}/{theirs.pk}/"
        assert client.get(api_theirs).status_code == 404
        field, value = CHANGES[r.model]
        patch = client.patch(api_theirs, {field: value}, content_type="application/json")
        assert patch.status_code in (403, 404)
        assert client.delete(api_theirs).status_code in (403, 404)
        if r.search_fields:
            found = client.get(reverse("search") + "?q=" + str(theirs).split()[0]).content.decode()
            assert theirs_url not in found
        # The change log lists the creation of the UN's record, never the other organisation's.
        shown = restrict_changes(users[name], ObjectChange.objects.all())
        assert shown.filter(object_id=mine.pk, content_type__model=r.model_name).exists()
        assert not shown.filter(object_id=theirs.pk, content_type__model=r.model_name).exists()
        assert client.get(reverse("change_log")).status_code == 200

    # … and the other organisation's administrator: the UN's records are out of reach, also for
    # an import that would rename them (the preview is refused and nothing is written).
    client = _client(acme["admin"])
    listing = client.get(reverse(r.url_name("list"))).content.decode()
    assert theirs_url in listing and mine_url not in listing
    for action, url in _pages(r, mine).items():
        assert client.get(url).status_code == 404, action
    csv_ids, api_ids, _count = _listed_ids(client, r)
    assert str(theirs.pk) in csv_ids and str(mine.pk) not in csv_ids and mine.pk not in api_ids
    row = next(importing.export_rows(r, r.model.objects.filter(pk=mine.pk)))
    before = ObjectChange.objects.count()
    response = client.post(
        reverse(r.url_name("import")),
        {"file": SimpleUploadedFile("x.csv", _csv(importing.columns(r), [row]))},
    )
    assert response.status_code in (400, 403)
    assert ObjectChange.objects.count() == before
    field, value = CHANGES[r.model]
    api_mine = f"/api/{r.app_label}/{r.model_name}/{mine.pk}/"
    assert client.patch(api_mine, {field: value}, content_type="application/json").status_code in (403, 404)
    assert r.model.objects.filter(pk=mine.pk).exists()

    # Reading inside its own organisation (a reader below the root) is allowed; writing is not.
    reader = _client(acme["reader"])
    assert reader.get(theirs_url).status_code == 200
    assert reader.get(mine_url).status_code == 404
    assert reader.get(_pages(r, theirs)["edit"]).status_code in (403, 404)

    # A superuser sees both organisations.
    root_user = get_user_model().objects.create_superuser(username="root-user", password="x")
    csv_ids, api_ids, _count = _listed_ids(_client(root_user), r)
    assert {mine.pk, theirs.pk} <= api_ids and {str(mine.pk), str(theirs.pk)} <= csv_ids


@pytest.mark.django_db
def test_codes_are_unique_per_organisation(tree: dict, acme: dict) -> None:
    from lodestar.finance.models import FundingSource

    service = registry[FundingSource].service
    for root in (tree["root"], acme["root"]):
        service.create(
            data={"organisation": root, "code": "RB", "name": {"en": "Regular"}, "kind": "regular"},
            user=None,
            source=ObjectChange.Source.SYSTEM,
            check=False,
        )
    assert FundingSource.objects.filter(code="RB").count() == 2


@pytest.mark.django_db
def test_writes_to_a_vocabulary_need_the_role_at_the_organisations_root(
    tree: dict, users: dict, acme: dict, client_for: Any
) -> None:
    """An administrator of ACME may not add a source to the UN's vocabulary through the API, and a
    central analyst of the UN may add one to the UN's."""
    body = {"code": "NEW", "name": {"en": "New"}, "kind": "regular", "order": 1}
    refused = _client(acme["admin"]).post(
        "/api/finance/fundingsource/",
        {**body, "organisation": tree["root"].pk},
        content_type="application/json",
    )
    assert refused.status_code in (400, 403), refused.content
    allowed = client_for("analyst").post(
        "/api/finance/fundingsource/",
        {**body, "organisation": tree["root"].pk},
        content_type="application/json",
    )
    assert allowed.status_code == 201, allowed.content
    focal = client_for("focal_a").post(
        "/api/finance/fundingsource/",
        {**body, "code": "NEW2", "organisation": tree["root"].pk},
        content_type="application/json",
    )
    assert focal.status_code in (400, 403)
