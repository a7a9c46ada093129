"""./lodestar backup FILE: the database and the evidence files in one archive (core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Back up the database and the evidence files to FILE (a tar archive)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        from lodestar.core.backup import BackupError, backup

        try:
            manifest = backup(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) and {len(manifest['files'])} "
            f"evidence files to {options['file']}"
        )
