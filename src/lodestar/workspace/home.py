"""The home page by role: what waits for me first, then what my roles look after — the focal
point what is asked of the entity and what is late, the analyst the queues, findings and
campaigns, the reviewer what awaits validation, the reader the dashboards and the issued documents.
The directory of tables (the former home page) is a page of its own. A fixed number of queries."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from lodestar.campaigns.models import Assignment, Campaign
from lodestar.core.permissions import (
    CENTRAL_ANALYST,
    FOCAL_POINT,
    OVERSIGHT_REVIEWER,
    PROJECT_MANAGER,
    READER,
    VIEW,
    grants,
    restrict,
)
from lodestar.documents.models import Issue
from lodestar.oversight import analysis, queries
from lodestar.oversight.models import Recommendation

from . import inbox

SHOWN = 8  # rows of each list on the home page; the full lists are a click away


def _roles(user: Any) -> set[str]:
    if user.is_superuser:
        return {CENTRAL_ANALYST, FOCAL_POINT, OVERSIGHT_REVIEWER, READER}
    return {role for role, _path in grants(user)}


def _focal_point(user: Any, today: datetime.date) -> dict[str, Any]:
    """Recommendations addressed to the focal point's entities: open, and past their target."""
    paths = [path for role, path in grants(user) if role == FOCAL_POINT] if not user.is_superuser else []
    addressed = Q()
    for path in paths:
        addressed |= Q(addressees__entity__tree_path__startswith=path)
    recs = queries.visible_recommendations(user)
    if paths:
        recs = recs.filter(pk__in=Recommendation.objects.filter(addressed).values("pk"))
    facts = queries.facts_for(recs)
    open_ids = [pk for pk, fact in facts.items() if fact.is_open(today)]
    late_ids = [pk for pk in open_ids if analysis.past_target(facts[pk], today)]
    late = list(
        Recommendation.objects.filter(pk__in=late_ids)
        .select_related("report", "entity")
        .order_by("revised_target_date", "original_target_date", "pk")[:SHOWN]
    )
    return {"open": len(open_ids), "late_count": len(late_ids), "late": late}


def _analyst(user: Any, work: list[inbox.Item]) -> dict[str, Any]:
    queues = Counter(item.kind for item in work)
    campaigns = list(
        restrict(user, VIEW, Campaign)
        .filter(status=Campaign.Status.OPEN)
        .annotate(
            asked=Count("assignments"),
            answered=Count(
                "assignments", filter=Q(assignments__state__in=[Assignment.State.SUBMITTED, "accepted"])
            ),
        )
        .order_by("deadline", "code")[:SHOWN]
    )
    return {
        "queues": [
            (inbox.STEP_BY_CODE[code], queues.get(code, 0))
            for code in ("update_review", "milestone_accept", "assignment_review")
        ],
        "campaigns": campaigns,
        "checks": _last_checks(),
    }


def _last_checks() -> dict[str, Any] | None:
    """The counts of the last scheduled data-quality run (core.tasks), not a new run of every rule."""
    from django_tasks_db.models import DBTaskResult

    from lodestar.core.tasks import data_quality_checks

    last = (
        DBTaskResult.objects.filter(task_path=data_quality_checks.module_path, status="SUCCESSFUL")
        .order_by("-finished_at")
        .values("return_value", "finished_at")
        .first()
    )
    if not last or not isinstance(last["return_value"], dict):
        return None
    return {**last["return_value"], "finished_at": last["finished_at"]}


def _issued(user: Any) -> list[Issue]:
    from lodestar.documents.access import readable_documents

    return list(
        Issue.objects.filter(document__in=readable_documents(user))
        .select_related("document")
        .defer("snapshot", "document__parameters")  # a snapshot is the whole document
        .order_by("-issued_at")[:SHOWN]
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    roles = _roles(user)
    work = inbox.items(user, today)
    context: dict[str, Any] = {
        "work": work[:SHOWN],
        "work_count": len(work),
        "overdue": sum(1 for item in work if item.overdue),
        "roles": roles,
        "today": today,
        "has_role": bool(roles),
    }
    if FOCAL_POINT in roles:
        context["focal"] = _focal_point(user, today)
        context["asked"] = [item for item in work if item.kind == "assignment_answer"][:SHOWN]
    if CENTRAL_ANALYST in roles:
        context["analyst"] = _analyst(user, work)
    if OVERSIGHT_REVIEWER in roles:
        context["to_validate"] = [item for item in work if item.kind == "update_validate"][:SHOWN]
    if PROJECT_MANAGER in roles:
        context["milestones"] = [item for item in work if item.kind.startswith("milestone_")][:SHOWN]
    if roles:
        context["issued"] = _issued(user)
    return render(request, "workspace/home.html", context)
