"""The oversight dashboard's figures: counts by body, report, entity and status, ageing, carry-over
and the implementation rate over time, for what one reader may see at one date.

Reads go through the permission funnel as subqueries (the visible recommendations are never carried
through Python as id lists); the facts are read in a fixed number of queries, and carry-over and rate
are counted from each recommendation's closing events (``analysis.OpenCounts``) rather than by
recounting every recommendation for every report and year. The view caches the result per scope
(``core.scoped_cache``); the context it returns is what the template has always received.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any, NamedTuple

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lodestar.core.permissions import VIEW, restrict
from lodestar.core.registry import registry

from . import analysis, lists, queries
from .models import Addressee, ImplementationStatus, OversightBody, OversightReport, Recommendation

STATUS_LABELS = dict(ImplementationStatus.choices)
STATUS_ORDER = [s for s, _label in ImplementationStatus.choices]


def list_url(**params: Any) -> str:
    """The recommendation list filtered by ``params`` (oversight.lists): what a count links to."""
    base = reverse(registry[Recommendation].url_name("list"))
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


def dashboard(user: Any, today: datetime.date) -> dict[str, Any]:
    """The template's context: plain values, so that it can be cached and pickled."""
    # Plain rows, not model instances: the dashboard counts thousands of recommendations and needs
    # only these columns (building full records with their translated texts cost most of its time).
    visible = queries.visible_recommendations(user).filter(report__date__lte=today)
    bodies = {body.pk: str(body) for body in OversightBody.objects.all()}
    recs = [
        DashboardRow(pk, code, report_id, symbol, bodies[body_id], body_id, issued.year)
        for pk, code, report_id, symbol, body_id, issued in visible.order_by(
            "report__date", "report__symbol", "order", "pk"
        ).values_list("pk", "code", "report_id", "report__symbol", "report__body_id", "report__date")
    ]  # as at a past date, later reports do not exist yet
    facts = queries.facts_for(visible)
    status = {pk: f.status(today) for pk, f in facts.items()}
    # Per entity, each addressed entity's own latest validated status (its own voice), for the
    # addressee rows the user may see.
    by_entity: list[tuple[str, str | None]] = []
    latest = {pk: analysis.latest_per_addressee(f.updates, today) for pk, f in facts.items()}
    addressed = (
        restrict(user, VIEW, Addressee)
        .filter(recommendation__in=visible.values("pk"))
        .values_list("pk", "recommendation_id", "entity__acronym", "entity__code", "entity_id")
    )
    entity_ids: dict[str, int] = {}
    for pk, rec_id, acronym, code, entity_id in addressed:
        own = latest[rec_id].get(pk)
        by_entity.append((acronym or code, own.reported if own else None))
        entity_ids[acronym or code] = entity_id
    by_body = queries.counts_by([(r.body, status[r.pk]) for r in recs])
    by_report = queries.counts_by([(r.symbol, status[r.pk]) for r in recs])
    overall = queries.counts_by([("all", status[r.pk]) for r in recs]).get("all", {})
    ageing = [
        _ageing_group(
            "aged", _("Open more than two years"), [r for r in recs if analysis.aged(facts[r.pk], today)]
        ),
        _ageing_group(
            "ageing-unknown",
            _("Left out of ageing: open, issued in a month or year that the seed gives without its day"),
            [r for r in recs if analysis.ageing_unknown(facts[r.pk], today)],
        ),
        _ageing_group(
            "past-target",
            _("Past the target date"),
            [r for r in recs if analysis.past_target(facts[r.pk], today)],
        ),
        _ageing_group(
            "no-target",
            _("Open without a target date"),
            [r for r in recs if facts[r.pk].is_open(today) and facts[r.pk].target is None],
        ),
    ]
    reports_by_body: dict[str, list] = defaultdict(list)
    issued = defaultdict(int)
    for r in recs:
        issued[r.report_id] += 1
    for report in OversightReport.objects.filter(pk__in=issued).select_related("body"):
        reports_by_body[str(report.body)].append(
            (report.symbol, report.date, issued[report.pk], report.date_known)
        )
    carry = {
        body: analysis.carry_over(reports, [facts[r.pk] for r in recs if r.body == body])
        for body, reports in sorted(reports_by_body.items())
    }
    rate = analysis.rate_over_time(list(facts.values()), today)
    # Links: the list shows what the dashboard counts at its date (?as_at=, reports issued by then).
    at = {} if today == queries.today() else {"as_at": today.isoformat(), "issued_by": today.isoformat()}
    body_ids = {r.body: r.body_id for r in recs}
    report_ids = {r.symbol: r.report_id for r in recs}
    return {
        "today": today,
        "statuses": [STATUS_LABELS[s] for s in STATUS_ORDER] + [_("Not yet reported")],
        "overall_rows": [_status_row(_("All recommendations"), overall, {**at})],
        "by_body": [_status_row(k, v, {**at, "body": body_ids[k]}) for k, v in sorted(by_body.items())],
        "by_report": [_status_row(k, v, {**at, "report": report_ids[k]}) for k, v in by_report.items()],
        # An entity's cells count its own reported status, which the list cannot filter: the total
        # links to the recommendations addressed to it.
        "by_entity": [
            _status_row(k, v, {**at, "addressed_to": entity_ids[k]}, by_status=False)
            for k, v in sorted(queries.counts_by(by_entity).items())
        ],
        "by_body_year": _by_body_year(recs, status, bodies),
        "as_at_params": at,
        "ageing": ageing,
        "carry": carry,
        "rate": [{"point": p, "width": p.rate or 0} for p in rate],
        "total": len(recs),
    }
