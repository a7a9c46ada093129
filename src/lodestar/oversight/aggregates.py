"""The oversight dashboard's figures: counts by body, report, entity and status, ageing, carry-over
and the implementation rate over time, for what one reader may see at one date.

Reads go through the permission funnel as subqueries (the visible recommendations are never carried
through Python as id lists). The database counts (``figures_sql``: one statement over the register,
whose rows grow with the reports, bodies and days, not the recommendations); Python only arranges
those rows into the tables, and asks carry-over and rate of the grouped closing events
(``DayCounts``, as ``analysis.OpenCounts`` does of each recommendation's). The view caches the
result per scope (``core.scoped_cache``); the context it returns is what the template has always
received, and ``recount.dashboard_in_python`` (the Python computation it replaced) gives the same.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from django.db.models import Min
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lodestar.core.permissions import VIEW, restrict
from lodestar.core.registry import registry

from . import analysis, figures_sql, lists, queries
from .models import (
    Addressee,
    ImplementationStatus,
    OversightBody,
    OversightReport,
    Recommendation,
)

STATUS_LABELS = dict(ImplementationStatus.choices)
STATUS_ORDER = [s for s, _label in ImplementationStatus.choices]


@lru_cache(maxsize=8)
def _list_base(prefix: str, urlconf: str | None) -> str:
    return reverse(registry[Recommendation].url_name("list"), urlconf=urlconf)


def list_url(**params: Any) -> str:
    """The recommendation list filtered by ``params`` (oversight.lists): what a count links to."""
    # Reversed once per prefix: a dashboard links a thousand counts to the same list.
    base = _list_base(get_script_prefix(), get_urlconf())
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{base}?{urlencode(kept)}" if kept else base


def status_param(status: str) -> str:
    return lists.NOT_REPORTED if status == "unknown" else status


def _status_row(
    label: str, counts: dict[str, int], params: dict[str, Any] | None = None, *, by_status: bool = True
) -> dict[str, Any]:
    """A row of counts by status; with ``params`` every count links to the list that shows exactly
    it (``by_status`` False: only the total, where the cells count something the list cannot filter)."""
    total = counts.get("total", 0)
    closed = counts.get(analysis.IMPLEMENTED, 0) + counts.get(analysis.OVERTAKEN, 0)
    statuses = [*STATUS_ORDER, "unknown"]
    cells = [counts.get(s, 0) for s in statuses]
    linked = params is not None
    return {
        "label": label,
        "url": list_url(**params) if linked else "",
        "cells": cells,
        "links": [
            (n, list_url(**params, current_status=status_param(s)) if linked and by_status and n else "")
            for n, s in zip(cells, statuses, strict=True)
        ],
        "total": total,
        "rate": analysis.percent(closed, total),
    }


class DashboardRow(NamedTuple):
    pk: int
    code: str
    report_id: int
    symbol: str
    body: str
    body_id: int = 0
    year: int = 0


AGEING_LISTED = 25  # the oldest first; the count covers them all


def _ageing_group(key: str, title: str, items: list[DashboardRow]) -> dict[str, Any]:
    return {"key": key, "title": title, "count": len(items), "items": items[:AGEING_LISTED],
            "more": max(len(items) - AGEING_LISTED, 0)}  # fmt: skip


def _by_body_year(
    recs: list[DashboardRow], status: dict[int, str | None], bodies: dict[int, str]
) -> list[dict[str, Any]]:
    """Counts by status for each body and year of issue: the status chart's segments."""
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in recs:
        counts[(r.body_id, r.year)][status[r.pk] or "unknown"] += 1
    return [
        {"body": bodies[body_id], "body_id": body_id, "year": year, "counts": dict(by_status)}
        for (body_id, year), by_status in sorted(counts.items(), key=lambda kv: (bodies[kv[0][0]], kv[0][1]))
    ]


