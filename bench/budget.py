"""Budget tables at UN-system scale: time and query count to build a section's full set of tables.

    .venv/bin/python -m bench.budget [--entities 200 --years 10 --repeat 3]

Generates, through bulk inserts, one budget section per entity (≥ 200), each with four components,
every funding-source kind, every object of expenditure, every stage, every change factor and posts
by grade, over ``--years`` years: millions of facts. Then builds each table of one section (the
29C.13-29C.23 layout) as the system and as a central analyst (through the permission funnel), and
prints the median time and the number of queries; then the whole set from one read of the section
(as a document is put together), and the same sums computed by DuckDB over the same facts
(bench/budget_reference.py: every figure checked against Lodestar's, the ratio printed; the command
fails if one differs). Run with DATABASE_URL=postgres://… for PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

BATCH = 5000


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    import django

    django.setup()


def build(entities: int, years: int, *, flush: bool = True) -> dict:
    """``flush=False`` adds the sections beside data already there (bench.load puts them beside the
    registers): under its root, with its analyst, and codes of their own."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lodestar.finance import models as fin
    from lodestar.org.models import Entity, RoleAssignment

    if flush:
        call_command("flush", interactive=False, verbosity=0)
        root = Entity.objects.create(
            code="UN", kind="organisation", name={"en": "United Nations"}, tree_path=""
        )
        Entity.objects.filter(pk=root.pk).update(tree_path=f"/{root.pk}/")
        root.refresh_from_db()
    else:
        root = Entity.objects.get(parent=None)
    owners = Entity.objects.bulk_create(
        [
            Entity(code=f"B{i}", kind="department", parent=root, name={"en": f"Entity {i}"})
            for i in range(entities)
        ]
    )
    for e in owners:
        e.tree_path = f"{root.tree_path}{e.pk}/"
    Entity.objects.bulk_update(owners, ["tree_path"])
    sources = fin.FundingSource.objects.bulk_create(
        [
            fin.FundingSource(organisation=root, code=code, kind=kind, name={"en": str(label)}, order=n)
            for n, (kind, label) in enumerate(fin.FundingSource.Kind.choices)
            for code in [
                {"regular": "RB", "other_assessed": "OA", "extrabudgetary": "XB"}.get(kind, kind.upper())
            ]
        ]
    )
    objects = fin.ObjectOfExpenditure.objects.bulk_create(
        [
            fin.ObjectOfExpenditure(
                organisation=root, code="POSTS", category="post", name={"en": "Posts"}, order=0
            )
        ]
        + [
            fin.ObjectOfExpenditure(
                organisation=root, code=f"NP{i}", category="non_post", name={"en": f"Non-post {i}"}, order=i
            )
            for i in range(1, 9)
        ]
    )
    first = 2025 - years
    periods = fin.Period.objects.bulk_create(
        [
            fin.Period(code=str(y), kind="year", start=datetime.date(y, 1, 1), end=datetime.date(y, 12, 31))
            for y in range(first, 2025)
        ]
    )
    sections = fin.BudgetSection.objects.bulk_create(
        [
            fin.BudgetSection(
                code=f"S{i}",
                symbol=f"BENCH/{i}",
                number=str(i),
                title={"en": f"Section {i}"},
                budget_year=2024,
                entity=e,
            )
            for i, e in enumerate(owners)
        ]
    )
    components = fin.BudgetComponent.objects.bulk_create(
        [
            fin.BudgetComponent(
                section=s,
                code=f"S{i}-C{c}",
                part="edm" if c == 0 else "programme",
                number="" if c == 0 else str(c),
                title={"en": f"Component {c}"},
                order=c,
            )
            for i, s in enumerate(sections)
            for c in range(4)
        ],
        batch_size=BATCH,
    )
    by_section: dict[int, list] = {}
    for c in components:
        by_section.setdefault(c.section_id, []).append(c)
    stages = [s for s, _label in fin.Stage.choices]
    facts = changes = posts = 0
    grades = ["D-1", "P-5", "P-4", "P-3", "GS (OL)"]
    for s in sections:
        batch = [
            fin.BudgetFact(
                section_id=s.pk,
                component_id=c.pk,
                funding_source_id=src.pk,
                object_id=o.pk,
                period_id=p.pk,
                stage=stage,
                amount=1000 * (1 + (c.order * 7 + o.order * 13 + p.pk + n) % 997),
            )
            for c in by_section[s.pk]
            for src in sources
            for o in objects
            for p in periods
            for n, stage in enumerate(stages)
        ]
        fin.BudgetFact.objects.bulk_create(batch, batch_size=BATCH)
        facts += len(batch)
        batch = [
            fin.ResourceChange(
                section=s,
                component=c,
                funding_source=src,
                object=o,
                period=p,
                factor=factor,
                amount=-500 + 100 * o.order,
            )
            for c in by_section[s.pk]
            for src in sources
            for o in objects
            for p in periods
            for factor, _l in fin.Factor.choices
        ]
        fin.ResourceChange.objects.bulk_create(batch, batch_size=BATCH)
        changes += len(batch)
        batch = [
            fin.Post(
                section=s,
                component=c,
                funding_source=src,
                category="general" if g.startswith("GS") else "professional",
                grade=g,
                period=p,
                stage="approved",
                count=1 + c.order,
            )
            for c in by_section[s.pk]
            for src in sources[:3]
            for g in grades
            for p in periods
        ]
        fin.Post.objects.bulk_create(batch, batch_size=BATCH)
        posts += len(batch)
    _analyze()
    User = get_user_model()
    analyst = User.objects.filter(username="analyst").first()
    if analyst is None:
        analyst = User.objects.create_user("analyst")
        RoleAssignment.objects.create(user=analyst, role="central_analyst", entity=root)
    return {"analyst": analyst, "facts": facts, "changes": changes, "posts": posts, "section": sections[0]}


