"""A/78/6 (Sect. 29C): the proposed programme budget for 2024 of OICT, tables 29C.13-29C.23 (29C.19:
the compliance rates, as printed)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from lodestar.core import numbers
from lodestar.documents.tables import Cell, Row, TableData, document, documents, printed, table

from .builders import section_tables
from .common import A78, FinCell, _title, printed_figures

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

# Table 29C.14's note: the abbreviations the tables and figures use (A/78/6 (Sect. 29C), after
# table 29C.14; seed-tables.md 000-T24 gives the annex I legend that repeats them).
ABBREVIATIONS_29C_14 = {
    "en": "Note: The following abbreviations are used in tables and figures: ASG, Assistant "
    "Secretary-General; GS (OL), General Service (Other level); GS (PL), General Service (Principal "
    "level); LL, Local level.",
    "zh": "注:表格和图表使用的缩写如下: ASG, 助理秘书长; GS(OL), 一般事务人员(其他职等); "
    "GS (PL), 一般事务人员(特等); LL, 当地雇员。",
}
_posts_summary = documents[A78].tables["29C.14"]


def _posts_summary_with_note(user: Any, lang: str) -> TableData:
    data = _posts_summary.build(user, lang)
    data.notes = [*data.notes, printed(ABBREVIATIONS_29C_14, lang)]
    return data


_posts_summary_with_note.finance_table = True  # type: ignore[attr-defined]
_posts_summary_with_note.section_code = _posts_summary.build.section_code  # type: ignore[attr-defined]
table(A78, "29C.14", _posts_summary.title)(_posts_summary_with_note)


# -- table 29C.19: compliance rates, as printed -----------------------------------------------------

COMPLIANCE_ROWS = (
    ("timely_documents", {"en": "Timely submission of documentation", "zh": "及时提交材料"}),
    (
        "air_tickets",
        {
            "en": "Air tickets purchased at least 2 weeks before the commencement of travel",
            "zh": "在旅行开始前提前至少两星期购买机票",
        },
    ),
)
COMPLIANCE_COLUMNS = (
    ("2020-actual", {"en": "2020 actual", "zh": "2020 年 实际"}),
    ("2021-actual", {"en": "2021 actual", "zh": "2021 年 实际"}),
    ("2022-actual", {"en": "2022 actual", "zh": "2022 年 实际"}),
    ("2023-planned", {"en": "2023 planned", "zh": "2023 年 计划"}),
    ("2024-planned", {"en": "2024 planned", "zh": "2024 年 计划"}),
)


def compliance(user: Any, lang: str) -> TableData:
    """The document gives the rates only, not the submissions or tickets behind them: the cells are
    the printed figures themselves, shown as printed and not computed; a missing one is "n/a"."""
    figures = printed_figures(user, A78, "29C.19")
    rows = []
    for key, label in COMPLIANCE_ROWS:
        cells: list[Cell] = []
        for col, _h in COMPLIANCE_COLUMNS:
            figure = figures.get((key, col))
            if figure is None:
                cells.append(Cell(numbers.format_ratio(None, lang=lang)))
            else:
                cells.append(FinCell(value=figure.value.normalize(), kind="count", key=(key, col)))
        rows.append(Row(printed(label, lang), cells))
    return TableData(
        title=_title("29C.19", COMPLIANCE_TITLE, lang),
        columns=["", *(printed(h, lang) for _c, h in COMPLIANCE_COLUMNS)],
        rows=rows,
        unit_line="(百分比)" if lang == "zh" else "(Percentage)",
        unit="units",
        notes=[_("Printed percentages: the document does not give the figures they are computed from.")],
    )


COMPLIANCE_TITLE = {"en": "Compliance rate", "zh": "遵守率"}
compliance.finance_table = True  # type: ignore[attr-defined]
compliance.section_code = "A78-29C"  # type: ignore[attr-defined]
table(A78, "29C.19", COMPLIANCE_TITLE)(compliance)

# Keep the document's tables in their printed order (29C.19 is registered after the others).
_tables = documents[A78].tables
_ordered = sorted(_tables.items(), key=lambda item: int(item[0].split(".")[1]))
_tables.clear()
_tables.update(_ordered)
