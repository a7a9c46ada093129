"""Each recommendation's status over time, kept as spans (``StatusSpan``) by the writes that change
it, so that the dashboard counts a few narrow rows per recommendation instead of replaying every
validated update with window functions on every read.

``refresh(ids)`` recomputes the spans of some recommendations from their validated updates and their
addressees, set at a time (one DELETE and two INSERT … SELECT whatever their number, after locking
the recommendations' rows on PostgreSQL). It is called in
the transaction of every write that changes them: a status update saved, moved through the workflow
or deleted, an addressee added, moved or removed (``services``), an import of addressees
(``after_bulk_write``); the benchmark and tests that bulk-insert call it as the services would. The
migration that added the table computed the spans of the register then (with its own copy of these
statements); the data-quality rule ``OVS-SPANS`` compares the stored spans with what the same
SELECTs give now, reading only.

The statuses are those of ``analysis.combine``: closed only when every addressee is implemented or
overtaken (implemented when one is), otherwise the most advanced open state.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from .analysis import IMPLEMENTED, NOT_IMPLEMENTED, NOT_STARTED, OVERTAKEN, UNDER_IMPLEMENTATION
from .models import Addressee, Recommendation, StatusSpan, StatusUpdate

STATUSES = (IMPLEMENTED, OVERTAKEN, UNDER_IMPLEMENTATION, NOT_STARTED, NOT_IMPLEMENTED)


def _names() -> dict[str, str]:
    q = connection.ops.quote_name
    return {
        "span": q(StatusSpan._meta.db_table),
        "addressee": q(Addressee._meta.db_table),
        "update": q(StatusUpdate._meta.db_table),
    }


# ``upd``: each validated update with the status it replaces (``was``) and the day the next one of
# the same addressee replaces it (``until``; the later pk wins on the same day, as in
# ``analysis.latest_per_addressee``).
UPDATES = """
upd AS (
    SELECT a.recommendation_id AS rec, u.addressee_id AS addressee, u.as_of AS as_of, u.id AS id,
           u.reported_status AS s,
           LAG(u.reported_status) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS was,
           LEAD(u.as_of) OVER (PARTITION BY u.addressee_id ORDER BY u.as_of, u.id) AS until
    FROM {update} u JOIN {addressee} a ON a.id = u.addressee_id
    WHERE u.state = %s AND a.recommendation_id IN ({ids})
)"""

ADDRESSEE_SPANS = """
WITH {updates}
SELECT rec, addressee, as_of, until, s, %s, %s, NULL FROM upd
"""

# Both give rows of the span table's columns (INSERT_SPANS), ``recommendation_id`` first.
INSERT_SPANS = """
INSERT INTO {span} (recommendation_id, addressee_id, starts, ends, status, closed, was_closed,
                    closed_since)
