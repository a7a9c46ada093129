"""The printed budget tables, built from the stored facts: one set of definitions for any section.

A section's tables are registered with ``section_tables(symbol, section_code, numbers)``; A/78/6
(Sect. 29C) binds them to 29C.13-29C.23. Totals, subtotals, changes, percentages and proposals are
computed; a figure the document prints differently (``PrintedFigure``) is kept as the cell's
``printed_value`` and listed by the check FIN-PRINTED."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from lodestar.core import numbers
from lodestar.core.permissions import VIEW, restrict
from lodestar.documents.tables import Cell, Row, TableData, document, printed, table

from .models import (
    BudgetComponent,
    BudgetFact,
    BudgetSection,
    ObjectOfExpenditure,
    Post,
    PostAction,
    PrintedFigure,
    ResourceChange,
)

A78 = "A/78/6 (Sect. 29C)"
FACTORS = ("technical", "new_mandates", "other")
GRADES = (
    "USG",
    "ASG",
    "D-2",
    "D-1",
    "P-5",
    "P-4",
    "P-3",
    "P-2/1",
    "GS (PL)",
    "GS (OL)",
    "TC",
    "LL",
    "SS",
    "FS",
    "NPO",
)
CATEGORY_LABEL = {
    "professional": {"en": "Professional and higher", "zh": "专业及以上职类"},
    "general": {"en": "General Service and related", "zh": "一般事务及有关职类"},
}
L = {
    "object": {"en": "Object of expenditure", "zh": "支出用途"},
    "component": {"en": "Component/subprogramme", "zh": "构成部分/次级方案"},
    "category_grade": {"en": "Category and grade", "zh": "职类和职等"},
    "technical": {"en": "Technical adjustments", "zh": "技术调整"},
    "new_mandates": {"en": "New/expanded mandates", "zh": "新的/扩大的任务"},
    "other": {"en": "Other", "zh": "其他"},
    "total": {"en": "Total", "zh": "共计"},
    "percent": {"en": "Percentage", "zh": "百分比"},
    "change": {"en": "Change", "zh": "变动"},
    "subtotal_b": {"en": "Subtotal, B", "zh": "小计, B"},
    "subtotal": {"en": "Subtotal", "zh": "小计"},
    "programme": {"en": "B. Programme of work", "zh": "B. 工作方案"},
    "post": {"en": "Post", "zh": "员额"},
    "non_post": {"en": "Non-post", "zh": "非员额"},
    "financial": {
        "en": "Financial resources by main category of expenditure",
        "zh": "按主要支出类别分列的财政资源",
    },
    "post_resources": {"en": "Post resources by category", "zh": "按职类分列的员额资源"},
    "thousands": {"en": "(Thousands of United States dollars)", "zh": "(千美元)"},
    "posts_unit": {"en": "(Number of posts)", "zh": "(员额数)"},
    "both_unit": {"en": "(Thousands of United States dollars/number of posts)", "zh": "(千美元/员额数)"},
}


def t(key: str, lang: str) -> str:
    return printed(L[key], lang)


@dataclass
class FinCell(Cell):
    key: tuple[str, str] = ("", "")  # (row key, column key) as PrintedFigure names them


# -- reading the facts (one query per kind, whatever the size of the section) ---------------------


def _scoped(model: type, user: Any) -> Any:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


class SectionData:
    """Every figure of one section, read once and summed in memory."""

    def __init__(self, user: Any, section: BudgetSection) -> None:
        self.section = section
        y = section.budget_year
        self.years = (str(y - 2), str(y - 1), str(y))
        self.components = list(
            _scoped(BudgetComponent, user).filter(section=section).order_by("order", "code")
        )
        self.objects = {o.pk: o for o in ObjectOfExpenditure.objects.all()}
        self.facts = list(
            _scoped(BudgetFact, user)
            .filter(section=section, period__code__in=self.years, measure="ict")
            .values_list(
                "component_id", "funding_source__code", "object_id", "period__code", "stage", "amount"
            )
        )
        self.changes = list(
            _scoped(ResourceChange, user)
            .filter(section=section, period__code=self.years[2])
            .values_list("component_id", "funding_source__code", "object_id", "factor", "amount")
        )
        self.posts = list(
            _scoped(Post, user)
            .filter(section=section, period__code=self.years[1])
            .values_list("component_id", "funding_source__code", "category", "grade", "count")
        )
        self.actions = list(
            _scoped(PostAction, user)
            .filter(section=section, period__code=self.years[2])
            .values_list("component_id", "funding_source__code", "category", "grade", "factor", "count")
        )
        self.sources = sorted(
            {f[1] for f in self.facts} | {p[1] for p in self.posts},
            key=lambda code: ({"RB": 0, "OA": 1, "XB": 2}.get(code, 9), code),
        )

    def object_ids(self, category: str | None) -> set[int] | None:
        if category is None:
            return None
        return {pk for pk, o in self.objects.items() if o.category == category}

    # money: {column key: dollars}
    def money(self, source: str, components: set | None = None, objects: set | None = None) -> dict[str, Any]:
        exp_year, base_year, year = self.years
        sums: dict[str, int] = defaultdict(int)
        stored_proposal = False
        for comp, src, obj, period, stage, amount in self.facts:
            if src != source or (components is not None and comp not in components):
                continue
            if objects is not None and obj not in objects:
                continue
            if period == exp_year and stage == "expenditure":
                sums["exp"] += amount
            elif period == base_year and stage in ("appropriation", "estimate", "approved"):
                sums["appr"] += amount
            elif period == year and stage in ("estimate", "before_recosting", "proposed"):
                sums["est"] += amount
                stored_proposal = True
        for comp, src, obj, factor, amount in self.changes:
            if src != source or (components is not None and comp not in components):
                continue
            if objects is not None and obj not in objects:
                continue
            sums[factor] += amount
        if stored_proposal:
            sums["total"] = sums["est"] - sums["appr"]
        else:
            sums["total"] = sum(sums[f] for f in FACTORS)
            sums["est"] = sums["appr"] + sums["total"]
        sums["pct"] = numbers.percent_value(sums["total"], sums["appr"]) or Decimal(0)
        return dict(sums)

    # posts: {column key: number}
    def post_counts(
        self,
        source: str | None,
        components: set | None = None,
        category: str | None = None,
        grade: str | None = None,
    ) -> dict[str, Any]:
        sums: dict[str, int] = defaultdict(int)
        for comp, src, cat, grd, count in self.posts:
            if self._match(source, components, category, grade, comp, src, cat, grd):
                sums["appr"] += count
        for comp, src, cat, grd, factor, count in self.actions:
            if self._match(source, components, category, grade, comp, src, cat, grd):
                sums[factor] += count
        sums["total"] = sum(sums[f] for f in FACTORS)
        sums["est"] = sums["appr"] + sums["total"]
        return dict(sums)

    @staticmethod
    def _match(source, components, category, grade, comp, src, cat, grd) -> bool:  # noqa: ANN001
        return (
            (source is None or src == source)
            and (components is None or comp in components)
            and (category is None or cat == category)
            and (grade is None or grd == grade)
        )


def printed_figures(user: Any, symbol: str, number: str) -> dict[tuple[str, str], PrintedFigure]:
    return {
        (p.row, p.column): p
        for p in _scoped(PrintedFigure, user).filter(document=symbol, table_number=number)
    }


def printed_as_value(figure: PrintedFigure, kind: str) -> Any:
    if kind == "amount":
        return int(figure.value * numbers.SCALE.get(figure.unit, Decimal(1)))
    if kind == "count":
        return int(figure.value)
    return figure.value


MONEY_COLUMNS = ("exp", "appr", *FACTORS, "total", "pct", "est")
POST_COLUMNS = ("appr", *FACTORS, "total", "est")
SHORT_MONEY = ("exp", "appr", "total", "pct", "est")
SHORT_POSTS = ("appr", "total", "est")


def _cells(
    values: dict[str, Any], columns: tuple[str, ...], row_key: str, kind: str, figures: dict
) -> list[Cell]:
    cells: list[Cell] = []
    for col in columns:
        value = values.get(col, 0 if kind == "amount" or kind == "count" else None)
        cell_kind = "percent" if col == "pct" else kind
        if col == "pct":
            value = values.get("pct")
        cell = FinCell(value=value, kind=cell_kind, key=(row_key, col))
        figure = figures.get((row_key, col))
        if figure is not None:
            shown = printed_as_value(figure, cell_kind)
            if shown != value:
                cell.printed_value = shown
        cells.append(cell)
    return cells


def _blank(n: int) -> list[Cell]:
    return [Cell("") for _ in range(n)]


def money_headers(data: SectionData, lang: str, *, base: str = "appropriation") -> list[str]:
    exp_year, base_year, year = data.years
    zh = lang == "zh"
    return [
        f"{exp_year} 年支出" if zh else f"{exp_year} expenditure",
        (f"{base_year} 年批款" if zh else f"{base_year} appropriation")
        if base == "appropriation"
        else (f"{base_year} 年估计数" if zh else f"{base_year} estimate"),
        t("technical", lang),
        t("new_mandates", lang),
        t("other", lang),
        t("total", lang),
        t("percent", lang),
        f"{year} 年估计数(重计费用前)" if zh else f"{year} estimate (before recosting)",
    ]


def post_headers(data: SectionData, lang: str) -> list[str]:
    _e, base_year, year = data.years
    zh = lang == "zh"
    return [
        f"{base_year} 年核定" if zh else f"{base_year} approved",
        t("technical", lang),
        t("new_mandates", lang),
        t("other", lang),
        t("total", lang),
        f"{year} 年拟议" if zh else f"{year} proposed",
    ]


def component_label(c: BudgetComponent, lang: str) -> str:
    title = c.tr("title", lang)
    if c.part == BudgetComponent.Part.EDM:
        return f"A. {title}"
    if c.part == BudgetComponent.Part.SUPPORT:
        return f"C. {title}"
    return f"{c.number}. {title}"


def section_of(user: Any, code: str) -> SectionData:
    section = _scoped(BudgetSection, user).filter(code=code).first()
    if section is None:
        section = BudgetSection(code=code, symbol="", budget_year=2000, title={})
        data = SectionData.__new__(SectionData)
        data.section, data.years, data.components, data.objects = section, ("", "", ""), [], {}
        data.facts, data.changes, data.posts, data.actions, data.sources = [], [], [], [], []
        return data
    return SectionData(user, section)


# -- the table builders ---------------------------------------------------------------------------


def by_object(user: Any, lang: str, symbol: str, number: str, code: str, title: dict) -> TableData:
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    used = {f[2] for f in data.facts if f[1] == "RB" and f[2]} | {
        c[2] for c in data.changes if c[1] == "RB" and c[2]
    }
    rows = []
    for obj in sorted((data.objects[pk] for pk in used), key=lambda o: (o.order, o.code)):
        values = data.money("RB", objects={obj.pk})
        rows.append(Row(obj.tr("name", lang), _cells(values, MONEY_COLUMNS, obj.code, "amount", figures)))
    rows.append(
        Row(
            t("total", lang),
            _cells(data.money("RB"), MONEY_COLUMNS, "total", "amount", figures),
            style="total",
        )
    )
    return TableData(
        title=_title(number, title, lang),
        columns=[t("object", lang), *money_headers(data, lang)],
        rows=rows,
        unit_line=t("thousands", lang),
    )


def _title(number: str, title: dict, lang: str) -> str:
    return (
        f"表 {number} {printed(title, 'zh')}"
        if lang == "zh" and "zh" in title
        else f"Table {number}. {printed(title, lang)}"
    )


def posts_summary(user: Any, lang: str, symbol: str, number: str, code: str, title: dict) -> TableData:
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    _e, base_year, year = data.years

    def details(column: str) -> str:
        parts = []
        for grade in GRADES:
            n = data.post_counts("RB", grade=grade)[column]
            if n:
                parts.append(f"{n} {grade}")
        return ", ".join(parts)

    counts = data.post_counts("RB")
    changes = counts["total"]
    rows = [
        Row(
            f"{base_year} 年核定" if lang == "zh" else f"Approved for {base_year}",
            [FinCell(counts["appr"], "count", key=("approved", "number")), Cell(details("appr"))],
        ),
        Row(
            "员额变动" if lang == "zh" else "Post changes",
            [FinCell(changes, "count", key=("changes", "number")), Cell(details("total") or "—")],
        ),
        Row(
            f"{year} 年拟议" if lang == "zh" else f"Proposed for {year}",
            [FinCell(counts["est"], "count", key=("proposed", "number")), Cell(details("est"))],
        ),
    ]
    for row in rows:
        figure = figures.get(row.cells[0].key)
        if figure is not None and int(figure.value) != row.cells[0].value:
            row.cells[0].printed_value = int(figure.value)
    return TableData(
        title=_title(number, title, lang),
        columns=["", "数目" if lang == "zh" else "Number", "详情" if lang == "zh" else "Details"],
        rows=rows,
        unit_line=t("posts_unit", lang),
        unit="units",
    )


def posts_by_grade(user: Any, lang: str, symbol: str, number: str, code: str, title: dict) -> TableData:
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    rows = []
    for category in ("professional", "general"):
        grades = [
            g for g in GRADES if any(p[3] == g and p[2] == category and p[1] == "RB" for p in data.posts)
        ]
        if not grades:
            continue
        rows.append(Row(printed(CATEGORY_LABEL[category], lang), _blank(len(POST_COLUMNS)), style="heading"))
        for grade in grades:
            values = data.post_counts("RB", category=category, grade=grade)
            rows.append(Row(grade, _cells(values, POST_COLUMNS, grade, "count", figures), level=1))
        values = data.post_counts("RB", category=category)
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
            _cells(data.post_counts("RB"), POST_COLUMNS, "total", "count", figures),
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


SOURCE_LABEL = {
    "RB": {"en": "(1) Regular budget", "zh": "(1) 经常预算"},
    "OA": {"en": "(2) Other assessed", "zh": "(2) 其他摊款"},
    "XB": {"en": "(3) Extrabudgetary", "zh": "(3) 预算外资源"},
}


def _source_label(code: str, n: int, lang: str) -> str:
    return printed(SOURCE_LABEL[code], lang) if code in SOURCE_LABEL else f"({n}) {code}"


def by_source_money(user: Any, lang: str, symbol: str, number: str, code: str, title: dict) -> TableData:
    """By source of funding, component and subprogramme. Regular budget with the factor columns;
    other sources with a single change (their factor columns left blank, as printed)."""
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    rows: list[Row] = []
    grand: dict[str, Any] = defaultdict(int)
    for n, source in enumerate(data.sources, start=1):
        if not any(f[1] == source for f in data.facts):
            continue
        columns = MONEY_COLUMNS
        rows.append(Row(_source_label(source, n, lang), _blank(len(columns)), style="heading"))
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
                    _source_cells(values, source, f"{source}:{c.code}", figures),
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
                        _source_cells(values, source, f"{source}:subtotal-B", figures),
                        style="subtotal",
                    )
                )
        values = data.money(source)
        for key in ("exp", "appr", "total", "est"):
            grand[key] += values.get(key, 0)
        rows.append(
            Row(
                f"{t('subtotal', lang)}, {n}",
                _source_cells(values, source, f"{source}:subtotal", figures),
                style="subtotal",
            )
        )
    grand["pct"] = numbers.percent_value(grand["total"], grand["appr"]) or Decimal(0)
    rows.append(Row(t("total", lang), _source_cells(dict(grand), "", "total", figures), style="total"))
    return TableData(
        title=_title(number, title, lang),
        columns=[t("component", lang), *money_headers(data, lang)],
        rows=rows,
        unit_line=t("thousands", lang),
    )


def _source_cells(values: dict[str, Any], source: str, row_key: str, figures: dict) -> list[Cell]:
    cells = _cells(values, MONEY_COLUMNS, row_key, "amount", figures)
    if source != "RB":  # one "Change" column: the factor columns are not printed
        for i in (2, 3, 4):
            cells[i] = Cell("")
    return cells


def by_source_posts(user: Any, lang: str, symbol: str, number: str, code: str, title: dict) -> TableData:
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    rows: list[Row] = []
    for n, source in enumerate(data.sources, start=1):
        mine = [p for p in data.posts if p[1] == source]
        if not mine:
            continue
        rows.append(Row(_source_label(source, n, lang), _blank(len(POST_COLUMNS)), style="heading"))
        with_posts = {p[0] for p in mine}
        programme = {c.pk for c in data.components if c.part == BudgetComponent.Part.PROGRAMME}
        for c in data.components:
            if source != "RB" and c.pk not in with_posts and c.part != BudgetComponent.Part.PROGRAMME:
                continue
            values = data.post_counts(source, components={c.pk})
            label = component_label(c, lang)
            if c.part == BudgetComponent.Part.PROGRAMME:
                label = f"B.{c.number} {c.tr('title', lang)}"
            rows.append(Row(label, _post_cells(values, source, f"{source}:{c.code}", figures), level=1))
        rows.append(
            Row(
                t("subtotal_b", lang),
                _post_cells(
                    data.post_counts(source, components=programme), source, f"{source}:subtotal-B", figures
                ),
                style="subtotal",
            )
        )
        rows.append(
            Row(
                f"{t('subtotal', lang)}, {n}",
                _post_cells(data.post_counts(source), source, f"{source}:subtotal", figures),
                style="subtotal",
            )
        )
    rows.append(
        Row(t("total", lang), _post_cells(data.post_counts(None), "", "total", figures), style="total")
    )
    return TableData(
        title=_title(number, title, lang),
        columns=[t("component", lang), *post_headers(data, lang)],
        rows=rows,
        unit_line=t("posts_unit", lang),
        unit="units",
    )


def _post_cells(values: dict[str, Any], source: str, row_key: str, figures: dict) -> list[Cell]:
    cells = _cells(values, POST_COLUMNS, row_key, "count", figures)
    if source != "RB":
        for i in (1, 2, 3):
            cells[i] = Cell("")
    return cells


def evolution(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, component: str | None = None
) -> TableData:
    """Financial and post resources: post / non-post / total, then posts by category (regular budget)."""
    data = section_of(user, code)
    figures = printed_figures(user, symbol, number)
    comps = None
    if component is not None:
        comps = {c.pk for c in data.components if c.code == component}
    money = MONEY_COLUMNS
    rows = [Row(t("financial", lang), _blank(len(money)), style="heading")]
    for category in ("post", "non_post"):
        values = data.money("RB", components=comps, objects=data.object_ids(category))
        rows.append(Row(t(category, lang), _cells(values, money, category, "amount", figures), level=1))
    rows.append(
        Row(
            t("total", lang),
            _cells(data.money("RB", components=comps), money, "total", "amount", figures),
            style="subtotal",
        )
    )
    rows.append(Row(t("post_resources", lang), _blank(len(money)), style="heading"))
    for category in ("professional", "general"):
        values = data.post_counts("RB", components=comps, category=category)
        rows.append(
            Row(
                printed(CATEGORY_LABEL[category], lang),
                _count_cells(values, f"posts-{category}", figures),
                level=1,
            )
        )
    rows.append(
        Row(
            t("total", lang),
            _count_cells(data.post_counts("RB", components=comps), "posts-total", figures),
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


# -- ICT resources by period and funding source, with the share of the total budget -------------


def ict_overview(
    user: Any, lang: str, symbol: str, number: str, code: str, title: dict, project: str = "UMOJA"
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

    def cells(values: dict[str, Any], row_key: str, kind: str = "amount") -> list[Cell]:
        result: list[Cell] = []
        for col in columns:
            if col not in values:
                result.append(Cell(""))
                continue
            cell = FinCell(value=values[col], kind=kind, key=(row_key, col))
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
        row = line(values, Decimal(end.year - start.year + 1))
        for key in per_year:  # the total's "per year" is the sum of the periods' (as printed)
            per_year[key] += row[key]
        rows.append(Row(period, cells(row, period)))
    if periods:
        total_line = {**line(grand, None), **per_year}
        rows.append(
            Row(
                f"Total ICT resources {periods[0][0].year}-{periods[-1][2].year}",
                cells(total_line, "total"),
                style="total",
            )
        )
        last = periods[-1][1]
        budget_line = line({src: budget[(last, src)] for src in names}, None)
        rows.append(Row(f"Total budget {last}", cells(budget_line, "budget")))
        ict_line = line({src: ict[(last, src)] for src in names}, None)
        share = {c: numbers.percent_value(ict_line[c], budget_line[c]) for c in budget_line}
        rows.append(Row("ICT resources as % of total budget", cells(share, "share", kind="percent")))
    labels = {c: str((names[c][1] or {}).get("en", c)) for c in names}
    return TableData(
        title=f"{number}. {printed(title, lang)}",
        columns=[
            "Biennium",
            *(labels[c] for c in main),
            "Total",
            labels.get(project, project),
            f"Total incl. {labels.get(project, project)}",
            "Per year, excl. " + labels.get(project, project),
            "Per year, incl. " + labels.get(project, project),
        ],
        rows=rows,
        unit_line="(Millions of United States dollars)",
        unit="millions",
    )


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


def section_tables(symbol: str, code: str, specs: dict[str, tuple[str, dict, dict]]) -> None:
    """specs: {printed number: (builder name, title, extra keyword arguments)}."""
    for number, (kind, title, extra) in specs.items():

        def build(
            user: Any, lang: str, _n: str = number, _k: str = kind, _t: dict = title, _x: dict = extra
        ) -> TableData:
            return BUILDERS[_k](user, lang, symbol, _n, code, _t, **_x)

        build.finance_table = True  # type: ignore[attr-defined]
        build.section_code = code  # type: ignore[attr-defined]
        table(symbol, number, title)(build)


document(
    A78, {"en": "Proposed programme budget for 2024, Section 29C", "zh": "2024 年拟议方案预算 第 29C 款"}
)
section_tables(
    A78,
    "A78-29C",
    {
        "29C.13": (
            "by_object",
            {
                "en": "Overall: evolution of financial resources by object of expenditure",
                "zh": "总表: 按支出用途分列的财政资源变化情况",
            },
            {},
        ),
        "29C.14": (
            "posts_summary",
            {
                "en": "Overall: proposed posts and post changes for 2024",
                "zh": "总表: 2024 年拟议员额和员额变动",
            },
            {},
        ),
        "29C.15": (
            "posts_by_grade",
            {"en": "Overall: proposed posts by category and grade", "zh": "总表: 按职类和职等分列的拟议员额"},
            {},
        ),
        "29C.16": (
            "by_source_money",
            {
                "en": "Overall: evolution of financial resources by source of funding, component and "
                "subprogramme",
                "zh": "总表: 按资金来源、构成部分和次级方案分列的财政资源变化情况",
            },
            {},
        ),
        "29C.17": (
            "by_source_posts",
            {
                "en": "Proposed posts for 2024 by source of funding, component and subprogramme",
                "zh": "按资金来源、构成部分和次级方案分列的 2024 年拟议员额",
            },
            {},
        ),
        "29C.18": (
            "evolution",
            {
                "en": "Overall: evolution of financial and post resources",
                "zh": "总表: 财政资源和员额资源变化情况",
            },
            {},
        ),
        "29C.20": (
            "evolution",
            {
                "en": "Executive direction and management: evolution of financial and post resources",
                "zh": "行政领导和管理: 财政资源和员额资源变化情况",
            },
            {"component": "A78-29C-EDM"},
        ),
        "29C.21": (
            "evolution",
            {
                "en": "Subprogramme 1: evolution of financial and post resources",
                "zh": "次级方案 1: 财政资源和员额资源变化情况",
            },
            {"component": "A78-29C-SP1"},
        ),
        "29C.22": (
            "evolution",
            {
                "en": "Subprogramme 2: evolution of financial and post resources",
                "zh": "次级方案 2: 财政资源和员额资源变化情况",
            },
            {"component": "A78-29C-SP2"},
        ),
        "29C.23": (
            "evolution",
            {
                "en": "Subprogramme 3: evolution of financial and post resources",
                "zh": "次级方案 3: 财政资源和员额资源变化情况",
            },
            {"component": "A78-29C-SP3"},
        ),
    },
)


document("A/73/384", {"en": "Progress in the implementation of the ICT strategy for the United Nations"})
section_tables(
    "A/73/384",
    "A73-384-ICT",
    {
        "annex I": (
            "ict_overview",
            {
                "en": "Overview of information and communications technology resources, including Umoja "
                "project resources, for the bienniums 2014-2015, 2016-2017 and 2018-2019"
            },
            {},
        )
    },
)
