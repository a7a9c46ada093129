"""The oversight dashboard's figures counted by the database: one statement computes every
recommendation's status over time from the validated updates (window functions over each
addressee's updates, combined per recommendation with CASE, as ``analysis.combine`` does) and returns
only grouped rows: counts by report and status, the closing and reopening events and the final
closings by body and day, the implementations per year, and the ageing lists (the oldest 25 of each).

The recommendations are the permission funnel's queryset, inlined as a subquery (never an id list),
so the rows read into Python grow with the reports, bodies and days, not with the recommendations.
Plain SQL that SQLite (3.25+) and PostgreSQL read alike: CASE rather than booleans or GREATEST, dates
passed through the backend's own adapter and read back through ``as_date``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet

from .analysis import IMPLEMENTED, NOT_IMPLEMENTED, NOT_STARTED, OVERTAKEN, UNDER_IMPLEMENTATION
from .models import Addressee, OversightReport, Recommendation, StatusUpdate

AGEING_KEYS = ("aged", "ageing-unknown", "past-target", "no-target")


def as_date(value: Any) -> datetime.date | None:
    """A date read from a raw row: PostgreSQL returns dates, SQLite ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _date(value: datetime.date) -> Any:
    return connection.ops.adapt_datefield_value(value)


def _tables() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "rec": q(Recommendation._meta.db_table),
        "report": q(OversightReport._meta.db_table),
        "addressee": q(Addressee._meta.db_table),
        "update": q(StatusUpdate._meta.db_table),
        "order": q("order"),
    }


# The status of a recommendation on each day one of its addressees' validated updates is dated:
# ``upd`` gives each validated update the day the next one of the same addressee replaces it
# (``until``; the later pk wins on the same day, as in ``analysis.latest_per_addressee``), ``counted``
# counts the addressees' current statuses on each such day and ``flow`` combines them (closed only
# when every addressee is closed) and marks the changes between open and closed.
TIMELINE = """
recs AS (
    SELECT r.id AS id, r.report_id AS report_id, p.body_id AS body_id, p.date AS issued,
           p.date_known AS known, COALESCE(r.revised_target_date, r.original_target_date) AS target,
           p.symbol AS symbol, r.code AS code, r.{order} AS ord
    FROM {rec} r JOIN {report} p ON p.id = r.report_id
    WHERE r.id IN ({visible})
),
members AS (
    SELECT a.recommendation_id AS rec, COUNT(*) AS n FROM {addressee} a
    WHERE a.recommendation_id IN (SELECT id FROM recs) GROUP BY a.recommendation_id
),
upd AS (
    SELECT a.recommendation_id AS rec, u.as_of AS as_of, u.reported_status AS s,
           LEAD(u.as_of) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS until
    FROM {update} u JOIN {addressee} a ON a.id = u.addressee_id
    WHERE u.state = %s AND a.recommendation_id IN (SELECT id FROM recs)
),
days AS (SELECT DISTINCT rec, as_of AS day FROM upd),
counted AS (
    SELECT d.rec AS rec, d.day AS day,
           SUM(CASE WHEN u.s = %s THEN 1 ELSE 0 END) AS impl,
           SUM(CASE WHEN u.s = %s THEN 1 ELSE 0 END) AS overtaken,
           SUM(CASE WHEN u.s = %s THEN 1 ELSE 0 END) AS under,
           SUM(CASE WHEN u.s = %s THEN 1 ELSE 0 END) AS not_started,
           SUM(CASE WHEN u.s = %s THEN 1 ELSE 0 END) AS not_impl,
           SUM(CASE WHEN u.s <> '' THEN 1 ELSE 0 END) AS known
    FROM days d JOIN upd u ON u.rec = d.rec AND u.as_of <= d.day AND (u.until IS NULL OR u.until > d.day)
    GROUP BY d.rec, d.day
),
combined AS (
    SELECT c.rec AS rec, c.day AS day,
           CASE WHEN c.known = 0 THEN NULL
                WHEN c.impl + c.overtaken = m.n THEN CASE WHEN c.impl > 0 THEN %s ELSE %s END
                WHEN c.under > 0 THEN %s WHEN c.not_started > 0 THEN %s WHEN c.not_impl > 0 THEN %s
                ELSE %s END AS status,
           CASE WHEN c.known > 0 AND c.impl + c.overtaken = m.n THEN 1 ELSE 0 END AS closed
    FROM counted c JOIN members m ON m.rec = c.rec
),
flow AS (
    SELECT rec, day, status, closed,
           LAG(closed, 1, 0) OVER (PARTITION BY rec ORDER BY day) AS was_closed,
           LEAD(day) OVER (PARTITION BY rec ORDER BY day) AS next_day
    FROM combined
),
now AS (
    SELECT rec, status, closed FROM flow
    WHERE day <= %s AND (next_day IS NULL OR next_day > %s)
),
state AS (
    SELECT recs.*, now.status AS status, CASE WHEN now.closed = 1 THEN 0 ELSE 1 END AS is_open
    FROM recs LEFT JOIN now ON now.rec = recs.id
)
"""


