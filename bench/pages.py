"""Page timings and query counts at UN-system scale.

    .venv/bin/python -m bench.pages [--entities 2000 --units 20000 --repeat 5]

Builds the data through bulk inserts (the point is to measure reads), then times each page with
Django's test client and counts its queries. Run with DATABASE_URL=postgres://… for PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    import django

    django.setup()


def build(entities: int, units: int, meetings: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lodestar.org.models import Entity, GovernanceBody, IctUnit, Meeting, RoleAssignment

    call_command("flush", interactive=False, verbosity=0)
    root = Entity.objects.create(code="UN", kind="organisation", name={"en": "United Nations"}, tree_path="")
    Entity.objects.filter(pk=root.pk).update(tree_path=f"/{root.pk}/")
    root.refresh_from_db()
    # Four levels: 70 departments, then divisions and sections under them.
    departments = [
        Entity(code=f"D{i}", kind="department", parent=root, name={"en": f"Department {i}", "zh": f"部 {i}"})
        for i in range(70)
    ]
    Entity.objects.bulk_create(departments)
    for d in departments:
        d.tree_path = f"{root.tree_path}{d.pk}/"
    Entity.objects.bulk_update(departments, ["tree_path"])
    rest, parents, n = [], departments, 70
    while n < entities:
        level = []
        for p in parents:
            if n >= entities:
                break
            for _ in range(4):
                level.append(Entity(code=f"E{n}", kind="section", parent=p, name={"en": f"Unit {n}"}))
                n += 1
        Entity.objects.bulk_create(level)
        for e in level:
            e.tree_path = f"{e.parent.tree_path}{e.pk}/"
        Entity.objects.bulk_update(level, ["tree_path"])
        rest.extend(level)
        parents = level
    everyone = departments + rest
    IctUnit.objects.bulk_create(
        [
            IctUnit(code=f"ICT{i}", entity=everyone[i % len(everyone)], name={"en": f"ICT unit {i}"})
            for i in range(units)
        ],
        batch_size=2000,
    )
    bodies = GovernanceBody.objects.bulk_create(
        [
            GovernanceBody(
                code=f"B{i}",
                entity=departments[i % 70],
                name={"en": f"Board {i}"},
                kind="board",
                cadence="every_n_weeks",
                cadence_n=6,
                records_from=2015,
                records_to=2024,
            )
            for i in range(500)
        ]
    )
    Meeting.objects.bulk_create(
        [Meeting(body=bodies[i % 500], year=2015 + i % 10) for i in range(meetings)], batch_size=2000
    )
    User = get_user_model()
    analyst = User.objects.create_user("analyst")
    focal = User.objects.create_user("focal")
    RoleAssignment.objects.create(user=analyst, role="central_analyst", entity=root)
    RoleAssignment.objects.create(user=focal, role="entity_focal_point", entity=departments[0])
    return {"analyst": analyst, "focal": focal}


PAGES = [
    ("entity list", "/org/entity/"),
    ("entity list, 500 rows", "/org/entity/?per_page=500"),
    ("entity list sorted by name", "/org/entity/?sort=name"),
    ("entity tree (all)", "/org/tree/?show=all"),
    ("ICT unit list", "/org/ictunit/"),
    ("ICT unit search", "/org/ictunit/?q=unit%201"),
    ("ICT unit export CSV", "/org/ictunit/?export=csv"),
    ("governance compliance", "/org/governance/compliance/"),
    ("API ICT units, 100", "/api/org/ictunit/?page_size=100"),
    ("home", "/"),
]


def measure(users: dict, repeat: int) -> list[tuple[str, str, float, int, int]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url in PAGES:
            client.get(url)  # warm
            times, queries, size = [], 0, 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                queries, size = len(captured), len(response.content)
                assert response.status_code == 200, (url, response.status_code)
            results.append((who, label, statistics.median(times), queries, size))
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--meetings", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parent.parent
    var_dir = root / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    users = build(args.entities, args.units, args.meetings)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{engine}: built {args.entities} entities, {args.units} ICT units, {args.meetings} meetings "
        f"in {time.perf_counter() - start:.1f} s"
    )
    print(f"{'user':<8} {'page':<28} {'median ms':>10} {'queries':>8} {'bytes':>10}")
    for who, label, seconds, queries, size in measure(users, args.repeat):
        print(f"{who:<8} {label:<28} {seconds * 1000:>10.1f} {queries:>8} {size:>10}")


if __name__ == "__main__":
    sys.exit(main())
