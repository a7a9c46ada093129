"""The oversight dashboard's charts and links: the specs carry the dashboard's own figures, and every
count, bar segment and point links to the recommendation list that shows exactly that count."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache

from lodestar.core.charts import values_of
from lodestar.oversight.models import StatusUpdate

from .factories import body, create, recommendation, report

pytestmark = pytest.mark.django_db


def _listed(client: Any, href: str) -> int:
    response = client.get(href)
    assert response.status_code == 200, href
    return response.context["total"]


def _register(tree: dict) -> None:
    """Two bodies; reports in 2018 and 2019; statuses implemented, under implementation, none."""
    bodies = [body(tree["root"], 1), body(tree["root"], 2)]
    n = 0
    for b, year in [(bodies[0], 2018), (bodies[0], 2019), (bodies[1], 2019)]:
        issued = report(tree["root"], n, body=b, date=datetime.date(year, 7, 1))
        for k in range(4):
            n += 1
            rec = recommendation(tree["a" if k % 2 else "b"], n, report=issued)
            if k < 3:
                create(
                    StatusUpdate,
                    addressee=rec.addressees.get(),
                    as_of=datetime.date(year + 1, 3, 1),
                    reported_status="implemented" if k < 2 else "under_implementation",
                    state="validated",
                )


def test_the_status_chart_has_the_dashboard_figures_and_each_segment_opens_its_list(
    tree: dict, client_for: Any
) -> None:
    _register(tree)
    client = client_for("reviewer")
    cache.clear()
    response = client.get("/oversight/")
    spec = response.context["status_chart"]
    rows = values_of(spec)
    # Three (body, year) groups × three statuses present: 2 implemented, 1 under implementation,
    # 1 not reported in each.
    assert len(rows) == 9
    assert sum(r["value"] for r in rows) == response.context["total"] == 12
    by_body = {row["label"]: row["total"] for row in response.context["by_body"]}
    for name, total in by_body.items():
        assert sum(r["value"] for r in rows if r["category"].startswith(name)) == total
    for row in rows:
        assert _listed(client, row["href"]) == row["value"], row
    # The spec is in the page as a JSON data block (never an inline script) with its holder.
    html = response.content.decode()
    block = re.search(r'<script id="status-chart-spec" type="application/json">(.*?)</script>', html, re.S)
    assert block and json.loads(block.group(1))["data"]["values"] == rows
    assert 'data-chart="status-chart-spec"' in html and "vendor/vega/vega-embed.js" in html


def test_every_count_of_the_status_tables_links_to_exactly_that_count(tree: dict, client_for: Any) -> None:
    _register(tree)
    client = client_for("reviewer")
    cache.clear()
    response = client.get("/oversight/")
    checked = 0
    for key in ("overall_rows", "by_body", "by_report", "by_entity"):
        for row in response.context[key]:
            assert _listed(client, row["url"]) == row["total"], (key, row["label"])
            for n, href in row["links"]:
                if href:
                    assert _listed(client, href) == n, (key, row["label"], href)
                    checked += 1
    assert checked >= 3 * 3 + 3  # overall, two bodies and three reports, each with linked cells
    html = response.content.decode()
    first = response.context["by_body"][0]["links"][0][1]
    assert f'<a href="{first.replace("&", "&amp;")}">' in html


def test_links_at_a_past_date_show_what_the_dashboard_counted_then(tree: dict, client_for: Any) -> None:
    _register(tree)
    client = client_for("reviewer")
    cache.clear()
    # Only the 2018 report is issued by then, and its updates come in 2019.
    response = client.get("/oversight/?as_at=2018-12-31")
    assert response.context["total"] == 4
    rows = values_of(response.context["status_chart"])
    assert {r["series"] for r in rows} == {"Not yet reported"}
    for row in rows:
        assert parse_qs(urlsplit(row["href"]).query)["as_at"] == ["2018-12-31"]
        assert _listed(client, row["href"]) == row["value"]


def test_the_rate_chart_is_the_rate_table(tree: dict, client_for: Any) -> None:
    _register(tree)
    client = client_for("reviewer")
    cache.clear()
    response = client.get("/oversight/?as_at=2020-12-31")
    points = {(r["series"], r["x"]): r for r in values_of(response.context["rate_chart"])}
    for bar in response.context["rate"]:
        p = bar["point"]
        closed = points[("Closed, of those issued so far", str(p.year))]
        assert closed["y"] == float(p.rate)
        assert _listed(client, closed["href"]) == p.issued
        if p.outstanding:
            assert points[("Implemented during the year", str(p.year))]["y"] == float(p.year_rate)
