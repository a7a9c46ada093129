"""Data-quality rules of the budget: printed figures that differ from those computed from the facts,
and variance explanations that do not add up to the table lines."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.checks import Finding, finding_for, rule
from lodestar.core.languages import data_code

from .models import (
    BudgetFact,
    BudgetSection,
    ChangeExplanation,
    CostShare,
    ObjectOfExpenditure,
    Post,
    PostAction,
    PrintedFigure,
    ResourceChange,
)

PRINTED_MESSAGE = gettext_noop(
    "%(doc)s table %(table)s, %(row)s / %(column)s: printed %(printed)s, computed %(computed)s."
)
RECONCILE_MESSAGE = gettext_noop(
    "¶%(para)s %(what)s: the explanations add to %(explained)s thousand, the table shows %(table)s."
)
PARAGRAPH_MESSAGE = gettext_noop(
    "¶%(para)s %(what)s: the items add to %(explained)s thousand, the paragraph gives %(table)s."
)
UNEXPLAINED_MESSAGE = gettext_noop(
    "%(object)s, %(factor)s: the table shows %(table)s thousand that no paragraph explains "
    "(the narrative explains this factor object by object, e.g. ¶%(para)s)."
)


def _cell_value(cell: object, kind: str, unit: str = "thousands") -> Decimal | None:
    value = getattr(cell, "value", None)
    if value is None or value == "":
        return None
    if kind == "amount":
        return Decimal(value) / numbers.SCALE.get(unit, Decimal(1000))
    return Decimal(value)


def _figure_label(figure: Any) -> str:
    from lodestar.documents.tables import figure_label

    return figure_label(figure)


@rule("FIN-PRINTED")
def printed_differences() -> list[Finding]:
    """Every figure a budget document prints that differs from the one computed from the stored facts;
    a difference of one unit in the last printed digit is "rounding" (never for counts of posts or
    people, which are exact). A figure that is computed from others and agrees with what the printed
    values of those others give differs only because one of them does: its finding names that one's
    as its root cause (``data["root_cause"]``), so that one error in a table reads as one."""
    from lodestar.documents.tables import cell_headings, document_definition, named_cell

    findings: list[Finding] = []
    cache: dict[tuple[str, str], dict] = {}
    headings: dict[tuple[str, str], tuple[dict[str, str], dict[str, str]]] = {}
    differing: dict[tuple[str, str], dict[tuple[str, str], tuple[Finding, PrintedFigure]]] = defaultdict(dict)
    for figure in PrintedFigure.objects.select_related("section__entity"):
        key = (figure.document, figure.table_number)
        if key not in cache:
            doc = document_definition(figure.document)
            definition = doc.tables.get(figure.table_number) if doc else None
            cells: dict = {}
            headings[key] = ({}, {})
            if definition is not None:
                # In the reader's language: the finding names the row and column as the table prints them.
                data = definition.render(user=None, lang=data_code())
                headings[key] = cell_headings(data)
                for row in data.rows:
                    for cell in row.cells:
                        if getattr(cell, "key", None):
                            cells[cell.key] = cell
            cache[key] = cells
        cell = cache[key].get((figure.row, figure.column))
        where = named_cell(headings[key], figure.row, figure.column)
        if cell is None:
            findings.append(
                finding_for(
                    figure,
                    code="FIN-PRINTED",
                    severity="warning",
                    message=_("%(table)s: no such cell %(row)s/%(column)s in the table built from the facts.")
                    % {"table": figure.table_number, **where},
                    row=figure.row,
                    column=figure.column,
                    label=_figure_label(figure),
                )
            )
            continue
        decimals = 0 if cell.kind == "count" else 1
        computed = _cell_value(cell, cell.kind, figure.unit) or Decimal(0)
        outcome = numbers.compare_printed(computed, figure.value, decimals=decimals)
        if outcome == "rounding" and figure.unit == "count":
            outcome = "difference"  # a number of posts or people is exact: it is never rounded
        if outcome == "equal":
            continue
        found = finding_for(
            figure,
            code="FIN-PRINTED",
            severity="rounding" if outcome == "rounding" else "error",
            message=_(PRINTED_MESSAGE)
            % {
                "doc": figure.document,
                "table": figure.table_number,
                **where,
                "printed": f"{figure.value:f}",
                "computed": f"{numbers.quantize(computed, decimals):f}",
            },
            printed=str(figure.value),
            computed=str(computed),
            table=figure.table_number,
            row=figure.row,
            column=figure.column,
            label=_figure_label(figure),
            key=f"FIN-PRINTED {figure.document} {figure.table_number} {figure.row}/{figure.column}",
        )
        differing[key][(figure.row, figure.column)] = (found, figure)
        findings.append(found)
    for key, table_findings in differing.items():
        _name_root_causes(cache[key], table_findings)
    return findings


def _name_root_causes(cells: dict, differing: dict[tuple[str, str], tuple[Finding, PrintedFigure]]) -> None:
    """Mark each differing figure whose printed value is what its inputs' printed values give (and
    one of those inputs differs) as derived from that input's root: the first differing input (an
    error before a rounding), or the root that input itself follows from."""
    derived_from: dict[tuple[str, str], tuple[str, str]] = {}
    for cell_key, (_found, figure) in differing.items():
        cell = cells[cell_key]
        # an input that is wrong outweighs one that is only rounded
        causes = sorted(
            (k for k in cell.inputs if k in differing), key=lambda k: differing[k][0].severity != "error"
        )
        if not causes or cell.formula is None:
            continue
        values = [_shown(cells[k]) for k in cell.inputs if k in cells]
        if len(values) != len(cell.inputs) or any(v is None for v in values):
            continue
        again = _cell_value(type(cell)(value=cell.formula(values), kind=cell.kind), cell.kind, figure.unit)
        if again is None:
            continue
        decimals = 0 if cell.kind == "count" else 1
        if numbers.compare_printed(again, figure.value, decimals=decimals) != "difference":
            derived_from[cell_key] = causes[0]
    for cell_key, cause in derived_from.items():
        seen = {cell_key}
        while cause in derived_from and cause not in seen:  # follow to the figure that is its own cause
            seen.add(cause)
            cause = derived_from[cause]
        differing[cell_key][0].data["root_cause"] = differing[cause][0].data["key"]


def _shown(cell: object) -> Any:
    """The value a document shows for a cell: the printed one where it differs, else the computed."""
    printed = getattr(cell, "printed_value", None)
    return printed if printed is not None else getattr(cell, "value", None)


Line = tuple[int, int | None, int | None, int | None, str]  # section, source, component, object, factor


class TableChanges:
    """The changes the tables show, read once: regular-budget changes by factor (ResourceChange),
    and for the other sources the proposal less the previous estimate (BudgetFact)."""

    def __init__(self) -> None:
        self.changes = list(
            ResourceChange.objects.values_list(
                "section_id", "funding_source_id", "component_id", "object_id", "factor", "amount"
            )
        )
        years = dict(BudgetSection.objects.values_list("pk", "budget_year"))
        self.estimates: dict[tuple[int, int, int | None], int] = defaultdict(int)
        facts = BudgetFact.objects.filter(
            measure="ict", stage__in=("estimate", "appropriation", "approved", "proposed", "before_recosting")
        ).values_list("section_id", "funding_source_id", "component_id", "period__code", "stage", "amount")
        for section, source, component, period, stage, amount in facts:
            year = years.get(section)
            if period == str(year) and stage in ("estimate", "proposed", "before_recosting"):
                self.estimates[(section, source, component)] += amount
            elif year and period == str(year - 1):
                self.estimates[(section, source, component)] -= amount

    def value(self, line: Line) -> int:
        section, source, component, obj, factor = line
        mine = [c for c in self.changes if c[0] == section and (source is None or c[1] == source)]
        if source is not None and not mine:  # a source without changes by factor: the estimates
            return sum(
                amount
                for (s, src, c), amount in self.estimates.items()
                if s == section and src == source and (component is None or c == component)
            )
        return sum(
            amount
            for _s, _src, c, o, f, amount in mine
            if (component is None or c == component)
            and (obj is None or o == obj)
            and (not factor or f == factor)
        )


def reconciliation() -> list[tuple[ChangeExplanation, int, int, str]]:
    """(first explanation of a line, explained sum, compared sum, against) for every line the
    narrative explains; ``against`` is "table", or "paragraph" where the items of a paragraph are
    compared with the paragraph's own amount.

    A paragraph naming a component and an object is a detail: over all components it explains the
    object's line (as table 29C.13 prints it), and the details of one component add to the
    component's paragraph (29C.64 (a)) or, where there is none, to the component's line."""
    lines: dict[Line, list[ChangeExplanation]] = defaultdict(list)
    details: dict[Line, list[ChangeExplanation]] = defaultdict(list)
    for e in ChangeExplanation.objects.filter(reconcile=True).select_related(
        "section__entity", "component", "object"
    ):
        key = (e.section_id, e.funding_source_id, e.component_id, e.object_id, e.factor)
        if e.component_id and e.object_id:
            lines[(e.section_id, e.funding_source_id, None, e.object_id, e.factor)].append(e)
            details[(e.section_id, e.funding_source_id, e.component_id, None, e.factor)].append(e)
        else:
            lines[key].append(e)
    tables = TableChanges()
    result = []
    for line, items in lines.items():
        result.append((items[0], sum(e.amount for e in items), tables.value(line), "table"))
    for line, items in details.items():
        paragraph = lines.get(line)
        if paragraph:
            result.append(
                (items[0], sum(e.amount for e in items), sum(e.amount for e in paragraph), "paragraph")
            )
        else:
            result.append((items[0], sum(e.amount for e in items), tables.value(line), "table"))
    return result


def unexplained_objects() -> list[tuple[ChangeExplanation, int, int]]:
    """(an explanation of the factor, object id, table change) for each object whose change the
    table shows under a factor the narrative explains object by object, but no paragraph explains."""
    explained: dict[tuple[int, str], set[int]] = defaultdict(set)
    first: dict[tuple[int, str], ChangeExplanation] = {}
    for e in ChangeExplanation.objects.filter(reconcile=True, object__isnull=False).select_related(
        "section__entity"
    ):
        explained[(e.section_id, e.factor)].add(e.object_id)
        first.setdefault((e.section_id, e.factor), e)
    totals: dict[tuple[int, str, int], int] = defaultdict(int)
    for section, _src, _c, obj, factor, amount in TableChanges().changes:
        if obj is not None and (section, factor) in explained:
            totals[(section, factor, obj)] += amount
    return [
        (first[(section, factor)], obj, amount)
        for (section, factor, obj), amount in sorted(totals.items())
        if amount and obj not in explained[(section, factor)]
    ]


def _what(e: ChangeExplanation, *, component: bool = True, obj: bool = True) -> str:
    parts = [
        e.funding_source if e.funding_source_id else "",
        e.component if component and e.component_id else "",
        e.object if obj and e.object_id else "",
        e.get_factor_display() if e.factor else "",
    ]
    return " ".join(str(x) for x in parts if x)


@rule("FIN-RECONCILE")
def unreconciled_explanations() -> list[Finding]:
    """Variance explanations whose amounts do not add up to the table line (or to the paragraph)
    they explain, and object lines of an explained factor that no paragraph explains."""
    findings = []
    for first, explained, table, against in reconciliation():
        if explained == table:
            continue
        diff = Decimal(explained - table) / 1000
        detail = first.component_id and first.object_id
        if against == "paragraph":
            message = _(PARAGRAPH_MESSAGE) % {
                "para": first.paragraph,
                "what": _what(first, obj=False),
                "explained": numbers.format_amount(explained),
                "table": numbers.format_amount(table),
            }
        else:
            message = _(RECONCILE_MESSAGE) % {
                "para": first.paragraph,
                "what": _what(first, component=not detail),
                "explained": numbers.format_amount(explained),
                "table": numbers.format_amount(table),
            }
        findings.append(
            finding_for(
                first,
                code="FIN-RECONCILE",
                severity="error",
                message=message,
                explained=explained,
                table=table,
                against=against,
                difference=str(diff),
            )
        )
    objects = {o.pk: o for o in ObjectOfExpenditure.objects.all()}
    for first, obj, amount in unexplained_objects():
        findings.append(
            finding_for(
                first,
                code="FIN-RECONCILE",
                severity="error",
                message=_(UNEXPLAINED_MESSAGE)
                % {
                    "object": objects[obj],
                    "factor": first.get_factor_display(),
                    "table": numbers.format_amount(amount),
                    "para": first.paragraph,
                },
                explained=0,
                table=amount,
                against="table",
                difference=str(Decimal(-amount) / 1000),
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


POSTS_MESSAGE = gettext_noop(
    "%(section)s %(period)s, %(grade)s: the posts change by %(change)s, the new, abolished and "
    "converted posts add to %(actions)s."
)


def post_changes() -> list[tuple[PostAction, str, str, int, int]]:
    """(an action of the period, period, grade, change in the posts table, sum of the actions) where
    the two differ. The change of a period is its proposed posts less its approved ones, or, with no
    approved posts, less the proposed posts of the period before. Redeployments move posts inside
    the section and are left out."""
    posts: dict[tuple[int, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    starts: dict[str, Any] = {}
    for section, period, start, stage, grade, count in Post.objects.values_list(
        "section_id", "period__code", "period__start", "stage", "grade", "count"
    ):
        posts[(section, period, stage)][grade] += count
        starts[period] = start
    actions: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    first: dict[tuple[int, str], PostAction] = {}
    for action in PostAction.objects.exclude(action=PostAction.Action.REDEPLOYED).select_related(
        "section__entity", "section", "period"
    ):
        actions[(action.section_id, action.period.code)][action.grade] += action.count
        first.setdefault((action.section_id, action.period.code), action)
    result = []
    for (section, period), by_grade in sorted(actions.items()):
        after = posts.get((section, period, "proposed"))
        before = posts.get((section, period, "approved"))
        if before is None:
            earlier = sorted(
                (starts[p], p)
                for (s, p, st) in posts
                if s == section and st == "proposed" and starts[p] < starts[period]
            )
            before = posts.get((section, earlier[-1][1], "proposed")) if earlier else None
        if after is None or before is None:
            continue  # the document gives no posts table to compare with
        for grade in sorted(set(after) | set(before) | set(by_grade)):
            change = after.get(grade, 0) - before.get(grade, 0)
            if change != by_grade.get(grade, 0):
                result.append((first[(section, period)], period, grade, change, by_grade.get(grade, 0)))
    return result


@rule("FIN-POSTS")
def post_actions_match_the_posts() -> list[Finding]:
    """New, abolished and converted posts add up, grade by grade, to the change of the posts table."""
    return [
        finding_for(
            action,
            code="FIN-POSTS",
            severity="error",
            message=_(POSTS_MESSAGE)
            % {
                "section": action.section.code,
                "period": period,
                "grade": grade or "—",
                "change": change,
                "actions": total,
            },
            change=change,
            actions=total,
        )
        for action, period, grade, change, total in post_changes()
    ]
