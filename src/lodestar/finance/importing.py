"""Import of budget facts from a sheet in the printed layout of an object-of-expenditure table
(e.g. Table 29C.13): one row per object, the base-year expenditure and appropriation, and the change
columns by factor; Total, Percentage and the proposal columns, when present, are checked against the
figures the row gives (the percentage is the total change over the appropriation, to one decimal).
Wide layout in, long facts out; every row is validated before anything is written, and the whole
sheet is written in one transaction or not at all. ``commit=False`` is the preview: the same writes,
rolled back, so that the preview counts exactly what the commit will create, update or leave."""

from __future__ import annotations

import decimal
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lodestar.core import numbers
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import IMPORT, can
from lodestar.core.registry import registry
from lodestar.core.tabular import TabularFileError, read_sheet
from lodestar.org.vocabularies import organisation_of

from .models import (
    BudgetComponent,
    BudgetFact,
    BudgetSection,
    FundingSource,
    ObjectOfExpenditure,
    Period,
    ResourceChange,
)

MAX_BYTES = 2 * 1024 * 1024
FACTOR_HEADERS = {
    "technical adjustments": "technical",
    "new/expanded mandates": "new_mandates",
    "new and expanded mandates": "new_mandates",
    "other": "other",
}


@dataclass
class SheetResult:
    errors: list[tuple[int, str]] = field(default_factory=list)
    facts: int = 0
    changes: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"create": 0, "update": 0, "unchanged": 0})

    @property
    def ok(self) -> bool:
        return not self.errors


def _dollars(text: str) -> int | None:
    value = numbers.parse_printed(text)
    return None if value is None else int((value * 1000).to_integral_value())


