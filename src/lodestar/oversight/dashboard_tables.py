"""What the oversight dashboard's figures part shows: the tables whose rows grow with the register
(by body, by report, by entity) bounded to their first ``TABLE_ROWS`` rows, the carry-over of each body
to its latest ``CARRY_ROWS``, with a link to the same dashboard showing one of them whole
(``?table=by-report``), and the charts.

The dashboard's cost, cold, should not grow with the register: rendering hundreds of rows per table
(and building their links) was most of its Python time. ``aggregates.dashboard`` still counts every
row (its totals and the recount tests need them); only the rows shown are built and rendered, in an
order that puts first what a reader looks for (the most open, the most recent).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.http import urlencode

from lodestar.core.tables import url_maker

from . import aggregates, analysis, charts, queries

TABLE_ROWS = 25
# One carry-over table per body, each as wide as the status tables are: their rows add up (five bodies,
# 125 rows at 25), and the latest reports are what a reader compares.
CARRY_ROWS = 10
# The tables that can be asked for whole; every other value of ?table= is the dashboard itself.
TABLES = ("by-body", "by-report", "by-entity", "carry-over")


def table_of(raw: str) -> str:
    return raw if raw in TABLES else ""


def open_count(counts: dict[str, int]) -> int:
    """Recommendations of a status row still open: neither implemented nor overtaken."""
    return counts.get("total", 0) - counts.get(analysis.IMPLEMENTED, 0) - counts.get(analysis.OVERTAKEN, 0)


def _href(today: datetime.date, table: str) -> str:
    # The as-at date is the cache key's: the link shows the same figures, whole.
    params = {} if today == queries.today() else {"as_at": today.isoformat()}
    return "?" + urlencode({**params, "table": table})


def _most_open(items: list[aggregates.StatusItem]) -> list[aggregates.StatusItem]:
    return sorted(items, key=lambda item: (-open_count(item[1]), item[0]))


class Selection:
    """``aggregates.dashboard``'s ``shown``: each table's rows in the order that matters (the most
    recent reports, the most open bodies and entities first), its first ``TABLE_ROWS`` unless it is
    the one asked for whole; with a table asked for, the others' rows are not built at all."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.totals: dict[str, int] = {}

    def __call__(self, key: str, items: list[aggregates.StatusItem]) -> list[aggregates.StatusItem]:
        self.totals[key] = len(items)
        if self.table and key != self.table:
            return []
        # aggregates lists the reports by date.
        ordered = items[::-1] if key == "by-report" else _most_open(items)
        return ordered if self.table else ordered[:TABLE_ROWS]


def _bounded(key: str, rows: list[Any], total: int, order: str, today: datetime.date) -> dict[str, Any]:
    """What the note under a table says: how many of its rows are shown, in what order, and the link
    to all of them (none when all are shown)."""
    return {
        "key": key,
        "rows": rows,
        "order": order,
        "shown": len(rows),
        "total": total,
        "href": _href(today, key) if len(rows) < total else "",
    }


def context(user: Any, today: datetime.date, table: str) -> dict[str, Any]:
    """The figures part's context: every bounded table, the charts and the rest of the figures; with
    ``table``, that one table whole and nothing else (no chart is drawn for it)."""
    selection = Selection(table)
    figures = aggregates.dashboard(user, today, selection)
    totals = selection.totals
    tables = {
        name.replace("-", "_"): _bounded(name, figures[name.replace("-", "_")], totals[name], order, today)
        for name, order in (("by-body", "open"), ("by-report", "recent"), ("by-entity", "open"))
    }
    carry = {}
    for body, rows in figures["carry"].items():
        # Carry-over reads in date order: its latest rows.
        shown = rows if table else rows[-CARRY_ROWS:]
        carry[body] = _bounded("carry-over", shown, len(rows), "latest", today)
    context = {**figures, "table": table, "tables": tables, "carry_bounded": carry}
    if not table:
        # A hundred links to recommendation pages: one reversed pattern, not a {% url %} per item.
        page = url_maker("oversight:recommendation_page")
        context["ageing"] = [
            {**group, "links": [(row.code, page(row.pk)) for row in group["items"]]}
            for group in figures["ageing"]
        ]
        context["status_chart"] = charts.status_chart(figures["by_body_year"], figures["as_at_params"])
        context["rate_chart"] = charts.rate_chart(figures["rate"], figures["as_at_params"])
    return context
