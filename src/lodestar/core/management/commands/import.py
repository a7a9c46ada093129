"""``./lodestar import <app>.<model> FILE [--user NAME] [--commit]``: the web import, scripted.

Prints the preview (created / updated / unchanged / refused, then each error with its row and
column); with ``--commit`` writes every row or none. Exit status 0 when the file is valid, 1 when
it is refused, so that a script can stop on a bad file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lodestar.core import importing
from lodestar.core.permissions import IMPORT, can

from ._common import registration_for, user_for


class Command(BaseCommand):
    help = "Preview (and with --commit, write) a CSV or XLSX file into a registered list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="app.model, e.g. finance.post")
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="login whose permissions apply (default: the first superuser)")
        parser.add_argument("--commit", action="store_true", help="write the rows (all or nothing)")

    def handle(self, *args: Any, **options: Any) -> None:
        registration = registration_for(options["model"])
        user = user_for(options["user"])
        if not can(user, IMPORT, registration.model):
            raise CommandError(f"{user.get_username()} may not import {registration.label}.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        limit = settings.LODESTAR_MAX_UPLOAD_BYTES
        batch, result = importing.preview_upload(
            registration, content=path.read_bytes(), filename=path.name, user=user, max_bytes=limit
        )
        if result.ok and options["commit"]:
            batch, result = importing.commit_batch(batch.pk, user=user, max_bytes=limit)
        counts = result.counts()
        self.stdout.write(
            f"{counts['create']} created, {counts['update']} updated, {counts['unchanged']} unchanged, "
            f"{counts['error']} refused"
        )
        for message in result.messages():
            self.stdout.write(message)
        if not result.ok:
            self.stdout.write("Refused: nothing was written.")
            raise SystemExit(1)
        self.stdout.write(
            "Committed." if options["commit"] else "Valid (preview only; add --commit to write)."
        )
