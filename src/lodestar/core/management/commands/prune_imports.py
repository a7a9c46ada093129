"""``./lodestar prune_imports``: delete uploaded import files older than LODESTAR_IMPORT_KEEP_HOURS."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from lodestar.core.importing import prune_uploads


class Command(BaseCommand):
    help = "Delete the content of uploaded import files older than LODESTAR_IMPORT_KEEP_HOURS."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{prune_uploads(now=timezone.now())} uploaded file(s) pruned.")
