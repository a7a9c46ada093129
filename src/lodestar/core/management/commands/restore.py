"""./lodestar restore FILE: restore a backup into an empty database and evidence folder, then
check every table and file against the backup's manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Restore a backup made by ./lodestar backup into an empty database, and verify it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        from lodestar.core.backup import BackupError, restore

        if not options["file"].exists():
            raise CommandError(f"{options['file']} does not exist")
        try:
            manifest = restore(options["file"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored and verified {len(manifest['tables'])} tables and {len(manifest['files'])} evidence "
            f"files from {options['file']} (backup of {manifest['created']})"
        )
