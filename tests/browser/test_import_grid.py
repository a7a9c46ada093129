"""The import preview's grid of refused cells in a real Chromium: a file with one bad cell is
refused, the grid shows the refused row with that cell marked and its message under it, the kept
file can be checked again, and axe-core finds no critical or serious violation on the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.org.models import IctUnit

from ..conftest import grant, make_entity
from .test_accessibility import RUN, SERIOUS, axe_source
from .test_foundation import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_refused_file_shows_its_bad_cell_in_the_grid(
    live_server: Any, browser: Any, tmp_path: Path
) -> None:
    source = axe_source()
    root = make_entity("UN", kind="organisation")
    make_entity("DESA", root, location_class="hq")
    user = get_user_model().objects.create_user("focal", password="focal-pw-1")
    grant(user, p.FOCAL_POINT, root.children.get(code="DESA"))
    upload = tmp_path / "units.csv"
    upload.write_text(
        "id,code,name_en,delivery_type,entity\n,U1,One,entity_ict_unit,DESA\n,U2,Two,no_such_type,DESA\n"
    )

    context = browser.new_context(locale="en-GB", bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    page.set_default_timeout(30000)
    login(page, live_server.url, "focal", "focal-pw-1")
    page.goto(f"{live_server.url}/org/ictunit/import/")
    page.set_input_files("#id_file", str(upload))
    with page.expect_navigation():
        page.click('form[enctype="multipart/form-data"] button[type=submit]')

    assert page.locator("#import-errors").is_visible()
    grid = page.locator("#import-grid")
    assert grid.is_visible()
    assert grid.locator("tbody tr[data-row]").count() == 1  # only the refused row, row 3 of the file
    bad = grid.locator('td.import-bad-cell[data-row="3"][data-column="delivery_type"]')
    assert bad.count() == 1 and bad.is_visible()
    assert "no_such_type" in bad.inner_text() and "is not one of the allowed values" in bad.inner_text()
    assert grid.locator("td.import-bad-cell").count() == 1  # the good cells are not marked
    assert page.locator("#recheck").is_visible()
    assert page.locator("#recheck").inner_text().strip() == "Check this file again"
    assert IctUnit.objects.count() == 0  # nothing written

    page.evaluate(source)
    problems = [v for v in page.evaluate(RUN) if v["impact"] in SERIOUS]
    assert not problems, json.dumps(problems, indent=1)
    # Checked again as it is, the kept file is refused again, with the same grid.
    with page.expect_navigation():
        page.click("#recheck")
    assert page.locator('#import-grid td.import-bad-cell[data-column="delivery_type"]').count() == 1
    context.close()
