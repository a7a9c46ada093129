"""Shared pieces of the printed portfolio tables (A/73/384 annex II; A/65/491 tables 7-12, 14, 17-19):
labels in the documents' wording, keyed cells and the printed figures beside them.

Totals, subtotals, the split by source of funds and shares are computed; a figure the document
prints differently (``PrintedCell``) is kept as the cell's ``printed_value`` and listed by the check
PRJ-PRINTED. Tables that belong to one project (9, 11, 12, 14, 8, 10) are bound to it by code below;
everything else follows from the programme, so a fifth project appears in tables 17-19 by itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.permissions import VIEW, restrict
from lodestar.documents.tables import Cell, TableData, printed

from ..models import (
    PrintedCell,
    Programme,
    Project,
)

REVIEW = "ICT-STRUCTURAL-REVIEW"
STRATEGY = "ICT-STRATEGY"

L = {
    "object": {"en": gettext_noop("Object of expenditure"), "zh": "支出用途"},
    "project": {"en": gettext_noop("Project"), "zh": "项目"},
    "source": {"en": gettext_noop("Source of funds"), "zh": "资金来源"},
    "category": {"en": gettext_noop("Benefit category"), "zh": "裨益类别"},
    "low": {"en": gettext_noop("Low estimate"), "zh": "低估计值"},
    "high": {"en": gettext_noop("High estimate"), "zh": "高估计值"},
    "total": {"en": gettext_noop("Total"), "zh": "共计"},
    "subtotal": {"en": gettext_noop("Subtotal"), "zh": "小计"},
    "contingencies": {"en": gettext_noop("Provision for contingencies"), "zh": "意外开支准备金"},
    "thousands": {"en": gettext_noop("(Thousands of United States dollars)"), "zh": "(千美元)"},
    "millions": {"en": gettext_noop("(Millions of United States dollars)"), "zh": "(单位：百万美元)"},
    "number": {"en": gettext_noop("Number of projects"), "zh": "项目数"},
    "status": {"en": gettext_noop("Status"), "zh": "状况"},
    "name": {"en": gettext_noop("Project name"), "zh": "项目名称"},
    "change": {"en": gettext_noop("Description of change request"), "zh": "变更要求说明"},
    "description": {"en": gettext_noop("Description"), "zh": "说明"},
    "start": {"en": gettext_noop("Start date"), "zh": "开始日期"},
    "completion": {"en": gettext_noop("Completion date"), "zh": "完成日期"},
    "percent": {"en": gettext_noop("Percentage complete"), "zh": "完成率"},
    "milestones": {"en": gettext_noop("Key milestones"), "zh": "关键里程碑"},
    "completed": {"en": gettext_noop("completed"), "zh": "已完成"},
    "in_progress": {"en": gettext_noop("in progress"), "zh": "进行中"},
    "not_estimated": {
        "en": gettext_noop(
            "a Quantitative benefits are hard to estimate; there are significant qualitative benefits."
        ),
        "zh": "a 数量方面的裨益难以估计，但是存在重大的质量方面的裨益。",
    },
    "fiscal": {
        "en": gettext_noop("a Covers the periods 1 July 2010-30 June 2011 and 1 July 2011-30 June 2012."),
        "zh": "a 涵盖 2010 年 7 月 1 日至 2011 年 6 月 30 日和 2011 年 7 月 1 日至 2012 年 6 月 30 日期间。",
    },
}
# The rows as A/65/491 words them where it differs from the object's name in the budget.
OBJECT_LABEL = {
    "CONSULT": {"en": gettext_noop("Consultants and experts"), "zh": "咨询人和专家"},
    "TRAVEL": {"en": gettext_noop("Travel of staff"), "zh": "工作人员差旅费"},
}
SOURCE_LABEL = {
    "regular": {"en": gettext_noop("Regular budget"), "zh": "经常预算"},
    "support_account": {"en": gettext_noop("Peacekeeping support account"), "zh": "维持和平支助账户"},
    "extrabudgetary": {"en": gettext_noop("Extrabudgetary"), "zh": "预算外"},
}
SOURCE_ORDER = {"regular": 0, "support_account": 1, "extrabudgetary": 2}
# Tables that show one project, by printed number.
PROJECT_TABLES = {
    "9": (
        "SR-SD-GLOBAL",
        {
            "en": gettext_noop("Total resource requirements for the service-desk globalization project"),
            "zh": "实施服务台全球化项目所需资源总额",
        },
    ),
    "11": (
        "SR-DC-STREAM",
        {
            "en": gettext_noop("Total resource requirements for the data-centre streamlining project"),
            "zh": "简化数据中心项目执行工作的所需经费总额",
        },
    ),
    "12": (
        "SR-ICT-RATION",
        {
            "en": gettext_noop("Total resource requirements for the ICT rationalization project"),
            "zh": "合理安排信通技术项目的所需经费总额",
        },
    ),
    "14": (
        "SR-OICT",
        {
            "en": gettext_noop(
                "Total resource requirements for the project to strengthen the Office of "
                "Information and Communications Technology"
            ),
            "zh": "执行加强信息和通信技术厅的项目所需资源总额",
        },
    ),
}
BENEFIT_TABLES = {
    "8": (
        "SR-SD-GLOBAL",
        {
            "en": gettext_noop(
                "Estimated annual recurring benefits of the globalized service desk by category"
            ),
            "zh": "按类别分列的全球化服务台年度经常裨益估计数",
        },
    ),
    "10": (
        "SR-DC-STREAM",
        {
            "en": gettext_noop("Estimated annual recurring benefits of data-centre streamlining by category"),
            "zh": "数据中心精简项目按类别分列的年度经常性裨益估计数",
        },
    ),
}


def t(key: str, lang: str) -> str:
    return printed(L[key], lang)


@dataclass
class KeyedCell(Cell):
    key: tuple[str, str] = ("", "")  # (row key, column key) as PrintedCell names them


@dataclass
class PortfolioTable(TableData):
    # Figures the narrative prints that no column shows (shares of a total, the non-post part of a
    # project), by (row key, column key): compared with PrintedCell rows like the cells are.
    derived: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    derived_labels: dict[str, str] = field(default_factory=dict)  # {row key of a derived figure: label}


def _scoped(model: type, user: Any) -> Any:
    return model.objects.all() if user is None else restrict(user, VIEW, model)


def _title(number: str, title: dict[str, str], lang: str) -> str:
    if lang == "zh" and "zh" in title:
        return f"表 {number} {title['zh']}"
    return f"Table {number}. {printed(title, lang)}"


def _printed(user: Any, symbol: str, number: str) -> dict[tuple[str, str], PrintedCell]:
    return {
        (p.row, p.column): p for p in _scoped(PrintedCell, user).filter(document=symbol, table_number=number)
    }


def _cell(value: Any, kind: str, key: tuple[str, str], figures: dict) -> KeyedCell:
    cell = KeyedCell(value=value, kind=kind, key=key)
    figure = figures.get(key)
    if figure is not None:
        shown: Any = figure.value
        if kind == "amount":
            shown = figure.value * numbers.SCALE.get(figure.unit, Decimal(1))
        elif kind == "count":
            shown = int(figure.value)
        if value is None or Decimal(shown) != Decimal(value):
            cell.printed_value = shown
    return cell


def _programme(user: Any, code: str) -> Programme | None:
    return _scoped(Programme, user).filter(code=code).first()


def _projects(user: Any, programme: Programme | None) -> list[Project]:
    if programme is None:
        return []
    return list(_scoped(Project, user).filter(programme=programme).order_by("order", "code"))
