"""The printed budget tables, built from the stored facts: one set of definitions for any section.

A section's tables are bound to the budget-section document type (sect29c.py) with numbers relative to
the record's prefix: A/78/6 (Sect. 29C) gets 29C.13-29C.23, another section its own. Totals, subtotals,
changes, percentages and proposals are computed; a figure the document prints differently
(``PrintedFigure``) is kept as the cell's ``printed_value`` and listed by the check FIN-PRINTED."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.documents.tables import Cell, Row, TableData, printed
from lodestar.documents.types import Context

from ..models import (
    BudgetComponent,
)
from .common import (
    FACTORS,
    MONEY_COLUMNS,
    POST_COLUMNS,
    FinCell,
    _blank,
    _cells,
    _title,
    component_label,
    money_headers,
    post_headers,
    printed_figures,
    section_of,
    t,
)
from .overview import ict_overview

# -- the table builders ---------------------------------------------------------------------------


def by_object(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, year: int | None = None
) -> TableData:
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    regular = data.regular
    used = {f[2] for f in data.facts if f[1] == regular and f[2]} | {
        c[2] for c in data.changes if c[1] == regular and c[2]
    }
    rows = []
    for obj in sorted((data.objects[pk] for pk in used), key=lambda o: (o.order, o.code)):
        values = data.money(regular, objects={obj.pk})
        rows.append(Row(obj.tr("name", lang), _cells(values, MONEY_COLUMNS, obj.code, "amount", figures)))
    rows.append(
        Row(
            t("total", lang),
            _cells(data.money(regular), MONEY_COLUMNS, "total", "amount", figures),
            style="total",
        )
    )
    return TableData(
        title=_title(number, title, lang),
        columns=[t("object", lang), *money_headers(data, lang)],
        rows=rows,
        unit_line=t("thousands", lang),
    )


def posts_summary(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, year: int | None = None
) -> TableData:
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    _e, base_year, year = data.years

    def details(column: str) -> str:
        parts = []
        for grade in data.grades:
            n = data.post_counts(data.regular, grade=grade)[column]
            if n:
                parts.append(f"{n} {grade}")
        return ", ".join(parts)

    counts = data.post_counts(data.regular)
    changes = counts["total"]
    rows = [
        Row(
            printed({"en": gettext_noop("Approved for {year}"), "zh": "{year} 年核定"}, lang, year=base_year),
            [FinCell(counts["appr"], "count", key=("approved", "number")), Cell(details("appr"))],
        ),
        Row(
            printed({"en": gettext_noop("Post changes"), "zh": "员额变动"}, lang),
            [FinCell(changes, "count", key=("changes", "number")), Cell(details("total") or "—")],
        ),
        Row(
            printed({"en": gettext_noop("Proposed for {year}"), "zh": "{year} 年拟议"}, lang, year=year),
            [FinCell(counts["est"], "count", key=("proposed", "number")), Cell(details("est"))],
        ),
    ]
    for row in rows:
        figure = figures.get(row.cells[0].key)
        if figure is not None and int(figure.value) != row.cells[0].value:
            row.cells[0].printed_value = int(figure.value)
    return TableData(
        title=_title(number, title, lang),
        columns=[
            "",
            printed({"en": gettext_noop("Number"), "zh": "数目"}, lang),
            printed({"en": gettext_noop("Details"), "zh": "详情"}, lang),
        ],
        rows=rows,
        unit_line=t("posts_unit", lang),
        unit="units",
    )


def posts_by_grade(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, year: int | None = None
) -> TableData:
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    rows = []
    regular = data.regular
    for category in data.categories:
        grades = [
            g
            for g in data.grades_in(category)
            if any(p[3] == g and p[2] == category and p[1] == regular for p in data.posts)
        ]
        if not grades:
            continue
        rows.append(Row(data.category_label(category, lang), _blank(len(POST_COLUMNS)), style="heading"))
        for grade in grades:
            values = data.post_counts(regular, category=category, grade=grade)
            rows.append(Row(grade, _cells(values, POST_COLUMNS, grade, "count", figures), level=1))
        values = data.post_counts(regular, category=category)
        rows.append(
            Row(
                t("subtotal", lang),
                _cells(values, POST_COLUMNS, f"subtotal-{category}", "count", figures),
                style="subtotal",
            )
        )
    rows.append(
        Row(
            t("total", lang),
            _cells(data.post_counts(regular), POST_COLUMNS, "total", "count", figures),
            style="total",
        )
    )
    return TableData(
        title=_title(number, title, lang),
        columns=[t("category_grade", lang), *post_headers(data, lang)],
        rows=rows,
        unit_line=t("posts_unit", lang),
        unit="units",
    )


def _source_label(data: Any, code: str, n: int, lang: str) -> str:
    """ "(n) label": n is the source's place among the section's sources in the organisation's order,
    the same in the money and the post tables; its subtotal says the same n."""
    return f"({n}) {data.source_label(code, lang)}"


def by_source_money(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, year: int | None = None
) -> TableData:
    """By source of funding, component and subprogramme. Regular budget with the factor columns;
    other sources with a single change (their factor columns left blank, as printed)."""
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    rows: list[Row] = []
    grand: dict[str, Any] = defaultdict(int)
    for n, source in enumerate(data.sources, start=1):
        if not any(f[1] == source for f in data.facts):
            continue
        columns = MONEY_COLUMNS
        rows.append(Row(_source_label(data, source, n, lang), _blank(len(columns)), style="heading"))
        programme = {c.pk for c in data.components if c.part == BudgetComponent.Part.PROGRAMME}
        for c in data.components:
            if (
                c.part == BudgetComponent.Part.PROGRAMME
                and c.pk
                == min(
                    (x for x in data.components if x.part == BudgetComponent.Part.PROGRAMME),
                    key=lambda x: (x.order, x.code),
                ).pk
            ):
                rows.append(Row(t("programme", lang), _blank(len(columns)), style="heading"))
            values = data.money(source, components={c.pk})
            rows.append(
                Row(
                    component_label(c, lang),
                    _source_cells(values, source != data.regular, f"{source}:{c.code}", figures),
                    level=1,
                )
            )
            if (
                c.part == BudgetComponent.Part.PROGRAMME
                and c.pk
                == max(
                    (x for x in data.components if x.part == BudgetComponent.Part.PROGRAMME),
                    key=lambda x: (x.order, x.code),
                ).pk
            ):
                values = data.money(source, components=programme)
                rows.append(
                    Row(
                        t("subtotal_b", lang),
                        _source_cells(values, source != data.regular, f"{source}:subtotal-B", figures),
                        style="subtotal",
                    )
                )
        values = data.money(source)
        for key in ("exp", "appr", "total", "est"):
            grand[key] += values.get(key, 0)
        rows.append(
            Row(
                f"{t('subtotal', lang)}, {n}",
                _source_cells(values, source != data.regular, f"{source}:subtotal", figures),
                style="subtotal",
            )
        )
    grand["pct"] = numbers.percent_value(grand["total"], grand["appr"]) or Decimal(0)
    rows.append(Row(t("total", lang), _source_cells(dict(grand), True, "total", figures), style="total"))
    return TableData(
        title=_title(number, title, lang),
        columns=[t("component", lang), *money_headers(data, lang)],
        rows=rows,
        unit_line=t("thousands", lang),
    )


def _source_cells(values: dict[str, Any], single_change: bool, row_key: str, figures: dict) -> list[Cell]:
    cells = _cells(values, MONEY_COLUMNS, row_key, "amount", figures)
    if single_change:  # one "Change" column: the factor columns are printed for the regular budget only
        for i in (2, 3, 4):
            cells[i] = Cell("")
    return cells


def by_source_posts(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, year: int | None = None
) -> TableData:
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    rows: list[Row] = []
    for n, source in enumerate(data.sources, start=1):
        mine = [p for p in data.posts if p[1] == source]
        if not mine:
            continue
        rows.append(Row(_source_label(data, source, n, lang), _blank(len(POST_COLUMNS)), style="heading"))
        with_posts = {p[0] for p in mine}
        programme = {c.pk for c in data.components if c.part == BudgetComponent.Part.PROGRAMME}
        for c in data.components:
            if source != data.regular and c.pk not in with_posts and c.part != BudgetComponent.Part.PROGRAMME:
                continue
            values = data.post_counts(source, components={c.pk})
            label = component_label(c, lang)
            if c.part == BudgetComponent.Part.PROGRAMME:
                label = f"B.{c.number} {c.tr('title', lang)}"
            rows.append(
                Row(
                    label, _post_cells(values, source != data.regular, f"{source}:{c.code}", figures), level=1
                )
            )
        rows.append(
            Row(
                t("subtotal_b", lang),
                _post_cells(
                    data.post_counts(source, components=programme),
                    source != data.regular,
                    f"{source}:subtotal-B",
                    figures,
                ),
                style="subtotal",
            )
        )
        rows.append(
            Row(
                f"{t('subtotal', lang)}, {n}",
                _post_cells(data.post_counts(source), source != data.regular, f"{source}:subtotal", figures),
                style="subtotal",
            )
        )
    rows.append(
        Row(t("total", lang), _post_cells(data.post_counts(None), True, "total", figures), style="total")
    )
    return TableData(
        title=_title(number, title, lang),
        columns=[t("component", lang), *post_headers(data, lang)],
        rows=rows,
        unit_line=t("posts_unit", lang),
        unit="units",
    )


def _post_cells(values: dict[str, Any], single_change: bool, row_key: str, figures: dict) -> list[Cell]:
    cells = _cells(values, POST_COLUMNS, row_key, "count", figures)
    if single_change:
        for i in (1, 2, 3):
            cells[i] = Cell("")
    return cells


def evolution(
    user: Any,
    lang: str,
    symbol: str,
    number: str,
    code: str,
    title: dict,
    component: str | None = None,
    year: int | None = None,
) -> TableData:
    """Financial and post resources: post / non-post / total, then posts by category (regular budget)."""
    data = section_of(user, code, year)
    figures = printed_figures(user, symbol, number)
    comps = None
    if component is not None:
        comps = {c.pk for c in data.components if c.code == component}
    money = MONEY_COLUMNS
    rows = [Row(t("financial", lang), _blank(len(money)), style="heading")]
    for category in ("post", "non_post"):
        values = data.money(data.regular, components=comps, objects=data.object_ids(category))
        rows.append(Row(t(category, lang), _cells(values, money, category, "amount", figures), level=1))
    rows.append(
        Row(
            t("total", lang),
            _cells(data.money(data.regular, components=comps), money, "total", "amount", figures),
            style="subtotal",
        )
    )
    rows.append(Row(t("post_resources", lang), _blank(len(money)), style="heading"))
    for category in data.categories:
        values = data.post_counts(data.regular, components=comps, category=category)
        rows.append(
            Row(
                data.category_label(category, lang),
                _count_cells(values, f"posts-{category}", figures),
                level=1,
            )
        )
    rows.append(
        Row(
            t("total", lang),
            _count_cells(data.post_counts(data.regular, components=comps), "posts-total", figures),
            style="subtotal",
        )
    )
    return TableData(
        title=_title(number, title, lang),
        columns=["", *money_headers(data, lang)],
        rows=rows,
        unit_line=t("both_unit", lang),
    )


class PostCount(FinCell):
    """A number of posts in a table whose amounts are in thousands."""

    def format(self, lang: str, unit: str = "thousands") -> str:
        if self.kind == "text":
            return "" if self.value is None else str(self.value)
        return numbers.format_number(self.value, lang=lang)


def _count_cells(values: dict[str, Any], row_key: str, figures: dict) -> list[Cell]:
    cells: list[Cell] = [Cell("")]  # no expenditure column for posts
    for col in ("appr", *FACTORS, "total"):
        cells.append(PostCount(values.get(col, 0), "count", key=(row_key, col)))
    cells.append(Cell(""))
    cells.append(PostCount(values.get("est", 0), "count", key=(row_key, "est")))
    return cells


# -- binding a section's tables to its document's numbers -----------------------------------------

BUILDERS = {
    "by_object": by_object,
    "posts_summary": posts_summary,
    "posts_by_grade": posts_by_grade,
    "by_source_money": by_source_money,
    "by_source_posts": by_source_posts,
    "evolution": evolution,
    "ict_overview": ict_overview,
}


def section_builder(kind: str, relative: str, title: dict, **extra: Any) -> Any:
    """A builder bound to a document type: the record's parameters name the section and the year."""

    def build(user: Any, lang: str, ctx: Context) -> TableData:
        year = ctx.get("budget_year")
        return BUILDERS[kind](
            user,
            lang,
            ctx.symbol,
            ctx.number(relative),
            ctx.get("budget_section") or ctx.get("ict_resources") or "",
            title,
            year=int(year) if year else None,
            **extra,
        )

    return build