class DayCounts:
    """How many of some recommendations are issued and open at any date, from grouped rows:
    (day, n) issued, (day, net closings) events, as ``analysis.OpenCounts`` counts them one by one."""

    def __init__(
        self,
        issued: Iterable[tuple[datetime.date, int]],
        events: Iterable[tuple[datetime.date, int]],
        closings: Iterable[tuple[datetime.date, int]] = (),
    ) -> None:
        self.issued_days, self.issued = self._cumulative(issued)
        self.event_days, self.closed = self._cumulative(events)
        self.closing_days, self.closings = self._cumulative(closings)

    @staticmethod
    def _cumulative(rows: Iterable[tuple[datetime.date, int]]) -> tuple[list[datetime.date], list[int]]:
        merged: dict[datetime.date, int] = defaultdict(int)
        for day, n in rows:
            merged[day] += n
        days = sorted(merged)
        return days, list(accumulate(merged[d] for d in days))

    @staticmethod
    def _by(days: list[datetime.date], totals: list[int], day: datetime.date) -> int:
        index = bisect_right(days, day)
        return totals[index - 1] if index else 0

    def issued_by(self, day: datetime.date) -> int:
        return self._by(self.issued_days, self.issued, day)

    def open_at(self, day: datetime.date) -> int:
        return self.issued_by(day) - self._by(self.event_days, self.closed, day)

    def closed_by(self, day: datetime.date) -> int:
        """Closings (the days from which recommendations stay closed) on or before ``day``."""
        return self._by(self.closing_days, self.closings, day)


def _carry_over(
    reports: list[tuple[str, datetime.date, int, str]], counts: DayCounts
) -> list[analysis.CarryOver]:
    """``analysis.carry_over`` from the grouped counts of one body's recommendations."""
    rows = []
    previous: datetime.date | None = None
    for symbol, day, issued, known in sorted(reports, key=lambda r: (r[1], r[0])):
        brought = 0 if previous is None else counts.open_at(previous)
        closed = counts.closed_by(day) - (0 if previous is None else counts.closed_by(previous))
        rows.append(
            analysis.CarryOver(symbol, day, brought, issued, max(closed, 0), counts.open_at(day), known)
        )
        previous = day
    return rows


def _rate(
    counts: DayCounts, first: int, until: datetime.date, implemented: dict[int, int]
) -> list[analysis.RatePoint]:
    """``analysis.rate_over_time`` from the grouped counts of every visible recommendation."""
    points = []
    for year in range(first, until.year + 1):
        end, start = min(datetime.date(year, 12, 31), until), datetime.date(year - 1, 12, 31)
        issued = counts.issued_by(end)
        closed = issued - counts.open_at(end)
        outstanding = counts.open_at(start)
        done = implemented.get(year, 0)
        points.append(
            analysis.RatePoint(
                year,
                issued,
                closed,
                analysis.percent(closed, issued),
                outstanding,
                done,
                analysis.percent(done, outstanding),
            )
        )
    return points


# A row of a status table before its links are built: (label, counts by status, the list's filter).
StatusItem = tuple[str, dict[str, int], dict[str, Any]]


def every_row(table: str, items: list[StatusItem]) -> list[StatusItem]:
    return items


