"""The oversight dashboard's figures counted by the database: one statement over the status spans
(``spans``: each recommendation's and addressee's status over time, kept by the writes) returns only
grouped rows: counts by report and status and by entity and own status, the closing and
reopening events and the final closings by body and day, the implementations per year, and the
ageing lists (the oldest 25 of each).

The recommendations are the permission funnel's queryset, inlined as a subquery (never an id list),
so the rows read into Python grow with the reports, bodies and days, not with the recommendations.
Plain SQL that SQLite (3.25+) and PostgreSQL read alike: CASE rather than booleans or GREATEST, dates
passed through the backend's own adapter and read back through ``as_date``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from .analysis import AGEING_YEARS, IMPLEMENTED, years_before
from .models import OversightReport, StatusSpan

AGEING_KEYS = ("aged", "ageing-unknown", "past-target", "no-target")


def as_date(value: Any) -> datetime.date | None:
    """A date read from a raw row: PostgreSQL returns dates, SQLite ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _date(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _tables() -> dict[str, str]:
    return {"span": connection.ops.quote_name(StatusSpan._meta.db_table)}


# ``flow``: the visible recommendations' status spans (``spans``, kept by the writes): the status
# from ``day`` until ``next_day``, whether it is closed, whether the span before it was and the day
# its closed run began. Each CTE carries the columns later ones need, so that they are read without
# joining one CTE to another (which the planner, without statistics on fresh tables, may loop
# over). ``ranked`` places an open recommendation in each ageing group by the running count of that
# group in the register's order: one sort of the open recommendations for the four groups, not one
# per group.
TIMELINE = """
recs(id, report_id, body_id, issued, known, symbol, code, ord, target) AS ({visible}),
adr(id, entity_id, rec, label) AS ({addressees}),
flow AS (
    SELECT s.recommendation_id AS rec, s.starts AS day, s.ends AS next_day, s.status AS status,
           CASE WHEN s.closed THEN 1 ELSE 0 END AS closed,
           CASE WHEN s.was_closed THEN 1 ELSE 0 END AS was_closed, s.closed_since AS closed_since,
           recs.issued AS issued, recs.body_id AS body_id, recs.report_id AS report_id
    FROM {span} s JOIN recs ON recs.id = s.recommendation_id
    WHERE s.addressee_id IS NULL
),
now AS (
    SELECT rec, report_id, status, closed FROM flow
    WHERE day <= %s AND (next_day IS NULL OR next_day > %s)
),
years(year, start_day, end_day) AS ({years}),
flagged AS (
    SELECT id, code, report_id, issued, symbol, ord,
           CASE WHEN issued < %s THEN 1 ELSE 0 END AS aged,
           CASE WHEN known = %s AND issued >= %s AND issued < %s THEN 1
                WHEN known = %s AND issued >= %s AND issued < %s THEN 1 ELSE 0 END AS uncertain,
           CASE WHEN target IS NOT NULL AND target < %s THEN 1 ELSE 0 END AS past,
           CASE WHEN target IS NULL THEN 1 ELSE 0 END AS untargeted
    FROM recs WHERE id NOT IN (SELECT rec FROM now WHERE closed = 1)
),
ranked AS (
    SELECT flagged.*,
           SUM(aged) OVER w AS r1, SUM(uncertain) OVER w AS r2, SUM(past) OVER w AS r3,
           SUM(untargeted) OVER w AS r4, ROW_NUMBER() OVER w AS r0
    FROM flagged
    WINDOW w AS (ORDER BY issued, symbol, ord, id ROWS UNBOUNDED PRECEDING)
)
"""

# Grouped rows of one statement, told apart by their first column; the other columns' types agree
# across the arms (typed by the first): (kind, key, label, status, day, n, extra, seq).
GROUPED = """
SELECT 'issued' AS kind, report_id AS key, CAST(symbol AS VARCHAR(300)) AS label,
       CAST(known AS VARCHAR(30)) AS status, issued AS day, COUNT(*) AS n,
       body_id AS extra, CAST(NULL AS BIGINT) AS seq
FROM recs GROUP BY report_id, symbol, known, issued, body_id
UNION ALL
SELECT 'status', report_id, NULL, status, NULL, COUNT(*), NULL, NULL FROM now GROUP BY report_id, status
UNION ALL
SELECT 'event', body_id, NULL, NULL, CASE WHEN day > issued THEN day ELSE issued END,
       SUM(CASE WHEN closed = 1 THEN 1 ELSE -1 END), NULL, NULL
FROM flow WHERE closed <> was_closed
GROUP BY body_id, CASE WHEN day > issued THEN day ELSE issued END
UNION ALL
SELECT 'closing', body_id, NULL, NULL, closed_since, COUNT(*), NULL, NULL
FROM flow WHERE closed = 1 AND next_day IS NULL
GROUP BY body_id, closed_since
UNION ALL
SELECT 'implemented', y.year, NULL, NULL, NULL, COUNT(*), NULL, NULL
FROM flow f JOIN years y ON f.day <= y.end_day AND (f.next_day IS NULL OR f.next_day > y.end_day)
LEFT JOIN flow b ON b.rec = f.rec AND b.day <= y.start_day
                AND (b.next_day IS NULL OR b.next_day > y.start_day)
WHERE f.status = %s AND f.closed_since > y.start_day AND f.issued <= y.start_day
  AND (b.closed IS NULL OR b.closed = 0)
GROUP BY y.year
UNION ALL
SELECT 'entity', adr.entity_id, adr.label, cur.status, NULL, COUNT(*), MAX(adr.rec), NULL
FROM adr JOIN recs ON recs.id = adr.rec
LEFT JOIN {span} cur ON cur.addressee_id = adr.id AND cur.starts <= %s
                     AND (cur.ends IS NULL OR cur.ends > %s)
GROUP BY adr.entity_id, adr.label, cur.status
UNION ALL
SELECT 'ageing', 1, NULL, NULL, NULL, SUM(aged), SUM(uncertain), NULL FROM flagged
UNION ALL
SELECT 'ageing', 2, NULL, NULL, NULL, SUM(past), SUM(untargeted), NULL FROM flagged
UNION ALL
SELECT 'aged', id, code, NULL, issued,
       (CASE WHEN aged = 1 AND r1 <= %s THEN 1 ELSE 0 END)
       + (CASE WHEN uncertain = 1 AND r2 <= %s THEN 2 ELSE 0 END)
       + (CASE WHEN past = 1 AND r3 <= %s THEN 4 ELSE 0 END)
       + (CASE WHEN untargeted = 1 AND r4 <= %s THEN 8 ELSE 0 END),
       report_id, r0
FROM ranked
WHERE (aged = 1 AND r1 <= %s) OR (uncertain = 1 AND r2 <= %s) OR (past = 1 AND r3 <= %s)
   OR (untargeted = 1 AND r4 <= %s)
"""


def _sql(queryset: QuerySet, *columns: Any) -> tuple[str, list[Any]]:
    """``columns`` of ``queryset`` as a subquery's SQL and parameters: the funnel's own statement,
    read once, rather than its ids matched against the table again."""
    try:
        sql, params = queryset.order_by().values_list(*columns).query.sql_with_params()
    except EmptyResultSet:  # the funnel gave nothing (a user without a role): no row, typed columns
        nothing = queryset.model._default_manager.filter(pk__isnull=True)
        sql, params = nothing.values_list(*columns).query.sql_with_params()
    return sql, list(params)


RECOMMENDATION_COLUMNS = (
    "pk", "report_id", "report__body_id", "report__date", "report__date_known", "report__symbol", "code",
    "order", Coalesce("revised_target_date", "original_target_date"),
)  # fmt: skip
ADDRESSEE_COLUMNS = (
    "pk", "entity_id", "recommendation_id", Coalesce(NullIf("entity__acronym", Value("")), "entity__code"),
)  # fmt: skip


def _years(years: list[int], today: datetime.date) -> tuple[str, list[Any]]:
    """The years whose implementations are counted: (year, the end of the one before, its end or
    today), as a VALUES list of parameters (PostgreSQL types its columns only when told)."""
    if not years:
        return "SELECT 0, %s, %s WHERE 1 = 0", [_date(today), _date(today)]
    rows = ", ".join(["(%s, %s, %s)"] * len(years))
    params: list[Any] = []
    for year in years:
        params += [
            year,
            _date(datetime.date(year - 1, 12, 31)),
            _date(min(datetime.date(year, 12, 31), today)),
        ]
    if connection.vendor == "postgresql":
        columns, alias = "v.a::integer, v.b::date, v.c::date", "v(a, b, c)"
    else:
        columns, alias = "*", "v"
    return f"SELECT {columns} FROM (VALUES {rows}) {alias}", params  # noqa: S608 - placeholders only


@dataclass
class Figures:
    """What the statement counted: per report, its recommendations and their statuses (None: not
    yet reported); per body, the net closings on each day and the days from which recommendations
    stay closed; the implementations of each year; per entity label, its addressees by their own
    status and the entity the label links to; the ageing counts and listed recommendations."""

    by_report: dict[int, dict[str | None, int]] = field(default_factory=dict)
    events: dict[int, list[tuple[datetime.date, int]]] = field(default_factory=dict)
    closings: dict[int, list[tuple[datetime.date, int]]] = field(default_factory=dict)
    implemented: dict[int, int] = field(default_factory=dict)
    by_entity: dict[str, dict[str, int]] = field(default_factory=dict)
    entity_ids: dict[str, int] = field(default_factory=dict)
    ageing_counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(AGEING_KEYS, 0))
    aged: list[Aged] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)  # with a visible recommendation, by date


