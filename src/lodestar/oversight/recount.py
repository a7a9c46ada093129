"""The oversight dashboard's figures as they were first computed: every visible recommendation,
addressee and validated update read into Python and combined there (``analysis``). Kept as the
reference the database's figures (``aggregates.dashboard``, ``figures_sql``) are tested against."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from lodestar.core.permissions import VIEW, restrict

from . import analysis, queries
from .aggregates import (
    STATUS_LABELS,
    STATUS_ORDER,
    DashboardRow,
    _ageing_group,
    _by_body_year,
    _status_row,
)
from .models import Addressee, OversightBody, OversightReport


def dashboard_in_python(user: Any, today: datetime.date) -> dict[str, Any]:
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