def dashboard(
    user: Any,
    today: datetime.date,
    shown: Callable[[str, list[StatusItem]], list[StatusItem]] = every_row,
) -> dict[str, Any]:
    """The template's context: plain values, so that it can be cached and pickled. Counted by the
    database (``figures_sql``) in a fixed number of queries whose rows grow with the reports, not
    the recommendations; ``recount.dashboard_in_python`` computes the same from every row.
    ``shown(table, items)``: the rows of the tables by body, report and entity that are shown, in
    their order (every one by default); the links of the others are not built."""
    visible = queries.visible_recommendations(user).filter(report__date__lte=today)
    bodies = {body.pk: str(body) for body in OversightBody.objects.all()}
    # The implementations are counted from the register's first year (one read of the reports'
    # dates, not through the funnel); the statement lists the reports with a visible recommendation.
    earliest = OversightReport.objects.filter(date__lte=today).aggregate(first=Min("date"))["first"]
    figures = figures_sql.figures(
        visible,
        restrict(user, VIEW, Addressee),
        today,
        list(range(earliest.year, today.year + 1)) if earliest else [],
        AGEING_LISTED,
    )
    reports = figures.reports
    first = min((day.year for _pk, _symbol, day, _known, _body in reports), default=today.year)
    by_body: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    by_report: dict[str, dict[str, int]] = {}
    by_year: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overall: dict[str, int] = defaultdict(int)
    reports_by_body: dict[str, list] = defaultdict(list)
    issued_by_body: dict[str, list[tuple[datetime.date, int]]] = defaultdict(list)
    for pk, symbol, day, known, body_id in reports:
        counts = {status or "unknown": n for status, n in figures.by_report.get(pk, {}).items()}
        issued = sum(counts.values())
        if not issued:
            continue
        by_report[symbol] = {**counts, "total": issued}
        for status, n in counts.items():
            by_body[bodies[body_id]][status] += n
            by_year[(body_id, day.year)][status] += n
            overall[status] += n
        by_body[bodies[body_id]]["total"] += issued
        overall["total"] += issued
        reports_by_body[bodies[body_id]].append((symbol, day, issued, known))
        issued_by_body[bodies[body_id]].append((day, issued))
    body_ids = {bodies[body_id]: body_id for *_rest, body_id in reports}
    members: dict[str, list[int]] = defaultdict(list)
    for body_id, label in bodies.items():
        members[label].append(body_id)
    carry = {
        label: _carry_over(
            rows,
            DayCounts(
                issued_by_body[label],
                [e for b in members[label] for e in figures.events.get(b, [])],
                [c for b in members[label] for c in figures.closings.get(b, [])],
            ),
        )
        for label, rows in sorted(reports_by_body.items())
    }
    everything = DayCounts(
        [i for rows in issued_by_body.values() for i in rows],
        [e for rows in figures.events.values() for e in rows],
    )
    rate = _rate(everything, first, today, figures.implemented) if reports else []
    titles = {
        "aged": _("Open more than two years"),
        "ageing-unknown": _(
            "Left out of ageing: open, issued in a month or year that the seed gives without its day"
        ),
        "past-target": _("Past the target date"),
        "no-target": _("Open without a target date"),
    }
    report_of = {pk: (symbol, body_id) for pk, symbol, _day, _known, body_id in reports}
    ageing = []
    for key in figures_sql.AGEING_KEYS:
        items = []
        for a in figures.aged:
            if key in a.groups:
                symbol, body_id = report_of[a.report_id]
                row = DashboardRow(a.pk, a.code, a.report_id, symbol, bodies[body_id], body_id, a.issued.year)
                items.append(row)
        count = figures.ageing_counts[key]
        ageing.append(
            {
                "key": key,
                "title": titles[key],
                "count": count,
                "items": items,
                "more": max(count - AGEING_LISTED, 0),
            }  # fmt: skip
        )
    by_entity, entity_ids = figures.by_entity, figures.entity_ids
    # Links: the list shows what the dashboard counts at its date (?as_at=, reports issued by then).
    at = {} if today == queries.today() else {"as_at": today.isoformat(), "issued_by": today.isoformat()}
    report_ids = {symbol: pk for pk, symbol, *_rest in reports}
    body_year = [
        {"body": bodies[body_id], "body_id": body_id, "year": year, "counts": dict(counts)}
        for (body_id, year), counts in sorted(by_year.items(), key=lambda kv: (bodies[kv[0][0]], kv[0][1]))
    ]
    return {
        "today": today,
        "statuses": [STATUS_LABELS[s] for s in STATUS_ORDER] + [_("Not yet reported")],
        "overall_rows": [_status_row(_("All recommendations"), dict(overall), {**at})],
        "by_body": [
            _status_row(*item)
            for item in shown(
                "by-body", [(k, dict(v), {**at, "body": body_ids[k]}) for k, v in sorted(by_body.items())]
            )
        ],
        "by_report": [
            _status_row(*item)
            for item in shown(
                "by-report", [(k, v, {**at, "report": report_ids[k]}) for k, v in by_report.items()]
            )
        ],
        # An entity's cells count its own reported status, which the list cannot filter: the total
        # links to the recommendations addressed to it.
        "by_entity": [
            _status_row(*item, by_status=False)
            for item in shown(
                "by-entity",
                [(k, v, {**at, "addressed_to": entity_ids[k]}) for k, v in sorted(by_entity.items())],
            )
        ],
        "by_body_year": body_year,
        "as_at_params": at,
        "ageing": ageing,
        "carry": carry,
        "rate": [{"point": p, "width": p.rate or 0} for p in rate],
        "total": overall.get("total", 0),
    }