"""

# ``changes`` nets what each day changes in a recommendation's addressees' statuses, ``counted`` adds
# it up to each day's counts, ``combined`` gives the recommendation's status on each day (closed
# only when every addressee is), ``marked`` the change between open and closed and ``runs`` the day
# each closed run began.
RECOMMENDATION_SPANS = """
WITH {updates},
members AS (
    SELECT recommendation_id AS rec, COUNT(*) AS n FROM {addressee}
    WHERE recommendation_id IN ({ids}) GROUP BY recommendation_id
),
changes AS (
    SELECT rec, as_of AS day,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS impl,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS overtaken,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS under,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS not_started,
           SUM(CASE WHEN s = %s THEN 1 ELSE 0 END - CASE WHEN was = %s THEN 1 ELSE 0 END) AS not_impl,
           SUM(CASE WHEN s <> '' THEN 1 ELSE 0 END - CASE WHEN was <> '' THEN 1 ELSE 0 END) AS known
    FROM upd GROUP BY rec, as_of
),
counted AS (
    SELECT rec, day, SUM(impl) OVER w AS impl, SUM(overtaken) OVER w AS overtaken,
           SUM(under) OVER w AS under, SUM(not_started) OVER w AS not_started,
           SUM(not_impl) OVER w AS not_impl, SUM(known) OVER w AS known
    FROM changes
    WINDOW w AS (PARTITION BY rec ORDER BY day ROWS UNBOUNDED PRECEDING)
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
marked AS (
    SELECT rec, day, status, closed,
           LAG(closed, 1, 0) OVER (PARTITION BY rec ORDER BY day) AS was_closed,
           LEAD(day) OVER (PARTITION BY rec ORDER BY day) AS next_day
    FROM combined
),
runs AS (
    SELECT marked.*,
           MAX(CASE WHEN closed = 1 AND was_closed = 0 THEN day END) OVER (
               PARTITION BY rec ORDER BY day ROWS UNBOUNDED PRECEDING
           ) AS run_start
    FROM marked
)
SELECT rec, NULL, day, next_day, status,
       CASE WHEN closed = 1 THEN %s ELSE %s END, CASE WHEN was_closed = 1 THEN %s ELSE %s END,
       CASE WHEN closed = 1 THEN run_start END
FROM runs
"""


CHUNK = 5000  # ids per statement (each twice): under SQLite's 32,766 and PostgreSQL's 65,535 parameters


def refresh(ids: QuerySet | Iterable[int]) -> None:
    """Recompute the spans of the recommendations ``ids`` (a queryset of recommendations, read as a
    subquery, or their primary keys) from their validated updates; in the caller's transaction."""
    if isinstance(ids, QuerySet):
        sql, params = ids.order_by().values("pk").query.sql_with_params()
        _refresh(sql, list(params))
        return
    chosen = sorted({pk for pk in ids if pk is not None})
    for start in range(0, len(chosen), CHUNK):
        part = chosen[start : start + CHUNK]
        _refresh(", ".join(["%s"] * len(part)), part)


def _selects(ids_sql: str, ids_params: list[Any]) -> list[tuple[str, list[Any]]]:
    """The two SELECTs of the spans of the recommendations ``ids_sql`` (addressees', theirs)."""
    names = _names()
    names["updates"] = UPDATES.format(ids=ids_sql, **names)
    validated = StatusUpdate.State.VALIDATED
    return [
        (ADDRESSEE_SPANS.format(ids=ids_sql, **names), [validated, *ids_params, False, False]),
        (
            RECOMMENDATION_SPANS.format(ids=ids_sql, **names),
            [
                validated,
                *ids_params,
                *ids_params,  # members
                *[status for status in STATUSES for _twice in (1, 2)],  # changes
                *STATUSES,
                UNDER_IMPLEMENTATION,  # combined
                True,
                False,
                True,
                False,
            ],  # fmt: skip
        ),
    ]


def _refresh(ids_sql: str, ids_params: list[Any]) -> None:
    names = _names()
    with connection.cursor() as cursor:
        if connection.features.has_select_for_update:
            # Two writes to one recommendation (two addressees' updates validated at once) take
            # turns: the second deletes what the first inserted and reads both updates, where
            # without the lock each would keep spans computed without the other's (SQLite writes
            # one transaction at a time anyway).
            recommendations = connection.ops.quote_name(Recommendation._meta.db_table)
            cursor.execute(
                f"SELECT id FROM {recommendations} WHERE id IN ({ids_sql}) ORDER BY id FOR UPDATE",  # noqa: S608
                ids_params,
            )
        cursor.execute(
            f"DELETE FROM {names['span']} WHERE recommendation_id IN ({ids_sql})",  # noqa: S608
            ids_params,
        )
        for select, params in _selects(ids_sql, ids_params):
            cursor.execute(INSERT_SPANS.format(**names) + select, params)


def _date(value: Any) -> datetime.date | None:
    """A date read from a raw row: PostgreSQL returns dates, SQLite ISO text."""
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _span(rec: int, addressee: int | None, starts: Any, ends: Any, status: str | None, closed: Any,
          was_closed: Any, closed_since: Any) -> tuple[int, tuple]:  # fmt: skip
    row = (addressee, _date(starts), _date(ends), status, bool(closed), bool(was_closed), _date(closed_since))
    return rec, row


def _grouped(rows: Iterable[tuple[int, tuple]]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for rec, row in rows:
        grouped.setdefault(rec, []).append(row)
    # In one order whatever the database's for NULLs: a missing value sorts first.
    for spans in grouped.values():
        spans.sort(key=lambda row: tuple((v is not None, v if v is not None else 0) for v in row))
    return grouped


def out_of_date() -> list[int]:
    """The recommendations whose stored spans differ from those their validated updates give now:
    read only (the data-quality rule runs on every view of the findings page)."""
    fields = ("addressee_id", "starts", "ends", "status", "closed", "was_closed", "closed_since")
    stored = _grouped(_span(*row) for row in StatusSpan.objects.values_list("recommendation_id", *fields))
    ids_sql, ids_params = Recommendation.objects.order_by().values("pk").query.sql_with_params()
    fresh_rows: list[tuple[int, tuple]] = []
    with connection.cursor() as cursor:
        for select, params in _selects(ids_sql, list(ids_params)):
            cursor.execute(select, params)
            fresh_rows += [_span(*row) for row in cursor.fetchall()]
    fresh = _grouped(fresh_rows)
    return sorted(rec for rec in stored.keys() | fresh.keys() if stored.get(rec) != fresh.get(rec))
