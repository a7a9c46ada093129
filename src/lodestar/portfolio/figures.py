"""The portfolio dashboard's totals (health, "reported complete, not verified", completion claims
not supported) counted by the database: each project's milestones summed by grouped queries
(weights accepted and reported completed, slipped and unfinished milestones) and its latest report
read by a subquery, so that Python combines one row per project with ``progress``'s own rules instead
of reading every milestone and report; the summaries and the timeline are built for one page only.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from lodestar.core.permissions import VIEW, restrict

from . import progress
from .models import Milestone, StatusReport

ACCEPTED = Milestone.Status.ACCEPTED
COMPLETED = Milestone.Reported.COMPLETED


@dataclass(frozen=True)
class ProjectTotals:
    health: str
    unverified: bool
    unsupported: int  # reports claiming completion that the milestones and target do not support


def _claims() -> Q:
    """``StatusReport.claims_completion`` as a condition."""
    return Q(declared_completed=True) | Q(declared_percent__gte=100)


def _slipped(today: datetime.date) -> Q:
    """``progress.slipped`` as a condition: re-planned later than the baseline, or overdue and
    neither accepted nor reported completed."""
    replanned = Q(baseline_due__isnull=False, current_due__isnull=False, current_due__gt=F("baseline_due"))
    overdue = Q(current_due__lt=today) | Q(current_due__isnull=True, baseline_due__lt=today)
    done = Q(status=ACCEPTED) | Q(reported_status=COMPLETED)
    return replanned | (~done & overdue)


def _milestone_sums(user: Any, projects: QuerySet, today: datetime.date) -> dict[int, tuple[int, ...]]:
    """Per project: (count, total weight, accepted weight, accepted or reported completed weight,
    accepted count, unfinished count, neither accepted nor reported completed count, slipped)."""
    accepted = Q(status=ACCEPTED)
    unfinished = ~accepted & (
        Q(reported_status__in=sorted(progress.REPORTED_UNFINISHED)) | Q(status=Milestone.Status.RETURNED)
    )
    rows = (
        restrict(user, VIEW, Milestone)
        .filter(project__in=projects.order_by().values("pk"))
        .values("project_id")
        .annotate(
            n=Count("pk"),
            total=Coalesce(Sum("weight"), Value(0), output_field=IntegerField()),
            earned=Coalesce(Sum("weight", filter=accepted), Value(0), output_field=IntegerField()),
            known=Coalesce(
                Sum("weight", filter=accepted | Q(reported_status=COMPLETED)),
                Value(0),
                output_field=IntegerField(),
            ),
            accepted=Count("pk", filter=accepted),
            unfinished=Count("pk", filter=unfinished),
            unevidenced=Count("pk", filter=~accepted & ~Q(reported_status=COMPLETED)),
            slipped=Count("pk", filter=_slipped(today)),
        )
        .order_by()
        .values_list(
            "project_id", "n", "total", "earned", "known", "accepted", "unfinished", "unevidenced", "slipped"
        )
    )
    return {pk: tuple(rest) for pk, *rest in rows}


def _completion(
    n: int, accepted: int, unfinished: int, unevidenced: int, target_met: bool | None, waived: bool
) -> str:
    """``progress.completion_state`` from the counts of a project's milestones."""
    if waived:
        return progress.SUPPORTED
    if target_met is False or unfinished:
        return progress.CONTRADICTED
    if accepted and unevidenced:
        return progress.CONTRADICTED
    if accepted == n and target_met is True:
        return progress.SUPPORTED
    return progress.UNVERIFIED


def project_totals(user: Any, projects: QuerySet, today: datetime.date) -> list[ProjectTotals]:
    """Each visible project of ``projects`` reduced to what the dashboard totals count, in three
    queries whatever the number of projects."""
    reports = restrict(user, VIEW, StatusReport).filter(project=OuterRef("pk"))
    latest = reports.order_by("-period", "-pk")
    claiming = reports.filter(_claims()).order_by().values("project").annotate(n=Count("pk")).values("n")[:1]
    rows = (
        restrict(user, VIEW, projects)
        .order_by()
        .annotate(
            declared=Subquery(latest.values("declared_percent")[:1]),
            declared_completed=Subquery(latest.values("declared_completed")[:1]),
            has_report=Subquery(latest.values("pk")[:1]),
            claims=Coalesce(Subquery(claiming), Value(0), output_field=IntegerField()),
        )
        .values_list(
            "pk",
            "target_status",
            "target_value",
            "actual_value",
            "lower_is_better",
            "waiver_body_id",
            "waiver_reason",
            "declared",
            "declared_completed",
            "has_report",
            "claims",
        )
    )
    sums = _milestone_sums(user, projects, today)
    empty = (0, 0, 0, 0, 0, 0, 0, 0)
    totals = []
    for pk, status, target, actual, lower, waiver_body, waiver_reason, declared, done, has, claims in rows:
        n, total, earned_weight, known_weight, accepted, unfinished, unevidenced, slipped = sums.get(
            pk, empty
        )
        earned = progress.weighted_percent(earned_weight, total)
        reported = progress.weighted_percent(known_weight, total)
        met = progress.target_met(status, target, actual, lower)
        completion = _completion(
            n, accepted, unfinished, unevidenced, met, bool(waiver_body and waiver_reason)
        )
        declared = Decimal(declared) if declared is not None else None
        latest_claims = has is not None and (bool(done) or (declared is not None and declared >= 100))
        totals.append(
            ProjectTotals(
                health=progress.health(
                    declared if has is not None else None,
                    earned,
                    slipped,
                    reported,
                    contradicted=latest_claims and completion == progress.CONTRADICTED,
                ),
                unverified=progress.unverified(earned, reported),
                unsupported=claims if completion != progress.SUPPORTED else 0,
            )
        )
    return totals


def totals(user: Any, projects: QuerySet, today: datetime.date) -> dict[str, Any]:
    """The dashboard's totals over every visible project of ``projects``."""
    rows = project_totals(user, projects, today)
    health = Counter(t.health for t in rows)
    return {
        "count": len(rows),
        "health_counts": [(key, str(label), health[key]) for key, label in StatusReport.Health.choices],
        "unverified_total": sum(1 for t in rows if t.unverified),
        "unsupported_total": sum(t.unsupported for t in rows),
    }
