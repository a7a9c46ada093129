"""./lodestar worker: run background tasks (lodestar.core.tasks) until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run queued background tasks; reap stuck ones and enqueue scheduled ones."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", action="store_true", help="run until the queue is empty, then stop")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")

    def handle(self, *args: Any, **options: Any) -> None:
        from lodestar.core.tasks import run_worker

        self.stdout.write("Lodestar worker: running background tasks (Ctrl+C stops it)")
        run_worker(batch=options["batch"], interval=options["interval"])
