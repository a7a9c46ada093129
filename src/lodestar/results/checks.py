"""Data-quality rules of the results domain."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from lodestar.core.checks import Finding, finding_for, rule

from .models import Deliverable, DeliverableQuantity


def subtotals() -> list[tuple[Deliverable, int, str, Decimal | None, Decimal]]:
    """(subcategory line, year, kind, printed subtotal, sum of its items) for every column where
    the subcategory line has items with quantities."""
    lines = {
        d.pk: d
        for d in Deliverable.objects.filter(role=Deliverable.Role.SUBCATEGORY).select_related("entity")
    }
    printed: dict[tuple[int, int, str], Decimal | None] = {}
    sums: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    for q in DeliverableQuantity.objects.filter(deliverable_id__in=lines):
        printed[(q.deliverable_id, q.year, q.kind)] = q.quantity
    for q in DeliverableQuantity.objects.filter(deliverable__parent_id__in=lines).select_related(
        "deliverable"
    ):
        if q.quantity is not None:
            sums[(q.deliverable.parent_id, q.year, q.kind)] += q.quantity
    rows = []
    for (pk, year, kind), total in sorted(sums.items()):
        rows.append((lines[pk], year, kind, printed.get((pk, year, kind)), total))
    return rows


@rule("RES-PRINTED-TOTAL")
def printed_subtotals() -> list[Finding]:
    """A deliverables subtotal that differs from the sum of the items under it."""
    findings = []
    for line, year, kind, shown, total in subtotals():
        if shown is None or shown == total:
            continue
        findings.append(
            finding_for(
                line,
                code="RES-PRINTED-TOTAL",
                message=_(
                    "%(table)s %(line)s, %(year)s %(kind)s: printed subtotal %(printed)s, "
                    "items add to %(sum)s."
                )
                % {
                    "table": line.table_number,
                    "line": line.tr("text", "en")[:60],
                    "year": year,
                    "kind": DeliverableQuantity.Kind(kind).label,
                    "printed": f"{shown.normalize():f}",
                    "sum": f"{total.normalize():f}",
                },
                year=year,
                kind=kind,
                printed=str(shown),
                computed=str(total),
            )
        )
    return findings
