"""Importing a list with a few foreign keys: Lodestar (preview + commit) and django-import-export.

    .venv/bin/python -m bench.imports [--rows 100000]

The list is budget facts (``finance.BudgetFact``): five foreign keys given by code (section,
funding source, object of expenditure, period; component left empty), a stage, a measure and an
amount; every row a new fact. Lodestar runs its import as a user does: upload → preview → commit
(``core.importing.preview_upload`` then ``commit_batch``), as a central analyst, with one history
entry per written row. django-import-export (the ``bench`` extra) imports the same rows into the same
model, emptied first, with the same identity (``import_id_fields`` = the fact's dimensions) and
``ForeignKeyWidget`` by code: once in its default mode, once with ``use_bulk``. Each is timed and its
queries counted. The preview's query count is also measured on a tenth of the rows, to show that it
does not grow with the file. The last line is the ratio of rows per second.

SQLite by default (``var/bench/imports.sqlite3``, emptied first); DATABASE_URL=postgres://… for
PostgreSQL.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path
from typing import Any

SECTIONS, SOURCES, OBJECTS, PERIODS = 25, 5, 20, 10
STAGES = ("expenditure", "appropriation", "estimate", "proposed", "approved", "revised", "annualised")
HEADERS = ["section", "funding_source", "object", "period", "stage", "measure", "amount"]


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'imports.sqlite3'}")
    # 100,000 rows of 7 columns exceed the default cap of an upload (LODESTAR_IMPORT_MAX_CELLS,
    # 200,000 cells); an administrator who takes files this large raises it, as the bench does.
    os.environ.setdefault("LODESTAR_IMPORT_MAX_CELLS", "10000000")
    import django

    django.setup()


def fresh_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.close()
        path = Path(connection.settings_dict["NAME"])
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", interactive=False, verbosity=0)


def dimensions() -> tuple[Any, dict[str, list[str]]]:
    """The entity tree's root, an analyst with a role there, and the codes rows refer to."""
    import datetime

    from django.contrib.auth import get_user_model

    from lodestar.core import permissions as p
    from lodestar.finance import models as fin
    from lodestar.org.models import Entity, RoleAssignment

    root = Entity.objects.create(code="ORG", kind="organisation", name={"en": "Organisation"})
    Entity.objects.filter(pk=root.pk).update(tree_path=f"/{root.pk}/")
    root.refresh_from_db()
    analyst = get_user_model().objects.create_user(username="analyst")  # no usable password
    RoleAssignment.objects.create(user=analyst, role=p.CENTRAL_ANALYST, entity=root)
    sections = [
        fin.BudgetSection(
            code=f"S{n}", symbol=f"X/{n}", number=str(n), title={"en": f"S{n}"}, budget_year=2024, entity=root
        )
        for n in range(SECTIONS)
    ]
    fin.BudgetSection.objects.bulk_create(sections)
    fin.FundingSource.objects.bulk_create(
        fin.FundingSource(organisation=root, code=f"F{n}", name={"en": f"F{n}"}, kind="regular", order=n)
        for n in range(SOURCES)
    )
    fin.ObjectOfExpenditure.objects.bulk_create(
        fin.ObjectOfExpenditure(
            organisation=root, code=f"O{n}", name={"en": f"O{n}"}, category="non_post", order=n
        )
        for n in range(OBJECTS)
    )
    fin.Period.objects.bulk_create(
        fin.Period(
            code=str(2000 + n),
            kind="year",
            start=datetime.date(2000 + n, 1, 1),
            end=datetime.date(2000 + n, 12, 31),
        )
        for n in range(PERIODS)
    )
    codes = {
        "section": [s.code for s in sections],
        "funding_source": [f"F{n}" for n in range(SOURCES)],
        "object": [f"O{n}" for n in range(OBJECTS)],
        "period": [str(2000 + n) for n in range(PERIODS)],
    }
    return analyst, codes


def rows(count: int, codes: dict[str, list[str]]) -> list[list[str]]:
    """``count`` distinct facts (every combination of dimensions at most once)."""
    out = []
    n = 0
    for section in codes["section"]:
        for source in codes["funding_source"]:
            for obj in codes["object"]:
                for period in codes["period"]:
                    for stage in STAGES:
                        if n == count:
                            return out
                        out.append([section, source, obj, period, stage, "ict", str(1000 + n)])
                        n += 1
    raise SystemExit(f"at most {n} distinct rows with these dimensions")


def as_csv(data: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS)
    writer.writerows(data)
    return out.getvalue().encode()


