"""The whole reference dataset for a test, loaded once per test process.

``load_reference`` goes through the services (history, checks, vocabularies) and takes 15–50 s; a
dozen modules need the result. The first test in a process that asks for it loads it for real and
keeps, in memory, every row the load added; later tests get the same rows back by one bulk insert
per table (same primary keys, so the data is exactly what the load gives), inside their own test
transaction like any other data. The first load is still a real load: the tests of the loader
itself (loading twice changes nothing, the loader refuses bad data) keep calling ``load_reference``.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

Rows = list[tuple[type[Model], list[Model]]]
Keys = dict[Any, frozenset[Any]]
_kept: tuple[Keys, Rows, dict[str, int]] | None = None


def _tables() -> list[type[Model]]:
    # Auto-created many-to-many tables too; proxies share their concrete model's table.
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def _keys() -> Keys:
    keys: Keys = {m: frozenset(m._base_manager.values_list("pk", flat=True)) for m in _tables()}
    # A content type's id is what other rows keep: the same ids must name the same models.
    keys["content types"] = frozenset(ContentType.objects.values_list("pk", "app_label", "model"))
    return keys


def reference_data() -> dict[str, int]:
    """Load the reference data into the current (test) transaction; returns what the first load
    counted per model, as ``load_reference`` does.

    The rows kept fit only the database they came from: the same rows before the load (content
    types, what data migrations made). A transactional test flushes the tables and content types
    come back with other ids; a test may have made data first. Then the data is loaded for real
    (and kept again, when the database is as a new test database is)."""
    global _kept
    from lodestar.org.models import Entity
    from lodestar.reference.loader import load_reference

    before = _keys()
    if _kept is not None and _kept[0] == before:
        _, rows, counts = _kept
        _insert(rows)
        return dict(counts)
    if Entity.objects.exists():  # a test made data first: what the load adds is not all of it
        return load_reference()
    counts = load_reference()
    rows: Rows = []
    for model in _tables():
        added = [row for row in model._base_manager.order_by("pk") if row.pk not in before[model]]
        if added:
            rows.append((model, added))
    _kept = (before, rows, counts)
    return dict(counts)


def _insert(rows: Rows) -> None:
    for model, added in rows:
        fields = model._meta.local_concrete_fields
        for start in range(0, len(added), 500):
            model._base_manager._insert(added[start : start + 500], fields=fields, raw=True)  # type: ignore[attr-defined]
    # PostgreSQL's sequences do not follow explicit keys: move them past the inserted rows.
    statements = connection.ops.sequence_reset_sql(no_style(), [model for model, _ in rows])
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


__all__ = ["reference_data"]
