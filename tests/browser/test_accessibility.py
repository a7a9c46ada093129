"""Accessibility in a real Chromium: axe-core (from the npm registry, tests/axe/package.json) runs on
the home page of every role, a list, a record page, an edit form, a dashboard and a document, in
English and in Arabic, and finds no critical and no serious violation."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.documents.models import Document

from ..conftest import grant, make_entity
from ..documents.factories import create
from ..oversight.factories import recommendation
from .test_foundation import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("critical", "serious")
RUN = """() => axe.run(document, {resultTypes: ["violations"]}).then(result => result.violations.map(
    v => ({id: v.id, impact: v.impact, help: v.help,
           nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))})))"""


def axe_source() -> str:
    if not AXE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed for the accessibility tests (apt-get install npm)")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=AXE_DIR, check=True, timeout=600)
    return AXE.read_text(encoding="utf-8")


def violations(page: Any, source: str, url: str) -> list[dict]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.evaluate(source)
    return [v for v in page.evaluate(RUN) if v["impact"] in SERIOUS]


def test_the_main_pages_have_no_serious_violations(live_server: Any, browser: Any) -> None:
    source = axe_source()
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    rec = recommendation(oict, 1)
    document = create(
        Document,
        symbol="A/79/99",
        document_type="follow_up_annex",
        title={"en": "Follow-up of recommendations", "ar": "متابعة التوصيات"},
        organ={"en": "General Assembly", "ar": "الجمعية العامة"},
        entity=root,
    )
    roles = {
        "focal": (p.FOCAL_POINT, oict),
        "analyst": (p.CENTRAL_ANALYST, root),
        "reviewer": (p.OVERSIGHT_REVIEWER, root),
        "reader": (p.READER, root),
    }
    for name, (role, entity) in roles.items():
        user = get_user_model().objects.create_user(name, password=f"{name}-pw-1")
        grant(user, role, entity)
    base = live_server.url
    found: dict[str, list[dict]] = {}
    for language in ("en", "ar"):
        for name in roles:
            context = browser.new_context(locale="en-GB", bypass_csp=True)  # to inject axe-core
            page = context.new_page()
            page.set_default_timeout(30000)
            login(page, base, name, f"{name}-pw-1")
            if language != "en":
                switch_language(page, language)
            urls = [f"{base}/"]
            if name == "analyst":
                urls += [
                    f"{base}/oversight/recommendation/",
                    f"{base}/oversight/r/{rec.pk}/",
                    f"{base}/oversight/recommendation/{rec.pk}/edit/",
                    f"{base}/oversight/",
                    f"{base}/documents/d/{document.pk}/",
                    f"{base}/workspace/",
                ]
            if name == "reader":  # the first Tab reaches the skip link, which leads to the content
                page.goto(f"{base}/")
                page.keyboard.press("Tab")
                assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
            for url in urls:
                problems = violations(page, source, url)
                if problems:
                    found[f"{language} {name} {url.removeprefix(base)}"] = problems
            context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
