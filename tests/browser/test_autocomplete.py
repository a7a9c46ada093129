"""Autocompletes in a real Chromium: a person types in a list filter and in a multi-select of an edit
form, chooses with the keyboard, and gets the filtered list and the saved record; axe-core finds no
serious violation with the list of matches open, in Arabic."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import autocomplete
from lodestar.core import permissions as p
from lodestar.oversight.models import Recommendation

from ..conftest import grant, make_entity
from ..inventory.factories import application
from ..oversight.factories import recommendation
from .test_accessibility import RUN as AXE_RUN
from .test_accessibility import SERIOUS, axe_source
from .test_foundation import login, switch_language

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page: Any, selector: str, typed: str, expected: str) -> None:
    """Type into a combobox, walk to the match with the arrow keys, take it with Enter."""
    box = page.locator(selector)
    box.fill("")
    box.press_sequentially(typed, delay=20)
    listbox = page.locator(f"#{box.get_attribute('aria-controls')}")
    listbox.locator("[role=option]", has_text=expected).first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    target = next(i for i in range(options.count()) if expected in options.nth(i).inner_text())
    for _ in range(target + 1):
        box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(target).get_attribute("id")
    box.press("Enter")
    assert box.get_attribute("aria-expanded") == "false"


def test_filter_and_multi_select_by_keyboard(live_server: Any, browser: Any, monkeypatch: Any) -> None:
    # A handful of entities stands for the thousands: the threshold is what decides the widget.
    monkeypatch.setattr(autocomplete, "THRESHOLD", 2)
    root = make_entity("UN", kind="organisation")
    desa = make_entity("DESA", root)
    dm = make_entity("DM", root)
    oict = make_entity("OICT", root, kind="office")
    application(desa, 1)
    application(dm, 2)
    rec = recommendation(oict, 1)
    user = get_user_model().objects.create_user("analyst", password="analyst-pw-1")
    grant(user, p.CENTRAL_ANALYST, root)
    base = live_server.url
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, base, "analyst", "analyst-pw-1")

    page.goto(f"{base}/inventory/application/")
    assert page.locator("#filters select[name=entity]").count() == 0
    choose(page, "#id_entity", "dm", "DM name")
    with page.expect_navigation():
        page.click("#filters button[type=submit]")
    assert page.inner_text("#total") == "1"
    assert "DM-APP2" in page.inner_text("main") and "DESA-APP1" not in page.inner_text("main")
    assert page.input_value("#id_entity") == "DM — DM name"  # the chosen value stays shown

    page.goto(f"{base}/oversight/recommendation/{rec.pk}/edit/")
    choose(page, "#id_other_entities", "des", "DESA name")
    choose(page, "#id_other_entities", "DM", "DM name")
    chips = page.locator(".autocomplete-chips li")
    assert chips.count() == 2
    # A chip is removed with its button, and chosen again.
    page.click(f".autocomplete-remove[data-value='{dm.pk}']")
    assert chips.count() == 1
    choose(page, "#id_other_entities", "DM", "DM name")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert set(Recommendation.objects.get(pk=rec.pk).other_entities.all()) == {desa, dm}
    assert not errors, errors
    context.close()

    # Arabic, with the list of matches open: no serious violation, and it opens from the right.
    source = axe_source()
    context = browser.new_context(locale="en-GB", bypass_csp=True)  # to inject axe-core
    page = context.new_page()
    page.set_default_timeout(30000)
    login(page, base, "analyst", "analyst-pw-1")
    switch_language(page, "ar")
    page.goto(f"{base}/oversight/recommendation/{rec.pk}/edit/")
    box = page.locator("#id_other_entities")
    box.press_sequentially("O", delay=20)
    page.locator("#id_other_entities-listbox [role=option]").first.wait_for()
    box.press("ArrowDown")
    page.evaluate(source)
    problems = [v for v in page.evaluate(AXE_RUN) if v["impact"] in SERIOUS]
    assert not problems, problems
    field, listbox = box.bounding_box(), page.locator("#id_other_entities-listbox").bounding_box()
    assert abs((field["x"] + field["width"]) - (listbox["x"] + listbox["width"])) < 2
    context.close()
