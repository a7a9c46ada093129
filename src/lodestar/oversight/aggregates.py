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

from django.utils.translation import gettext as _

from lodestar.core.permissions import VIEW, restrict

from . import analysis, queries
from .models import Addressee, ImplementationStatus, OversightBody, OversightReport

STATUS_LABELS = dict(ImplementationStatus.choices)
STATUS_ORDER = [s for s, _label in ImplementationStatus.choices]


def _status_row(label: str, counts: dict[str, int], url: str = "") -> dict[str, Any]:
    total = counts.get("total", 0)
    closed = counts.get(analysis.IMPLEMENTED, 0) + counts.get(analysis.OVERTAKEN, 0)
    return {
        "label": label,
        "url": url,
        "cells": [counts.get(s, 0) for s in [*STATUS_ORDER, "unknown"]],
        "total": total,
        "rate": analysis.percent(closed, total),
    }


class DashboardRow(NamedTuple):
    pk: int
    code: str
    report_id: int
    symbol: str
    body: str


AGEING_LISTED = 25  # the oldest first; the count covers them all


def _ageing_group(key: str, title: str, items: list[DashboardRow]) -> dict[str, Any]:
    return {"key": key, "title": title, "count": len(items), "items": items[:AGEING_LISTED],
            "more": max(len(items) - AGEING_LISTED, 0)}  # fmt: skip


def dashboard(user: Any, today: datetime.date) -> dict[str, Any]:
    """The template's context: plain values, so that it can be cached and pickled."""
    # Plain rows, not model instances: the dashboard counts thousands of recommendations and needs
    # only these columns (building full records with their translated texts cost most of its time).
    visible = queries.visible_recommendations(user).filter(report__date__lte=today)
    bodies = {body.pk: str(body) for body in OversightBody.objects.all()}
    recs = [
        DashboardRow(pk, code, report_id, symbol, bodies[body_id])
        for pk, code, report_id, symbol, body_id in visible.order_by(
            "report__date", "report__symbol", "order", "pk"
        ).values_list("pk", "code", "report_id", "report__symbol", "report__body_id")
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
        .values_list("pk", "recommendation_id", "entity__acronym", "entity__code")
    )
    for pk, rec_id, acronym, code in addressed:
        own = latest[rec_id].get(pk)
        by_entity.append((acronym or code, own.reported if own else None))
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
    return {
        "today": today,
        "statuses": [STATUS_LABELS[s] for s in STATUS_ORDER] + [_("Not yet reported")],
        "overall_rows": [_status_row(_("All recommendations"), overall)],
        "by_body": [_status_row(k, v) for k, v in sorted(by_body.items())],
        "by_report": [_status_row(k, v) for k, v in by_report.items()],
        "by_entity": [_status_row(k, v) for k, v in sorted(queries.counts_by(by_entity).items())],
        "ageing": ageing,
        "carry": carry,
        "rate": [{"point": p, "width": p.rate or 0} for p in rate],
        "total": len(recs),
    }
