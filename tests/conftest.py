"""Shared fixtures: a small entity tree (UN → DESA, DM) and one login per role."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Entity, RoleAssignment

SYSTEM = ObjectChange.Source.SYSTEM


def make_entity(code: str, parent: Entity | None = None, kind: str = "department", **extra: Any) -> Entity:
    return registry[Entity].service.create(
        data={
            "code": code,
            "parent": parent,
            "kind": kind,
            "acronym": code,
            "name": {"en": f"{code} name"},
            **extra,
        },
        user=None,
        source=SYSTEM,
        check=False,
    )


def grant(user: Any, role: str, entity: Entity) -> RoleAssignment:
    assignment = registry[RoleAssignment].service.create(
        data={"user": user, "role": role, "entity": entity}, user=None, source=SYSTEM, check=False
    )
    p.forget_grants(user)
    return assignment


def login(user: Any) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def person_with(name: str, role: str, entity: Entity) -> Any:
    """Another person with ``role`` at ``entity``: the same grants, so the same permission scope,
    as the fixture's user who has them (what the tests of per-scope caching compare)."""
    user = get_user_model().objects.create_user(username=name, password="pw-" + name)
    grant(user, role, entity)
    return user


# Modules that take minutes, longest first (measured with `./lodestar test --durations=0`). Run in
# parallel (--dist loadfile hands out whole modules in collection order), they start first so that
# the short ones fill the end instead of one worker running a long module alone while the other
# waits. Only the order depends on this list.
LONGEST_MODULES = [
    "tests/production/test_scale_out.py",
    "tests/results/test_results.py",
    "tests/core/test_registered_models.py",
    "tests/finance/test_budget.py",
    "tests/finance/test_a65_491.py",
    "tests/api/test_schemathesis_1.py",
    "tests/api/test_schemathesis_2.py",
    "tests/production/test_demo.py",
    "tests/production/test_serve.py",
    "tests/production/test_pages_and_headers.py",
    "tests/production/test_s3_evidence.py",
    "tests/documents/test_whole.py",
    "tests/documents/test_records.py",
    "tests/documents/test_languages.py",
    "tests/api/test_schemathesis_3.py",
    "tests/api/test_schemathesis_4.py",
    "tests/browser/test_accessibility.py",
    "tests/reference/test_reference_data.py",
    "tests/inventory/test_baseline.py",
    "tests/finance/test_budget_charts.py",
]


def _longest_first(items: list[Any]) -> None:
    rank = {module: place for place, module in enumerate(LONGEST_MODULES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """The longest modules first (LONGEST_MODULES). A test marked ``own_sqlite`` runs ``./lodestar``
    on a SQLite file of its own whatever the run's database is: the run on SQLite covers it, and the
    run on PostgreSQL skips it rather than repeat the same minutes (LODESTAR_TEST_EVERYTHING=1 runs
    it anyway)."""
    import os

    _longest_first(items)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    if os.environ.get("LODESTAR_TEST_EVERYTHING") == "1":
        return
    skip = pytest.mark.skip(reason="runs on its own SQLite database: the SQLite run covers it")
    for item in items:
        if item.get_closest_marker("own_sqlite"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def interface_language_does_not_leak() -> Any:
    """A request in Arabic leaves Arabic active in the thread (LocaleMiddleware activates, nothing
    deactivates): each test starts and ends in the default language, whatever ran before it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def figures_cache_does_not_leak() -> Any:
    """Cached dashboard figures are keyed by the newest history id, which a rolled-back test can
    give again with other data (SQLite reuses ids): each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tree(db: Any) -> dict[str, Entity]:
    root = make_entity("UN", kind="organisation")
    a = make_entity("DESA", root, location_class="hq")
    b = make_entity("DM", root, location_class="hq")
    a_child = make_entity("DESA-STAT", a, kind="division")
    return {"root": root, "a": a, "b": b, "a_child": a_child}


@pytest.fixture
def users(tree: dict[str, Entity]) -> dict[str, Any]:
    User = get_user_model()
    made = {}
    for name, role, entity in [
        ("admin", p.ADMINISTRATOR, tree["root"]),
        ("analyst", p.CENTRAL_ANALYST, tree["root"]),
        ("focal_a", p.FOCAL_POINT, tree["a"]),
        ("focal_b", p.FOCAL_POINT, tree["b"]),
        ("reviewer", p.OVERSIGHT_REVIEWER, tree["root"]),
        ("reader", p.READER, tree["root"]),
        ("nobody", None, None),
    ]:
        user = User.objects.create_user(username=name, password="pw-" + name)
        if role:
            grant(user, role, entity)
        made[name] = user
    return made


@pytest.fixture
def client_for(users: dict[str, Any]):
    def make(name: str) -> Client:
        client = Client()
        client.force_login(users[name])
        return client

    return make
