"""Parts of a page kept rendered per reader's scope (core.scoped_cache): the menu of areas, a list's
filter form and its errors, a document table. A hit computes none of them again; readers of
another scope or language get their own; a recorded write shows at once."""

from __future__ import annotations

import re
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.utils import translation

from lodestar.core.context_processors import menu_for
from lodestar.core.registry import registry
from lodestar.portfolio.models import Project
from tests.oversight.factories import recommendation
from tests.portfolio.test_tables import _review_programme

pytestmark = pytest.mark.django_db

LIST = "/oversight/recommendation/"


def _menu(page: str) -> str:
    found = re.search(r'<li class="nav-item dropdown position-static">.*?</div>\s*</div>\s*</li>', page, re.S)
    return found.group(0) if found else ""


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def _fails(*_: Any, **__: Any) -> Any:
    raise AssertionError("computed again on a cache hit")


def test_the_menu_is_each_scopes_own_and_a_hit_asks_no_permission(users: dict, client_for: Any) -> None:
    analyst, focal = client_for("analyst"), client_for("focal_a")
    first = _menu(analyst.get(LIST).content.decode())
    assert 'id="nav-areas"' in first and "/oversight/recommendation/" in first
    # What the menu shows is what the reader's grants let them view, computed for them.
    with translation.override("en"):
        for name, client in (("analyst", analyst), ("focal_a", focal)):
            expected = render_to_string("core/_areas_menu.html", {"menu": menu_for(users[name])})
            assert _menu(client.get(LIST).content.decode()) == _menu(expected)
    # A hit neither builds the menu nor renders it.
    with (
        mock.patch("lodestar.core.context_processors.menu_for", _fails),
        mock.patch("lodestar.core.templatetags.lodestar.menu_for", _fails),
    ):
        assert _menu(analyst.get(LIST).content.decode()) == first
    # A reader with no grant has no areas; a French reader gets the French menu.
    nobody = get_user_model().objects.create_user(username="nogrant", password="pw")
    analyst_fr = client_for("analyst")
    analyst_fr.cookies["django_language"] = "fr"
    assert "Domaines" in _menu(analyst_fr.get(LIST).content.decode())
    assert menu_for(nobody) == {} and 'id="nav-areas"' not in client_for("nobody").get("/").content.decode()


def test_the_menu_miss_for_another_scope_is_computed(users: dict, client_for: Any) -> None:
    client_for("analyst").get(LIST)
    with (
        mock.patch("lodestar.core.context_processors.menu_for", _fails),
        pytest.raises(AssertionError, match="computed again"),
    ):
        client_for("reviewer").get(LIST)  # another scope: not the analyst's menu


def test_a_list_hit_builds_no_filter_form_and_keeps_its_errors(tree: dict, client_for: Any) -> None:
    recommendation(tree["a"], 1, reference="para. 101")
    client = client_for("analyst")
    bad = LIST + "?report=not-a-number"
    pages = [client.get(bad).content.decode(), client.get(LIST).content.decode()]
    with mock.patch("lodestar.core.views.generic.style_widgets", _fails):
        again = [client.get(bad).content.decode(), client.get(LIST).content.decode()]
    assert 'class="alert alert-warning"' in pages[0] and 'class="alert alert-warning"' in again[0]
    assert 'class="alert alert-warning"' not in again[1] and "para. 101" in again[1]


def test_a_table_hit_reads_no_definition_and_a_write_shows_at_once(tree: dict, client_for: Any) -> None:
    made = _review_programme(tree["a"])
    client = client_for("focal_a")
    url = "/documents/table/A/65/491/17/"
    first = _main(client.get(url).content.decode())
    assert "Project 1" in first
    with mock.patch("lodestar.documents.views.find", _fails):
        assert _main(client.get(url).content.decode()) == first
    project = made["projects"][0]
    renamed = {"name": {"en": "Renamed project"}}
    registry[Project].service.update(project, data=renamed, user=None, check=False)
    after = client.get(url).content.decode()
    assert "Renamed project" in after and "Project 1" not in after
    assert "Renamed project" not in client_for("focal_b").get(url).content.decode()
    assert client_for("focal_a").get("/documents/table/A/65/491/no-such/").status_code == 404
    assert client_for("focal_a").get("/documents/table/NO/SUCH/17/").status_code == 404
