"""The portfolio dashboard's figures part is kept as rendered HTML per scope and filter: a hit neither
computes the figures nor reads a project (no model is unpickled), readers of one scope share it and
no other scope does; the pager's links come from the filter, never from the reader's query string."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lodestar.core import permissions as p
from lodestar.portfolio import views

from ..conftest import login, person_with
from .test_dashboard import URL, portfolio_project

pytestmark = pytest.mark.django_db


def _rows(response: Any) -> list[str]:
    return re.findall(r'<tr data-project="([^"]*)">', response.content.decode())


def test_a_hit_computes_no_figure_and_reads_no_project(tree: dict, client_for: Any) -> None:
    for n in range(3):
        portfolio_project(tree["a"], n)
    client = client_for("analyst")
    cache.clear()
    miss = client.get(URL)
    assert len(miss.context["summaries"]) == 3

    def failing(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("the figures were computed on a cache hit")

    with mock.patch.object(views, "dashboard_figures", failing), CaptureQueriesContext(connection) as hit:
        again = client.get(URL)
    assert again.status_code == 200 and "summaries" not in again.context
    assert not [q["sql"] for q in hit.captured_queries if "portfolio_project" in q["sql"]]
    assert _rows(again) == _rows(miss) == [f"{tree['a'].code}-D{n}" for n in range(3)]


def test_readers_of_one_scope_share_the_part_and_no_other_scope_does(tree: dict, client_for: Any) -> None:
    portfolio_project(tree["a"], 1)
    portfolio_project(tree["b"], 2)
    second = login(person_with("analyst_2", p.CENTRAL_ANALYST, tree["root"]))  # as "analyst"
    cache.clear()
    with mock.patch.object(views, "dashboard_figures", wraps=views.dashboard_figures) as computed:
        client_for("analyst").get(URL)
        assert len(_rows(second.get(URL))) == 2 and computed.call_count == 1
        focal = client_for("focal_a").get(URL)  # another scope: its own part
        assert computed.call_count == 2 and _rows(focal) == [f"{tree['a'].code}-D1"]
        second.get(URL, {"entity": tree["b"].pk})  # another filter: another part
        assert computed.call_count == 3


def test_the_pager_links_come_from_the_filter_not_the_query_string(tree: dict, client_for: Any) -> None:
    for n in range(views.DASHBOARD_PAGE_SIZE + 1):
        portfolio_project(tree["a"], n)
    cache.clear()
    html = client_for("analyst").get(URL, {"entity": tree["a"].pk, "mine": "x"}).content.decode()
    pager = re.findall(r'class="page-link" href="([^"]*)"', html)
    assert pager == [f"?entity={tree['a'].pk}&amp;page=2"], pager
