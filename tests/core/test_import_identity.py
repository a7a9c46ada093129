"""Facts have an identity: a file row names its record by its dimensions, a doubled row is refused,
an unchanged re-import writes nothing; impossible values are refused with one message everywhere."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.finance import models as fin
from tests.finance import factories as ff

URL = "/finance/post/import/"
HEADER = "section,component,funding_source,unit,category,grade,period,stage,count,allocated"


@pytest.fixture
def dims(tree: dict) -> dict[str, Any]:
    return {
        "section": ff.section(tree["a"], 1),
        "source": ff.funding_source(tree["a"], 1),
        "period": ff.period(tree["a"], 1),
    }


def line(dims: dict, grade: str = "P-4", count: str = "3", **cells: str) -> str:
    values = {
        "section": dims["section"].code,
        "component": "",
        "funding_source": dims["source"].code,
        "unit": "",
        "category": "professional",
        "grade": grade,
        "period": dims["period"].code,
        "stage": "approved",
        "count": count,
        "allocated": "false",
        **cells,
    }
    return ",".join(values[h] for h in HEADER.split(","))


def csv_file(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode()


def upload(client: Any, content: bytes, name: str = "posts.csv") -> Any:
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def commit(client: Any, preview: Any) -> Any:
    return client.post(URL, {"batch": preview.context["batch"].pk})


def messages(response: Any) -> str:
    return " ".join(response.context["result"].messages())


@pytest.mark.django_db
def test_a_file_imported_twice_is_unchanged_the_second_time(dims: dict, client_for: Any) -> None:
    client = client_for("analyst")
    content = csv_file(line(dims, "P-4", "3"), line(dims, "P-3", "2"))
    assert commit(client, upload(client, content)).status_code == 302
    assert fin.Post.objects.count() == 2
    history = ObjectChange.objects.count()
    again = upload(client, content)
    assert again.status_code == 200
    assert again.context["result"].counts() == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert commit(client, again).status_code == 302
    assert fin.Post.objects.count() == 2 and ObjectChange.objects.count() == history
    # The same row with a new count updates the record it names, without an id column.
    changed = upload(client, csv_file(line(dims, "P-4", "5"), line(dims, "P-3", "2")))
    assert changed.context["result"].counts() == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    assert commit(client, changed).status_code == 302
    assert sorted(fin.Post.objects.values_list("count", flat=True)) == [2, 5]


@pytest.mark.django_db
def test_a_doubled_row_is_refused_with_both_row_numbers(dims: dict, client_for: Any) -> None:
    client = client_for("analyst")
    response = upload(client, csv_file(line(dims, "P-4"), line(dims, "P-3"), line(dims, "P-4", "7")))
    assert response.status_code == 400
    assert "Row 4: duplicate: rows 2 and 4" in messages(response)
    assert fin.Post.objects.count() == 0


@pytest.mark.django_db
def test_a_fact_without_component_cannot_be_stored_twice_even_by_the_database(dims: dict) -> None:
    ff.create(
        fin.Post,
        section=dims["section"],
        funding_source=dims["source"],
        period=dims["period"],
        grade="P-4",
        stage="approved",
        count=1,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        fin.Post.objects.create(
            section=dims["section"],
            funding_source=dims["source"],
            period=dims["period"],
            grade="P-4",
            stage="approved",
            count=1,
        )


NEGATIVE = "A number of posts cannot be negative; record a reduction as a post action."


@pytest.mark.django_db
def test_a_negative_post_count_is_refused_with_one_message_in_import_form_and_api(
    dims: dict, client_for: Any
) -> None:
    client = client_for("analyst")
    response = upload(client, csv_file(line(dims, "P-4", "-3")))
    assert response.status_code == 400 and NEGATIVE in messages(response)
    payload = {
        "section": dims["section"].pk,
        "funding_source": dims["source"].pk,
        "period": dims["period"].pk,
        "category": "professional",
        "grade": "P-4",
        "stage": "approved",
        "count": -3,
    }
    api = client.post("/api/finance/post/", json.dumps(payload), content_type="application/json")
    assert api.status_code == 400 and NEGATIVE in api.content.decode()
    form = client.post("/finance/post/add/", {**payload, "count": "-3"})
    assert form.status_code in (200, 400) and NEGATIVE in form.content.decode()
    assert fin.Post.objects.count() == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        fin.Post.objects.create(
            section=dims["section"],
            funding_source=dims["source"],
            period=dims["period"],
            stage="approved",
            count=-3,
        )


@pytest.mark.django_db
def test_an_api_duplicate_is_a_400_naming_the_existing_record(dims: dict, client_for: Any) -> None:
    client = client_for("analyst")
    payload = {
        "section": dims["section"].pk,
        "funding_source": dims["source"].pk,
        "period": dims["period"].pk,
        "category": "professional",
        "grade": "P-4",
        "stage": "approved",
        "count": 3,
    }
    first = client.post("/api/finance/post/", json.dumps(payload), content_type="application/json")
    assert first.status_code == 201, first.content
    second = client.post("/api/finance/post/", json.dumps(payload), content_type="application/json")
    assert second.status_code == 400
    assert f"(id {first.json()['id']})" in second.content.decode()
    assert fin.Post.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ({"allocated": "off"}, "column allocated: “off” is not a yes/no value"),
        ({"count": '"1,5"'}, "column count: “1,5” is not a number"),
        ({"stage": "dreamt"}, "“dreamt” is not one of the allowed values: expenditure, appropriation"),
        ({"grade": "=1+1"}, "column grade starts with “=”"),
        ({"grade": "＝SUM(A1)"}, "column grade starts with “＝”"),
        ({"grade": "@cmd"}, "column grade starts with “@”"),
        ({"grade": "+A1"}, "column grade starts with “+”"),
    ],
    ids=["boolean", "number", "choice", "formula", "full-width", "at", "plus"],
)
def test_cells_follow_one_parsing_rule(dims: dict, client_for: Any, cells: dict, expected: str) -> None:
    response = upload(client_for("analyst"), csv_file(line(dims, **cells)))
    assert response.status_code == 400
    assert expected in messages(response), messages(response)
    assert "Row 2" in messages(response)
    assert fin.Post.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("word", ["no", "0", "non", "нет", "否", "لا", "falso"])
def test_false_in_any_un_language_is_false(dims: dict, client_for: Any, word: str) -> None:
    client = client_for("analyst")
    assert commit(client, upload(client, csv_file(line(dims, allocated=word)))).status_code == 302
    assert fin.Post.objects.get().allocated is False


@pytest.mark.django_db
def test_an_unknown_code_gives_one_error_not_a_second_required(dims: dict, client_for: Any) -> None:
    response = upload(client_for("analyst"), csv_file(line(dims, section="NO-SUCH")))
    errors = response.context["result"].rows[0].errors
    assert len(errors) == 1 and "NO-SUCH" in errors[0], errors


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (lambda d: csv_file(line(d), line(d, grade='"P-3'), line(d, grade="P-2")), "Line 3"),
        (lambda d: csv_file(line(d), "A,B,C"), "Line 3 has 3 cells; the header row has 10"),
    ],
    ids=["unclosed-quote", "ragged"],
)
def test_malformed_csv_is_refused_with_its_line(
    dims: dict, client_for: Any, content: Any, expected: str
) -> None:
    response = upload(client_for("analyst"), content(dims))
    assert response.status_code == 400 and expected in messages(response), messages(response)
    assert fin.Post.objects.count() == 0


@pytest.mark.django_db
def test_an_ambiguous_date_is_refused(tree: dict, client_for: Any) -> None:
    header = "code,kind,start,end"
    content = f"{header}\nY2027,year,01/02/2027,2027-12-31\n".encode()
    response = client_for("analyst").post(
        "/finance/period/import/", {"file": SimpleUploadedFile("p.csv", content)}
    )
    assert response.status_code == 400
    assert "column start: “01/02/2027” is not a date in the form YYYY-MM-DD" in messages(response)
    assert not fin.Period.objects.filter(code="Y2027").exists()


@pytest.mark.django_db
def test_text_that_looks_like_a_formula_round_trips_through_an_export(dims: dict, client_for: Any) -> None:
    client = client_for("analyst")
    ff.create(
        fin.Post,
        section=dims["section"],
        funding_source=dims["source"],
        period=dims["period"],
        grade="-P4",
        stage="approved",
        count=2,
    )
    exported = client.get("/finance/post/?export=csv").content
    assert b",'-P4," in exported
    preview = upload(client, exported)
    assert preview.context["result"].counts()["unchanged"] == 1, messages(preview)
    assert fin.Post.objects.get().grade == "-P4"


@pytest.mark.django_db
def test_a_committed_preview_cannot_be_committed_again(dims: dict, client_for: Any) -> None:
    client = client_for("analyst")
    preview = upload(client, csv_file(line(dims)))
    assert commit(client, preview).status_code == 302
    history = ObjectChange.objects.count()
    again = commit(client, preview)
    assert again.status_code == 302
    assert fin.Post.objects.count() == 1 and ObjectChange.objects.count() == history
    assert ImportBatch.objects.get().status == ImportBatch.Status.COMMITTED


@pytest.mark.django_db
def test_a_tree_is_imported_in_one_file(tree: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lodestar.org.models import Entity

    header = "code,parent,kind,acronym,name_en"
    content = f"{header}\nORG2,UN,department,O2,Org two\nORG2-A,ORG2,division,O2A,Division A\n".encode()
    client = Client()
    client.force_login(get_user_model().objects.create_superuser(username="root", password="x"))
    response = client.post("/org/entity/import/", {"file": SimpleUploadedFile("e.csv", content)})
    assert response.status_code == 200, messages(response)
    assert not Entity.objects.filter(code="ORG2").exists()  # a preview writes nothing
    assert client.post("/org/entity/import/", {"batch": response.context["batch"].pk}).status_code == 302
    assert Entity.objects.get(code="ORG2-A").parent.code == "ORG2"


@pytest.mark.django_db
def test_a_milestone_row_the_commit_would_refuse_is_refused_at_preview_with_its_row(tree: dict) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from lodestar.core import permissions as p
    from lodestar.portfolio.models import Milestone
    from tests.conftest import grant
    from tests.portfolio import factories as pf

    project = pf.project(tree["a"], 1)
    manager = get_user_model().objects.create_user(username="pm", password="x")
    grant(manager, p.PROJECT_MANAGER, tree["a"])
    client = Client()
    client.force_login(manager)
    content = (
        "project,name_en,status,weight,order\n"
        f"{project.code},Design,open,1,1\n"
        f"{project.code},Build,accepted,1,2\n"
    ).encode()
    response = client.post("/portfolio/milestone/import/", {"file": SimpleUploadedFile("m.csv", content)})
    assert response.status_code == 400
    messages = response.context["result"].messages()
    assert [m[:6] for m in messages] == ["Row 3:"], messages
    assert not Milestone.objects.exists()


@pytest.mark.django_db
def test_status_updates_name_their_addressee_by_recommendation_and_entity_code(
    tree: dict, client_for: Any
) -> None:
    from lodestar.oversight.models import StatusUpdate
    from tests.oversight import factories as of

    addressee = of.addressee(tree["a"], 1)
    client = client_for("focal_a")
    exported_header = "addressee,as_of,reported_status,comment_en,source"
    reference = f"{addressee.recommendation.code} | DESA"
    content = f"{exported_header}\n{reference},2024-06-30,under_implementation,On track,test\n".encode()
    preview = client.post("/oversight/statusupdate/import/", {"file": SimpleUploadedFile("u.csv", content)})
    assert preview.status_code == 200, messages(preview)
    assert (
        client.post("/oversight/statusupdate/import/", {"batch": preview.context["batch"].pk}).status_code
        == 302
    )
    update = StatusUpdate.objects.get(as_of="2024-06-30")
    assert update.addressee == addressee
    exported = client.get("/oversight/statusupdate/?export=csv").content.decode("utf-8-sig")
    assert reference in exported
    unknown = content.replace(b"| DESA", b"| DM")
    refused = client.post("/oversight/statusupdate/import/", {"file": SimpleUploadedFile("u.csv", unknown)})
    assert refused.status_code == 400 and "DM" in messages(refused)
