"""The budget-section document type (RPT-R01): resource tables .13-.23 of any section and year (A/78/6
(Sect. 29C) prints them as 29C.13-29C.23; .19: the compliance rates, as printed). The record's
parameters name the section and the budget year; its section number gives the prefix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.permissions import VIEW, restrict
from lodestar.documents.tables import Cell, Row, TableData, printed
from lodestar.documents.types import BUDGET_SECTION, TYPES, Binding, Context, bind, expander

from ..models import BudgetComponent, BudgetSection
from .builders import section_builder
from .common import FinCell, _title, printed_figures


def section_prefix(parameters: Mapping[str, Any]) -> str:
    """The printed number of the record's budget section ("29C"): its tables are 29C.13, 29C.14 ..."""
    code = parameters.get("budget_section")
    section = BudgetSection.objects.filter(code=code).only("number").first() if code else None
    return section.number if section is not None and section.number else ""


TYPES[BUDGET_SECTION].prefix = section_prefix

RESOURCE_TABLES = {
    "13": (
        "by_object",
        {
            "en": gettext_noop("Overall: evolution of financial resources by object of expenditure"),
            "zh": "总表: 按支出用途分列的财政资源变化情况",
        },
    ),
    "14": (
        "posts_summary",
        {
            "en": gettext_noop("Overall: proposed posts and post changes for {year}"),
            "zh": "总表: {year} 年拟议员额和员额变动",
        },
    ),
    "15": (
        "posts_by_grade",
        {
            "en": gettext_noop("Overall: proposed posts by category and grade"),
            "zh": "总表: 按职类和职等分列的拟议员额",
        },
    ),
    "16": (
        "by_source_money",
        {
            "en": gettext_noop(
                "Overall: evolution of financial resources by source of funding, component and subprogramme"
            ),
            "zh": "总表: 按资金来源、构成部分和次级方案分列的财政资源变化情况",
        },
    ),
    "17": (
        "by_source_posts",
        {
            "en": gettext_noop("Proposed posts for {year} by source of funding, component and subprogramme"),
            "zh": "按资金来源、构成部分和次级方案分列的 {year} 年拟议员额",
        },
    ),
    "18": (
        "evolution",
        {
            "en": gettext_noop("Overall: evolution of financial and post resources"),
            "zh": "总表: 财政资源和员额资源变化情况",
        },
    ),
}
EVOLUTION_OF = {
    "en": gettext_noop("{component}: evolution of financial and post resources"),
    "zh": "{component}: 财政资源和员额资源变化情况",
}
SUBPROGRAMME = {"en": gettext_noop("Subprogramme {number}"), "zh": "次级方案 {number}"}


def _year_title(title: dict[str, str], year: Any) -> dict[str, str]:
    return {lang: text.replace("{year}", str(year or "")) for lang, text in title.items()}


def _resource_builder(kind: str, relative: str, title: dict[str, str], **extra: Any) -> Any:
    def build(user: Any, lang: str, ctx: Context) -> TableData:
        return section_builder(kind, relative, _year_title(title, ctx.get("budget_year")), **extra)(
            user, lang, ctx
        )

    return build


for _relative, (_kind, _heading) in RESOURCE_TABLES.items():
    bind(BUDGET_SECTION, _relative, _heading, part="resources")(_resource_builder(_kind, _relative, _heading))


def _component_title(component: BudgetComponent) -> dict[str, str]:
    """ "Executive direction and management: ...", "Subprogramme 1: ..." in every language: the seed's
    Chinese wording, the others from the interface catalogues."""
    from django.utils import translation
    from django.utils.translation import gettext

    from lodestar.core.languages import DATA_LANGUAGES, django_code

    titles = {}
    for lang in DATA_LANGUAGES:
        with translation.override(django_code(lang)):
            if component.part == BudgetComponent.Part.PROGRAMME:
                template = SUBPROGRAMME["zh"] if lang == "zh" else gettext(SUBPROGRAMME["en"])
                name = template.format(number=component.number)
            else:
                name = component.tr("title", lang)
            wording = EVOLUTION_OF["zh"] if lang == "zh" else gettext(EVOLUTION_OF["en"])
            titles[lang] = wording.format(component=name)
    return titles


@expander(BUDGET_SECTION)
def component_tables(ctx: Context) -> list[Binding]:
    """One resource table per component of the section, numbered from .20 in the section's order."""
    code = ctx.get("budget_section")
    components = BudgetComponent.objects.filter(section__code=code).order_by("order", "code") if code else []
    found = []
    for index, component in enumerate(components):
        relative = str(20 + index)
        title = _component_title(component)
        found.append(
            Binding(
                number=relative,
                title=title,
                build=section_builder("evolution", relative, title, component=component.code),
                part="resources",
            )
        )
    return found


def _scoped(model: type, user: Any) -> Any:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


# -- table 29C.19: compliance rates, as printed -----------------------------------------------------

COMPLIANCE_ROWS = (
    ("timely_documents", {"en": gettext_noop("Timely submission of documentation"), "zh": "及时提交材料"}),
    (
        "air_tickets",
        {
            "en": gettext_noop("Air tickets purchased at least 2 weeks before the commencement of travel"),
            "zh": "在旅行开始前提前至少两星期购买机票",
        },
    ),
)
COMPLIANCE_COLUMNS = ("2020-actual", "2021-actual", "2022-actual", "2023-planned", "2024-planned")
YEAR_KIND = {
    "actual": {"en": gettext_noop("{year} actual"), "zh": "{year} 年 实际"},
    "planned": {"en": gettext_noop("{year} planned"), "zh": "{year} 年 计划"},
}


def compliance(user: Any, lang: str, ctx: Context) -> TableData:
    """The document gives the rates only, not the submissions or tickets behind them: the cells are
    the printed figures themselves, shown as printed and not computed; a missing one is "n/a"."""
    number = ctx.number("19")
    figures = printed_figures(user, ctx.symbol, number)
    rows = []
    for key, label in COMPLIANCE_ROWS:
        cells: list[Cell] = []
        for col in COMPLIANCE_COLUMNS:
            figure = figures.get((key, col))
            if figure is None:
                cells.append(Cell(numbers.format_ratio(None, lang=lang)))
            else:
                cells.append(FinCell(value=figure.value.normalize(), kind="count", key=(key, col)))
        rows.append(Row(printed(label, lang), cells))
    return TableData(
        title=_title(number, COMPLIANCE_TITLE, lang),
        columns=[
            "",
            *(printed(YEAR_KIND[c.split("-")[1]], lang, year=c.split("-")[0]) for c in COMPLIANCE_COLUMNS),
        ],
        rows=rows,
        unit_line=printed({"en": gettext_noop("(Percentage)"), "zh": "(百分比)"}, lang),
        unit="units",
        notes=[_("Printed percentages: the document does not give the figures they are computed from.")],
    )


COMPLIANCE_TITLE = {"en": gettext_noop("Compliance rate"), "zh": "遵守率"}
bind(BUDGET_SECTION, "19", COMPLIANCE_TITLE, part="resources")(compliance)
