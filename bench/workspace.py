"""The workspace pages at UN-system scale: time and query count of the home page, My work, the
inbox API and the navigation-bar count, for a central analyst, an oversight reviewer and a focal
point, over the oversight and portfolio registers of bench.registers (status updates in every
workflow state, milestones due and not).

    .venv/bin/python -m bench.workspace [--entities 200 --recommendations 5000 --projects 1000
                                         --repeat 3 --scale 0.1]

The whole run is repeated at ``--scale`` to show whether a page's query count grows with the rows
("items" is what the person's inbox holds). SQLite by default (``var/bench/registers.sqlite3``,
emptied first); DATABASE_URL=postgres://… for PostgreSQL.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path
from typing import Any

from bench import registers

PAGES = (
    ("home page", "/"),
    ("my work", "/workspace/"),
    ("API inbox", "/api/inbox/"),
    ("a list page (nav count)", "/oversight/oversightbody/"),
    ("recommendations past target", "/oversight/recommendation/?past_target=true"),
)


def measure(repeat: int) -> dict[tuple[str, str], tuple[float, int, int]]:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lodestar.workspace import inbox

    results = {}
    for user in get_user_model().objects.filter(username__in=["analyst", "reviewer", "focal"]).order_by("pk"):
        items = len(inbox.items(user))
        client = Client()
        client.force_login(user)
        for label, url in PAGES:
            assert client.get(url).status_code == 200, (user, url)  # warm
            times, queries = [], 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    times.append(time.perf_counter() - start)
                queries = len(captured)
                assert response.status_code == 200
            results[(label, user.username)] = (statistics.median(times), queries, items)
    return results


def run(entities: int, recommendations: int, projects: int, repeat: int) -> dict[tuple[str, str], Any]:
    start = time.perf_counter()
    registers.build(entities, recommendations, projects)
    took = time.perf_counter() - start
    print(f"built {recommendations:,} recommendations, {projects:,} projects in {took:.1f} s")
    return measure(repeat)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entities", type=int, default=200)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args(argv)
    var_dir = Path(__file__).resolve().parent.parent / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    registers.setup_django(var_dir)
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    full = run(args.entities, args.recommendations, args.projects, args.repeat)
    small = {}
    if args.scale:
        small = run(
            max(10, round(args.entities * args.scale)),
            max(registers.RECS_PER_REPORT, round(args.recommendations * args.scale)),
            max(1, round(args.projects * args.scale)),
            args.repeat,
        )
    print(f"{'page':<30} {'user':<9} {'median ms':>10} {'queries':>8} {'items':>7} | at x{args.scale:g}")
    differ = []
    for (label, who), (seconds, queries, items) in full.items():
        line = f"{label:<30} {who:<9} {seconds * 1000:>10.1f} {queries:>8} {items:>7,}"
        if small:
            s_seconds, s_queries, s_items = small[(label, who)]
            line += f" | {s_seconds * 1000:>8.1f} {s_queries:>8} {s_items:>7,}"
            if s_queries != queries:
                line += "  queries differ"
                differ.append(f"{label} ({who})")
        print(line)
    if small:
        print("query counts that differ between the scales: " + (", ".join(differ) if differ else "none"))


if __name__ == "__main__":
    main()
