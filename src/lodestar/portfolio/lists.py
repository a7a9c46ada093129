"""Filters of the project list that the dashboard links to: health from the evidence and
"reported complete, not verified" (computed, as the dashboard computes them, as at ``?as_at=`` or
today), and an entity together with the offices below it. Each is three queries whatever the number
of projects (views._visible_projects)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lodestar.org.models import Entity

from .models import StatusReport

UNVERIFIED = "unverified"


def _summaries(filterset: Any, queryset: QuerySet) -> list[Any]:
    from . import views

    user = getattr(filterset.request, "user", None)
    today = views.as_at_of(filterset.request) if filterset.request is not None else views.default_as_at()
    return [
        views.summarise(p, list(p.milestones.all()), list(p.reports.all()), today)
        for p in views._visible_projects(user, queryset, figures_only=True)
    ]


def _health_filter(self: Any, queryset: QuerySet, name: str, value: str) -> QuerySet:
    if not value:
        return queryset
    if value == UNVERIFIED:
        wanted = [s.project.pk for s in _summaries(self, queryset) if s.unverified]
    else:
        wanted = [s.project.pk for s in _summaries(self, queryset) if s.health == value]
    return queryset.filter(pk__in=wanted)


def _within_filter(self: Any, queryset: QuerySet, name: str, value: Entity | None) -> QuerySet:
    if value is None:
        return queryset
    return queryset.filter(entity__tree_path__startswith=value.tree_path)


def _entities(request: Any) -> QuerySet:
    from lodestar.core.permissions import VIEW, restrict

    return restrict(getattr(request, "user", None), VIEW, Entity.objects.all())


def filters() -> dict[str, Any]:
    return {
        "health_now": django_filters.ChoiceFilter(
            label=_("Health from the evidence"),
            choices=[*StatusReport.Health.choices, (UNVERIFIED, _("Reported complete, not verified"))],
            method="filter_health_now",
        ),
        "within": django_filters.ModelChoiceFilter(
            label=_("Entity and the offices below it"), queryset=_entities, method="filter_within"
        ),
        "filter_health_now": _health_filter,
        "filter_within": _within_filter,
    }
