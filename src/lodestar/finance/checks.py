"""Data-quality rules of the budget: printed figures that differ from those computed from the facts,
and variance explanations that do not add up to the table lines."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.checks import Finding, finding_for, rule

from .models import ChangeExplanation, CostShare, PrintedFigure, ResourceChange

PRINTED_MESSAGE = gettext_noop(
    "%(doc)s table %(table)s, %(row)s / %(column)s: printed %(printed)s, computed %(computed)s."
)
RECONCILE_MESSAGE = gettext_noop(
    "¶%(para)s %(what)s: the explanations add to %(explained)s thousand, the table shows %(table)s."
)


def _cell_value(cell: object, kind: str, unit: str = "thousands") -> Decimal | None:
    value = getattr(cell, "value", None)
    if value is None or value == "":
        return None
    if kind == "amount":
        return Decimal(value) / numbers.SCALE.get(unit, Decimal(1000))
    return Decimal(value)


@rule("FIN-PRINTED")
def printed_differences() -> list[Finding]:
    """Every figure a budget document prints that differs from the one computed from the stored facts;
    a difference of one unit in the last printed digit is "rounding"."""
    from lodestar.documents.tables import documents

    findings: list[Finding] = []
    cache: dict[tuple[str, str], dict] = {}
    for figure in PrintedFigure.objects.select_related("section__entity"):
        key = (figure.document, figure.table_number)
        if key not in cache:
            doc = documents.get(figure.document)
            definition = doc.tables.get(figure.table_number) if doc else None
            cells: dict = {}
            if definition is not None:
                data = definition.render(user=None, lang="en")
                for row in data.rows:
                    for cell in row.cells:
                        if getattr(cell, "key", None):
                            cells[cell.key] = cell
            cache[key] = cells
        cell = cache[key].get((figure.row, figure.column))
        if cell is None:
            findings.append(
                finding_for(
                    figure,
                    code="FIN-PRINTED",
                    severity="warning",
                    message=_("%(table)s: no such cell %(row)s/%(column)s in the table built from the facts.")
                    % {"table": figure.table_number, "row": figure.row, "column": figure.column},
                )
            )
            continue
        decimals = 0 if cell.kind == "count" else 1
        computed = _cell_value(cell, cell.kind, figure.unit) or Decimal(0)
        outcome = numbers.compare_printed(computed, figure.value, decimals=decimals)
        if outcome == "equal":
            continue
        findings.append(
            finding_for(
                figure,
                code="FIN-PRINTED",
                severity="rounding" if outcome == "rounding" else "error",
                message=_(PRINTED_MESSAGE)
                % {
                    "doc": figure.document,
                    "table": figure.table_number,
                    "row": figure.row,
                    "column": figure.column,
                    "printed": f"{figure.value:f}",
                    "computed": f"{numbers.quantize(computed, decimals):f}",
                },
                printed=str(figure.value),
                computed=str(computed),
                table=figure.table_number,
            )
        )
    return findings


def reconciliation() -> list[tuple[ChangeExplanation, int, int]]:
    """(first explanation of a line, explained sum, table sum) for every (section, component, object,
    factor) line the narrative explains."""
    groups: dict[tuple, list[ChangeExplanation]] = defaultdict(list)
    for e in ChangeExplanation.objects.filter(reconcile=True).select_related("section__entity"):
        groups[(e.section_id, e.component_id, e.object_id, e.factor)].append(e)
    changes = list(
        ResourceChange.objects.values_list("section_id", "component_id", "object_id", "factor", "amount")
    )
    lines = []
    for (section, component, obj, factor), items in groups.items():
        table = sum(
            amount
            for s, c, o, f, amount in changes
            if s == section
            and (component is None or c == component)
            and (obj is None or o == obj)
            and (not factor or f == factor)
        )
        lines.append((items[0], sum(e.amount for e in items), table))
    return lines


@rule("FIN-RECONCILE")
def unreconciled_explanations() -> list[Finding]:
    """Variance explanations whose amounts do not add up to the table line they explain."""
    findings = []
    for first, explained, table in reconciliation():
        if explained == table:
            continue
        diff = Decimal(explained - table) / 1000
        findings.append(
            finding_for(
                first,
                code="FIN-RECONCILE",
                severity="error",
                message=_(RECONCILE_MESSAGE)
                % {
                    "para": first.paragraph,
                    "what": " ".join(
                        str(x)
                        for x in (first.component or "", first.object or "", first.get_factor_display())
                        if x
                    ),
                    "explained": numbers.format_amount(explained),
                    "table": numbers.format_amount(table),
                },
                explained=explained,
                table=table,
                difference=str(diff),
            )
        )
    return findings


@rule("FIN-COSTSHARE")
def cost_shares_add_to_100() -> list[Finding]:
    """The shares of a cost-sharing formula add to 100 per cent."""
    formulas: dict[str, list[CostShare]] = defaultdict(list)
    for share in CostShare.objects.all():
        formulas[share.formula].append(share)
    return [
        finding_for(
            shares[0],
            code="FIN-COSTSHARE",
            message=_("Cost-sharing formula %(formula)s adds to %(total)s per cent, not 100.")
            % {"formula": formula, "total": f"{sum(s.share for s in shares):f}"},
        )
        for formula, shares in sorted(formulas.items())
        if sum(s.share for s in shares) != 100
    ]
