from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Entity

from ..conftest import make_entity


@pytest.mark.django_db
def test_tree_paths_follow_moves_of_whole_subtrees(tree: dict) -> None:
    service = registry[Entity].service
    assert tree["a_child"].tree_path == f"/{tree['root'].pk}/{tree['a'].pk}/{tree['a_child'].pk}/"
    service.update(tree["a"], data={"parent": tree["b"]}, user=None, check=False)
    child = Entity.objects.get(pk=tree["a_child"].pk)
    assert child.tree_path == f"/{tree['root'].pk}/{tree['b'].pk}/{tree['a'].pk}/{tree['a_child'].pk}/"
    assert child.depth == 3


@pytest.mark.django_db
def test_an_entity_cannot_be_placed_under_its_own_descendant(tree: dict) -> None:
    with pytest.raises(ValidationError):
        registry[Entity].service.update(tree["a"], data={"parent": tree["a_child"]}, user=None, check=False)


@pytest.mark.django_db
def test_role_at_an_entity_reaches_descendants_only(tree: dict, users: dict) -> None:
    visible = set(p.restrict(users["focal_a"], p.VIEW, Entity).values_list("code", flat=True))
    assert visible == {"DESA", "DESA-STAT"}
    assert p.restrict(users["nobody"], p.VIEW, Entity).count() == 0
    assert p.restrict(users["reader"], p.VIEW, Entity).count() == 4
    assert not p.can(users["reader"], p.CHANGE, tree["a"])
    assert not p.can(users["focal_a"], p.CHANGE, tree["a"])  # entities are changed centrally
    assert p.can(users["analyst"], p.CHANGE, tree["a"])


@pytest.mark.django_db
def test_an_entity_with_children_cannot_be_deleted(tree: dict, users: dict) -> None:
    with pytest.raises(ValidationError):
        registry[Entity].service.delete(tree["a"], user=users["analyst"])
    assert Entity.objects.filter(pk=tree["a"].pk).exists()


@pytest.mark.django_db
def test_every_write_is_in_the_history_with_its_owner_path(tree: dict, users: dict) -> None:
    entity = make_entity("NEW", tree["a"], kind="unit")
    registry[Entity].service.update(entity, data={"acronym": "NU"}, user=users["analyst"])
    registry[Entity].service.delete(Entity.objects.get(pk=entity.pk), user=users["analyst"])
    actions = list(
        ObjectChange.objects.filter(object_id=entity.pk, content_type__model="entity")
        .order_by("pk")
        .values_list("action", "entity_path")
    )
    assert [a for a, _path in actions] == ["create", "update", "delete"]
    assert all(path.startswith(tree["a"].tree_path) for _a, path in actions)


@pytest.mark.django_db
def test_change_log_shows_only_changes_in_scope(tree: dict, users: dict, client_for: Any) -> None:
    make_entity("IN-A", tree["a"], kind="unit")
    make_entity("IN-B", tree["b"], kind="unit")
    page = client_for("focal_a").get("/changes/").content.decode()
    assert "IN-A" in page and "IN-B" not in page


@pytest.mark.django_db
def test_administrator_creates_a_login_and_sets_its_password(
    tree: dict, users: dict, client_for: Any
) -> None:
    from lodestar.org.models import Login

    admin = client_for("admin")
    response = admin.post("/org/login/add/", {"username": "newcomer", "email": "n@un.org", "is_active": "on"})
    assert response.status_code == 302
    login = Login.objects.get(username="newcomer")
    assert not login.has_usable_password()
    page = admin.post(f"/org/login/{login.pk}/password/")
    password = page.context["password"]
    assert Login.objects.get(pk=login.pk).check_password(password)
    history = ObjectChange.objects.filter(object_id=login.pk, content_type__model="login")
    assert not any("pbkdf2" in str(c.postchange_data) or "md5" in str(c.postchange_data) for c in history)
    assert client_for("analyst").post(f"/org/login/{login.pk}/password/").status_code == 404