def counted(work: Any) -> tuple[Any, float, int]:
    """``work()``, its seconds and its number of queries (counted, not kept: 10⁶ would not fit)."""
    from django.db import connection

    calls = [0]

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        calls[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start = time.perf_counter()
        value = work()
        seconds = time.perf_counter() - start
    return value, seconds, calls[0]


def lodestar(analyst: Any, data: list[list[str]]) -> dict[str, float]:
    from lodestar.core import importing
    from lodestar.core.models import ImportBatch, ObjectChange
    from lodestar.core.registry import registry
    from lodestar.finance import models as fin

    registration = registry[fin.BudgetFact]
    content = as_csv(data)
    limit = len(content) + 1
    small = as_csv(data[: max(1, len(data) // 10)])
    (_b, small_result), _s, small_queries = counted(
        lambda: importing.preview_upload(
            registration, content=small, filename="facts.csv", user=analyst, max_bytes=limit
        )
    )
    assert small_result.ok, small_result.messages()[:5]
    (batch, preview), preview_seconds, preview_queries = counted(
        lambda: importing.preview_upload(
            registration, content=content, filename="facts.csv", user=analyst, max_bytes=limit
        )
    )
    assert preview.ok, preview.messages()[:5]
    (_batch, result), commit_seconds, commit_queries = counted(
        lambda: importing.commit_batch(batch.pk, user=analyst, max_bytes=limit)
    )
    assert result.ok, result.messages()[:5]
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED
    written = fin.BudgetFact.objects.count()
    recorded = ObjectChange.objects.filter(import_batch=batch, action="create").count()
    assert written == len(data) == recorded, (written, recorded)
    n = len(data)
    return {
        "preview_s": preview_seconds,
        "commit_s": commit_seconds,
        "preview_q": preview_queries,
        "small_preview_q": small_queries,
        "small_rows": max(1, n // 10),
        "commit_q": commit_queries,
        "rows_s": n / (preview_seconds + commit_seconds),
        "history": recorded,
    }


def import_export(data: list[list[str]], *, bulk: bool) -> dict[str, float]:
    import tablib
    from import_export import fields, resources, widgets

    from lodestar.finance import models as fin

    fin.BudgetFact.objects.all().delete()

    class FactResource(resources.ModelResource):
        section = fields.Field("section", "section", widgets.ForeignKeyWidget(fin.BudgetSection, "code"))
        funding_source = fields.Field(
            "funding_source", "funding_source", widgets.ForeignKeyWidget(fin.FundingSource, "code")
        )
        object = fields.Field("object", "object", widgets.ForeignKeyWidget(fin.ObjectOfExpenditure, "code"))
        period = fields.Field("period", "period", widgets.ForeignKeyWidget(fin.Period, "code"))

        class Meta:
            model = fin.BudgetFact
            fields = tuple(HEADERS)
            import_id_fields = ("section", "funding_source", "object", "period", "stage", "measure")
            use_bulk = bulk
            batch_size = 1000
            skip_diff = bulk  # its bulk mode's recommended setting

    dataset = tablib.Dataset(*data, headers=HEADERS)
    result, seconds, queries = counted(
        lambda: FactResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    )
    assert not result.has_errors() and fin.BudgetFact.objects.count() == len(data)
    return {"s": seconds, "q": queries, "rows_s": len(data) / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    var_dir = Path(__file__).resolve().parent.parent / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.db import connection

    settings.DEBUG = False
    fresh_database()
    analyst, codes = dimensions()
    data = rows(args.rows, codes)
    n = len(data)
    print(f"{n} rows of budget facts, 4 foreign keys by code, on {connection.vendor}")
    ours = lodestar(analyst, data)
    print(
        f"lodestar preview: {ours['preview_s']:.1f} s, {ours['preview_q']} queries "
        f"({ours['preview_q'] / n:.4f} per row; "
        f"{ours['small_preview_q']} queries for {ours['small_rows']} rows)"
    )
    print(
        f"lodestar commit:  {ours['commit_s']:.1f} s, {ours['commit_q']} queries "
        f"({ours['commit_q'] / n:.4f} per row), {ours['history']} history entries"
    )
    print(f"lodestar preview + commit: {ours['rows_s']:.0f} rows/s")
    default = import_export(data, bulk=False)
    print(
        f"django-import-export default: {default['s']:.1f} s, {default['q']} queries "
        f"({default['q'] / n:.2f} per row), {default['rows_s']:.0f} rows/s"
    )
    bulk = import_export(data, bulk=True)
    print(
        f"django-import-export bulk:    {bulk['s']:.1f} s, {bulk['q']} queries "
        f"({bulk['q'] / n:.2f} per row), {bulk['rows_s']:.0f} rows/s"
    )
    print(f"lodestar / django-import-export bulk rows per second: {ours['rows_s'] / bulk['rows_s']:.2f}")
    print(f"lodestar / django-import-export rows per second: {ours['rows_s'] / default['rows_s']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
