"""POL-RTC-NOT-REVIEWED: a regional technology centre without a completed compliance review in the
current cycle (A/74/588 ¶19), from the ICT units' delivery type, not from names in code."""

from __future__ import annotations

import datetime

import pytest

from lodestar.compliance.models import ComplianceReview
from lodestar.core.checks import run_checks
from lodestar.core.registry import registry
from lodestar.org.models import IctUnit

from .factories import create, review

pytestmark = pytest.mark.django_db
RULE = "POL-RTC-NOT-REVIEWED"
TODAY = datetime.date(2026, 6, 30)


def _centre(owner: object, code: str, **extra: object) -> IctUnit:
    return create(
        IctUnit,
        entity=owner,
        code=code,
        name={"en": code},
        delivery_type=IctUnit.DeliveryType.REGIONAL_TECHNOLOGY_CENTRE,
        **extra,
    )


def test_a_centre_without_a_completed_review_of_the_cycle_is_found(tree: dict) -> None:
    reviewed = _centre(tree["a"], "RTC-A")
    _centre(tree["b"], "RTC-B")
    _centre(tree["b"], "RTC-OLD", valid_to=datetime.date(2020, 12, 31))  # closed before the cycle
    create(IctUnit, entity=tree["a"], code="A-ICT", name={"en": "ICT unit"})  # not a centre
    done = review(tree["root"], 1)
    service = registry[ComplianceReview].service
    service.update(done, data={"centre": reviewed, "cycle": 2025, "completed": True}, user=None, check=False)
    # Reviewed in an earlier cycle only: both centres are found for 2026 (no campaign: the as-at year).
    findings = run_checks([RULE], as_at=TODAY)
    assert sorted(f.message for f in findings) == [
        "RTC-A had no completed compliance review in 2026.",
        "RTC-B had no completed compliance review in 2026.",
    ]
    service.update(done, data={"cycle": None, "date": datetime.date(2026, 3, 1)}, user=None, check=False)
    assert [f.message for f in run_checks([RULE], as_at=TODAY)] == [
        "RTC-B had no completed compliance review in 2026."
    ]
    # A review not completed does not count.
    service.update(done, data={"completed": False}, user=None, check=False)
    assert len(run_checks([RULE], as_at=TODAY)) == 2


def test_a_review_names_a_regional_technology_centre_only(tree: dict) -> None:
    from django.core.exceptions import ValidationError

    unit = create(IctUnit, entity=tree["a"], code="A-ICT", name={"en": "ICT unit"})
    with pytest.raises(ValidationError):
        registry[ComplianceReview].service.update(
            review(tree["root"], 2), data={"centre": unit}, user=None, check=False
        )
