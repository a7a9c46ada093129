"""Compliance pages: the policies-and-compliance dashboard (register by kind and status, the current
self-certification's completeness and coverage, reviews, website and system compliance rates), the
information-security dashboard (action plan, update due, assessments, vulnerabilities, incidents,
classification, threat statistics) and each entity's compliance profile. Every read goes through
``restrict``; every figure is counted in a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from lodestar.campaigns.models import Campaign
from lodestar.core.permissions import ADD, VIEW, restrict
from lodestar.org.models import Entity

from . import metrics, services
from .models import ComplianceReview, ConformanceAssessment, PolicyInstrument, ReviewFinding
from .security import (
    ActionItem,
    ActionStatus,
    ClassificationAttestation,
    SecurityAssessment,
    SecurityIncident,
    Vulnerability,
)

# Printed compliance rates (A/78/6 (Sect. 29C) ¶29C.18) are results indicators of these codes;
# they are shown beside a computed rate and in its place where nothing is assessed.
PRINTED_RATE_INDICATORS = {
    "websites": "POL-RATE-WEBSITES",
    "standards": "POL-RATE-STANDARDS",
    "architecture": "POL-RATE-ARCHITECTURE",
}
THREAT_INDICATOR_PREFIX = "SEC-THREAT-"


def _as_at(request: HttpRequest) -> datetime.date:
    try:
        return (
            datetime.date.fromisoformat(request.GET.get("as_at", ""))
            if request.GET.get("as_at")
            else datetime.date.today()
        )
    except ValueError:
        return datetime.date.today()


def _indicators(user: Any, codes: list[str] | None = None, prefix: str = "") -> list[Any]:
    from lodestar.results.models import Indicator

    indicators = restrict(user, VIEW, Indicator).prefetch_related("observations")
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    if prefix:
        indicators = indicators.filter(code__startswith=prefix)
    return list(indicators.order_by("order", "code"))


def _latest_value(indicator: Any) -> Any:
    observations = sorted(
        (o for o in indicator.observations.all() if o.kind == "actual" and o.value is not None),
        key=lambda o: o.year,
    )
    return observations[-1] if observations else None


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = _as_at(request)
    instruments = restrict(user, VIEW, PolicyInstrument)
    summary = metrics.register_summary(instruments)
    campaigns = restrict(user, VIEW, Campaign)
    current = metrics.current_campaign(campaigns, today)
    certifications = metrics.certifications(
        campaigns.filter(kind=Campaign.Kind.SELF_CERTIFICATION).exclude(status=Campaign.Status.DRAFT),
        instruments,
    )
    printed = {}
    for indicator in _indicators(user, codes=list(PRINTED_RATE_INDICATORS.values())):
        printed[indicator.code] = _latest_value(indicator)
    from lodestar.inventory.models import Website

    websites = metrics.website_rates(restrict(user, VIEW, Website).filter(audience=Website.Audience.PUBLIC))
    systems = metrics.conformance_rates(restrict(user, VIEW, ConformanceAssessment))
    for rate in systems:
        observation = printed.get(PRINTED_RATE_INDICATORS[rate.key])
        if observation is not None:
            rate.printed, rate.printed_source = observation.value, observation.source
    web_printed = printed.get(PRINTED_RATE_INDICATORS["websites"])
    kinds = {k.code: str(k) for k in _kinds(user)}
    return render(
        request,
        "compliance/dashboard.html",
        {
            "today": today,
            "summary": summary,
            "by_kind": [(code, kinds.get(code, code), n) for code, n in sorted(summary.by_kind.items())],
            "by_status": [
                (code, label, summary.by_status.get(code, 0))
                for code, label in PolicyInstrument.Status.choices
            ],
            "current": current,
            "certifications": certifications,
            "reviews": restrict(user, VIEW, ComplianceReview)
            .select_related("entity")
            .order_by("-date", "code"),
            "websites": websites,
            "web_printed": web_printed,
            "systems": systems,
        },
    )


def _kinds(user: Any) -> list[Any]:
    from .models import InstrumentKind

    return list(restrict(user, VIEW, InstrumentKind))


SHOWN = 50  # open items listed on the dashboard; the rest are behind the link to the list


@login_required
def security_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = _as_at(request)
    cycle = today.year
    items = restrict(user, VIEW, ActionItem)
    by_status = dict(items.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    open_items = items.exclude(status=ActionStatus.IMPLEMENTED).annotate(
        this_cycle=Count("updates", filter=Q(updates__cycle=cycle))
    )
    # Those without this cycle's update first: they are the finding (A/74/588 ¶20).
    shown = list(open_items.select_related("entity").order_by("this_cycle", "deadline", "code")[:SHOWN])
    open_count = open_items.count()
    attestations = restrict(user, VIEW, ClassificationAttestation).aggregate(
        n=Count("pk"),
        attested=Count("pk", filter=Q(attested_on__isnull=False)),
        assets=Sum("assets"),
        classified=Sum("classified"),
    )
    vulnerabilities = restrict(user, VIEW, Vulnerability)
    return render(
        request,
        "compliance/security.html",
        {
            "today": today,
            "cycle": cycle,
            "by_status": [(s, label, by_status.get(s, 0)) for s, label in ActionStatus.choices],
            "open_items": shown,
            "open_count": open_count,
            "more": open_count - len(shown),
            "missing_count": open_items.filter(this_cycle=0).count(),
            "late_count": open_items.filter(deadline__lt=today).count(),
            "missing_update": {i.pk for i in shown if not i.this_cycle},
            "late": {i.pk for i in shown if i.deadline and i.deadline < today},
            "assessments": restrict(user, VIEW, SecurityAssessment).count(),
            "vulnerabilities": vulnerabilities.count(),
            "unanswered": vulnerabilities.filter(responded__isnull=True).count(),
            "incidents": restrict(user, VIEW, SecurityIncident).count(),
            "attestations": attestations["n"],
            "attested": attestations["attested"],
            "classification": metrics.percent(attestations["classified"] or 0, attestations["assets"] or 0),
            "threats": [(i, _latest_value(i)) for i in _indicators(user, prefix=THREAT_INDICATOR_PREFIX)],
        },
    )


@login_required
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    """What an entity has certified, what is open, what is late."""
    user = request.user
    entity = get_object_or_404(restrict(user, VIEW, Entity), pk=pk)
    today = _as_at(request)
    current = metrics.current_campaign(restrict(user, VIEW, Campaign), today)
    certification = None
    if current is not None:
        certification = metrics.complete_assignments(current).get(entity.pk)
    items = restrict(user, VIEW, ActionItem).filter(entity=entity)
    states = metrics.action_states(items, today.year, today)
    return render(
        request,
        "compliance/profile.html",
        {
            "entity": entity,
            "today": today,
            "cycle": today.year,
            "campaign": current,
            "certification": certification,
            "open_items": states["open"],
            "late": {i.pk for i in states["late"]},
            "missing_update": {i.pk for i in states["missing_update"]},
            "vulnerabilities": restrict(user, VIEW, Vulnerability)
            .filter(entity=entity, responded__isnull=True)
            .count(),
            "attestation": restrict(user, VIEW, ClassificationAttestation)
            .filter(entity=entity)
            .order_by("-as_of")
            .first(),
            "reviews": list(restrict(user, VIEW, ComplianceReview).filter(entity=entity)),
        },
    )


@login_required
@require_POST
def raise_finding(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(restrict(request.user, VIEW, ReviewFinding), pk=pk)
    try:
        recommendation = services.raise_recommendation(finding, user=request.user)
    except PermissionDenied:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(finding.get_absolute_url())
    return redirect(recommendation.get_absolute_url())


def may_raise(user: Any, finding: ReviewFinding) -> bool:
    from lodestar.core.permissions import can
    from lodestar.oversight.models import Recommendation

    return not finding.recommendation_id and can(user, ADD, Recommendation(entity=finding.review.entity))


def finding_context(request: HttpRequest, obj: ReviewFinding) -> dict[str, Any]:
    return {"may_raise": may_raise(request.user, obj)}
