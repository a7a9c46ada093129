"""Every page of the product keeps working with no inline script, and every response carries the
Content-Security-Policy and the usual security headers; /healthz checks the database."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import OperationalError
from django.urls import reverse

from lodestar.core.registry import registry

from ..core.test_registered_models import IDS, REGISTRATIONS, urls
from ..factories import FACTORIES

SCRIPT_ATTRIBUTE = re.compile(r"^on[a-z]+$")


class InlineScriptFinder(HTMLParser):
    """Collects what a policy without 'unsafe-inline' would block: inline <script> bodies,
    on…= handler attributes and javascript: links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and "src" not in names and names.get("type") not in ("application/json",):
            self._in_inline_script = True
        for name, value in attrs:
            if SCRIPT_ATTRIBUTE.match(name):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append("<style> element")

    def handle_data(self, data: str) -> None:
        if self._in_inline_script and data.strip():
            self.found.append(f"inline <script>: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_inline_script = False


def inline_script(html: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(html)
    return finder.found


def assert_secure_headers(response: Any) -> None:
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Permissions-Policy" in response.headers


def test_the_inline_script_finder_finds_inline_script() -> None:
    page = '<script>alert(1)</script><select onchange="x()"></select><a href="javascript:x()">x</a>'
    assert len(inline_script(page)) == 3
    assert inline_script('<script src="/static/x.js"></script>') == []


@pytest.mark.django_db
@pytest.mark.parametrize("r", REGISTRATIONS, ids=IDS)
def test_every_page_of_a_model_has_no_inline_script_and_sends_the_policy(
    r: Any, tree: dict, client_for: Any
) -> None:
    obj = FACTORIES[r.model](tree["a"], 1)
    client = client_for("admin")
    for action, url in urls(r, obj).items():
        response = client.get(url)
        if response.status_code != 200:
            assert action == "delete", (action, response.status_code)  # some records cannot be deleted
            continue
        assert_secure_headers(response)
        assert inline_script(response.content.decode()) == [], (action, url)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "home",
        "search",
        "change_log",
        "findings",
        "password_change",
        "org:entity_tree",
        "org:governance_compliance",
        "documents:index",
        "api_docs",
        "api_redoc",
    ],
)
def test_every_other_page_has_no_inline_script(name: str, tree: dict, client_for: Any) -> None:
    response = client_for("admin").get(reverse(name))
    assert response.status_code == 200
    assert inline_script(response.content.decode()) == [] or name in ("api_docs", "api_redoc")
    if name not in ("api_docs", "api_redoc"):
        assert_secure_headers(response)


@pytest.mark.django_db
def test_menu_pages_have_no_inline_script(tree: dict, client_for: Any) -> None:
    """The pages the menu links to beyond the registered models (dashboards, tables…)."""
    client = client_for("admin")
    home = client.get(reverse("home"))
    links = set(re.findall(r'class="dropdown-item" href="([^"]+)"', home.content.decode()))
    model_lists = {reverse(r.url_name("list")) for r in registry}
    extra = sorted(links - model_lists)
    assert extra, "the menu links to dashboards besides the model lists"
    for url in extra:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_script(response.content.decode()) == [], url
        assert_secure_headers(response)


@pytest.mark.django_db
def test_api_browsers_load_their_scripts_from_files(client_for: Any, tree: dict) -> None:
    client = client_for("admin")
    for name in ("api_docs", "api_redoc"):
        page = client.get(reverse(name)).content.decode()
        assert inline_script(page) == [], name
    script = client.get(reverse("api_docs") + "?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


@pytest.mark.django_db
def test_login_page_and_api_send_the_headers(client: Any) -> None:
    assert_secure_headers(client.get(reverse("login")))
    assert_secure_headers(client.get("/api/org/entity/"))


@pytest.mark.django_db
def test_healthz_checks_the_database(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok", "database": "ok"}

    from django.db import connections

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
