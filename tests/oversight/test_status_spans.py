"""The status spans the dashboard counts (``oversight.spans``) are kept by every write that changes
them: a status update moved through the workflow to validated, an addressee added, removed or
imported, a validated update deleted. After each, the stored spans equal a recomputation and the
dashboard equals the Python computation from the updates themselves; a write around the services is
found by the rule OVS-SPANS and mended by ``refresh_status_spans``."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lodestar.core import bulkimport
from lodestar.core.checks import run_checks
from lodestar.core.registry import registry
from lodestar.oversight import aggregates, recount, services, spans
from lodestar.oversight.models import Addressee, Recommendation, StatusSpan, StatusUpdate
from tests.conftest import make_entity
from tests.core.test_concurrency import together

from .factories import recommendation, report

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2025, 6, 30)


def current(rec: Recommendation, day: datetime.date = TODAY) -> StatusSpan | None:
    """The recommendation's own span on ``day`` (None: not yet reported)."""
    for span in StatusSpan.objects.filter(recommendation=rec, addressee=None).order_by("starts"):
        if span.starts <= day and (span.ends is None or span.ends > day):
            return span
    return None


def agrees(users: dict) -> None:
    assert spans.out_of_date() == []
    for name in ("analyst", "focal_a", "focal_b"):
        assert aggregates.dashboard(users[name], TODAY) == recount.dashboard_in_python(users[name], TODAY)


def validated(users: dict, addressee: Addressee, status: str, day: datetime.date) -> StatusUpdate:
    """An update drafted by the entity's focal point, reviewed and validated through the workflow."""
    focal = users["focal_a"] if addressee.entity.code == "DESA" else users["focal_b"]
    data = {"addressee": addressee, "as_of": day, "reported_status": status, "comment": {"en": "Done"},
            "evidence_link": "https://example.org/evidence.pdf"}  # fmt: skip
    update = registry[StatusUpdate].service.create(data=data, user=focal)
    update = services.transition(update, services.PROPOSE, user=focal)
    update = services.transition(update, services.REVIEW, user=users["analyst"])
    return services.transition(update, services.VALIDATE, user=users["reviewer"], assessed_status=status)


def test_the_workflow_keeps_the_spans(tree: dict, users: dict) -> None:
    rec = recommendation(tree["a"], 1, report=report(tree["root"], 1), other_entities=[tree["b"]])
    desa, dm = (rec.addressees.get(entity=tree[k]) for k in ("a", "b"))
    update = validated(users, desa, "implemented", datetime.date(2020, 3, 31))
    assert current(rec).status == "under_implementation" and not current(rec).closed  # DM not closed
    agrees(users)
    validated(users, dm, "overtaken", datetime.date(2021, 6, 30))
    span = current(rec)
    assert (span.status, span.closed, span.closed_since) == ("implemented", True, datetime.date(2021, 6, 30))
    agrees(users)
    # A draft or a proposal changes no span: only validated updates count.
    before = list(StatusSpan.objects.values_list("pk", flat=True))
    draft = registry[StatusUpdate].service.create(
        data={"addressee": dm, "as_of": datetime.date(2022, 1, 31), "reported_status": "not_started"},
        user=users["focal_b"],
    )
    assert list(StatusSpan.objects.values_list("pk", flat=True)) == before
    # The system may delete a validated update (a reference reload): the spans follow.
    registry[StatusUpdate].service.delete(update, user=None, check=False)
    registry[StatusUpdate].service.delete(draft, user=None, check=False)
    assert current(rec).status == "under_implementation"  # DESA has no status any more
    agrees(users)


def test_adding_and_removing_an_addressee_reopens_and_closes(tree: dict, users: dict) -> None:
    rec = recommendation(tree["a"], 2, report=report(tree["root"], 2))
    validated(users, rec.addressees.get(), "implemented", datetime.date(2020, 3, 31))
    assert current(rec).closed
    service = registry[Recommendation].service
    service.update(rec, data={"other_entities": [tree["b"]]}, user=users["analyst"])
    assert not current(rec).closed  # DM has reported nothing: the recommendation is open again
    agrees(users)
    service.update(rec, data={"other_entities": []}, user=users["analyst"])
    assert current(rec).closed
    agrees(users)


def test_an_addressee_import_refreshes_the_spans_of_its_recommendations(
    tree: dict, users: dict, client_for: Any
) -> None:
    registration = registry[Addressee]
    assert bulkimport.eligible(registration)  # the set-at-a-time path: one refresh for the file
    rec = recommendation(tree["a"], 3, report=report(tree["root"], 3))
    validated(users, rec.addressees.get(), "implemented", datetime.date(2020, 3, 31))
    assert current(rec).closed
    client = client_for("analyst")
    exported = client.get(reverse(registration.url_name("list")) + "?export=csv").content.decode("utf-8-sig")
    headers, *rows = list(csv.reader(io.StringIO(exported)))
    row = next(r for r in rows if r and r[0] == str(rec.addressees.get().pk))
    row[headers.index("id")] = ""
    row[headers.index("entity")] = tree["b"].code
    out = io.StringIO()
    csv.writer(out).writerows([headers, row])
    url = reverse(registration.url_name("import"))
    preview = client.post(url, {"file": SimpleUploadedFile("x.csv", out.getvalue().encode())})
    assert preview.context["result"].counts()["create"] == 1, preview.context["result"].messages()
    assert client.post(url, {"batch": preview.context["batch"].pk}).status_code == 302
    assert rec.addressees.count() == 2
    assert not current(rec).closed  # the imported addressee has reported nothing
    agrees(users)


def test_a_write_around_the_services_is_found_and_mended(tree: dict, users: dict) -> None:
    rec = recommendation(tree["a"], 4, report=report(tree["root"], 4))
    validated(users, rec.addressees.get(), "implemented", datetime.date(2020, 3, 31))
    StatusSpan.objects.filter(recommendation=rec, addressee=None).update(status="not_started", closed=False)
    findings = [f for f in run_checks(["OVS-SPANS"]) if f.code == "OVS-SPANS"]
    assert [f.instance for f in findings] == [rec]
    assert spans.out_of_date() == [rec.pk]
    assert not current(rec).closed  # the rule only reads: the spans stay as they were found
    call_command("refresh_status_spans", stdout=io.StringIO())
    assert spans.out_of_date() == [] and current(rec).closed


@pytest.mark.django_db(transaction=True)
def test_simultaneous_validations_of_one_recommendation_keep_its_spans() -> None:
    """Six addressees' updates validated at once, each in its own transaction: the spans take turns
    (the recommendation's row is locked), so none is computed without another's update."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time")
    root = make_entity("UN", kind="organisation")
    entities = [make_entity(f"E{n}", root, location_class="hq") for n in range(6)]
    rec = recommendation(entities[0], 5, report=report(root, 5), other_entities=entities[1:])
    addressees = list(rec.addressees.order_by("pk"))
    service = registry[StatusUpdate].service
    day = datetime.date(2021, 6, 30)

    def validate(i: int) -> int:
        data = {"addressee": addressees[i], "as_of": day, "reported_status": "implemented",
                "state": "validated", "assessed_status": "implemented"}  # fmt: skip
        return service.create(data=data, user=None, check=False).pk

    results = together(len(addressees), validate)
    assert all(isinstance(r, int) for r in results), results
    assert spans.out_of_date() == []
    own = StatusSpan.objects.filter(recommendation=rec, addressee=None)
    assert [(s.starts, s.status, s.closed) for s in own] == [(day, "implemented", True)]
