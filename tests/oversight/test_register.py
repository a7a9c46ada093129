"""Spreadsheet import of recommendations, the ageing checks at an injected date, and the pages."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core import checks, tabular
from lodestar.core.checks import as_at_date, finding_for, run_checks
from lodestar.core.models import ObjectChange
from lodestar.oversight.models import Addressee, Recommendation, StatusUpdate

from .factories import create, recommendation, report

pytestmark = pytest.mark.django_db
IMPORT_URL = "/oversight/recommendation/import/"
HEADERS = [
    "report",
    "reference",
    "text_en",
    "text_zh",
    "entity",
    "other_entities",
    "priority",
    "original_target_date",
    "target_as_printed_en",
]


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode()


def test_recommendations_import_with_natural_keys(tree: dict, client_for: Any) -> None:
    report(tree["root"], 7, body=None)
    symbol = "A/UN/7"
    client = client_for("analyst")
    content = _csv(
        [
            [
                symbol,
                "para. 12",
                "Align ICT units",
                "统一信通技术单位",
                "DESA",
                "DM",
                "high",
                "2025-12-31",
                "",
            ],
            [symbol, "para. 13", "Take stock", "", "DM", "", "", "", "Ongoing"],
        ]
    )
    preview = client.post(IMPORT_URL, {"file": SimpleUploadedFile("recs.csv", content)})
    assert preview.status_code == 200, preview.context["result"].messages()
    assert client.post(IMPORT_URL, {"batch": preview.context["batch"].pk}).status_code == 302
    first = Recommendation.objects.get(code=f"{symbol} para. 12")
    assert first.entity == tree["a"] and first.text == {"en": "Align ICT units", "zh": "统一信通技术单位"}
    assert {a.entity.code for a in first.addressees.all()} == {"DESA", "DM"}
    assert Recommendation.objects.get(code=f"{symbol} para. 13").target_as_printed == {"en": "Ongoing"}
    assert ObjectChange.objects.filter(source="import", content_type__model="addressee").count() == 3


@pytest.mark.parametrize(
    "bad_row",
    [
        ["A/NO/SUCH", "para. 1", "Unknown report", "", "DESA", "", "", "", ""],  # unknown report symbol
        ["A/UN/7", "para. 2", "Unknown entity", "", "NOPE", "", "", "", ""],  # unknown entity code
        ["A/UN/7", "para. 3", "Bad date", "", "DESA", "", "", "31/12/2025", ""],  # not an ISO date
        ["A/UN/7", "para. 4", "Bad priority", "", "DESA", "", "urgent", "", ""],  # not a priority
        ["A/UN/7", "", "No reference", "", "DESA", "", "", "", ""],  # paragraph reference missing
    ],
)
def test_a_malformed_file_is_refused_and_nothing_is_written(
    tree: dict, client_for: Any, bad_row: list
) -> None:
    report(tree["root"], 7, body=None)
    client = client_for("analyst")
    good = ["A/UN/7", "para. 9", "Fine", "", "DESA", "", "", "2025-12-31", ""]
    before = (Recommendation.objects.count(), Addressee.objects.count(), ObjectChange.objects.count())
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("recs.csv", _csv([good, bad_row]))})
    assert response.status_code == 400
    result = response.context["result"]
    assert [r.row for r in result.rows if r.errors] == [3]  # the good row is not written either
    assert "Row 3" in " ".join(result.messages())
    assert (Recommendation.objects.count(), Addressee.objects.count(), ObjectChange.objects.count()) == before


def test_a_duplicate_row_and_an_xlsx_file(tree: dict, client_for: Any) -> None:
    report(tree["root"], 7, body=None)
    client = client_for("analyst")
    row = ["A/UN/7", "para. 9", "Fine", "", "DESA", "", "", "2025-12-31", ""]
    xlsx = tabular.write_xlsx(HEADERS, [row, row], sheet_title="recs")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("recs.xlsx", xlsx)})
    assert response.status_code == 400 and "duplicate" in " ".join(response.context["result"].messages())
    assert not Recommendation.objects.filter(reference="para. 9").exists()


def test_focal_points_cannot_import_recommendations(tree: dict, client_for: Any) -> None:
    assert client_for("focal_a").get(IMPORT_URL).status_code == 403


def _codes(findings: list) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for f in findings:
        result.setdefault(f.code, set()).add(f.object.split(" ", 1)[1])
    return result


def test_checks_flag_no_target_past_target_and_ageing_at_the_as_at_date(tree: dict) -> None:
    old = report(tree["root"], 1, date=datetime.date(2015, 1, 1))
    new = report(tree["root"], 2, date=datetime.date(2018, 7, 1))
    recommendation(
        tree["a"],
        1,
        report=old,
        reference="para. 1",
        original_target_date=None,
        target_as_printed={"en": "Ongoing"},
    )
    recommendation(
        tree["a"], 2, report=new, reference="para. 2", original_target_date=datetime.date(2019, 6, 30)
    )
    done = recommendation(tree["a"], 3, report=old, reference="para. 3", original_target_date=None)
    create(
        StatusUpdate,
        addressee=done.addressees.get(),
        as_of=datetime.date(2016, 1, 1),
        reported_status="implemented",
        state="validated",
    )
    codes = ("OVS-NO-TARGET", "OVS-PAST-TARGET", "OVS-AGEING")
    early = _codes(run_checks(codes, as_at=datetime.date(2016, 6, 1)))
    late = _codes(run_checks(codes, as_at=datetime.date(2019, 12, 31)))
    with as_at_date(datetime.date(2016, 6, 1)):  # the default of a run that names no date
        assert _codes(run_checks(codes)) == early
    assert early == {"OVS-NO-TARGET": {"A/UN/1 para. 1"}}  # para. 3 was closed; the 2018 report not yet out
    assert late == {
        "OVS-NO-TARGET": {"A/UN/1 para. 1"},
        "OVS-PAST-TARGET": {"A/UN/2 para. 2"},
        "OVS-AGEING": {"A/UN/1 para. 1"},
    }


def test_as_at_on_the_command_line_and_the_findings_page_and_derived_findings_grouped(
    tree: dict, client_for: Any, monkeypatch: Any
) -> None:
    old = report(tree["root"], 1, date=datetime.date(2015, 1, 1))
    recommendation(tree["a"], 1, report=old, reference="para. 1", original_target_date=None)
    out = io.StringIO()
    call_command("check", "--as-at", "2016-06-01", "--code", "OVS-AGEING", stdout=out)
    assert out.getvalue().strip().endswith("0 finding(s)")
    out = io.StringIO()
    call_command("check", "--as-at", "2018-06-01", "--code", "OVS-AGEING", stdout=out)
    assert "A/UN/1 para. 1" in out.getvalue() and out.getvalue().strip().endswith("1 finding(s)")
    with pytest.raises(CommandError, match="not a date"):
        call_command("check", "--as-at", "31/12/2018")
    page = client_for("analyst").get(reverse("findings") + "?as_at=2018-06-01").content.decode()
    assert 'data-code="OVS-AGEING"' in page and 'value="2018-06-01"' in page
    page = client_for("analyst").get(reverse("findings") + "?as_at=2016-06-01").content.decode()
    assert 'data-code="OVS-AGEING"' not in page
    assert (
        "The as-at date must be a date"
        in client_for("analyst").get(reverse("findings") + "?as_at=nonsense").content.decode()
    )

    # A finding derived from another names its root cause (data["root_cause"] = the other's
    # data["key"]) and is listed under it, on the command line and on the page.
    rec = Recommendation.objects.get()

    def root() -> list:
        return [finding_for(rec, code="T-ROOT", message="root cause", key="A:total")]

    def derived() -> list:
        return [
            finding_for(rec, code="T-DERIVED", message=f"follows {n}", root_cause="A:total") for n in (1, 2)
        ]

    monkeypatch.setitem(checks._rules, "T-ROOT", root)
    monkeypatch.setitem(checks._wants_context, "T-ROOT", False)
    monkeypatch.setitem(checks._rules, "T-DERIVED", derived)
    monkeypatch.setitem(checks._wants_context, "T-DERIVED", False)
    grouped = checks.grouped_by_root_cause(run_checks(["T-ROOT", "T-DERIVED"]))
    assert [(f.code, [d.message for d in under]) for f, under in grouped] == [
        ("T-ROOT", ["follows 1", "follows 2"])
    ]
    out = io.StringIO()
    call_command("check", "--code", "T-ROOT", "--code", "T-DERIVED", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("T-ROOT\t") and lines[1].startswith("  <- T-DERIVED\t") and len(lines) == 4
    page = client_for("analyst").get(reverse("findings")).content.decode()
    assert page.count('class="derived-finding"') == 2 and page.count('class="finding"') >= 1


def test_the_dashboard_counts_and_its_query_count_does_not_grow(tree: dict, client_for: Any) -> None:
    client = client_for("reviewer")
    shared = report(tree["root"], 1)
    recommendation(tree["a"], 1, report=shared)
    client.get("/oversight/")
    cache.clear()  # the figures computed afresh: their query count is the one that must not grow
    with CaptureQueriesContext(connection) as few:
        response = client.get("/oversight/")
    assert response.status_code == 200 and response.context["total"] == 1
    for n in range(2, 12):
        rec = recommendation(tree["a" if n % 2 else "b"], n, report=shared)
        create(
            StatusUpdate,
            addressee=rec.addressees.get(),
            as_of=datetime.date(2019, 1, 1),
            reported_status="implemented" if n % 3 else "under_implementation",
            state="validated",
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        response = client.get("/oversight/?as_at=2020-01-01")
    assert response.context["total"] == 11
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    html = response.content.decode()
    assert 'id="rate-chart"' in html and 'data-year="2019"' in html
    overall = response.context["overall_rows"][0]
    assert overall["total"] == 11 and overall["cells"][0] == 7  # implemented: n = 2, 4, 5, 7, 8, 10, 11
    # A focal point's dashboard counts only what is addressed to their entity.
    focal = client_for("focal_b").get("/oversight/")
    assert focal.context["total"] == 5


def test_the_recommendation_page_query_count_does_not_grow(tree: dict, client_for: Any) -> None:
    client = client_for("reviewer")
    rec = recommendation(tree["a"], 1)
    url = reverse("oversight:recommendation_page", args=[rec.pk])
    row = rec.addressees.get()
    create(StatusUpdate, addressee=row, as_of=datetime.date(2018, 12, 31), reported_status="not_started")
    client.get(url)
    cache.clear()  # the inbox count computed afresh, as after the writes below
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(8):
        create(
            StatusUpdate,
            addressee=row,
            as_of=datetime.date(2019, 1, 1 + n),
            reported_status="under_implementation",
            state="proposed",
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["timeline"]) == 9
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert "Open past its target date" in response.content.decode()


def test_the_generic_detail_links_to_the_recommendation_page(tree: dict, client_for: Any) -> None:
    rec = recommendation(tree["a"], 1)
    page = client_for("analyst").get(reverse("oversight:recommendation_detail", args=[rec.pk]))
    assert reverse("oversight:recommendation_page", args=[rec.pk]) in page.content.decode()


def test_two_voices_per_entity_and_repeated_recommendations(tree: dict, client_for: Any) -> None:
    rec = recommendation(tree["a"], 1, other_entities=[tree["b"]])
    later = recommendation(tree["a"], 2, predecessor=rec)
    desa, dm = rec.addressees.get(entity=tree["a"]), rec.addressees.get(entity=tree["b"])
    create(
        StatusUpdate,
        addressee=desa,
        as_of=datetime.date(2019, 1, 1),
        reported_status="implemented",
        assessed_status="under_implementation",
        state="validated",
    )
    create(
        StatusUpdate,
        addressee=dm,
        as_of=datetime.date(2019, 1, 1),
        reported_status="not_started",
        state="validated",
    )
    # Each entity's row counts its own status; the recommendation stays open until both are closed.
    dashboard = client_for("reviewer").get("/oversight/").context
    by_entity = {row["label"]: row["cells"] for row in dashboard["by_entity"]}
    assert by_entity["DESA"][0] == 1 and by_entity["DM"][2] == 1
    assert client_for("focal_b").get("/oversight/").context["by_entity"][0]["label"] == "DM"
    findings = run_checks(["OVS-ASSESSED-DIFFERS"])
    assert (
        len(findings) == 1
        and "Implemented" in findings[0].message
        and "Under implementation" in findings[0].message
    )
    page = client_for("reviewer").get(reverse("oversight:recommendation_page", args=[rec.pk]))
    assert page.context["status"] == "not_started" and later.code in page.content.decode()


def test_the_dashboard_lists_the_oldest_aged_recommendations_and_counts_them_all(
    tree: dict, client_for: Any
) -> None:
    from lodestar.oversight.aggregates import AGEING_LISTED

    shared = report(tree["root"], 1, date=datetime.date(2015, 1, 31))
    total = AGEING_LISTED + 4
    recs = [recommendation(tree["a"], n, report=shared, order=n) for n in range(total)]
    response = client_for("analyst").get("/oversight/", {"as_at": "2020-06-30"})
    aged = next(g for g in response.context["ageing"] if g["key"] == "aged")
    assert aged["count"] == total and aged["more"] == 4
    assert [r.pk for r in aged["items"]] == [r.pk for r in recs[:AGEING_LISTED]]
    body = response.content.decode()
    assert f'data-count="aged">{total}<' in body and "and 4 more" in body
