"""Inventory and campaign pages at UN-system scale: time and query count per page.

    .venv/bin/python -m bench.inventory [--entities 2000 --applications 100000 --repeat 5 --scale 0.1]

Generates, through bulk inserts (the point is to measure reads), a tree of ``--entities`` entities
(departments and four sections under each), ``--applications`` applications spread over them (every
scope, lifecycle status and TIME disposition), and one data call launched to every entity, its
assignments in every state (a tenth never opened). Then times, with Django's test client, the
application list, the application-portfolio page, an entity's inventory page (the root for the
analyst: every application; a department for the focal point), the campaign page (completeness,
chase list, a page of entities) and the focal point's campaign list, and counts the queries.

The run is repeated at ``--scale`` (default 0.1) to show whether a page's query count grows with the
rows; ``--scale 0`` skips it. SQLite by default (``var/bench/inventory.sqlite3``, emptied first);
DATABASE_URL=postgres://… for PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from .registers import build_tree

BATCH = 5000


def setup_django(var_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    os.environ.setdefault("LODESTAR_VAR_DIR", str(var_dir))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{var_dir / 'inventory.sqlite3'}")
    import django

    django.setup()


def build(entities: int, applications: int) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from lodestar.campaigns.models import Assignment, Campaign, CampaignItem
    from lodestar.core import permissions as p
    from lodestar.inventory.models import Application
    from lodestar.org.models import RoleAssignment

    call_command("flush", interactive=False, verbosity=0)
    root, departments, everyone = build_tree(entities)
    User = get_user_model()
    users = {name: User.objects.create_user(name) for name in ("analyst", "focal")}
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=users["analyst"], role=p.CENTRAL_ANALYST, entity=root),
            RoleAssignment(user=users["focal"], role=p.FOCAL_POINT, entity=departments[0]),
        ]
    )
    scopes = [c for c, _l in Application.Scope.choices]
    statuses = [c for c, _l in Application.Lifecycle.choices]
    dispositions = ["", *(c for c, _l in Application.Disposition.choices)]
    batch = []
    for n in range(applications):
        batch.append(
            Application(
                entity=everyone[n % len(everyone)],
                code=f"APP-{n:06d}",
                name={"en": f"Application {n}", "fr": f"Application {n}"},
                scope=scopes[n % 3],
                status=statuses[n % 4],
                disposition=dispositions[n % 5],
                platform="SAP" if n % 7 == 0 else "",
            )
        )
        if len(batch) == BATCH:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    today = datetime.date.today()
    campaign = Campaign.objects.create(
        code="DC-BENCH",
        name={"en": "Data call"},
        entity=root,
        opens=today - datetime.timedelta(days=60),
        deadline=today - datetime.timedelta(days=1),
        status=Campaign.Status.OPEN,
    )
    CampaignItem.objects.create(
        campaign=campaign,
        code="apps",
        kind="section",
        label={"en": "Apps"},
        list_label="inventory.application",
    )
    states = [c for c, _l in Assignment.State.choices]
    opened = datetime.datetime.now(datetime.UTC)
    Assignment.objects.bulk_create(
        [
            Assignment(
                campaign=campaign,
                entity=e,
                state=states[n % 5],
                opened_at=None if n % 10 == 0 and states[n % 5] == "not_started" else opened,
            )
            for n, e in enumerate(everyone)
        ],
        batch_size=BATCH,
    )
    return {
        "users": users,
        "counts": {
            "entities": len(everyone),
            "applications": applications,
            "assignments": len(everyone),
            "campaign": campaign.pk,
            "root": root.pk,
            "department": departments[0].pk,
        },
    }


def pages(counts: dict[str, Any], who: str) -> list[tuple[str, str, int]]:
    apps, assignments = counts["applications"], counts["assignments"]
    entity = counts["root"] if who == "analyst" else counts["department"]
    return [
        ("application list", "/inventory/application/", apps),
        ("application portfolio", "/inventory/portfolio/", apps),
        ("entity inventory", f"/inventory/entity/{entity}/", apps),
        ("campaign page", f"/campaigns/c/{counts['campaign']}/", assignments),
        ("my campaigns", "/campaigns/", assignments),
    ]


Results = dict[tuple[str, str], tuple[float, int, int]]


def measure(users: dict, counts: dict[str, Any], repeat: int) -> Results:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = {}
    for who, user in users.items():
        client = Client()
        client.force_login(user)
        for label, url, rows in pages(counts, who):
            response = client.get(url)  # warm
            assert response.status_code == 200, (who, url, response.status_code)
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                queries = len(captured)
            results[(label, who)] = (statistics.median(times), queries, rows)
    return results


def run(entities: int, applications: int, repeat: int, engine: str) -> Results:
    start = time.perf_counter()
    built = build(entities, applications)
    c = built["counts"]
    print(
        f"{engine}: built {c['entities']:,} entities, {c['applications']:,} applications, "
        f"{c['assignments']:,} assignments in {time.perf_counter() - start:.1f} s"
    )
    return measure(built["users"], c, repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=2000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--scale", type=float, default=0.1, help="second, smaller run (0: none)")
    args = parser.parse_args(argv)
    var_dir = Path(__file__).resolve().parent.parent / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    full = run(args.entities, args.applications, args.repeat, engine)
    small: Results = {}
    if args.scale:
        small = run(
            max(10, round(args.entities * args.scale)),
            max(10, round(args.applications * args.scale)),
            args.repeat,
            engine,
        )
    header = f"{'page':<24} {'user':<8} {'median ms':>10} {'queries':>8} {'rows':>8}"
    if small:
        header += f" | {'ms':>8} {'queries':>8} {'rows':>7} at x{args.scale:g}"
    print(header)
    grows = []
    for (label, who), (seconds, queries, rows) in full.items():
        line = f"{label:<24} {who:<8} {seconds * 1000:>10.1f} {queries:>8} {rows:>8,}"
        if small:
            s_seconds, s_queries, s_rows = small[(label, who)]
            line += f" | {s_seconds * 1000:>8.1f} {s_queries:>8} {s_rows:>7,}"
            if s_queries != queries:
                line += "  queries differ"
                grows.append(f"{label} ({who})")
        print(line)
    if small:
        print("query counts that differ between the scales: " + (", ".join(grows) if grows else "none"))


if __name__ == "__main__":
    sys.exit(main())