def _analyze() -> None:
    """Statistics (and PostgreSQL's visibility map) for the bulk-inserted facts, as autovacuum gives a
    database in use: without them the planner guesses one row per section and reads every fact
    from the table instead of the index."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in ("budgetfact", "resourcechange", "post", "postaction"):
                cursor.execute(f"VACUUM ANALYZE finance_{table}")
        else:
            cursor.execute("ANALYZE")


def register_tables(section) -> list:  # noqa: ANN001
    """The bench section's document record: its type makes the whole set of tables from it."""
    from lodestar.documents.models import Document
    from lodestar.documents.tables import definition_of

    record, _created = Document.objects.get_or_create(
        symbol=section.symbol,
        defaults={
            "document_type": "budget_section",
            "parameters": {"budget_section": section.code, "budget_year": section.budget_year},
            "title": {"en": "Bench"},
            "entity": section.entity,
        },
    )
    return [t for t in definition_of(record).tables.values() if t.part == "resources"]


def measure(tables: list, users: dict, repeat: int) -> list[tuple[str, str, float, int]]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = []
    for who, user in users.items():
        for definition in tables:
            definition.render(user=user, lang="en")  # warm
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    data = definition.render(user=user, lang="en")
                    data.formatted("en")
                    times.append(time.perf_counter() - start)
                queries = len(captured)
            results.append((who, definition.number, statistics.median(times), queries))
    return results


def main(argv: list[str] | None = None) -> int | None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    var_dir = root / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    built = build(args.entities, args.years)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{engine}: {args.entities} sections, {args.years} years: {built['facts']:,} facts, "
        f"{built['changes']:,} resource changes, {built['posts']:,} post lines, built in "
        f"{time.perf_counter() - start:.1f} s"
    )
    from bench.budget_reference import compare, duckdb_reference
    from lodestar.core.shared_reads import shared_reads
    from lodestar.finance.documents import section_of

    tables = register_tables(built["section"])
    print(f"{'user':<8} {'table':<6} {'median ms':>10} {'queries':>8}")
    total = {}
    for who, number, seconds, queries in measure(
        tables, {"system": None, "analyst": built["analyst"]}, args.repeat
    ):
        total[who] = total.get(who, 0) + seconds
        print(f"{who:<8} {number:<6} {seconds * 1000:>10.1f} {queries:>8}")
    for who, seconds in total.items():
        print(f"{who}: full set of {len(tables)} tables in {seconds * 1000:.0f} ms (each table read alone)")
    shared, shared_cpu = {}, {}
    for who, user in {"system": None, "analyst": built["analyst"]}.items():
        times, cpu = [], []
        for _ in range(args.repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            with shared_reads():  # as a whole document is put together: one read of the section
                for definition in tables:
                    definition.render(user=user, lang="en").formatted("en")
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        shared[who], shared_cpu[who] = statistics.median(times), statistics.median(cpu)
        print(
            f"{who}: full set of {len(tables)} tables from one read in {shared[who] * 1000:.0f} ms "
            f"(CPU of this process {shared_cpu[who] * 1000:.0f} ms)"
        )
    section = built["section"]
    years = (str(section.budget_year - 2), str(section.budget_year - 1), str(section.budget_year))
    (reference, reference_cpu), money, posts = duckdb_reference(section, years, args.repeat)
    compared, differences = compare(section_of(None, section.code), money, posts)
    print(
        f"DuckDB, the same tables' sums over the same facts ({len(money)} money and {len(posts)} post "
        f"groups, {compared:,} figures): {reference * 1000:.1f} ms (CPU, all its threads, "
        f"{reference_cpu * 1000:.1f} ms); figures differing from Lodestar's: "
        f"{len(differences)}"
    )
    for line in differences[:20]:
        print("  ", line)
    # The CPU ratio is steadier on a shared machine, but leaves out a server's work (PostgreSQL's):
    # compare it on SQLite, where the query runs in this process.
    for who, seconds in shared.items():
        print(
            f"Lodestar ({who}, full set from one read) / DuckDB: {seconds / reference:.2f} "
            f"(CPU: {shared_cpu[who] / reference_cpu:.2f})"
        )
    return 1 if differences else None


if __name__ == "__main__":
    sys.exit(main())
