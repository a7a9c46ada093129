from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ...loader import load_reference


class Command(BaseCommand):
    help = "Load (or bring up to date) the UN Secretariat reference data transcribed from the seeds."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_reference()
        if not counts:
            self.stdout.write("Reference data already up to date.")
        for label, n in sorted(counts.items()):
            self.stdout.write(f"{n:>5} {label}")