class Report(NamedTuple):
    pk: int
    symbol: str
    date: datetime.date
    date_known: str
    body_id: int


@dataclass(frozen=True)
class Aged:
    pk: int
    code: str
    report_id: int
    issued: datetime.date
    groups: tuple[str, ...]  # of AGEING_KEYS, where it is among the listed ones


def figures(
    visible: QuerySet, addressees: QuerySet, today: datetime.date, years: list[int], listed: int
) -> Figures:
    """The dashboard's figures of ``visible`` (issued by ``today``) and of the ``addressees`` rows the
    user may see, in one statement. ``years``: those whose implementations are counted; ``listed``:
    how many of each ageing group are listed, the oldest first (in the register's order)."""
    visible_sql, visible_params = _sql(visible, *RECOMMENDATION_COLUMNS)
    addressee_sql, addressee_params = _sql(addressees, *ADDRESSEE_COLUMNS)
    years_sql, years_params = _years(years, today)
    limit = years_before(today, AGEING_YEARS)
    last_uncertain = limit - datetime.timedelta(days=1)
    # Issued in a month (or year) only: its earliest day is before ``limit`` when the month (year)
    # began before it, i.e. when it is issued before the first day of the month (year) after the
    # day before ``limit``.
    month_after = (last_uncertain.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    year_after = datetime.date(last_uncertain.year + 1, 1, 1)
    month, year = OversightReport.DateKnown.MONTH, OversightReport.DateKnown.YEAR
    tables = _tables()
    statement = (
        "WITH "
        + TIMELINE.format(visible=visible_sql, addressees=addressee_sql, years=years_sql, **tables)
        + GROUPED.format(**tables)
    )
    params = [
        *visible_params,
        *addressee_params,
        _date(today), _date(today),  # now
        *years_params,
        _date(limit),
        month, _date(limit), _date(month_after),
        year, _date(limit), _date(year_after),
        _date(today),  # flagged
        IMPLEMENTED,  # implemented
        _date(today), _date(today),  # entity
        *[listed] * 8,  # aged
    ]  # fmt: skip
    result = Figures()
    totals: dict[int, int] = {}
    latest: dict[str, tuple[int, int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    aged: list[tuple[int, Aged]] = []
    for kind, key, label, status, day, n, extra, seq in rows:
        if kind == "issued":
            totals[key] = int(n)
            result.reports.append(Report(key, label, as_date(day), status, int(extra)))
        elif kind == "status":
            result.by_report.setdefault(key, {})[status] = int(n)
        elif kind == "event":
            result.events.setdefault(key, []).append((as_date(day), int(n)))
        elif kind == "closing":
            result.closings.setdefault(key, []).append((as_date(day), int(n)))
        elif kind == "implemented":
            result.implemented[int(key)] = int(n)
        elif kind == "entity":
            counts = result.by_entity.setdefault(label, {"total": 0})
            counts[status or "unknown"] = counts.get(status or "unknown", 0) + int(n)
            counts["total"] += int(n)
            # Two entities of one label: the label links to the one of the latest recommendation.
            latest[label] = max(latest.get(label, (0, 0)), (int(extra), int(key)))
        elif kind == "ageing":
            first, second = AGEING_KEYS[2 * int(key) - 2 : 2 * int(key)]
            result.ageing_counts[first], result.ageing_counts[second] = int(n or 0), int(extra or 0)
        else:
            groups = tuple(k for bit, k in enumerate(AGEING_KEYS) if int(n) & (1 << bit))
            aged.append((int(seq), Aged(key, label, int(extra), as_date(day), groups)))
    result.aged = [item for _seq, item in sorted(aged, key=lambda pair: pair[0])]
    for report_id, total in totals.items():
        # Recommendations without a status on the day (none validated yet) are not yet reported.
        counts = result.by_report.setdefault(report_id, {})
        counts[None] = counts.get(None, 0) + total - sum(counts.values())
        if not counts[None]:
            del counts[None]
    result.entity_ids = {label: pk for label, (_rec, pk) in latest.items()}
    result.reports.sort(key=lambda r: (r.date, r.symbol))
    return result
