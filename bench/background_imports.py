"""A large import through the background worker: CPU spent by the upload request, and by the
worker's check and commit, against the same file previewed and committed inside the request.

    .venv/bin/python -m bench.background_imports [--rows 20000]

The file is budget facts as in ``bench.imports`` (four foreign keys by code). "Request" is what the
upload view does for a large file: estimate its cells and queue the check (``importjobs``). The
worker then runs ``check_import`` and ``commit_import`` (called directly here, in this process, as
the worker would). CPU is this process's (``time.process_time``); wall time beside it. The last lines
compare with the synchronous ``preview_upload`` + ``commit_batch`` of the same rows (the price of
the progress reports is the difference).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from bench.imports import as_csv, dimensions, fresh_database, rows, setup_django


def timed(work: Any) -> tuple[Any, float, float]:
    cpu, wall = time.process_time(), time.perf_counter()
    value = work()
    return value, time.process_time() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args(argv)
    var_dir = Path(__file__).resolve().parent.parent / "var" / "bench"
    var_dir.mkdir(parents=True, exist_ok=True)
    setup_django(var_dir)
    from django.conf import settings
    from django.db import connection

    from lodestar.core import importing, importjobs
    from lodestar.core.models import ImportBatch
    from lodestar.core.registry import registry
    from lodestar.finance import models as fin

    settings.DEBUG = False
    fresh_database()
    analyst, codes = dimensions()
    data = rows(args.rows, codes)
    content = as_csv(data)
    registration = registry[fin.BudgetFact]
    print(f"{len(data)} rows ({len(content) / 1e6:.1f} MB CSV) of budget facts on {connection.vendor}")

    def request() -> ImportBatch:
        assert importjobs.runs_in_background(content, "facts.csv")
        return importjobs.queue_check(registration, content=content, filename="facts.csv", user=analyst)

    batch, cpu, wall = timed(request)
    print(f"upload request (estimate + queue): {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms")
    _r, cpu_check, wall_check = timed(lambda: importjobs.check_import.call(batch_id=batch.pk))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW, batch.summary.get("errors", [])[:3]
    print(f"worker check:  {cpu_check:.1f} s CPU, {wall_check:.1f} s")
    print(f"poll request (progress):  {timed(lambda: importjobs.progress_of(batch))[2] * 1000:.1f} ms")
    importjobs.queue_commit(batch.pk, user=analyst)
    _r, cpu_commit, wall_commit = timed(lambda: importjobs.commit_import.call(batch_id=batch.pk))
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.COMMITTED
    assert fin.BudgetFact.objects.count() == len(data)
    print(f"worker commit: {cpu_commit:.1f} s CPU, {wall_commit:.1f} s")

    fin.BudgetFact.objects.all().delete()
    limit = len(content) + 1
    (sync_batch, preview), cpu_p, _w = timed(
        lambda: importing.preview_upload(
            registration, content=content, filename="facts.csv", user=analyst, max_bytes=limit
        )
    )
    assert preview.ok
    _r, cpu_c, _w = timed(lambda: importing.commit_batch(sync_batch.pk, user=analyst, max_bytes=limit))
    print(f"same file in the request: preview {cpu_p:.1f} s CPU, commit {cpu_c:.1f} s CPU")
    print(f"progress reports' cost: {(cpu_check + cpu_commit) / (cpu_p + cpu_c) - 1:+.1%} of CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
