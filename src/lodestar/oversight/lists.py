"""What the recommendation list shows beyond its fields: the current status (computed from the
validated updates, core's generic list adds it as a column) and the filters people look for —
status, addressed to my entity, past the target date. Three queries per page or per filter,
whatever the number of rows (queries.facts_for)."""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import grants

from . import analysis, queries
from .models import ImplementationStatus, Recommendation

NOT_REPORTED = "none"
STATUS_LABELS = dict(ImplementationStatus.choices)


class StatusColumn(tables.Column):
    """The recommendation's status from its validated updates, flagged when past its target."""

    def __init__(self) -> None:
        super().__init__(verbose_name=_("Current status"), empty_values=(), orderable=False)

    def _facts(self, table: tables.Table) -> dict[int, analysis.RecFacts]:
        cached = getattr(table, "_lodestar_facts", None)
        if cached is None:
            rows = table.page.object_list if getattr(table, "page", None) else table.rows
            pks = [getattr(row, "record", row).pk for row in rows]
            cached = queries.facts_for(Recommendation.objects.filter(pk__in=pks))
            table._lodestar_facts = cached
        return cached

    def render(self, record: Recommendation, table: tables.Table) -> str:
        fact = self._facts(table).get(record.pk)
        if fact is None:
            return "—"
        label = STATUS_LABELS.get(fact.status() or "", _("Not yet reported"))
        if analysis.past_target(fact, queries.today()):
            return format_html('{} <span class="badge text-bg-danger">{}</span>', label, _("past target"))
        return str(label)


def columns() -> dict[str, Any]:
    return {"current_status": StatusColumn()}


def _status_filter(self: Any, queryset: QuerySet, name: str, value: str) -> QuerySet:
    if not value:
        return queryset
    facts = queries.facts_for(queryset)
    wanted = None if value == NOT_REPORTED else value
    return queryset.filter(pk__in=[pk for pk, fact in facts.items() if fact.status() == wanted])


def _overdue_filter(self: Any, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
    if value is None:
        return queryset
    today = queries.today()
    late = [pk for pk, fact in queries.facts_for(queryset).items() if analysis.past_target(fact, today)]
    return queryset.filter(pk__in=late) if value else queryset.exclude(pk__in=late)


def _mine_filter(self: Any, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
    """Addressed to an entity where I hold a role (as lead entity or as one of the addressees)."""
    if not value:
        return queryset
    paths = {path for _role, path in grants(getattr(self.request, "user", None)) if path}
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(addressees__entity__tree_path__startswith=path)
    return queryset.filter(pk__in=Recommendation.objects.filter(condition).values("pk"))


def filters() -> dict[str, Any]:
    return {
        "current_status": django_filters.ChoiceFilter(
            label=_("Current status"),
            choices=[*ImplementationStatus.choices, (NOT_REPORTED, _("Not yet reported"))],
            method="filter_current_status",
        ),
        "addressed_to_mine": django_filters.BooleanFilter(
            label=_("Addressed to my entity"), method="filter_addressed_to_mine"
        ),
        "past_target": django_filters.BooleanFilter(label=_("Past target date"), method="filter_past_target"),
        "filter_current_status": _status_filter,
        "filter_addressed_to_mine": _mine_filter,
        "filter_past_target": _overdue_filter,
    }
