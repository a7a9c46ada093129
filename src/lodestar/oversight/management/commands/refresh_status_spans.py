"""Recompute every recommendation's status spans from its validated updates (``oversight.spans``):
after a write that went around the services, when the rule OVS-SPANS finds some out of date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from lodestar.oversight import spans
from lodestar.oversight.models import Recommendation, StatusSpan


class Command(BaseCommand):
    help = "Recompute the status spans the oversight dashboard counts, from the validated updates."

    def handle(self, *args: Any, **options: Any) -> None:
        stale = spans.out_of_date()
        with transaction.atomic():
            spans.refresh(Recommendation.objects.all())
        count = StatusSpan.objects.count()
        self.stdout.write(f"{count} status spans recomputed; {len(stale)} recommendations had differed.")
