"""The oversight dashboard's figures part: rendered once per scope and kept as HTML (a hit computes
neither the figures nor the charts and reads no oversight table), shared by the readers of one scope
and by no other; its tables cut to their first rows with a link to the whole table."""

from __future__ import annotations

import datetime
import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.core import permissions as p
from lodestar.oversight import aggregates, charts
from lodestar.oversight.dashboard_tables import CARRY_ROWS, TABLE_ROWS

from ..conftest import login, person_with
from .factories import body, recommendation, report

pytestmark = pytest.mark.django_db
URL = "/oversight/"
MANY = TABLE_ROWS + 2


def _rows(html: str, table_id: str) -> list[str]:
    """The row keys of one status table, in their order."""
    start = html.index(f'id="{table_id}"')
    table = html[start : html.index("</table>", start)]
    return re.findall(r'<tr data-key="([^"]*)">', table)


def _register(tree: dict, n: int) -> None:
    """``n`` reports of one body, a month apart, each with one recommendation."""
    shared = body(tree["root"], 1)
    for k in range(n):
        issued = datetime.date(2010, 1, 1) + datetime.timedelta(days=31 * k)
        recommendation(tree["a"], k, report=report(tree["root"], k, body=shared, date=issued))


def _failing(*_args: Any, **_kwargs: Any) -> None:
    raise AssertionError("the figures were computed on a cache hit")


def test_a_hit_computes_no_figure_nor_chart_and_reads_no_oversight_table(tree: dict, client_for: Any) -> None:
    _register(tree, 3)
    client = client_for("reviewer")
    cache.clear()
    miss = client.get(URL)
    assert miss.context["total"] == 3
    with (
        mock.patch.object(aggregates, "dashboard", _failing),
        mock.patch.object(charts, "status_chart", _failing),
        mock.patch.object(charts, "rate_chart", _failing),
        CaptureQueriesContext(connection) as hit,
    ):
        again = client.get(URL)
    assert again.status_code == 200
    assert not [q["sql"] for q in hit.captured_queries if "oversight_" in q["sql"]]
    html = again.content.decode()
    assert _rows(html, "by-report") == _rows(miss.content.decode(), "by-report")
    assert 'id="status-chart-spec"' in html and "3 recommendations visible to you" in html


def test_readers_of_one_scope_share_the_part_and_no_other_scope_does(
    tree: dict, client_for: Any, users: dict
) -> None:
    shared = report(tree["root"], 1)
    recommendation(tree["a"], 1, report=shared)
    recommendation(tree["b"], 2, report=shared)
    second = login(person_with("reviewer_2", p.OVERSIGHT_REVIEWER, tree["root"]))  # as "reviewer"
    cache.clear()
    with mock.patch.object(aggregates, "dashboard", wraps=aggregates.dashboard) as computed:
        client_for("reviewer").get(URL)
        html = second.get(URL).content.decode()
        assert computed.call_count == 1 and "2 recommendations visible to you" in html
        focal = client_for("focal_b").get(URL)  # another scope: computed for it, not read
        assert computed.call_count == 2 and focal.context["total"] == 1
        client_for("focal_b").get(URL)
        assert computed.call_count == 2
    # Another date is another part.
    with mock.patch.object(aggregates, "dashboard", wraps=aggregates.dashboard) as computed:
        assert second.get(URL, {"as_at": "2018-12-31"}).context["total"] == 2
        assert computed.call_count == 1


def test_the_tables_show_their_first_rows_and_link_to_the_whole_table(tree: dict, client_for: Any) -> None:
    _register(tree, MANY)
    client = client_for("reviewer")
    cache.clear()
    response = client.get(URL)
    html = response.content.decode()
    symbols = [f"A/{tree['root'].code}/{k}" for k in range(MANY)]
    # Most recent first: the two oldest reports are the ones left out.
    assert _rows(html, "by-report") == symbols[::-1][:TABLE_ROWS]
    assert len(response.context["by_report"]) == TABLE_ROWS
    assert f"Rows shown: the first {TABLE_ROWS} of {MANY}, the most recent reports first." in html
    assert f'<a class="all-rows" href="?table=by-report">All rows ({MANY})</a>' in html
    assert f'<a class="all-rows" href="?table=carry-over">All rows ({MANY})</a>' in html
    # Carry-over reads in date order: the latest rows of the body's table.
    carry = re.findall(r'<tr data-report="([^"]*)">', html)
    assert carry == symbols[-CARRY_ROWS:]
    assert f"Rows shown: the latest {CARRY_ROWS} of {MANY}." in html and 'href="?table=carry-over"' in html
    # Few entities, few bodies: shown whole, without a note.
    assert 'data-table="by-entity"' not in html and 'data-table="by-body"' not in html

    whole = client.get(URL, {"table": "by-report"})
    page = whole.content.decode()
    assert _rows(page, "by-report") == symbols[::-1]
    assert 'class="all-rows"' not in page and 'id="back-to-dashboard"' in page
    # That table alone: no chart, no other table.
    assert 'id="status-chart-spec"' not in page and 'id="by-entity"' not in page and "carry-over" not in page

    carried = client.get(URL, {"table": "carry-over"}).content.decode()
    assert re.findall(r'<tr data-report="([^"]*)">', carried) == symbols


def test_the_link_to_a_whole_table_keeps_the_as_at_date(tree: dict, client_for: Any) -> None:
    _register(tree, MANY)
    client = client_for("reviewer")
    html = client.get(URL, {"as_at": "2030-01-01"}).content.decode()
    assert 'href="?as_at=2030-01-01&amp;table=by-report"' in html
    whole = client.get(URL, {"as_at": "2030-01-01", "table": "by-report"})
    assert len(whole.context["by_report"]) == MANY
    # An unknown table is the dashboard itself.
    assert client.get(URL, {"table": "nonsense"}).context["table"] == ""


def test_a_bounded_table_puts_the_most_open_rows_first() -> None:
    from lodestar.oversight.dashboard_tables import Selection, open_count

    items = [
        ("A", {"implemented": 5, "total": 5}, {}),
        ("B", {"not_started": 2, "overtaken": 9, "total": 11}, {}),
        ("C", {"unknown": 3, "total": 3}, {}),
        ("D", {"unknown": 3, "total": 3}, {}),
    ]
    assert [open_count(counts) for _label, counts, _params in items] == [0, 2, 3, 3]
    assert [label for label, *_rest in Selection("")("by-entity", items)] == ["C", "D", "B", "A"]
    assert [label for label, *_rest in Selection("")("by-report", items)] == ["D", "C", "B", "A"]
    # One table asked for whole: the others' rows are not built.
    whole = Selection("by-entity")
    assert whole("by-report", items) == [] and len(whole("by-entity", items)) == 4
    assert whole.totals == {"by-report": 4, "by-entity": 4}
