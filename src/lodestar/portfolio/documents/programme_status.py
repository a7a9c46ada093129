"""A/65/491 (ICT strategy and structural review): tables 1-4, the status of the ICT management
framework and of the knowledge, resource and infrastructure management programmes, from the stored
programme activities (one row per programme element). Each table is bound to its programme by code,
like the project tables in common.PROJECT_TABLES; a new element of a programme appears in its table
by itself."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from lodestar.documents.tables import Cell, Row, printed
from lodestar.documents.types import STRUCTURAL_REVIEW, Context, bind

from ..activities import ProgrammeActivity
from ..models import Programme
from .common import PortfolioTable, _scoped, _title

# Printed number -> (programme code, the table's title as the document words it).
STATUS_TABLES = {
    "1": (
        "ICT-MF",
        {"en": gettext_noop("Status of the ICT management framework"), "zh": "信通技术管理框架状况"},
    ),
    "2": (
        "ICT-KM",
        {"en": gettext_noop("Status of the knowledge management programme"), "zh": "知识管理方案状况"},
    ),
    "3": (
        "ICT-RM",
        {"en": gettext_noop("Status of the resource management programme"), "zh": "资源管理方案状况"},
    ),
    "4": (
        "ICT-IM",
        {
            "en": gettext_noop("Status of the infrastructure management programme"),
            "zh": "基础设施管理方案状况",
        },
    ),
}
ACTIVITY = {"en": gettext_noop("Main activity"), "zh": "主要活动"}
# The lines printed above each table: the programme's goal and its objectives (one a line).
GOAL = {"en": gettext_noop("Goal: {text}"), "zh": "目标：{text}"}
OBJECTIVES = {"en": gettext_noop("Objectives:"), "zh": "具体目标："}
# Tables 3 and 4 say 进展情况 where tables 1 and 2 say 进展.
PROGRESS = {"en": gettext_noop("Progress ({period})"), "zh": "进展({period}年)"}
PROGRESS_34 = {"en": gettext_noop("Progress ({period})"), "zh": "进展情况({period}年)"}
PLAN = {"en": gettext_noop("Plan ({period}) a"), "zh": "计划({period}年)a"}
# Footnote a, worded one way in tables 1-2 and another in tables 3-4.
TIME_FRAME = {
    "en": gettext_noop(
        "a Time frame: near term — by 2011; medium term — by 2012; long term — 2012 or beyond."
    ),
    "zh": "a 完成时限：近期至 2011 年；中期至 2012 年；长期至 2012 年或之后。",
}
TIME_FRAME_34 = {
    "en": TIME_FRAME["en"],
    "zh": "a 完成时限：近期——2011 年；中期——2012 年；长期——2012 年或之后。",
}


def _label(activity: ProgrammeActivity, lang: str) -> str:
    element, description = activity.tr("element", lang), activity.tr("activity", lang)
    return f"{element}\n{description}" if description else element


def _headnote(programme: Programme | None, lang: str) -> str:
    """The goal and objectives printed above the table, or "" when the programme has none stored."""
    if programme is None:
        return ""
    lines = []
    goal, objectives = programme.tr("goal", lang), programme.tr("objectives", lang)
    if goal:
        lines.append(printed(GOAL, lang).format(text=goal))
    if objectives:
        lines.append(printed(OBJECTIVES, lang))
        lines.extend(f"• {line.strip()}" for line in objectives.splitlines() if line.strip())
    return "\n".join(lines)


def status_table(user: Any, lang: str, number: str) -> PortfolioTable:
    code, title = STATUS_TABLES[number]
    activities = list(_scoped(ProgrammeActivity, user).filter(programme__code=code).order_by("order", "pk"))
    later = number in ("3", "4")
    progress_period = activities[0].progress_period if activities else "2009-2010"
    plan_period = activities[0].plan_period if activities else "2011-2013"
    programme = _scoped(Programme, user).filter(code=code).first()
    return PortfolioTable(
        title=_title(number, title, lang),
        unit_line=_headnote(programme, lang),
        columns=[
            printed(ACTIVITY, lang),
            printed(PROGRESS_34 if later else PROGRESS, lang).format(period=progress_period),
            printed(PLAN, lang).format(period=plan_period),
        ],
        rows=[
            Row(_label(a, lang), [Cell(a.tr("progress", lang)), Cell(a.tr("plan", lang))]) for a in activities
        ],
        unit="units",
        notes=[printed(TIME_FRAME_34 if later else TIME_FRAME, lang)],
    )


def _status_table(number: str) -> None:
    @bind(STRUCTURAL_REVIEW, number, STATUS_TABLES[number][1], part="strategy")
    def build(user: Any, lang: str, ctx: Context) -> PortfolioTable:
        return status_table(user, lang, number)


for _number in STATUS_TABLES:
    _status_table(_number)
