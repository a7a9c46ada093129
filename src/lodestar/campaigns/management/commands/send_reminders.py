"""./lodestar send_reminders [--today YYYY-MM-DD]: the day's reminders of every open campaign
(run it once a day, e.g. from cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lodestar.campaigns.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders due today to the focal points of entities that have not answered."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="The date to act as today (YYYY-MM-DD).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["today"]) if options["today"] else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--today: {error}") from error
        sent = send_reminders(today)
        self.stdout.write(f"{sent} reminder(s) sent.")
