"""The disaster-recovery readiness page: each critical list's readiness (documented, tested,
exercised) computed from plans and tests beside the share its source prints, the maturity of each
duty station, and the critical applications with their state, each a link to its record and to
the plans and tests behind it. A fixed number of queries whatever the number of applications."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lodestar.core.checks import default_as_at
from lodestar.core.permissions import ADD, VIEW, can, restrict

from . import readiness
from .recovery import CriticalApplication, CriticalList, CriticalProcess, DrTest
from .recovery_sites import DrSitePairing, ResilienceExercise

PAGE_SIZE = 50


def _as_at(request: HttpRequest) -> datetime.date:
    try:
        raw = request.GET.get("as_at", "").strip()
        return datetime.date.fromisoformat(raw) if raw else default_as_at()
    except ValueError:
        return default_as_at()


@login_required
def dr_dashboard(request: HttpRequest) -> HttpResponse:
    as_at = _as_at(request)
    user = request.user
    applications = restrict(user, VIEW, CriticalApplication.objects.all())
    selected = request.GET.get("list", "")
    lists = restrict(user, VIEW, CriticalList.objects.all()).order_by("code")
    per_list = readiness.by_list(lists, applications, as_at)
    members = applications.filter(critical_list_id=int(selected)) if selected.isdigit() else applications
    stations = readiness.by_duty_station(members, as_at)
    page = Paginator(
        members.select_related("application", "critical_list", "tier").order_by(
            "critical_list__code", "application__code"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    state = readiness.states(members.filter(pk__in=[m.pk for m in page.object_list]), as_at)
    rows = [(member, state[member.pk]) for member in page.object_list]
    tiers = (
        restrict(user, VIEW, CriticalProcess.objects.all())
        .values("tier__code", "tier__name")
        .annotate(n=Count("pk"))
        .order_by("tier__order")
    )
    return render(
        request,
        "inventory/dr_dashboard.html",
        {
            "as_at": as_at,
            "per_list": per_list,
            "stations": stations,
            "rows": rows,
            "page": page,
            "selected": selected,
            "tiers": list(tiers),
            "may_record": can(user, ADD, DrTest),
            "pairings": restrict(user, VIEW, DrSitePairing.objects.all())
            .select_related("primary", "secondary")
            .order_by("code")[:PAGE_SIZE],
            "exercises": restrict(user, VIEW, ResilienceExercise.objects.all()).order_by("code")[:PAGE_SIZE],
        },
    )
