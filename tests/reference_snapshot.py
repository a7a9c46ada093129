"""The whole reference dataset for a test, loaded once per test process.

``load_reference`` goes through the services (history, checks, vocabularies) and takes 15–50 s; a
dozen modules need the result. The first test in a process that asks for it loads it for real and
keeps, in memory, every row the load added; later tests get the same rows back by one bulk insert
per table (same primary keys, so the data is exactly what the load gives), inside their own test
transaction like any other data. The first load is still a real load: the tests of the loader
itself (loading twice changes nothing, the loader refuses bad data) keep calling ``load_reference``.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.db.models import Model

Rows = list[tuple[type[Model], list[Model]]]
_kept: tuple[Rows, dict[str, int]] | None = None


def _tables() -> list[type[Model]]:
    # Auto-created many-to-many tables too; proxies share their concrete model's table.
    return [m for m in apps.get_models(include_auto_created=True) if not m._meta.proxy]


def reference_data() -> dict[str, int]:
    """Load the reference data into the current (test) transaction; returns what the first load
    counted per model, as ``load_reference`` does. Where the test made data first, the rows kept
    may not fit beside it: the data is then loaded for real."""
    global _kept
    from lodestar.reference.loader import load_reference

    if _kept is None:
        from lodestar.org.models import Entity

        if Entity.objects.exists():  # a test made data first: what the load adds is not all of it
            return load_reference()
        before = {m: set(m._base_manager.values_list("pk", flat=True)) for m in _tables()}
        counts = load_reference()
        rows: Rows = []
        for model in _tables():
            added = [row for row in model._base_manager.order_by("pk") if row.pk not in before[model]]
            if added:
                rows.append((model, added))
        _kept = (rows, counts)
        return dict(counts)
    rows, counts = _kept
    if any(model._base_manager.exists() for model, _ in rows):  # the same keys may be taken
        return load_reference()
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
    return dict(counts)


__all__ = ["reference_data"]
