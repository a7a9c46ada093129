"""CPU per warm request of ``bench.load``'s pages, in one process (Django's test client, no server):
where a page's time goes, without the noise of concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lodestar_bench \\
        .venv/bin/python -m bench.page_cpu [--requests 20 --only "recommendation page" --profile 40 --sql]

Uses the data ``bench.load`` built (run it once first, or ``--build``), signs in the central analyst,
sends each page twice to warm the caches, then times ``--requests`` requests of each (process CPU,
median), and prints the median, its multiple of ``/healthz``'s, the queries of one more request and
the size of the page. ``--profile N`` prints the N costliest functions of ten requests of each page
(cProfile, by cumulative time); ``--sql`` lists each page's queries.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time

from bench import load


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--only", default="", help="only pages whose name contains this")
    parser.add_argument("--profile", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sql", action="store_true", help="list each page's queries")
    parser.add_argument("--build", action="store_true", help="build bench.load's data first")
    parser.add_argument("--user", default="analyst")
    args = parser.parse_args(argv)
    load.setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    if args.build:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        load.build(200, 5000, 1000, 10)
    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    floor = None
    print(f"{'page':<28} {'CPU ms':>7} {'× healthz':>9} {'queries':>7} {'KiB':>5}")
    for label, url in load.pages():
        if args.only and label != "healthz" and args.only not in label:
            continue
        for _ in range(2):
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url}: {response.status_code}")
        times = []
        for _ in range(args.requests):
            start = time.process_time()
            client.get(url)
            times.append(time.process_time() - start)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        median = statistics.median(times) * 1000
        floor = floor or median
        print(
            f"{label:<28} {median:>7.1f} {median / floor:>9.1f} {len(queries.captured_queries):>7} "
            f"{len(response.content) // 1024:>5}"
        )
        if args.sql:
            for query in queries.captured_queries:
                print(f"    {query['time']} {query['sql'][:160]}")
        if args.profile and label != "healthz":
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(10):
                client.get(url)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    sys.exit(main())
