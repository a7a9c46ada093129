"""A/65/491 (ICT structural review): tables 7-12, 14 and 17-19 from the stored costs and benefits.
Tables that belong to one project are bound to it by code (common.PROJECT_TABLES, BENEFIT_TABLES);
tables 17-19 follow from the programme, so a fifth project appears in them by itself."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_noop

from lodestar.documents.tables import Cell, Row, printed
from lodestar.documents.types import STRUCTURAL_REVIEW, Context, bind
from lodestar.finance.models import CostShare, FundingSource, ObjectOfExpenditure, Period

from ..models import Benefit, Project, ProjectCost
from .common import (
    BENEFIT_TABLES,
    OBJECT_LABEL,
    PROJECT_TABLES,
    REVIEW,
    SOURCE_LABEL,
    SOURCE_ORDER,
    PortfolioTable,
    _cell,
    _printed,
    _programme,
    _projects,
    _scoped,
    _title,
    t,
)

# -- costs by object x biennium --------------------------------------------------------------------


class Costs:
    """The costs of some projects, read in one query and summed in memory."""

    def __init__(self, user: Any, projects: list[Project]) -> None:
        rows = (
            _scoped(ProjectCost, user)
            .filter(project__in=projects)
            .values_list("project_id", "object_id", "period_id", "amount")
        )
        self.cells: dict[tuple[int, int, int], int] = defaultdict(int)
        for project, obj, period, amount in rows:
            self.cells[(project, obj, period)] += amount
        used_objects = {k[1] for k in self.cells}
        used_periods = {k[2] for k in self.cells}
        self.objects = list(ObjectOfExpenditure.objects.filter(pk__in=used_objects).order_by("order", "code"))
        self.periods = list(Period.objects.filter(pk__in=used_periods).order_by("start", "end"))

    def total(self, *, project: int | None = None, obj: int | None = None, period: int | None = None) -> int:
        return sum(
            amount
            for (p, o, q), amount in self.cells.items()
            if (project is None or p == project)
            and (obj is None or o == obj)
            and (period is None or q == period)
        )


# Where the Chinese version of a table words a row or a header its own way (the tables were
# translated one by one): per printed table number.
ZH_WORDING: dict[str, dict[str, str]] = {
    "11": {"TRAVEL": "工作人员差旅", "SUPPLIES": "供应品和材料", "header-total": "总计", "year": ""},
    "12": {"TRAVEL": "工作人员差旅", "CONTRACT": "订约事务", "header-total": "总计", "year": ""},
    "10": {"millions": "(百万美元)"},
}


def _zh(number: str, key: str, lang: str) -> str | None:
    return ZH_WORDING.get(number, {}).get(key) if lang == "zh" else None


def _period_header(period: Period, lang: str, number: str = "") -> str:
    if lang != "zh":
        return period.code
    year = _zh(number, "year", lang)
    return f"{period.code} 年" if year is None else period.code


def _amount_cells(costs: Costs, row_key: str, figures: dict, **where: int | None) -> list[Cell]:
    cells: list[Cell] = []
    for period in costs.periods:
        value = costs.total(period=period.pk, **where) or None
        cells.append(_cell(value, "amount", (row_key, period.code), figures))
    cells.append(_cell(costs.total(**where), "amount", (row_key, "total"), figures))
    return cells


def _object_label(obj: ObjectOfExpenditure, lang: str, number: str = "") -> str:
    own = _zh(number, obj.code, lang)
    if own:
        return own
    return printed(OBJECT_LABEL[obj.code], lang) if obj.code in OBJECT_LABEL else obj.tr("name", lang)


def by_object(
    user: Any, lang: str, ctx: Context, number: str, title: dict[str, str], projects: list[Project]
) -> PortfolioTable:
    """One project's (or all projects') costs by object × biennium with row and column totals."""
    figures = _printed(user, ctx.symbol, number)
    costs = Costs(user, projects)
    rows = [
        Row(_object_label(obj, lang, number), _amount_cells(costs, obj.code, figures, obj=obj.pk))
        for obj in costs.objects
    ]
    rows.append(Row(t("total", lang), _amount_cells(costs, "total", figures), style="total"))
    derived: dict[tuple[str, str], Decimal] = {}
    for category in ("post", "non_post"):
        ids = [o.pk for o in costs.objects if o.category == category]
        for period in [*costs.periods, None]:
            column = period.code if period else "total"
            derived[(category, column)] = Decimal(
                sum(costs.total(obj=pk, period=period.pk if period else None) for pk in ids)
            )
    return PortfolioTable(
        title=_title(number, title, lang),
        columns=[
            t("object", lang),
            *(_period_header(p, lang, number) for p in costs.periods),
            _zh(number, "header-total", lang) or t("total", lang),
        ],
        rows=rows,
        unit_line=t("thousands", lang),
        derived=derived,
        # what the derived rows are, in words, for the findings that name them
        derived_labels={c: str(ObjectOfExpenditure.Category(c).label) for c in ("post", "non_post")},
    )


def _project_table(number: str) -> None:
    code, title = PROJECT_TABLES[number]

    @bind(STRUCTURAL_REVIEW, number, title)
    def build(user: Any, lang: str, ctx: Context) -> PortfolioTable:
        projects = list(_scoped(Project, user).filter(code=code))
        return by_object(user, lang, ctx, number, title, projects)


for _number in PROJECT_TABLES:
    _project_table(_number)


TITLE_17 = {
    "en": gettext_noop("Summary of net requirements by project (full project costs at current rates)"),
    "zh": "按项目开列的所需资源净额总表(按现行费率计算的全额项目费用)",
}
TITLE_18 = {
    "en": gettext_noop(
        "Summary of net requirements by source of funds (full project costs at current rates)"
    ),
    "zh": "按资金来源开列的所需资源净额总表(按现行费率计算的全额项目费用)",
}
TITLE_19 = {
    "en": gettext_noop("Total resource requirements to implement the ICT structural-review projects"),
    "zh": "执行信通技术结构审查项目所需资源总额",
}


@bind(STRUCTURAL_REVIEW, "17", TITLE_17)
def by_project(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """Each project of the programme; consecutive projects of one group are subtotalled."""
    figures = _printed(user, ctx.symbol, "17")
    projects = _projects(user, _programme(user, REVIEW))
    costs = Costs(user, projects)
    rows: list[Row] = []
    index = 0
    while index < len(projects):
        group = projects[index].table_group
        run = [projects[index]]
        while group and index + len(run) < len(projects) and projects[index + len(run)].table_group == group:
            run.append(projects[index + len(run)])
        for p in run:
            rows.append(Row(p.tr("name", lang), _amount_cells(costs, p.code, figures, project=p.pk)))
        if group and len(run) > 1:
            sub = Costs.__new__(Costs)
            sub.cells = {k: v for k, v in costs.cells.items() if k[0] in {p.pk for p in run}}
            sub.objects, sub.periods = costs.objects, costs.periods
            rows.append(
                Row(t("subtotal", lang), _amount_cells(sub, f"subtotal-{group}", figures), style="subtotal")
            )
        index += len(run)
    rows.append(Row(t("total", lang), _amount_cells(costs, "total", figures), style="total"))
    return PortfolioTable(
        title=_title("17", TITLE_17, lang),
        columns=[t("project", lang), *(_period_header(p, lang) for p in costs.periods), t("total", lang)],
        rows=rows,
        unit_line=t("thousands", lang),
    )


@bind(STRUCTURAL_REVIEW, "18", TITLE_18)
def by_source(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """The costs split by the programme's cost-sharing formula, from the unrounded totals."""
    figures = _printed(user, ctx.symbol, "18")
    programme = _programme(user, REVIEW)
    costs = Costs(user, _projects(user, programme))
    shares = list(
        CostShare.objects.filter(formula=programme.cost_share_formula if programme else "").select_related(
            "funding_source"
        )
    )
    shares.sort(key=lambda s: (SOURCE_ORDER.get(s.funding_source.kind, 9), s.funding_source.order))
    rows: list[Row] = []
    for share in shares:
        source: FundingSource = share.funding_source
        cells: list[Cell] = []
        for period in [*costs.periods, None]:
            whole = costs.total(period=period.pk if period else None)
            value = Decimal(whole) * share.share / 100
            cells.append(_cell(value, "amount", (source.code, period.code if period else "total"), figures))
        label = (
            printed(SOURCE_LABEL[source.kind], lang)
            if source.kind in SOURCE_LABEL
            else source.tr("name", lang)
        )
        if source.kind == "support_account":
            label += " a"
        rows.append(Row(label, cells))
    rows.append(Row(t("total", lang), _amount_cells(costs, "total", figures), style="subtotal"))
    rows.append(Row(t("contingencies", lang), [Cell(None, "amount") for _ in range(len(costs.periods) + 1)]))
    rows.append(Row(t("total", lang), _amount_cells(costs, "grand-total", figures), style="total"))
    formula = ", ".join(f"{s.funding_source.code} {s.share.normalize():f} %" for s in shares)
    return PortfolioTable(
        title=_title("18", TITLE_18, lang),
        columns=[t("source", lang), *(_period_header(p, lang) for p in costs.periods), t("total", lang)],
        rows=rows,
        unit_line=t("thousands", lang),
        notes=[
            t("fiscal", lang),
            f"{programme.cost_share_formula if programme else ''}: {formula}",
        ],
    )


