from __future__ import annotations

from typing import Any

import pytest

from .factories import funding_source


@pytest.mark.django_db
def test_shared_dimensions_are_read_by_everyone_with_a_role_and_written_centrally(
    tree: dict, client_for: Any
) -> None:
    source = funding_source(tree["root"], 1)
    focal = client_for("focal_a")
    assert source.code in focal.get("/finance/fundingsource/").content.decode()
    assert focal.get(f"/api/finance/fundingsource/{source.pk}/").status_code == 200
    assert focal.get("/finance/fundingsource/add/").status_code == 403
    assert (
        focal.patch(
            f"/api/finance/fundingsource/{source.pk}/", {"order": 3}, content_type="application/json"
        ).status_code
        == 403
    )
    assert client_for("nobody").get("/finance/fundingsource/").status_code == 403
    assert client_for("analyst").get("/finance/fundingsource/add/").status_code == 200
