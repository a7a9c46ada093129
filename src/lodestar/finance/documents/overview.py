"""ICT resources by period and funding source, with the share of the total budget (A/73/384 annex I)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.translation import text
from lodestar.documents.tables import Cell, Row, TableData, printed

from ..models import (
    BudgetFact,
    BudgetSection,
)
from .common import (
    FinCell,
    _scoped,
    printed_as_value,
    printed_figures,
)

# -- ICT resources by period and funding source, with the share of the total budget -------------

Key = tuple[str, str]
Derivation = Callable[[str, str], tuple[tuple[Key, ...], Callable[[list[Any]], Any] | None]]


def _sum(values: list[Any]) -> Any:
    return sum(values)


def _across(main: list[str], project: str, years: Decimal | None) -> Derivation:
    """A line's total is the sum of its main sources, the total including the project adds it, and
    the amounts per year divide those by the years of the period."""

    def derive(row: str, col: str) -> tuple[tuple[Key, ...], Callable[[list[Any]], Any] | None]:
        if col == "total":
            return tuple((row, c) for c in main), _sum
        if col == "total_incl":
            return ((row, "total"), (row, project)), _sum
        if col in ("per_year", "per_year_incl") and years:
            source = "total" if col == "per_year" else "total_incl"
            return ((row, source),), lambda v: Decimal(v[0]) / years
        return (), None

    return derive


def _down(periods: list[str]) -> Derivation:
    """The total line adds the periods column by column (its amounts per year too, as printed)."""

    def derive(row: str, col: str) -> tuple[tuple[Key, ...], Callable[[list[Any]], Any] | None]:
        return tuple((p, col) for p in periods), _sum

    return derive


def _share(last: str) -> Derivation:
    """The share of the total budget: the last period's ICT resources over its budget."""

    def derive(row: str, col: str) -> tuple[tuple[Key, ...], Callable[[list[Any]], Any] | None]:
        return ((last, col), ("budget", col)), lambda v: numbers.percent_value(v[0], v[1])

    return derive


def ict_overview(
    user: Any,
    lang: str,
    symbol: str,
    number: str,
    code: str,
    title: dict,
    project: str = "UMOJA",
    year: int | None = None,
) -> TableData:
    """Rows: periods, their total, the total budget of the last period and the ICT share of it;
    columns: the funding sources, their total, the project source, the total including it and the
    amounts per year. Everything but the facts is computed."""
    section = _scoped(BudgetSection, user).filter(code=code).first()
    facts = []
    if section is not None:
        facts = list(
            _scoped(BudgetFact, user)
            .filter(section=section)
            .values_list(
                "funding_source__code",
                "funding_source__name",
                "funding_source__order",
                "period__code",
                "period__start",
                "period__end",
                "measure",
                "amount",
            )
        )
    figures = printed_figures(user, symbol, number)
    names = {f[0]: (f[2], f[1]) for f in facts}
    main = sorted((c for c in names if c != project), key=lambda c: (names[c][0], c))
    periods = sorted({(f[4], f[3], f[5]) for f in facts if f[6] == "ict"})
    ict = defaultdict(int)
    budget = defaultdict(int)
    for src, _n, _o, period, _s, _e, measure, amount in facts:
        (ict if measure == "ict" else budget)[(period, src)] += amount

    def line(values: dict[str, int], years: Decimal | None) -> dict[str, Any]:
        out: dict[str, Any] = {c: values.get(c, 0) for c in main}
        out["total"] = sum(out[c] for c in main)
        out[project] = values.get(project, 0)
        out["total_incl"] = out["total"] + out[project]
        if years:
            out["per_year"] = Decimal(out["total"]) / years
            out["per_year_incl"] = Decimal(out["total_incl"]) / years
        return out

    columns = [*main, "total", project, "total_incl", "per_year", "per_year_incl"]

    def cells(
        values: dict[str, Any], row_key: str, kind: str = "amount", derivation: Derivation | None = None
    ) -> list[Cell]:
        result: list[Cell] = []
        for col in columns:
            if col not in values:
                result.append(Cell(""))
                continue
            inputs, formula = (derivation or _across(main, project, None))(row_key, col)
            cell = FinCell(value=values[col], kind=kind, key=(row_key, col), inputs=inputs, formula=formula)
            figure = figures.get((row_key, col))
            if figure is not None:
                shown = printed_as_value(figure, "percent" if figure.unit == "percent" else kind)
                if shown != values[col]:
                    cell.printed_value = shown
            result.append(cell)
        return result

    rows = []
    grand: dict[str, int] = defaultdict(int)
    per_year = {"per_year": Decimal(0), "per_year_incl": Decimal(0)}
    for start, period, end in periods:
        values = {src: ict[(period, src)] for src in names}
        for src, amount in values.items():
            grand[src] += amount
        years = Decimal(end.year - start.year + 1)
        row = line(values, years)
        for key in per_year:  # the total's "per year" is the sum of the periods' (as printed)
            per_year[key] += row[key]
        rows.append(Row(period, cells(row, period, derivation=_across(main, project, years))))
    if periods:
        total_line = {**line(grand, None), **per_year}
        rows.append(
            Row(
                printed(
                    {"en": gettext_noop("Total ICT resources {start}-{end}")},
                    lang,
                    start=periods[0][0].year,
                    end=periods[-1][2].year,
                ),
                cells(total_line, "total", derivation=_down([p[1] for p in periods])),
                style="total",
            )
        )
        last = periods[-1][1]
        budget_line = line({src: budget[(last, src)] for src in names}, None)
        rows.append(
            Row(
                printed({"en": gettext_noop("Total budget {period}")}, lang, period=last),
                cells(budget_line, "budget"),
            )
        )
        ict_line = line({src: ict[(last, src)] for src in names}, None)
        share = {c: numbers.percent_value(ict_line[c], budget_line[c]) for c in budget_line}
        rows.append(
            Row(
                printed({"en": gettext_noop("ICT resources as % of total budget")}, lang),
                cells(share, "share", kind="percent", derivation=_share(last)),
            )
        )
    # The funding sources' names from the organisation's vocabulary, in the document's language.
    labels = {c: text(names[c][1], lang) or c for c in names}
    return TableData(
        title=f"{number}. {printed(title, lang)}",
        columns=[
            printed({"en": gettext_noop("Biennium")}, lang),
            *(labels[c] for c in main),
            printed({"en": gettext_noop("Total"), "zh": "共计"}, lang),
            labels.get(project, project),
            printed(
                {"en": gettext_noop("Total incl. {project}")}, lang, project=labels.get(project, project)
            ),
            printed(
                {"en": gettext_noop("Per year, excl. {project}")}, lang, project=labels.get(project, project)
            ),
            printed(
                {"en": gettext_noop("Per year, incl. {project}")}, lang, project=labels.get(project, project)
            ),
        ],
        rows=rows,
        unit_line=printed(
            {"en": gettext_noop("(Millions of United States dollars)"), "zh": "(单位：百万美元)"}, lang
        ),
        unit="millions",
    )
