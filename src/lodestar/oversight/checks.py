"""Data-quality rules of the oversight register.

The "today" of ageing is the as-at date of the check run (core.checks.CheckContext): ``./lodestar
check --as-at 2018-12-31``, ``?as_at=`` on the findings page, else the default (``LODESTAR_AS_AT`` or
the real date) — so that a run reproduces the findings of a given day.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from lodestar.core import numbers
from lodestar.core.checks import CheckContext, Finding, finding_for, rule
from lodestar.core.languages import data_code

from . import analysis, spans
from .models import PrintedSummary, Recommendation, StatusUpdate
from .queries import facts_for


def _open_recommendations(today: datetime.date) -> list[tuple[Recommendation, analysis.RecFacts]]:
    recs = list(Recommendation.objects.select_related("report", "entity"))
    facts = facts_for(Recommendation.objects.all())
    return [(r, facts[r.pk]) for r in recs if facts[r.pk].is_open(today)]


def _figure_label(figure: Any) -> str:
    from lodestar.documents.tables import figure_label

    return figure_label(figure)


@rule("OVS-NO-TARGET")
def no_target_date(context: CheckContext) -> list[Finding]:
    """An open recommendation without a target date ("Ongoing" is not a date, A/73/384 annex III)."""
    findings = []
    for rec, fact in _open_recommendations(context.as_at):
        if fact.target is not None:
            continue
        printed = rec.tr("target_as_printed")
        findings.append(
            finding_for(
                rec,
                code="OVS-NO-TARGET",
                severity="warning",
                message=_("%(rec)s is open and has no target date (printed: %(printed)s).")
                % {"rec": rec.code, "printed": printed or "—"},
            )
        )
    return findings


@rule("OVS-PAST-TARGET")
def past_target_date(context: CheckContext) -> list[Finding]:
    today = context.as_at
    findings = []
    for rec, fact in _open_recommendations(today):
        if analysis.past_target(fact, today):
            findings.append(
                finding_for(
                    rec,
                    code="OVS-PAST-TARGET",
                    severity="warning",
                    message=_("%(rec)s is still open %(days)s days after its target date %(target)s.")
                    % {
                        "rec": rec.code,
                        "days": (today - fact.target).days,
                        "target": fact.target.isoformat(),
                    },
                    as_at=today.isoformat(),
                )
            )
    return findings


@rule("OVS-AGEING")
def ageing(context: CheckContext) -> list[Finding]:
    today = context.as_at
    findings = []
    for rec, fact in _open_recommendations(today):
        if analysis.aged(fact, today):
            findings.append(
                finding_for(
                    rec,
                    code="OVS-AGEING",
                    severity="warning",
                    message=_("%(rec)s has been open for more than two years (issued %(issued)s).")
                    % {"rec": rec.code, "issued": fact.issued.isoformat()},
                    as_at=today.isoformat(),
                )
            )
    return findings


@rule("OVS-ASSESSED-DIFFERS")
def assessed_differs() -> list[Finding]:
    """Validated updates where the oversight body's assessment differs from management's report:
    both are kept and shown (A/73/384 ¶6 against A/74/588 ¶4)."""
    findings = []
    updates = StatusUpdate.objects.filter(state=StatusUpdate.State.VALIDATED).exclude(assessed_status="")
    for update in updates.select_related("addressee__entity", "addressee__recommendation"):
        if update.reported_status and update.assessed_status != update.reported_status:
            findings.append(
                finding_for(
                    update,
                    code="OVS-ASSESSED-DIFFERS",
                    severity="warning",
                    message=_(
                        "%(rec)s, %(entity)s, as of %(date)s: management reports %(reported)s; the "
                        "oversight body assessed %(assessed)s."
                    )
                    % {
                        "rec": update.addressee.recommendation.code,
                        "entity": update.addressee.entity.acronym or update.addressee.entity.code,
                        "date": update.as_of.isoformat(),
                        "reported": update.get_reported_status_display(),
                        "assessed": update.get_assessed_status_display(),
                    },
                )
            )
    return findings


@rule("OVS-PRINTED")
def printed_summaries() -> list[Finding]:
    """Printed summary figures that differ from the counts computed from the register; one unit in
    the last printed digit is "rounding"."""
    from lodestar.documents.tables import cell_headings, document_definition, named_cell

    findings: list[Finding] = []
    cache: dict[tuple[str, str], dict] = {}
    headings: dict[tuple[str, str], tuple[dict[str, str], dict[str, str]]] = {}
    for figure in PrintedSummary.objects.all():
        key = (figure.document, figure.table_number)
        if key not in cache:
            doc = document_definition(figure.document)
            definition = doc.tables.get(figure.table_number) if doc else None
            cells: dict = {}
            headings[key] = ({}, {})
            if definition is not None:
                data = definition.render(user=None, lang=data_code())  # headings in the reader's language
                headings[key] = cell_headings(data)
                for row in data.rows:
                    for cell in row.cells:
                        if getattr(cell, "key", None):
                            cells[cell.key] = cell
            cache[key] = cells
        cell = cache[key].get((figure.row, figure.column))
        computed = Decimal(cell.value) if cell is not None and cell.value is not None else Decimal(0)
        decimals = 1 if figure.row == "percent" else 0
        outcome = numbers.compare_printed(computed, figure.value, decimals=decimals)
        if figure.row == "count" and computed != figure.value:
            outcome = "difference"  # counts of recommendations are exact: no rounding excuses them
        if outcome == "equal":
            continue
        findings.append(
            finding_for(
                figure,
                code="OVS-PRINTED",
                severity="rounding" if outcome == "rounding" else "error",
                message=_(
                    "%(doc)s %(table)s %(row)s/%(column)s: printed %(printed)s, computed from the register "
                    "%(computed)s."
                )
                % {
                    "doc": figure.document,
                    "table": figure.table_number,
                    **named_cell(headings[key], figure.row, figure.column),
                    "printed": f"{numbers.quantize(figure.value, decimals):f}",
                    "computed": f"{numbers.quantize(computed, decimals):f}",
                },
                printed=str(figure.value),
                computed=str(computed),
                row=figure.row,
                column=figure.column,
                label=_figure_label(figure),
            )
        )
    return findings


@rule("OVS-SPANS")
def spans_out_of_date(context: CheckContext) -> list[Finding]:
    """Status spans that differ from a recomputation from the validated updates: a write that went
    around the services (a hand-made SQL change, a restore of part of the tables). The dashboard
    counts the spans, so its figures for these recommendations are wrong until they are recomputed."""
    stale = spans.out_of_date()
    findings = []
    for rec in Recommendation.objects.filter(pk__in=stale).select_related("entity"):
        findings.append(
            finding_for(
                rec,
                code="OVS-SPANS",
                severity="error",
                message=_(
                    "The status of %(rec)s over time, as the dashboard counts it, differs from its validated "
                    "updates; recompute it with ./lodestar refresh_status_spans."
                )
                % {"rec": rec.code},
            )
        )
    return findings
