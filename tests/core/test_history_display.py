"""The history a person reads names fields and choices as the interface does, not by stored code."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from lodestar.core.history import changes_for
from lodestar.core.registry import registry
from lodestar.org.models import Entity


def test_history_shows_field_labels_and_choice_labels(tree: dict[str, Entity], users: dict[str, Any]) -> None:
    entity = tree["a"]
    service = registry.get(Entity).service
    service.update(entity, data={"kind": "office", "proposed": True}, user=users["admin"])
    change = changes_for(entity).first()
    with translation.override("en"):
        rows = {label: (before, after) for label, before, after in change.labelled_diff()}
        # An entity's type is a code of the organisation's own list (no choices in code): shown as stored.
        assert rows["type"] == ("department", "office")
        assert rows["proposed structure"] == ("No", "Yes")


def test_history_shows_choice_labels(tree: dict[str, Entity], users: dict[str, Any]) -> None:
    from tests.conftest import grant

    assignment = grant(users["reader"], "reader", tree["a"])
    registry.get(type(assignment)).service.update(
        assignment, data={"role": "entity_focal_point"}, user=users["admin"]
    )
    change = changes_for(assignment).first()
    with translation.override("en"):
        rows = {label: (before, after) for label, before, after in change.labelled_diff()}
        assert rows["role"] == ("Reader", "Entity ICT focal point")


def test_history_page_renders_labels(tree: dict[str, Entity], users: dict[str, Any], client: Any) -> None:
    entity = tree["a"]
    registry.get(Entity).service.update(entity, data={"proposed": True}, user=users["admin"])
    client.force_login(users["admin"])
    response = client.get(f"/org/entity/{entity.pk}/history/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "proposed structure" in body and "Yes" in body and ">proposed<" not in body


def test_a_decimal_typed_without_its_places_is_not_a_change(
    tree: dict[str, Entity], users: dict[str, Any]
) -> None:
    from decimal import Decimal

    from lodestar.finance.models import CostShare

    from ..finance.factories import cost_share

    share = cost_share(tree["a"], 1)
    share.refresh_from_db()
    before = changes_for(share).count()
    stored = share.share
    saved = registry[CostShare].service.update(share, data={"share": stored.normalize()}, user=users["admin"])
    assert changes_for(share).count() == before and saved.version == share.version
    registry[CostShare].service.update(saved, data={"share": stored + Decimal("1")}, user=users["admin"])
    assert changes_for(share).count() == before + 1
