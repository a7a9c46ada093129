"""What the recommendation list shows beyond its fields: the current status (computed from the
validated updates, core's generic list adds it as a column) and the filters people look for —
status, addressed to my entity, past the target date. Three queries per page or per filter,
whatever the number of rows (queries.facts_for)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django.db.models import Q, QuerySet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import VIEW, grants, restrict
from lodestar.org.models import Entity

from . import analysis, queries
from .models import ImplementationStatus, OversightBody, Recommendation

NOT_REPORTED = "none"
STATUS_LABELS = dict(ImplementationStatus.choices)

YEAR_RANGE = {"min_value": 1, "max_value": 9999, "decimal_places": 0}


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


def _as_at(filterset: Any) -> datetime.date | None:
    """``?as_at=YYYY-MM-DD``: the status as the dashboard computed it at that date (else today)."""
    raw = (getattr(filterset, "data", None) or {}).get("as_at", "")
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _status_filter(self: Any, queryset: QuerySet, name: str, value: str) -> QuerySet:
    if not value:
        return queryset
    facts = queries.facts_for(queryset)
    wanted = None if value == NOT_REPORTED else value
    as_at = _as_at(self)
    return queryset.filter(pk__in=[pk for pk, fact in facts.items() if fact.status(as_at) == wanted])


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


def _visible(model: type) -> Any:
    return lambda request: restrict(getattr(request, "user", None), VIEW, model.objects.all())


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
        # What the dashboard's counts and charts link to (oversight.aggregates).
        "body": django_filters.ModelChoiceFilter(
            label=_("Oversight body"), field_name="report__body", queryset=_visible(OversightBody)
        ),
        # A year a date can hold: year 0 or 10,000 is refused as invalid input, not a server error.
        "issued_year": django_filters.NumberFilter(
            label=_("Issued in year"), field_name="report__date", lookup_expr="year", **YEAR_RANGE
        ),
        "issued_by_year": django_filters.NumberFilter(
            label=_("Issued in or before year"),
            field_name="report__date",
            lookup_expr="year__lte",
            **YEAR_RANGE,
        ),
        "issued_by": django_filters.DateFilter(
            label=_("Issued on or before"), field_name="report__date", lookup_expr="lte"
        ),
        "addressed_to": django_filters.ModelChoiceFilter(
            label=_("Addressed to entity"),
            field_name="addressees__entity",
            queryset=_visible(Entity),
            distinct=True,
        ),
        "filter_current_status": _status_filter,
        "filter_addressed_to_mine": _mine_filter,
        "filter_past_target": _overdue_filter,
    }
