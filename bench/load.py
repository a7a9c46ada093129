"""Speed under load: the production server (``./lodestar serve``, gunicorn) on PostgreSQL with the
``bench.registers`` data, driven by concurrent clients.

    .venv/bin/pip install -e '.[dev,bench]'      # httpx, a bench-only dependency
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lodestar_bench \\
        .venv/bin/python -m bench.load [--clients 20,50 --duration 10 --recommendations 5000
                                         --projects 1000 --entities 200 --no-build]

Builds the registers (``bench.registers.build``: 5,000 recommendations, 7,000 addressees, 10,501
status updates, 1,000 projects, 10,000 milestones) and one budget section of ten years beside them
(``bench.budget``), signs in a central analyst (a session in the database, as a browser has), starts
``./lodestar serve`` with 5 workers × 3 threads, then drives each page in turn with ``--clients``
concurrent clients for ``--duration`` seconds: the API list of 100 recommendations, the
recommendation list page, the oversight and portfolio dashboards, a budget section's table, a
recommendation page, and ``/healthz`` (one database read: the floor every page pays). It prints
requests per second, p50/p95/p99 and errors per page and concurrency, each page's throughput as a
share of ``/healthz`` at the same concurrency, and last
``slowest page / healthz requests per second: X.XX`` (the smallest of those shares). A GET that
fails because the server closed a kept-alive connection as it went out (a worker recycled after
``max_requests``) is sent again once, as a browser does; how many were is printed, and any other
failure counts as an error, with its kind. ``--cache-url`` serves with the shared Redis cache of
docs/deployment.md instead of each worker's local memory.

Why a small asyncio driver over httpx rather than locust or wrk: it is installed by the project's own
files (the ``bench`` extra), it keeps connections open as a browser does, it runs in one process
(locust's workers would take a core from the two the server has), and it measures each request from
send to last byte, which is what a person waits for.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lodestar.settings")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("bench.load measures the production set-up: set DATABASE_URL=postgres://…")
    import django

    django.setup()


def build(entities: int, recommendations: int, projects: int, years: int) -> None:
    """The registers, then one budget section per ``--budget-entities`` beside them (no flush)."""
    from bench import budget, registers

    start = time.perf_counter()
    built = registers.build(entities, recommendations, projects)
    made = budget.build(2, years, flush=False)
    budget.register_tables(made["section"])
    c = built["counts"]
    print(
        f"built {c['recommendations']:,} recommendations, {c['addressees']:,} addressees, "
        f"{c['status updates']:,} status updates, {c['projects']:,} projects, {c['milestones']:,} "
        f"milestones, {made['facts']:,} budget facts in {time.perf_counter() - start:.1f} s"
    )


def pages() -> list[tuple[str, str]]:
    """The measured pages, found in the built data (so that ``--no-build`` reuses it)."""
    from lodestar.documents.models import Document
    from lodestar.documents.tables import definition_of
    from lodestar.oversight.models import Recommendation

    rec = Recommendation.objects.order_by("pk").first()
    record = Document.objects.filter(symbol__startswith="BENCH/").order_by("pk").first()
    if rec is None or record is None:
        sys.exit("no bench data: run without --no-build first")
    table = next(t for t in definition_of(record).tables.values() if t.part == "resources")
    return [
        ("healthz", "/healthz"),
        ("API recommendations, 100", "/api/oversight/recommendation/?page_size=100"),
        ("recommendation list", "/oversight/recommendation/"),
        ("oversight dashboard", "/oversight/"),
        ("portfolio dashboard", "/portfolio/"),
        ("budget section table", f"/documents/table/{record.symbol}/{table.number}/"),
        ("recommendation page", f"/oversight/r/{rec.pk}/"),
    ]


def session_cookie() -> dict[str, str]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username="analyst"))
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


def start_server(port: int, workers: int, threads: int, log: Path, cache_url: str = "") -> subprocess.Popen:
    env = dict(os.environ)
    if cache_url:
        env["LODESTAR_CACHE_URL"] = cache_url
    env |= {
        "LODESTAR_PORT": str(port),
        "LODESTAR_WORKERS": str(workers),
        "LODESTAR_THREADS": str(threads),
        "LODESTAR_LOG_LEVEL": "WARNING",
    }
    out = log.open("w")
    # Its own process group, so that stopping it stops gunicorn's workers and nothing else.
    server = subprocess.Popen(  # noqa: S603 (our own launcher, fixed arguments)
        [str(ROOT / "lodestar"), "serve"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 600  # collectstatic compresses every file first: slow on a busy machine
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped at start-up; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    sys.exit(f"the server did not answer /healthz in ten minutes; see {log}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


async def drive(
    base: str, url: str, clients: int, duration: float, cookies: dict[str, str], warm: int
) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    kinds: Counter[str] = Counter()
    retried = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, cookies=cookies, limits=limits, timeout=120) as http:
        # Warm every worker's imports and cached figures out of the measured time: as many
        # requests at once as the server has threads, twice, so that each worker gets some.
        for _ in range(2):
            await asyncio.gather(*(http.get(url) for _ in range(min(clients, warm))))
        end = time.perf_counter() + duration

        async def get() -> httpx.Response:
            nonlocal retried
            try:
                return await http.get(url)
            except (httpx.RemoteProtocolError, httpx.ReadError):
                # The server closed a kept-alive connection as the request went out (a worker
                # recycled after max_requests): a browser sends such a GET again, and so do we, once.
                retried += 1
                return await http.get(url)

        async def client() -> None:
            nonlocal errors
            while time.perf_counter() < end:
                start = time.perf_counter()
                try:
                    response = await get()
                    ok = response.status_code == 200
                    kind = "" if ok else f"HTTP {response.status_code}"
                except httpx.HTTPError as error:
                    ok, kind = False, type(error).__name__
                latencies.append(time.perf_counter() - start)
                errors += not ok
                kinds[kind] += not ok

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")

    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered) if ordered else float("nan"),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "errors": errors,
        "kinds": {k: n for k, n in kinds.items() if n},
        "retried": retried,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", default="20,50", help="concurrent clients, comma-separated")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per page and concurrency")
    parser.add_argument("--entities", type=int, default=200)
    parser.add_argument("--recommendations", type=int, default=5000)
    parser.add_argument("--projects", type=int, default=1000)
    parser.add_argument("--years", type=int, default=10, help="years of the budget section")
    parser.add_argument("--no-build", action="store_true", help="reuse the data of an earlier run")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--threads", type=int, default=3)
    parser.add_argument("--only", default="", help="measure only pages whose name contains this")
    parser.add_argument(
        "--cache-url",
        default="",
        help="LODESTAR_CACHE_URL for the server (e.g. redis://127.0.0.1:6379/15, emptied first): the "
        "shared cache and cached sessions of docs/deployment.md; default: each worker's local memory",
    )
    args = parser.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.no_build:
        build(args.entities, args.recommendations, args.projects, args.years)
    measured = pages()
    if args.only:
        measured = [p for p in measured if p[0] == "healthz" or args.only in p[0]]
    if args.cache_url:
        import redis

        redis.Redis.from_url(args.cache_url).flushdb()  # nothing cached by an earlier run or release
    cookies = session_cookie()
    log = ROOT / "var" / "bench" / "load-server.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = start_server(args.port, args.workers, args.threads, log, args.cache_url)
    sessions = "cached in it, kept in the database" if args.cache_url else "in the database"
    print(f"cache: {args.cache_url or 'local memory of each worker'}; sessions {sessions}")
    base = f"http://127.0.0.1:{args.port}"
    results: dict[tuple[str, int], dict[str, Any]] = {}
    try:
        for clients in [int(c) for c in args.clients.split(",")]:
            for label, url in measured:
                results[(label, clients)] = asyncio.run(
                    drive(base, url, clients, args.duration, cookies, args.workers * args.threads)
                )
    finally:
        stop_server(server)
    print(
        f"{'page':<26} {'clients':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'errors':>6} {'/healthz':>8}"
    )
    shares = []
    for (label, clients), r in results.items():
        floor = results[("healthz", clients)]["rps"]
        share = r["rps"] / floor if floor else 0.0
        if label != "healthz":
            shares.append(share)
        print(
            f"{label:<26} {clients:>7} {r['rps']:>8.2f} {r['p50'] * 1000:>8.0f} {r['p95'] * 1000:>8.0f} "
            f"{r['p99'] * 1000:>8.0f} {r['errors']:>6} {share:>8.2f}"
        )
    print(f"errors in all: {sum(r['errors'] for r in results.values())}")
    for (label, clients), r in results.items():
        if r["kinds"]:
            print(f"  {label} at {clients} clients: {r['kinds']}")
    retried = sum(r["retried"] for r in results.values())
    print(f"requests sent again after the server closed a kept-alive connection: {retried}")
    print(f"slowest page / healthz requests per second: {min(shares) if shares else 0.0:.2f}")


if __name__ == "__main__":
    sys.exit(main())