def _timeline_params(today: datetime.date) -> list[Any]:
    statuses = [IMPLEMENTED, OVERTAKEN, UNDER_IMPLEMENTATION, NOT_STARTED, NOT_IMPLEMENTED]
    combine = [IMPLEMENTED, OVERTAKEN, UNDER_IMPLEMENTATION, NOT_STARTED, NOT_IMPLEMENTED]
    return [
        StatusUpdate.State.VALIDATED,
        *statuses,
        *combine,
        UNDER_IMPLEMENTATION,
        _date(today),
        _date(today),
    ]


# Grouped rows of one statement, told apart by their first column (the types of each column agree
# across the arms: an id, a text, a date, a count).
GROUPED = """
SELECT 'report' AS kind, report_id AS key, status AS label, NULL AS day, COUNT(*) AS n
FROM state GROUP BY report_id, status
UNION ALL
SELECT 'event', recs.body_id, NULL,
       CASE WHEN f.day > recs.issued THEN f.day ELSE recs.issued END,
       SUM(CASE WHEN f.closed = 1 THEN 1 ELSE -1 END)
FROM flow f JOIN recs ON recs.id = f.rec WHERE f.closed <> f.was_closed
GROUP BY recs.body_id, CASE WHEN f.day > recs.issued THEN f.day ELSE recs.issued END
UNION ALL
SELECT 'closing', recs.body_id, NULL, c.closed_on, COUNT(*)
FROM (
    SELECT f.rec AS rec, MAX(f.day) AS closed_on FROM flow f
    WHERE f.closed = 1 AND f.was_closed = 0
      AND f.rec IN (SELECT rec FROM flow WHERE next_day IS NULL AND closed = 1)
    GROUP BY f.rec
) c JOIN recs ON recs.id = c.rec
GROUP BY recs.body_id, c.closed_on
UNION ALL
SELECT 'implemented', y.year, NULL, NULL, COUNT(*)
FROM years y
JOIN recs ON recs.issued <= y.start_day
JOIN flow e ON e.rec = recs.id AND e.day <= y.end_day AND (e.next_day IS NULL OR e.next_day > y.end_day)
LEFT JOIN flow s
    ON s.rec = recs.id AND s.day <= y.start_day AND (s.next_day IS NULL OR s.next_day > y.start_day)
WHERE e.status = %s AND (s.closed IS NULL OR s.closed = 0)
GROUP BY y.year
"""

# The ageing lists: every open recommendation in a group counted, the oldest AGEING_LISTED of each
# returned, in the register's order.
AGEING = """
, flagged AS (
    SELECT id, code, report_id, symbol, body_id, issued, ord,
           CASE WHEN issued < %s THEN 1 ELSE 0 END AS aged,
           CASE WHEN known = %s AND issued >= %s AND issued < %s THEN 1
                WHEN known = %s AND issued >= %s AND issued < %s THEN 1 ELSE 0 END AS uncertain,
           CASE WHEN target IS NOT NULL AND target < %s THEN 1 ELSE 0 END AS past,
           CASE WHEN target IS NULL THEN 1 ELSE 0 END AS untargeted
    FROM state WHERE is_open = 1
),
ranked AS (
    SELECT flagged.*,
           ROW_NUMBER() OVER (PARTITION BY aged ORDER BY issued, symbol, ord, id) AS r1,
           ROW_NUMBER() OVER (PARTITION BY uncertain ORDER BY issued, symbol, ord, id) AS r2,
           ROW_NUMBER() OVER (PARTITION BY past ORDER BY issued, symbol, ord, id) AS r3,
           ROW_NUMBER() OVER (PARTITION BY untargeted ORDER BY issued, symbol, ord, id) AS r4,
           SUM(aged) OVER () AS n1, SUM(uncertain) OVER () AS n2, SUM(past) OVER () AS n3,
           SUM(untargeted) OVER () AS n4
    FROM flagged
)
SELECT id, code, report_id, symbol, body_id, issued, aged, uncertain, past, untargeted, n1, n2, n3, n4,
       r1, r2, r3, r4
FROM ranked
WHERE (aged = 1 AND r1 <= %s) OR (uncertain = 1 AND r2 <= %s) OR (past = 1 AND r3 <= %s)
   OR (untargeted = 1 AND r4 <= %s)
ORDER BY issued, symbol, ord, id
"""


