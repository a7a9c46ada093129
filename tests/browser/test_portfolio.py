"""The milestone acceptance flow in a real Chromium: the manager uploads evidence and submits, the
analyst returns it with a reason, the manager resubmits, the analyst accepts, and the project page's
earned progress moves accordingly."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.core.attachments import attachments_for
from lodestar.core.history import changes_for
from lodestar.portfolio import models as prj

from ..conftest import grant, make_entity
from ..portfolio.factories import create
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def evidence_root(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


def act(page: Any, milestone: prj.Milestone, form: str) -> None:
    with page.expect_navigation():
        page.click(f"#milestone-{milestone.pk} form.{form} button[type=submit]")


def status_on_page(page: Any, milestone: prj.Milestone) -> str:
    return page.get_attribute(f"#milestone-{milestone.pk}", "data-status")


def test_submit_return_resubmit_accept(live_server: Any, page: Any, browser: Any) -> None:
    root = make_entity("UN", kind="organisation")
    oict = make_entity("OICT", root, kind="office", location_class="hq")
    project = create(prj.Project, entity=oict, code="ICT-UNITE-SD", name={"en": "Unite Service Desk"})
    go_live, other = (
        create(
            prj.Milestone,
            project=project,
            name={"en": name},
            weight=1,
            baseline_due=datetime.date(2019, 6, 1),
            order=n,
        )
        for n, name in enumerate(["Go-live", "Hand-over"])
    )
    User = get_user_model()
    manager = User.objects.create_user("manager", password="manager-pw-1")
    grant(manager, p.PROJECT_MANAGER, oict)
    analyst = User.objects.create_user("analyst", password="analyst-pw-1")
    grant(analyst, p.CENTRAL_ANALYST, root)
    base = live_server.url
    project_url = f"{base}/portfolio/projects/{project.code}/"

    # The manager uploads evidence and submits.
    login(page, base, "manager", "manager-pw-1")
    page.goto(project_url)
    assert page.inner_text("#earned-percent").strip().startswith("0 %")
    assert page.locator(f"#milestone-{go_live.pk} form.accept-form").count() == 0
    page.set_input_files(
        f"#file-{go_live.pk}",
        files=[{"name": "go-live-report.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    act(page, go_live, "evidence-form")
    assert page.locator(".alert-success").count() == 1
    assert (
        page.locator(f"#milestone-{go_live.pk} a.evidence-file", has_text="go-live-report.pdf").count() == 1
    )
    # The milestone model also wants a link for acceptance (see the report of this change).
    page.click(f"#milestone-{go_live.pk} details summary")
    page.fill(f"#id_m{go_live.pk}-evidence_link", "https://undocs.org/A/74/588")
    page.fill(f"#id_m{go_live.pk}-completed_on", "2019-05-30")
    act(page, go_live, "progress-form")
    act(page, go_live, "submit-form")
    assert status_on_page(page, go_live) == "submitted"
    assert page.locator(f"#milestone-{go_live.pk} form.submit-form").count() == 0

    # The analyst returns it with a reason.
    analyst_context = browser.new_context(locale="en-GB")
    desk = analyst_context.new_page()
    desk.set_default_timeout(15000)
    login(desk, base, "analyst", "analyst-pw-1")
    desk.goto(project_url)
    with desk.expect_download() as download:
        desk.click(f"#milestone-{go_live.pk} a.evidence-file")
    assert Path(download.value.path()).read_bytes() == PDF
    assert desk.locator(f"#milestone-{other.pk} form.accept-form").count() == 0  # not submitted
    desk.fill(f"#reason-{go_live.pk}", "The report is not signed.")
    act(desk, go_live, "return-form")
    assert status_on_page(desk, go_live) == "returned"

    # The manager sees why, and resubmits.
    page.goto(project_url)
    assert "The report is not signed." in page.inner_text(f"#milestone-{go_live.pk} .return-reason")
    act(page, go_live, "submit-form")
    assert status_on_page(page, go_live) == "submitted"

    # The analyst accepts; earned progress moves from 0 to 50 %.
    desk.goto(project_url)
    act(desk, go_live, "accept-form")
    assert status_on_page(desk, go_live) == "accepted"
    assert desk.inner_text("#earned-percent").strip().startswith("50 %")
    page.goto(project_url)
    assert page.inner_text("#earned-percent").strip().startswith("50 %")
    assert page.locator(f"#milestone-{go_live.pk} form.evidence-form").count() == 0  # closed
    analyst_context.close()

    go_live.refresh_from_db()
    assert go_live.status == "accepted"
    assert [a.file_name for a in attachments_for(go_live)] == ["go-live-report.pdf"]
    statuses = [c.postchange_data.get("status") for c in changes_for(go_live).order_by("id")]
    assert statuses[-4:] == ["submitted", "returned", "submitted", "accepted"]
    assert {c.user_name for c in changes_for(go_live)} >= {"manager", "analyst"}
