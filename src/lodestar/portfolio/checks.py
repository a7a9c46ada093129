"""Data-quality rules of the portfolio domain."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.checks import Finding, finding_for, rule
from lodestar.core.languages import data_code

from .models import PrintedCell, Programme, ProjectCost, ProjectPhase, StatusReport
from .progress import (
    CONTRADICTED,
    SUPPORTED,
    completion_state,
    earned_percent,
    facts,
    is_waived,
    reported_percent,
)


def _figure_label(figure: Any) -> str:
    from lodestar.documents.tables import figure_label

    return figure_label(figure)


@rule("PRJ-UNSUPPORTED-COMPLETION")
def unsupported_completion() -> list[Finding]:
    """A project declared completed or 100 % without the evidence for it, and no governance body waived
    it. Contradicted (the measured target is missed, or a milestone is known unfinished) is an error;
    unverified (nothing contradicts the claim, but no milestone is accepted with evidence and no target
    measured) is a warning. The declaration is kept and shown beside the evidence."""
    findings = []
    reports = StatusReport.objects.select_related("project", "project__entity").prefetch_related(
        "project__milestones"
    )
    for report in reports:
        if not report.claims_completion:
            continue
        project = report.project
        ms = facts(project)
        met = project.target_met()
        state = completion_state(ms, met, is_waived(project))
        if state == SUPPORTED:
            continue
        values = {
            "project": project.code,
            "period": report.period,
            "declared": report.declared_percent if report.declared_percent is not None else 100,
            "earned": earned_percent(ms),
            "reported": reported_percent(ms),
            "target": project.target_value
            if project.target_value is not None
            else (_("not met") if met is False else "—"),
            "actual": project.actual_value if project.actual_value is not None else "—",
        }
        if state == CONTRADICTED:
            message = _(
                "%(project)s, %(period)s: declared %(declared)s %% complete, contradicted: earned "
                "%(earned)s %% from accepted milestones, %(reported)s %% reported completed; target "
                "%(target)s, actual %(actual)s."
            )
        else:
            message = _(
                "%(project)s, %(period)s: declared %(declared)s %% complete, not verified: %(reported)s %% "
                "of the milestones reported completed, %(earned)s %% accepted with evidence, and no "
                "measured target."
            )
        findings.append(
            finding_for(
                report,
                code="PRJ-UNSUPPORTED-COMPLETION",
                severity="error" if state == CONTRADICTED else "warning",
                message=message % values,
                completion=state,
                project=project.code,
            )
        )
    return findings


# -- printed figures and the seeds' own inconsistencies ----------------------------------------------

PRINTED_MESSAGE = gettext_noop(
    "%(doc)s table %(table)s, %(row)s / %(column)s%(where)s: printed %(printed)s, computed %(computed)s."
)
# Printed precision by unit: amounts in thousands or millions with one decimal, the rest whole.
DECIMALS = {"thousands": 1, "millions": 1}
# A whole figure the text gives as "about N" (A/65/491 ¶132, ¶160): compared with its parts' sum.
APPROXIMATE = "about"


Headings = tuple[dict[str, str], dict[str, str]]


def _computed_values(figure: PrintedCell) -> tuple[dict[tuple[str, str], Decimal] | None, Headings]:
    """Every keyed figure of the table a printed cell belongs to, in the printed cell's unit, and the
    table's row and column headings in the reader's language."""
    from lodestar.documents.tables import cell_headings, document_definition

    doc = document_definition(figure.document)
    definition = doc.tables.get(figure.table_number) if doc else None
    if definition is None:
        return None, ({}, {})
    data = definition.render(user=None, lang=data_code())
    values: dict[tuple[str, str], Decimal] = {}
    for row in data.rows:
        for cell in row.cells:
            key = getattr(cell, "key", None)
            if not key:
                continue
            value = Decimal(cell.value or 0)
            if cell.kind == "amount":
                value = value / numbers.SCALE.get(figure.unit, Decimal(1000))
            values[key] = value
    for key, value in getattr(data, "derived", {}).items():
        values[key] = value / numbers.SCALE[figure.unit] if figure.unit in numbers.SCALE else value
    return values, cell_headings(data)


@rule("PRJ-PRINTED")
def printed_differences() -> list[Finding]:
    """Every figure a portfolio document prints (in a table or in its text) that differs from the one
    computed from the stored facts; one unit in the last printed digit is "rounding"."""
    from lodestar.documents.tables import named_cell

    findings: list[Finding] = []
    cache: dict[tuple[str, str, str], tuple[dict | None, Headings]] = {}
    for figure in PrintedCell.objects.select_related("programme__entity"):
        key = (figure.document, figure.table_number, figure.unit)
        if key not in cache:
            cache[key] = _computed_values(figure)
        values, headings = cache[key]
        where = named_cell(headings, figure.row, figure.column)
        computed = None if values is None else values.get((figure.row, figure.column))
        if computed is None:
            findings.append(
                finding_for(
                    figure,
                    code="PRJ-PRINTED",
                    severity="warning",
                    message=_(
                        "%(doc)s %(table)s: no cell %(row)s/%(column)s in the table built from the facts."
                    )
                    % {"doc": figure.document, "table": figure.table_number, **where},
                    row=figure.row,
                    column=figure.column,
                    label=_figure_label(figure),
                )
            )
            continue
        decimals = DECIMALS.get(figure.unit, 0)
        outcome = numbers.compare_printed(computed, figure.value, decimals=decimals)
        if figure.unit == APPROXIMATE and outcome == "equal" and computed != figure.value:
            # "about 104" against 54.2 + 49.6 = 103.8: the text rounds what its parts add up to.
            outcome, decimals = "rounding", 1
        if outcome == "equal":
            continue
        findings.append(
            finding_for(
                figure,
                code="PRJ-PRINTED",
                severity="rounding" if outcome == "rounding" else "error",
                message=_(PRINTED_MESSAGE)
                % {
                    "doc": figure.document,
                    "table": figure.table_number,
                    **where,
                    "where": f" ({figure.where})" if figure.where else "",
                    "printed": f"{numbers.quantize(figure.value, decimals):f}",
                    "computed": f"{numbers.quantize(computed, decimals):f}",
                },
                printed=str(figure.value),
                computed=str(computed),
                table=figure.table_number,
                row=figure.row,
                column=figure.column,
                label=_figure_label(figure),
            )
        )
    return findings


@rule("PRJ-ANNEX-COUNT")
def listed_though_completed() -> list[Finding]:
    """A progress report that gives a status for more projects than its own count says remain, because
    it still lists projects it counts as completed and transitioned (A/73/384 annex II.C vs II.A)."""
    from .documents.annex_ii import Roll

    findings: list[Finding] = []
    documents = (
        StatusReport.objects.exclude(document="")
        .values_list("project__programme_id", "document")
        .distinct()
        .order_by()
    )
    for programme_id, document in sorted(set(documents), key=lambda x: (x[0] or 0, x[1])):
        programme = Programme.objects.filter(pk=programme_id).select_related("entity").first()
        if programme is None:
            continue
        roll = Roll(None, programme, document)
        stale = roll.listed_though_completed()
        remaining = roll.remaining.get(document)
        # Only where the report gives a status for more projects than remain: a report that lists fewer
        # (those it counts as completed) is not contradicting its own count.
        if not stale or remaining is None or len(roll.listed) <= remaining:
            continue
        findings.append(
            finding_for(
                programme,
                code="PRJ-ANNEX-COUNT",
                severity="warning",
                message=_(
                    "%(doc)s gives a status for %(listed)s projects while its count leaves %(remaining)s "
                    "remaining; listed although completed and transitioned: %(names)s."
                )
                % {
                    "doc": document,
                    "listed": len(roll.listed),
                    "remaining": remaining,
                    "names": ", ".join(f"{p.code} ({d})" for p, d in stale),
                },
                listed=len(roll.listed),
                remaining=remaining,
            )
        )
    return findings


@rule("PRJ-PHASE-COST")
def phase_costs_against_costs() -> list[Finding]:
    """The phase costs a document gives (in millions, e.g. A/65/491 ¶140-143) against the project's
    costs by object and biennium, at the phases' printed precision (0.1 million)."""
    findings: list[Finding] = []
    phases: dict[int, list[ProjectPhase]] = defaultdict(list)
    for phase in ProjectPhase.objects.filter(cost__isnull=False).select_related("project__entity"):
        phases[phase.project_id].append(phase)
    totals = dict(
        ProjectCost.objects.filter(project_id__in=phases)
        .values("project_id")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "total")
    )
    million = numbers.SCALE["millions"]
    for project_id, items in phases.items():
        if project_id not in totals:
            continue
        by_phase = Decimal(sum(p.cost for p in items)) / million
        by_object = Decimal(totals[project_id]) / million
        outcome = numbers.compare_printed(by_object, by_phase, decimals=1)
        if outcome == "equal":
            continue
        project = items[0].project
        findings.append(
            finding_for(
                project,
                code="PRJ-PHASE-COST",
                severity="rounding" if outcome == "rounding" else "error",
                message=_(
                    "%(project)s: the phases cost %(phases)s million, "
                    "the costs by object %(objects)s million."
                )
                % {
                    "project": project.code,
                    "phases": f"{numbers.quantize(by_phase, 1):f}",
                    "objects": f"{numbers.quantize(by_object, 1):f}",
                },
            )
        )
    return findings