@dataclass
class Grouped:
    """The grouped rows: {report id: {status or None: n}}, {body id: [(day, net closings)]},
    {body id: [(closing day, n)]}, {year: implemented during it}."""

    by_report: dict[int, dict[str | None, int]] = field(default_factory=dict)
    events: dict[int, list[tuple[datetime.date, int]]] = field(default_factory=dict)
    closings: dict[int, list[tuple[datetime.date, int]]] = field(default_factory=dict)
    implemented: dict[int, int] = field(default_factory=dict)


def _visible_sql(visible: QuerySet) -> tuple[str, list[Any]]:
    try:
        sql, params = visible.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # the funnel gave nothing (a user without a role)
        return "SELECT 0 WHERE 1 = 0", []
    return sql, list(params)


def grouped(visible: QuerySet, today: datetime.date, years: list[int]) -> Grouped:
    """The grouped figures of ``visible`` (issued by ``today``) in one statement; ``years`` are those
    whose implementations are counted (each from the end of the one before to its end or today)."""
    sql, params = _visible_sql(visible)
    values = ", ".join(["(%s, %s, %s)"] * len(years)) or "(NULL, NULL, NULL)"
    year_params: list[Any] = []
    for year in years:
        end = min(datetime.date(year, 12, 31), today)
        year_params += [year, _date(datetime.date(year - 1, 12, 31)), _date(end)]
    # PostgreSQL types the VALUES' columns from the parameters only when told (only placeholders in
    # the statement: the years are parameters).
    if connection.vendor == "postgresql":
        columns = "v.column1::integer, v.column2::date, v.column3::date"
        alias = "v(column1, column2, column3)"
    else:
        columns, alias = "*", "v"
    years_cte = f"years(year, start_day, end_day) AS (SELECT {columns} FROM (VALUES {values}) {alias})"  # noqa: S608
    statement = "WITH " + TIMELINE.format(visible=sql, **_tables()) + ", " + years_cte + GROUPED
    result = Grouped()
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, *_timeline_params(today), *year_params, IMPLEMENTED])
        for kind, key, label, day, n in cursor.fetchall():
            if kind == "report":
                result.by_report.setdefault(key, {})[label] = n
            elif kind == "event":
                result.events.setdefault(key, []).append((as_date(day), int(n)))
            elif kind == "closing":
                result.closings.setdefault(key, []).append((as_date(day), int(n)))
            elif key is not None:
                result.implemented[int(key)] = int(n)
    return result


@dataclass(frozen=True)
class Aged:
    pk: int
    code: str
    report_id: int
    symbol: str
    body_id: int
    issued: datetime.date
    groups: tuple[str, ...]  # of AGEING_KEYS, where it is among the listed ones


def ageing(
    visible: QuerySet, today: datetime.date, limit: datetime.date, listed: int
) -> tuple[dict[str, int], list[Aged]]:
    """The count of each ageing group and the recommendations listed in one at least (the oldest
    ``listed`` of each). ``limit``: open since before it is aged. The groups are those of
    ``analysis.aged``, ``ageing_unknown`` and ``past_target``, and open without a target date."""
    sql, params = _visible_sql(visible)
    last_uncertain = limit - datetime.timedelta(days=1)
    # Issued in a month (or year) only: its earliest day is before ``limit`` when the month (year)
    # began before it, i.e. when it is issued before the first day of the month (year) after the
    # day before ``limit``.
    month_after = (last_uncertain.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    year_after = datetime.date(last_uncertain.year + 1, 1, 1)
    month, year = OversightReport.DateKnown.MONTH, OversightReport.DateKnown.YEAR
    statement = "WITH " + TIMELINE.format(visible=sql, **_tables()) + AGEING
    counts = dict.fromkeys(AGEING_KEYS, 0)
    items = []
    with connection.cursor() as cursor:
        cursor.execute(
            statement,
            [
                *params,
                *_timeline_params(today),
                _date(limit),
                month,
                _date(limit),
                _date(month_after),
                year,
                _date(limit),
                _date(year_after),
                _date(today),
                listed,
                listed,
                listed,
                listed,
            ],  # fmt: skip
        )
        for pk, code, report_id, symbol, body_id, issued, *rest in cursor.fetchall():
            flags, totals, ranks = rest[0:4], rest[4:8], rest[8:12]
            counts = {key: int(n or 0) for key, n in zip(AGEING_KEYS, totals, strict=True)}
            groups = tuple(
                key
                for key, flag, rank in zip(AGEING_KEYS, flags, ranks, strict=True)
                if flag == 1 and rank <= listed
            )
            items.append(Aged(pk, code, report_id, symbol, body_id, as_date(issued), groups))
    return counts, items
