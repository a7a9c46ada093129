"""The portfolio dashboard's charts, from the figures the dashboard computed: health counts (each bar
opens the project list filtered to that health, with the dashboard's own filters) and declared
versus earned progress per reporting period for the projects of the page."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lodestar.core import charts
from lodestar.core.registry import registry

from .lists import UNVERIFIED
from .models import Project

HEALTH_COLORS = {"green": "#198754", "amber": "#ffc107", "red": "#dc3545", UNVERIFIED: "#6c757d"}


def list_url(
    *, programme: str = "", entity: str = "", as_at: datetime.date | None = None, **more: str
) -> str:
    """The project list with the dashboard's filters (programme, an entity with the offices below
    it, the as-at date) and ``more``."""
    params: dict[str, str] = {}
    if programme.isdigit():
        params["programme"] = programme
    if entity.isdigit():
        params["within"] = entity
    params.update(more)
    if as_at is not None:
        params["as_at"] = as_at.isoformat()
    base = reverse(registry[Project].url_name("list"))
    return f"{base}?{urlencode(params)}" if params else base


def health_links(
    health_counts: list[tuple[str, str, int]], unverified_total: int, **filters: Any
) -> list[dict[str, Any]]:
    """The count badges above the table, each a link to the list that shows exactly that count."""
    rows = [
        {"key": key, "label": label, "count": n, "href": list_url(health_now=key, **filters)}
        for key, label, n in health_counts
    ]
    rows.append(
        {
            "key": UNVERIFIED,
            "label": _("Reported complete, not verified"),
            "count": unverified_total,
            "href": list_url(health_now=UNVERIFIED, **filters),
        }
    )
    return rows


def health_chart(links: list[dict[str, Any]]) -> dict[str, Any]:
    return charts.bar_chart(
        title=_("Projects by health from the evidence"),
        bars=[charts.Bar(str(row["label"]), row["count"], row["href"]) for row in links],
        category_title=_("Health"),
        value_title=_("Projects"),
        colors={str(row["label"]): HEALTH_COLORS.get(row["key"], "#0d6efd") for row in links},
    )


def progress_chart(summaries: list[Any]) -> dict[str, Any] | None:
    """Declared % and earned % at the end of each reporting period, per project of the page."""
    points: list[charts.Point] = []
    dashed: dict[str, bool] = {}
    for s in summaries:
        href = reverse(registry[Project].url_name("detail"), args=[s.project.pk])
        declared = _("%(project)s declared") % {"project": s.project.code}
        earned = _("%(project)s earned") % {"project": s.project.code}
        dashed[declared] = True
        for row in s.periods:
            period = row.report.period
            if row.report.declared_percent is not None:
                points.append(
                    charts.Point(period, float(row.report.declared_percent), declared, href, s.project.code)
                )
            points.append(charts.Point(period, float(row.earned), earned, href, s.project.code))
    if not points:
        return None
    points.sort(key=lambda p: p.x)  # periods in order; the series keep their order within
    return charts.line_chart(
        title=_("Declared versus earned progress over time"),
        points=points,
        x_title=_("Reporting period"),
        y_title=_("Percent complete"),
        series_title=_("Project"),
        dashed=dashed,
        description=_(
            "For each project, the completion declared in each status report (dashed) and the progress "
            "earned by accepted milestones at the end of that period (solid)."
        ),
    )
