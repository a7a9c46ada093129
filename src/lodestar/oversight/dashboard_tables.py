"""What the oversight dashboard's figures part shows: the tables whose rows grow with the register
(by body, by report, by entity, carry-over per body) bounded to their first ``TABLE_ROWS`` rows, with a
link to the same dashboard showing one of them whole (``?table=by-report``), and the charts.

The dashboard's cost, cold, must not grow with the register: rendering hundreds of rows per table
was most of it. ``aggregates.dashboard`` still counts every row (its totals and the recount tests
need them); only what is rendered is bounded, in an order that puts first what a reader looks for
(the most open, the most recent).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.http import urlencode

from . import aggregates, analysis, charts, queries

TABLE_ROWS = 25
# The tables that can be asked for whole; every other value of ?table= is the dashboard itself.
TABLES = ("by-body", "by-report", "by-entity", "carry-over")

_STATUSES = [*aggregates.STATUS_ORDER, "unknown"]
_CLOSED = [_STATUSES.index(analysis.IMPLEMENTED), _STATUSES.index(analysis.OVERTAKEN)]


def table_of(raw: str) -> str:
    return raw if raw in TABLES else ""


def open_count(row: dict[str, Any]) -> int:
    """Recommendations of a status row still open: neither implemented nor overtaken."""
    return row["total"] - sum(row["cells"][i] for i in _CLOSED)


def _href(today: datetime.date, table: str) -> str:
    # The as-at date is the cache key's: the link shows the same figures, whole.
    params = {} if today == queries.today() else {"as_at": today.isoformat()}
    return "?" + urlencode({**params, "table": table})


def _bounded(
    key: str, rows: list[Any], order: str, today: datetime.date, whole: bool, *, latest: bool = False
) -> dict[str, Any]:
    """``rows`` (already in the order they are shown) cut to the first ``TABLE_ROWS`` (the last, for
    ``latest``: carry-over reads in date order) unless the table is asked for whole."""
    total = len(rows)
    cut = not whole and total > TABLE_ROWS
    if cut:
        rows = rows[-TABLE_ROWS:] if latest else rows[:TABLE_ROWS]
    return {
        "key": key,
        "rows": rows,
        "order": order,
        "shown": len(rows),
        "total": total,
        "href": _href(today, key) if cut else "",
    }


def _most_open(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda row: (-open_count(row), row["label"]))


def context(user: Any, today: datetime.date, table: str) -> dict[str, Any]:
    """The figures part's context: every bounded table, the charts and the rest of the figures; with
    ``table``, that one table whole and nothing else (no chart is drawn for it)."""
    figures = aggregates.dashboard(user, today)
    whole = bool(table)
    tables = {
        # Most recent first: aggregates lists the reports by date.
        "by_report": _bounded("by-report", figures["by_report"][::-1], "recent", today, whole),
        "by_body": _bounded("by-body", _most_open(figures["by_body"]), "open", today, whole),
        "by_entity": _bounded("by-entity", _most_open(figures["by_entity"]), "open", today, whole),
    }
    carry = {
        body: _bounded("carry-over", rows, "latest", today, whole, latest=True)
        for body, rows in figures["carry"].items()
    }
    shown = {
        **figures,
        "table": table,
        "tables": tables,
        "carry_bounded": carry,
        # The template context as the tests and the tables read it: the rows shown.
        "by_report": tables["by_report"]["rows"],
        "by_body": tables["by_body"]["rows"],
        "by_entity": tables["by_entity"]["rows"],
    }
    if not whole:
        shown["status_chart"] = charts.status_chart(figures["by_body_year"], figures["as_at_params"])
        shown["rate_chart"] = charts.rate_chart(figures["rate"], figures["as_at_params"])
    return shown
