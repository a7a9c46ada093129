"""The programme-plan tables: deliverables and performance measures of a budget section (A/78/6
(Sect. 29C) prints them as 29C.1-29C.12), and the logical frameworks of a strategic framework (A/71/6
(Prog. 25)), one table per subprogramme or component."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core.numbers import format_number
from lodestar.core.permissions import VIEW, restrict
from lodestar.documents.tables import Cell, Row, TableData, printed, table_title
from lodestar.documents.types import BUDGET_SECTION, STRATEGIC_FRAMEWORK, Context, bind

from .logframe_tables import LOGFRAME_TABLES
from .models import (
    Component,
    Deliverable,
    DeliverableQuantity,
    Indicator,
    LegislativeMandate,
    Objective,
    Observation,
    Result,
)


def _scoped(model: type, user: Any) -> Any:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


class Text(Cell):
    """A text cell (formatted here, independently of the number formatting of other tables)."""

    def format(self, lang: str, unit: str = "thousands") -> str:
        return "" if self.value is None else str(self.value)


class Count(Cell):
    """A quantity printed as the documents print it (the one UN number formatter), "—" for nil."""

    def format(self, lang: str, unit: str = "thousands") -> str:
        if self.value is None:
            return "—"
        value = Decimal(self.value)
        decimals = max(-value.normalize().as_tuple().exponent, 0)
        return format_number(value, decimals=decimals, lang=lang)


def _number(value: Decimal | None) -> int | Decimal | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


# -- deliverables ---------------------------------------------------------------------------------

CATEGORY = {
    "A": {
        "en": gettext_noop("A. Facilitation of the intergovernmental process and expert bodies"),
        "zh": "A. 协助政府间进程和专家机构",
    },
    "B": {"en": gettext_noop("B. Generation and transfer of knowledge"), "zh": "B. 生成和转让知识"},
    "C": {"en": gettext_noop("C. Substantive deliverables"), "zh": "C. 实务性应交付产出"},
    "D": {"en": gettext_noop("D. Communication deliverables"), "zh": "D. 传播应交付产出"},
    "E": {"en": gettext_noop("E. Enabling deliverables"), "zh": "E. 辅助性应交付产出"},
}
# A year's column, "2022 actual" or "2022 (actual)" (compact), the seed's "2022 年 实际" in Chinese.
YEAR_COLUMN = {
    ("planned", False): {"en": gettext_noop("{year} planned"), "zh": "{year} 年 计划"},
    ("actual", False): {"en": gettext_noop("{year} actual"), "zh": "{year} 年 实际"},
    ("planned", True): {"en": gettext_noop("{year} (planned)"), "zh": "{year} (计划)"},
    ("actual", True): {"en": gettext_noop("{year} (actual)"), "zh": "{year} (实际)"},
}


@dataclass(frozen=True)
class DeliverableTable:
    number: str
    title: dict[str, str]
    columns: tuple[tuple[int, str], ...] = ()  # (year, planned|actual); empty: a text-only table


DELIVERABLE_TABLES = [
    DeliverableTable(
        "1",
        {
            "en": gettext_noop(
                "Cross-cutting deliverables for the period 2022–2024, by category and subcategory"
            ),
            "zh": "按类别和次类别列示的 2022-2024 年期间共有应交付产出",
        },
        ((2022, "planned"), (2022, "actual"), (2023, "planned"), (2024, "planned")),
    ),
    DeliverableTable(
        "6",
        {
            "en": gettext_noop(
                "Subprogramme 1: deliverables for the period 2022–2024, by category and subcategory"
            ),
            "zh": "次级方案 1: 按类别和次类别列示的 2022-2024 年期间应交付产出",
        },
    ),
    DeliverableTable(
        "8",
        {
            "en": gettext_noop(
                "Subprogramme 2: deliverables for the period 2022–2024, by category and subcategory"
            ),
            "zh": "次级方案 2: 按类别和次类别列示的 2022-2024 年期间应交付产出",
        },
        ((2022, "planned"), (2022, "actual"), (2023, "planned"), (2024, "planned")),
    ),
    DeliverableTable(
        "12",
        {
            "en": gettext_noop(
                "Subprogramme 3: deliverables for the period 2022–2024, by category and subcategory"
            ),
            "zh": "次级方案 3: 按类别和次类别列示的 2022-2024 年期间应交付产出",
        },
    ),
]


def _year_column(year: int, kind: str, lang: str, *, compact: bool = False) -> str:
    return printed(YEAR_COLUMN[(kind, compact)], lang, year=year)


def deliverable_rows(
    user: Any, symbol: str, number: str, columns: tuple, lang: str
) -> tuple[list[Row], list[str]]:
    lines = list(
        _scoped(Deliverable, user)
        .filter(plan__symbol=symbol, table_number=number)
        .order_by("category", "order", "pk")
    )
    quantities: dict[tuple[int, int, str], Decimal | None] = {}
    for q in _scoped(DeliverableQuantity, user).filter(deliverable__in=lines):
        quantities[(q.deliverable_id, q.year, q.kind)] = q.quantity
    rows: list[Row] = []
    notes: list[str] = []
    category = None
    for line in lines:
        if line.category != category:
            category = line.category
            rows.append(Row(printed(CATEGORY[category], lang), [Text("") for _ in columns], style="heading"))
        label = line.tr("text", lang)
        unit = line.tr("unit", lang) if line.unit else ""
        if unit:
            label = f"{label} ({unit})" if lang != "zh" else f"{label}({unit})"
        if line.number:
            label = f"{line.number}. {label}"
        if line.note:
            notes.append(line.tr("note", lang))
        cells: list[Cell] = []
        items = [i for i in lines if i.parent_id == line.pk and i.role == Deliverable.Role.ITEM]
        has_quantities = any((line.pk, y, k) in quantities for y, k in columns)
        for year, kind in columns:
            stored = quantities.get((line.pk, year, kind))
            if line.role == Deliverable.Role.SUBCATEGORY and items:
                values = [quantities.get((i.pk, year, kind)) for i in items]
                known = [v for v in values if v is not None]
                total = sum(known, Decimal(0)) if known else None
                shown = _number(stored)
                cells.append(
                    Count(
                        _number(total), kind="count", printed_value=shown if shown != _number(total) else None
                    )
                )
            elif line.role == Deliverable.Role.HEADING or not has_quantities:
                cells.append(Text(""))
            else:
                cells.append(Count(_number(stored), kind="count"))
        style = "subtotal" if line.role == Deliverable.Role.SUBCATEGORY else ""
        rows.append(Row(label, cells, style=style, level=1 if line.role != Deliverable.Role.ITEM else 2))
    return rows, notes


def _deliverable_builder(spec: DeliverableTable) -> Any:
    def build(user: Any, lang: str, ctx: Context) -> TableData:
        number = ctx.number(spec.number)
        rows, notes = deliverable_rows(user, ctx.symbol, number, spec.columns, lang)
        head = printed({"en": gettext_noop("Category and subcategory"), "zh": "类别和次类别"}, lang)
        return TableData(
            title=table_title(number, spec.title, lang),
            columns=[head, *(_year_column(y, k, lang) for y, k in spec.columns)],
            rows=rows,
            unit=None,
            notes=notes,
        )

    return build


for _spec in DELIVERABLE_TABLES:
    bind(BUDGET_SECTION, _spec.number, _spec.title, part="programme")(_deliverable_builder(_spec))


# -- performance measures -------------------------------------------------------------------------

THROUGH_2022 = ((2020, "actual"), (2021, "actual"), (2022, "actual"))
THROUGH_2024 = (*THROUGH_2022, (2023, "planned"), (2024, "planned"))
PERFORMANCE_TABLES = {
    "2": THROUGH_2022,
    "3": THROUGH_2024,
    "4": THROUGH_2024,
    "5": THROUGH_2024,
    "7": THROUGH_2024,
    "9": THROUGH_2022,
    "10": THROUGH_2024,
    "11": THROUGH_2024,
}


def measure_rows(user: Any, symbol: str, number: str, columns: tuple, lang: str) -> list[Row]:
    indicators = list(
        _scoped(Indicator, user)
        .filter(table_number=number)
        .filter(plan__symbol=symbol)
        .order_by("order", "code")
    )
    values: dict[tuple[int, int, str], Observation] = {}
    for o in _scoped(Observation, user).filter(indicator__in=indicators):
        values[(o.indicator_id, o.year, o.kind)] = o
    rows = []
    for indicator in indicators:
        cells = []
        for year, kind in columns:
            o = values.get((indicator.pk, year, kind))
            if o is None:
                cells.append(Text(""))
            elif o.text:
                cells.append(Text(o.tr("text", lang)))
            else:
                cells.append(Count(_number(o.value), kind="count"))
        rows.append(Row(indicator.label, cells))
    return rows


def _measure_builder(relative: str, columns: tuple) -> Any:
    def build(user: Any, lang: str, ctx: Context) -> TableData:
        number = ctx.number(relative)
        return TableData(
            title=table_title(number, {"en": gettext_noop("Performance measure"), "zh": "业绩计量"}, lang),
            columns=["", *(_year_column(y, k, lang, compact=True) for y, k in columns)],
            rows=measure_rows(user, ctx.symbol, number, columns, lang),
            unit=None,
        )

    return build


for _number_key, _columns in PERFORMANCE_TABLES.items():
    bind(
        BUDGET_SECTION,
        _number_key,
        {"en": gettext_noop("Performance measure"), "zh": "业绩计量"},
        part="programme",
    )(_measure_builder(_number_key, _columns))


# -- logical frameworks ---------------------------------------------------------------------------


def logframe_rows(user: Any, code: str, lang: str) -> tuple[str, list[Row]]:
    component = _scoped(Component, user).filter(code=code).first()
    if component is None:
        return "", []
    rows: list[Row] = []
    objective_label = printed(
        {"en": gettext_noop("Objective of the Organization"), "zh": "本组织的目标"}, lang
    )
    for objective in _scoped(Objective, user).filter(component=component).order_by("order", "pk"):
        separator = "：" if lang == "zh" else ": "
        rows.append(
            Row(f"{objective_label}{separator}{objective.tr('text', lang)}", [Text("")], style="heading")
        )
    results = list(_scoped(Result, user).filter(component=component).order_by("order", "code"))
    indicators: dict[int, list[Indicator]] = {r.pk: [] for r in results}
    for i in _scoped(Indicator, user).filter(result__in=results).order_by("order", "code"):
        indicators[i.result_id].append(i)
    for result in results:
        label = f"{result.label} {result.tr('title', lang)}".strip()
        measures = indicators[result.pk] or [None]
        for index, i in enumerate(measures):
            text = "" if i is None else f"{i.label} {i.tr('text', lang)}".strip()
            rows.append(Row(label if index == 0 else "", [Text(text)]))
    return component.tr("title", lang), rows


def _logframe_builder(number: str, code: str, title: dict[str, str]) -> Any:
    def build(user: Any, lang: str, ctx: Context) -> TableData:
        component_title, rows = logframe_rows(user, code, lang)
        return TableData(
            title=f"{number}. {component_title}" if component_title else printed(title, lang),
            columns=[
                printed(
                    {
                        "en": gettext_noop("Expected accomplishments of the Secretariat"),
                        "zh": "秘书处预期成绩",
                    },
                    lang,
                ),
                printed({"en": gettext_noop("Indicators of achievement"), "zh": "绩效指标"}, lang),
            ],
            rows=rows,
            unit=None,
        )

    return build


for _name, _code, _title in LOGFRAME_TABLES:
    bind(STRATEGIC_FRAMEWORK, _name, _title, part="programme")(_logframe_builder(_name, _code, _title))


# -- legislative mandates (A/78/6 ¶29C.15) -------------------------------------------------------

MANDATE_COLUMNS = {
    "resolution": {"en": gettext_noop("Resolution"), "zh": "决议"},
    "title": {"en": gettext_noop("Title"), "zh": "标题"},
}


def mandate_label(mandate: LegislativeMandate, lang: str) -> str:
    """ "69/262, section II"; in Chinese "69/262,第二节" and "52/12 A 和 B", as the seeds print them."""
    symbol = mandate.symbol.replace(" and ", " 和 ") if lang == "zh" else mandate.symbol
    section = mandate.tr("section", lang)
    return f"{symbol}{',' if lang == 'zh' else ', '}{section}" if section else symbol


@bind(
    BUDGET_SECTION,
    "para. 15",
    {"en": gettext_noop("Legislative mandates: General Assembly resolutions"), "zh": "立法授权: 大会决议"},
    part="programme",
)
def legislative_mandates(user: Any, lang: str, ctx: Context) -> TableData:
    """The General Assembly resolutions the section lists as its mandates, from the stored mandates of
    the plan (symbol, section and title), in the order printed."""
    mandates = (
        _scoped(LegislativeMandate, user)
        .filter(plan__symbol=ctx.symbol, component__isnull=True)
        .order_by("order", "symbol")
    )
    rows = [Row(mandate_label(m, lang), [Text(m.tr("title", lang))]) for m in mandates]
    return TableData(
        title=printed({"en": gettext_noop("Legislative mandates"), "zh": "立法授权"}, lang),
        columns=[printed(MANDATE_COLUMNS["resolution"], lang), printed(MANDATE_COLUMNS["title"], lang)],
        rows=rows,
        unit="units",
        notes=[
            printed(
                {
                    "en": gettext_noop(
                        "{n} The list below provides all mandates entrusted to the programme."
                    ),
                    "zh": "{n} 以下清单列示本方案所有授权。",
                },
                lang,
            ).replace("{n}", ctx.number("para. 15").removeprefix("para. "))
        ],
    )