def import_object_sheet(
    data: bytes,
    *,
    filename: str,
    section: BudgetSection,
    funding_source: FundingSource,
    component: BudgetComponent | None = None,
    user: Any = None,
    commit: bool = True,
    batch: Any = None,
) -> SheetResult:
    result = SheetResult()
    if user is not None and not can(user, IMPORT, section):
        result.errors.append((0, _("You may not import budget facts into this section.")))
        return result
    try:
        sheet = read_sheet(data, filename=filename, max_bytes=MAX_BYTES, max_rows=500)
    except TabularFileError as error:
        result.errors.append((1, error.message))
        return result
    y = section.budget_year
    headers = {h.strip().lower(): h for h in sheet.headers}
    exp_h, appr_h = headers.get(f"{y - 2} expenditure"), headers.get(f"{y - 1} appropriation")
    label_h = sheet.headers[0]
    if exp_h is None or appr_h is None:
        result.errors.append(
            (
                1,
                _("The header row needs the columns “%(a)s” and “%(b)s”.")
                % {"a": f"{y - 2} expenditure", "b": f"{y - 1} appropriation"},
            )
        )
        return result
    factors = {FACTOR_HEADERS[k]: h for k, h in headers.items() if k in FACTOR_HEADERS}
    total_h = headers.get("total")
    percent_h = headers.get("percentage")
    proposal_h = next((h for k, h in headers.items() if k.startswith(f"{y} estimate")), None)
    periods = {p.code: p for p in Period.objects.filter(code__in=[str(y - 2), str(y - 1), str(y)])}
    missing = [str(c) for c in (y - 2, y - 1, y) if str(c) not in periods]
    if missing:
        result.errors.append(
            (1, _("No period %(codes)s: add the periods first.") % {"codes": ", ".join(missing)})
        )
        return result
    objects: dict[str, ObjectOfExpenditure] = {}
    for o in ObjectOfExpenditure.objects.filter(organisation=organisation_of(section.entity)):
        objects[o.code.lower()] = o
        for name in (o.name or {}).values():
            objects[str(name).strip().lower()] = o
    parsed: list[tuple[ObjectOfExpenditure, dict[str, int]]] = []
    sums: dict[str, int] = {}
    total_row: tuple[int, dict[str, int]] | None = None
    # Each figure's column as the sheet heads it: errors name the heading people see, not the key.
    heading_of = {
        key: header
        for key, header in [
            ("exp", exp_h),
            ("appr", appr_h),
            *factors.items(),
            ("total", total_h),
            ("est", proposal_h),
        ]
        if header is not None
    }
    for number, row in sheet.rows:
        label = row[label_h].strip()
        values: dict[str, int] = {}
        bad = []
        for key, header in heading_of.items():
            text = row.get(header, "")
            amount = _dollars(text)
            if amount is None and text.strip() not in ("", "—", "-", "–"):
                bad.append(header)
            values[key] = amount or 0
        if bad:
            result.errors.append(
                (number, _("Not a number in column(s): %(cols)s.") % {"cols": ", ".join(bad)})
            )
            continue
        if label.lower() in ("total", "共计", "总计"):
            total_row = (number, values)
            continue
        obj = objects.get(label.lower())
        if obj is None:
            result.errors.append((number, _("Unknown object of expenditure “%(label)s”.") % {"label": label}))
            continue
        change = sum(values.get(f, 0) for f in factors)
        if total_h and values["total"] != change:
            result.errors.append(
                (
                    number,
                    _("Total change %(t)s is not the sum of the factor columns (%(s)s).")
                    % {"t": numbers.format_amount(values["total"]), "s": numbers.format_amount(change)},
                )
            )
        if proposal_h and values["est"] != values["appr"] + change:
            result.errors.append(
                (
                    number,
                    _("The proposal %(e)s is not the appropriation plus the change (%(s)s).")
                    % {
                        "e": numbers.format_amount(values["est"]),
                        "s": numbers.format_amount(values["appr"] + change),
                    },
                )
            )
        _check_percentage(result, number, row, percent_h, values, change)
        parsed.append((obj, values))
        for key, amount in values.items():
            sums[key] = sums.get(key, 0) + amount
    if total_row is not None:
        number, totals = total_row
        total_change = sum(totals.get(f, 0) for f in factors)
        _check_percentage(
            result,
            number,
            sheet.rows[[n for n, _r in sheet.rows].index(number)][1],
            percent_h,
            totals,
            total_change,
        )
        wrong = [k for k, v in totals.items() if abs(v - sums.get(k, 0)) > 100]  # more than 0.1 thousand
        if wrong:
            result.errors.append(
                (
                    number,
                    _("The Total row does not add up in column(s): %(cols)s.")
                    % {"cols": ", ".join(f"“{heading_of.get(k, k)}”" for k in wrong)},
                )
            )
    if not parsed and not result.errors:
        result.errors.append((2, _("The sheet has no object rows.")))
    if result.errors:
        return result
    source = ObjectChange.Source.IMPORT
    with transaction.atomic():
        for obj, values in parsed:
            dims = {
                "section": section,
                "component": component,
                "funding_source": funding_source,
                "object": obj,
            }
            for key, period, stage in (
                ("exp", str(y - 2), "expenditure"),
                ("appr", str(y - 1), "appropriation"),
            ):
                action = _upsert(
                    BudgetFact,
                    {**dims, "period": periods[period], "stage": stage},
                    {"amount": values[key]},
                    user,
                    source,
                    batch,
                )
                result.counts[action] += 1
                result.facts += 1
            for factor in factors:
                lookup = {**dims, "period": periods[str(y)], "factor": factor}
                if values.get(factor) or ResourceChange.objects.filter(**lookup).exists():
                    action = _upsert(
                        ResourceChange, lookup, {"amount": values.get(factor, 0)}, user, source, batch
                    )
                    result.counts[action] += 1
                    result.changes += 1
        if not commit:
            transaction.set_rollback(True)  # the preview: the same writes, not kept
    return result


def _check_percentage(
    result: SheetResult, number: int, row: dict[str, str], header: str | None, values: dict, change: int
) -> None:
    """The printed percentage is the total change over the appropriation, to one decimal."""
    if header is None or not row.get(header, "").strip() or not values.get("appr"):
        return
    printed = numbers.parse_printed(row[header])
    if printed is None:
        result.errors.append((number, _("Not a number in column(s): %(cols)s.") % {"cols": header}))
        return
    computed = (decimal.Decimal(change) * 100 / decimal.Decimal(values["appr"])).quantize(
        decimal.Decimal("0.1")
    )
    if abs(printed - computed) > decimal.Decimal("0.1"):
        result.errors.append(
            (
                number,
                _("The percentage %(printed)s is not the change over the appropriation (%(computed)s).")
                % {"printed": printed, "computed": computed},
            )
        )


def _upsert(model: type, lookup: dict, data: dict, user: Any, source: str, batch: Any = None) -> str:
    service = registry[model].service
    existing = model._default_manager.filter(**lookup).first()
    if existing is None:
        service.create(data={**lookup, **data}, user=user, source=source, check=user is not None, batch=batch)
        return "create"
    if all(getattr(existing, k) == v for k, v in data.items()):
        return "unchanged"
    service.update(existing, data=data, user=user, source=source, check=user is not None, batch=batch)
    return "update"


__all__ = ["SheetResult", "import_object_sheet"]