@bind(STRUCTURAL_REVIEW, "19", TITLE_19)
def review_by_object(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    projects = _projects(user, _programme(user, REVIEW))
    return by_object(user, lang, ctx, "19", TITLE_19, projects)


# -- benefits ---------------------------------------------------------------------------------------

TITLE_7 = {
    "en": gettext_noop("Summary of potential annual quantitative benefits by project"),
    "zh": "按项目分列的数量方面潜在年度裨益总表",
}


def benefit_key(benefit: Benefit) -> str:
    return slugify(benefit.category.get("en") or benefit.tr("category")) or str(benefit.order)


def _range_cells(low: int | None, high: int | None, key: str, figures: dict) -> list[Cell]:
    return [_cell(low, "amount", (key, "low"), figures), _cell(high, "amount", (key, "high"), figures)]


@bind(STRUCTURAL_REVIEW, "7", TITLE_7)
def benefits_by_project(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """Low and high annual benefits by project; "not estimated" shown as such (—, note a)."""
    figures = _printed(user, ctx.symbol, "7")
    projects = _projects(user, _programme(user, REVIEW))
    benefits: dict[int, list[Benefit]] = defaultdict(list)
    for b in _scoped(Benefit, user).filter(project__in=projects):
        benefits[b.project_id].append(b)
    rows: list[Row] = []
    low_total = high_total = 0
    for p in projects:
        items = benefits.get(p.pk)
        if not items:
            continue
        estimated = [b for b in items if b.estimated]
        if not estimated:
            rows.append(Row(f"{p.tr('name', lang)} a", [Cell(None, "amount"), Cell(None, "amount")]))
            continue
        low, high = sum(b.low for b in estimated), sum(b.high for b in estimated)
        low_total, high_total = low_total + low, high_total + high
        rows.append(Row(p.tr("name", lang), _range_cells(low, high, p.code, figures)))
    rows.append(Row(t("total", lang), _range_cells(low_total, high_total, "total", figures), style="total"))
    return PortfolioTable(
        title=_title("7", TITLE_7, lang),
        columns=[t("project", lang), t("low", lang), t("high", lang)],
        rows=rows,
        unit_line=t("millions", lang),
        unit="millions",
        notes=[t("not_estimated", lang)],
    )


def _benefit_table(number: str) -> None:
    code, title = BENEFIT_TABLES[number]

    @bind(STRUCTURAL_REVIEW, number, title)
    def build(user: Any, lang: str, ctx: Context) -> PortfolioTable:
        figures = _printed(user, ctx.symbol, number)
        items = list(
            _scoped(Benefit, user).filter(project__code=code, estimated=True).order_by("order", "pk")
        )
        low_total, high_total = sum(b.low for b in items), sum(b.high for b in items)
        rows = [
            Row(b.tr("category", lang), _range_cells(b.low, b.high, benefit_key(b), figures)) for b in items
        ]
        rows.append(
            Row(t("total", lang), _range_cells(low_total, high_total, "total", figures), style="total")
        )
        derived = {
            (benefit_key(b), "share"): Decimal(b.low) * 100 / low_total for b in items if low_total
        }  # the narrative's "x % of the savings" (¶132, ¶160), of the low estimate
        return PortfolioTable(
            title=_title(number, title, lang),
            columns=[t("category", lang), t("low", lang), t("high", lang)],
            rows=rows,
            unit_line=_zh(number, "millions", lang) or t("millions", lang),
            unit="millions",
            derived=derived,
        )


for _number in BENEFIT_TABLES:
    _benefit_table(_number)
