"""./lodestar check --format json|text: data-quality and integrity findings."""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from lodestar.core.checks import grouped_by_root_cause, parse_as_at, run_checks


class Command(BaseCommand):
    help = "List data-quality and integrity findings (code, object, message)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument("--code", action="append", help="only these rule codes")
        parser.add_argument(
            "--as-at",
            dest="as_at",
            metavar="YYYY-MM-DD",
            help="the 'today' of every time-based rule (default: LODESTAR_AS_AT, else today)",
        )
        parser.add_argument("--fail", action="store_true", help="exit with status 1 when there are findings")
        # This command replaces Django's "check"; its system checks stay reachable (and callable
        # by the test runner) through these options.
        parser.add_argument("--system", action="store_true", help="run Django's system checks instead")
        parser.add_argument("--tag", "-t", action="append", dest="tags", help=argparse.SUPPRESS)
        parser.add_argument("--database", action="append", dest="databases", help=argparse.SUPPRESS)
        parser.add_argument("--deploy", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--list-tags", action="store_true", help=argparse.SUPPRESS)
        parser.add_argument("--fail-level", default="ERROR", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["system"] or options["tags"] or options["databases"] or options["deploy"]:
            from django.core.management.commands.check import Command as SystemCheck

            return SystemCheck(stdout=self.stdout, stderr=self.stderr).handle(*args, **options)
        try:
            as_at = parse_as_at(options.get("as_at"))
        except ValueError as error:
            raise CommandError(f"--as-at: not a date (YYYY-MM-DD): {options['as_at']}") from error
        findings = run_checks(options["code"], as_at=as_at)
        if options["format"] == "json":
            self.stdout.write(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
        else:
            # A finding derived from another is listed under its root cause, indented.
            for f, derived in grouped_by_root_cause(findings):
                self.stdout.write(f"{f.code}\t{f.object}\t{f.message}")
                for d in derived:
                    self.stdout.write(f"  <- {d.code}\t{d.object}\t{d.message}")
            self.stdout.write(f"{len(findings)} finding(s)")
        if options["fail"] and findings:
            raise SystemExit(1)
