"""The oversight dashboard's charts, from the figures oversight.aggregates computed: recommendations
by status for each body and year of issue (each segment opens the list of exactly those), and the
implementation-rate trend (each point opens the recommendations issued by that year)."""

from __future__ import annotations

from typing import Any

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lodestar.core import charts

from .aggregates import STATUS_LABELS, STATUS_ORDER, list_url, status_param

STATUS_COLORS = {
    "implemented": "#198754",
    "overtaken": "#20c997",
    "under_implementation": "#0d6efd",
    "not_started": "#fd7e14",
    "not_implemented": "#dc3545",
    "unknown": "#adb5bd",
}


def _label(status: str) -> str:
    return str(STATUS_LABELS.get(status, _("Not yet reported")))


def status_chart(by_body_year: list[dict[str, Any]], at: dict[str, str]) -> dict[str, Any]:
    statuses = [*STATUS_ORDER, "unknown"]
    # A register of many years has hundreds of bars: each status translated and encoded once, each
    # body and year's link once (the same links as list_url with the status last).
    labels = {s: _label(s) for s in statuses}
    with_status = {s: "&" + urlencode({"current_status": status_param(s)}) for s in statuses}
    bars = []
    for row in by_body_year:
        category = f"{row['body']} · {row['year']}"
        link = list_url(**at, body=row["body_id"], issued_year=row["year"])
        for status in statuses:
            n = row["counts"].get(status, 0)
            if n:
                bars.append(charts.Bar(category, n, link + with_status[status], labels[status]))
    colors = {labels[s]: STATUS_COLORS.get(s, "#6c757d") for s in statuses}
    return charts.bar_chart(
        title=_("Recommendations by status, per oversight body and year of issue"),
        bars=bars,
        category_title=_("Oversight body and year"),
        value_title=_("Recommendations"),
        series_title=_("Status"),
        colors=colors,
    )


def rate_chart(rate: list[dict[str, Any]], at: dict[str, str]) -> dict[str, Any] | None:
    closed, year_rate = _("Closed, of those issued so far"), _("Implemented during the year")
    points = []
    for bar in rate:
        p = bar["point"]
        href = list_url(**at, issued_by_year=p.year)
        points.append(charts.Point(str(p.year), p.rate, closed, href))
        if p.outstanding:
            points.append(charts.Point(str(p.year), p.year_rate, year_rate, href))
    if not any(p.y is not None for p in points):
        return None
    return charts.line_chart(
        title=_("Implementation rate over time"),
        points=points,
        x_title=_("Year"),
        y_title=_("Percent"),
        series_title=_("Measure"),
        dashed={year_rate: True},
        description=_(
            "Share of the recommendations issued so far that are closed at each year end (solid), and "
            "the share of those outstanding at the start of the year implemented during it (dashed)."
        ),
    )
