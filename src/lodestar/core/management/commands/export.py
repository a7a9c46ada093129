"""``./lodestar export <app>.<model> [--format csv|xlsx] [-o FILE] [--user NAME]``: what the list's
export button gives, in the layout the import reads back."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lodestar.core.importing import export_file
from lodestar.core.permissions import EXPORT, restrict

from ._common import registration_for, user_for


class Command(BaseCommand):
    help = "Export a registered list as CSV or XLSX (the columns its import reads)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("model", help="app.model, e.g. finance.post")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
        parser.add_argument("--user", help="login whose permissions apply (default: the first superuser)")

    def handle(self, *args: Any, **options: Any) -> None:
        registration = registration_for(options["model"])
        user = user_for(options["user"])
        rows = restrict(user, EXPORT, registration.base_queryset()).order_by(*registration.ordering)
        content = export_file(registration, rows, options["format"])
        if options["output"]:
            options["output"].write_bytes(content)
        elif options["format"] == "xlsx":
            sys.stdout.buffer.write(content)
        else:
            self.stdout.write(content.decode("utf-8-sig"), ending="")
