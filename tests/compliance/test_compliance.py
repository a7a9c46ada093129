"""Policies, self-certification, reviews and information security: the seeds' figures from the
reference data, the self-certification flow on the campaign engine, findings raised into the
oversight register, status updates per cycle, the three checks, and the pages and API."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.campaigns import services as campaigns
from lodestar.campaigns.models import Campaign
from lodestar.compliance import metrics, services
from lodestar.compliance.models import PolicyInstrument, ReviewFinding
from lodestar.compliance.security import ActionItem, ActionStatusUpdate
from lodestar.core.checks import run_checks
from lodestar.core.registry import registry

from ..oversight.factories import report
from ..reference_snapshot import reference_data
from .factories import action_item, instrument, review

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def test_the_seeds_figures_from_the_reference_data(client: Any) -> None:
    """One load for every assertion: the 42-instrument register, 5 of 70 and 2 of 42, the checks."""
    reference_data()
    summary = metrics.register_summary(PolicyInstrument.objects.all())
    assert summary.in_force == 42
    assert summary.by_kind == {"policy": 20, "technical_procedure": 22}
    assert summary.by_status == {"in_force": 40, "needs_revision": 2, "missing": 1}
    assert summary.unnamed == 39  # 2 + 16 + 21 counted by the sources without names
    campaign = Campaign.objects.get(code="SC-2018")
    assert campaign.status == Campaign.Status.CLOSED
    figures = metrics.certification(campaign, PolicyInstrument.objects.all())
    assert (figures.complete, figures.asked, figures.completeness) == (5, 70, Decimal("7.1"))
    assert (figures.policies_in_scope, figures.policies_in_force, figures.coverage) == (2, 42, Decimal("4.8"))
    assert figures.transcribed

    findings = run_checks(["POL-REVIEW-DUE", "POL-CERT-INCOMPLETE", "SEC-NO-UPDATE"], as_at=TODAY)
    by_code: dict[str, list[str]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f.message)
    assert len(by_code["POL-REVIEW-DUE"]) == 3  # two need revision, the outsourcing policy is missing
    assert any("65 of 70" in m for m in by_code["POL-CERT-INCOMPLETE"])
    assert len(by_code["SEC-NO-UPDATE"]) == 5  # the named action-plan items, none updated in 2026
    # The current cycle is the 2018 self-certification's; only New York's centre was reviewed (¶19).
    centres = run_checks(["POL-RTC-NOT-REVIEWED"], as_at=TODAY)
    assert sorted(f.message for f in centres) == [
        "RTC-GVA had no completed compliance review in 2018.",
        "RTC-NBO had no completed compliance review in 2018.",
    ]

    from lodestar.compliance.models import ComplianceReview

    # New York was reviewed; the other regional centres were not in 2018 (A/74/588 ¶18).
    assert dict(ComplianceReview.objects.values_list("code", "completed")) == {
        "REV-NY-2018": True,
        "REV-RTC-OTHER": False,
    }
    from lodestar.results.models import Indicator

    emails = Indicator.objects.get(code="SEC-THREAT-EMAILS").observations.get()
    assert emails.value == 35000 and "more than" in emails.text["en"]
    # Loading again changes nothing: tests/reference/test_reference_data.py, for every domain.


def _certification(tree: dict, users: dict) -> Campaign:
    analyst = users["analyst"]
    campaign = registry[Campaign].service.create(
        data={
            "code": "SC-TEST",
            "kind": "self_certification",
            "name": {"en": "Self-certification"},
            "entity": tree["root"],
            "opens": TODAY - datetime.timedelta(days=5),
            "deadline": TODAY + datetime.timedelta(days=20),
            "scope_entities": [tree["a"], tree["b"]],
        },
        user=analyst,
    )
    policy = instrument(tree["root"], 1)
    services.add_control(
        campaign, instrument=policy, code="C1", text={"en": "Access is reviewed"}, user=analyst
    )
    instrument(tree["root"], 2)  # in force, not in scope
    campaigns.launch(campaign, user=analyst)
    return campaign


def test_a_return_is_complete_only_with_every_answer_and_its_evidence(tree: dict, users: dict) -> None:
    campaign = _certification(tree, users)
    a = campaign.assignments.get(entity=tree["a"])
    b = campaign.assignments.get(entity=tree["b"])
    figures = metrics.certification(campaign, PolicyInstrument.objects.all())
    assert (figures.complete, figures.asked, figures.coverage) == (0, 2, Decimal("50.0"))

    assert (
        campaigns.save_answers(
            a, {"C1": "compliant", "C1-evidence": "Access review of May"}, user=users["focal_a"]
        )
        == {}
    )
    campaigns.submit(a, user=users["focal_a"])
    assert campaigns.save_answers(b, {"C1": "partly compliant"}, user=users["focal_b"]) == {}
    campaigns.submit(b, user=users["focal_b"])
    figures = metrics.certification(campaign, PolicyInstrument.objects.all())
    assert figures.state_of == {tree["a"].pk: "complete", tree["b"].pk: "incomplete"}
    assert (figures.complete, figures.completeness) == (1, Decimal("50.0"))
    # A focal point of another entity cannot answer for it.
    with pytest.raises(PermissionDenied):
        campaigns.save_answers(b, {"C1": "compliant"}, user=users["focal_a"])

    findings = run_checks(["POL-CERT-INCOMPLETE"], as_at=TODAY)
    assert [f.data for f in findings] == [{}]
    assert "DM" in findings[0].message


def test_controls_are_asked_only_in_a_draft_self_certification(tree: dict, users: dict) -> None:
    from django.core.exceptions import ValidationError

    campaign = _certification(tree, users)
    with pytest.raises(ValidationError):
        services.add_control(
            campaign,
            instrument=instrument(tree["root"], 3),
            code="C2",
            text={"en": "x"},
            user=users["analyst"],
        )


def test_next_review_follows_the_cycle_and_the_check_fires_once_past_it(tree: dict) -> None:
    policy = instrument(tree["root"], 1)  # issued 31 January 2020, 25-month cycle
    assert policy.next_review == datetime.date(2022, 2, 28)
    assert [f.code for f in run_checks(["POL-REVIEW-DUE"], as_at=datetime.date(2022, 2, 28))] == []
    assert [f.code for f in run_checks(["POL-REVIEW-DUE"], as_at=datetime.date(2022, 3, 1))] == [
        "POL-REVIEW-DUE"
    ]


def test_a_finding_becomes_a_recommendation_once(tree: dict, users: dict) -> None:
    from django.core.exceptions import ValidationError

    rev = review(tree["a"], 1)
    finding = registry[ReviewFinding].service.create(
        data={"review": rev, "reference": "F1", "text": {"en": "Access not reviewed"}}, user=users["analyst"]
    )
    with pytest.raises(ValidationError):
        services.raise_recommendation(finding, user=users["analyst"])  # no report named yet
    registry[type(rev)].service.update(rev, data={"report": report(tree["root"], 1)}, user=users["analyst"])
    recommendation = services.raise_recommendation(finding, user=users["analyst"])
    assert recommendation.entity == tree["a"] and recommendation.tr("text") == "Access not reviewed"
    assert recommendation.addressees.filter(entity=tree["a"]).exists()
    with pytest.raises(ValidationError):
        services.raise_recommendation(finding, user=users["analyst"])


def test_the_status_update_of_the_cycle_moves_the_item_and_silences_the_check(
    tree: dict, users: dict
) -> None:
    item = action_item(tree["a"], 1)
    assert [f.code for f in run_checks(["SEC-NO-UPDATE"], as_at=TODAY)] == ["SEC-NO-UPDATE"]
    registry[ActionStatusUpdate].service.create(
        data={
            "item": item,
            "cycle": 2026,
            "as_of": TODAY,
            "status": "partial",
            "progress": {"en": "Two networks of five segmented"},
        },
        user=users["focal_a"],
    )
    item.refresh_from_db()
    assert item.status == "partial"
    assert run_checks(["SEC-NO-UPDATE"], as_at=TODAY) == []
    assert [f.code for f in run_checks(["SEC-NO-UPDATE"], as_at=datetime.date(2027, 1, 5))] == [
        "SEC-NO-UPDATE"
    ]
    # Implemented needs evidence.
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        registry[ActionStatusUpdate].service.create(
            data={
                "item": item,
                "cycle": 2027,
                "as_of": TODAY,
                "status": "implemented",
                "progress": {"en": "Done"},
            },
            user=users["focal_a"],
        )


def test_the_pages_show_the_figures_in_a_fixed_number_of_queries(
    tree: dict, users: dict, client_for: Any
) -> None:
    campaign = _certification(tree, users)
    analyst = client_for("analyst")
    page = analyst.get(reverse("compliance:dashboard") + f"?as_at={TODAY}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-campaign="SC-TEST"' in html and "current cycle" in html
    for n in range(3):
        action_item(tree["a"], 10 + n)
    with CaptureQueriesContext(connection) as few:
        assert analyst.get(reverse("compliance:security") + f"?as_at={TODAY}").status_code == 200
        assert analyst.get(reverse("compliance:dashboard")).status_code == 200
    for n in range(10):
        action_item(tree["b"], 20 + n)
        instrument(tree["b"], 20 + n)
    with CaptureQueriesContext(connection) as many:
        assert analyst.get(reverse("compliance:security") + f"?as_at={TODAY}").status_code == 200
        assert analyst.get(reverse("compliance:dashboard")).status_code == 200
    assert len(many) == len(few)

    profile = client_for("focal_a").get(
        reverse("compliance:profile", args=[tree["a"].pk]) + f"?as_at={TODAY}"
    )
    assert profile.status_code == 200
    assert 'data-state="not_answered"' in profile.content.decode()
    # Another entity's profile is out of a focal point's scope.
    assert client_for("focal_a").get(reverse("compliance:profile", args=[tree["b"].pk])).status_code == 404
    assert campaign.pk


def test_the_api_lists_the_register_to_its_readers_only(tree: dict, users: dict, client_for: Any) -> None:
    instrument(tree["a"], 1)
    instrument(tree["b"], 2)
    rows = client_for("focal_a").get("/api/compliance/policyinstrument/").json()
    codes = [r["code"] for r in rows.get("results", rows)]
    assert codes == ["DESA-POL1"]
    item = action_item(tree["a"], 1)
    assert ActionItem.objects.get(pk=item.pk).status == "not_implemented"


def test_the_finding_page_raises_it_as_a_recommendation(tree: dict, users: dict, client_for: Any) -> None:
    rev = review(tree["a"], 1)
    registry[type(rev)].service.update(rev, data={"report": report(tree["root"], 1)}, user=users["analyst"])
    finding = registry[ReviewFinding].service.create(
        data={"review": rev, "reference": "F1", "text": {"en": "Access not reviewed"}}, user=users["analyst"]
    )
    analyst = client_for("analyst")
    assert 'id="raise-finding"' in analyst.get(finding.get_absolute_url()).content.decode()
    assert 'id="raise-finding"' not in client_for("focal_a").get(finding.get_absolute_url()).content.decode()
    response = analyst.post(reverse("compliance:raise_finding", args=[finding.pk]))
    finding.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == finding.recommendation.get_absolute_url()
