"""Search results, findings and import errors speak in the words people see: a record's name with its
code, a table's row and column headings, an import column's heading."""

from __future__ import annotations

from typing import Any

import pytest

from lodestar.core.registry import registry
from lodestar.results.models import Result

from ..results.factories import result


@pytest.mark.django_db
def test_search_results_show_the_name_with_the_code(tree: dict, client_for: Any) -> None:
    found = result(tree["a"], 1)
    registry[Result].service.update(
        found,
        data={"code": "A71-P25-HQ-SP1.2-EAb", "label": "(b)", "title": {"en": "Improved efficiency"}},
        user=None,
        check=False,
    )
    html = client_for("analyst").get("/search/?q=SP1.2").content.decode()
    assert "A71-P25-HQ-SP1.2-EAb (b) — Improved efficiency" in html
    # A record whose label already holds its name is not repeated.
    html = client_for("analyst").get("/search/?q=DESA").content.decode()
    assert "DESA name — DESA name" not in html
