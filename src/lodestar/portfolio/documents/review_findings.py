"""A/65/491 (ICT structural review): table 6 (key findings and the projects recommended for them) and
the cost baselines of the business cases (¶132-133, ¶160-161), from the stored projects."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.documents.tables import Cell, Row, printed
from lodestar.documents.types import STRUCTURAL_REVIEW, Context, bind

from ..models import CostBaseline
from .common import REVIEW, KeyedCell, PortfolioTable, _printed, _programme, _projects, _title

TITLE_6 = {"en": gettext_noop("Key findings and recommendations"), "zh": "主要结论与建议"}
TITLE_BASELINES = {
    "en": gettext_noop("Current annual cost and staffing of what the business cases replace"),
    "zh": "业务案例所取代部分目前的年度费用和人员配置",
}
PROJECT_NUMBER = {"en": gettext_noop("Project {n} — {name}"), "zh": "项目 {n}——{name}"}
OBJECTIVE = {"en": gettext_noop("Objective: {text}"), "zh": "目标：{text}"}


@bind(STRUCTURAL_REVIEW, "6", TITLE_6)
def key_findings(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """One row per structural-review project that answers a key finding, in the projects' order."""
    projects = [p for p in _projects(user, _programme(user, REVIEW)) if p.key_finding]
    rows = []
    for n, project in enumerate(projects, start=1):
        recommendation = printed(PROJECT_NUMBER, lang).format(n=n, name=project.tr("name", lang))
        objective = project.tr("objective", lang)
        if objective:
            recommendation += "\n" + printed(OBJECTIVE, lang).format(text=objective)
        rows.append(Row(project.tr("key_finding", lang), [Cell(recommendation)]))
    return PortfolioTable(
        title=_title("6", TITLE_6, lang),
        columns=[
            printed({"en": gettext_noop("Key finding"), "zh": "主要结论"}, lang),
            printed({"en": gettext_noop("Recommendation"), "zh": "建议"}, lang),
        ],
        rows=rows,
        unit="units",
    )


FTE = frozenset({"staff", "contractors", "fte"})


class Figure(KeyedCell):
    """A figure in the unit of its column (millions of dollars or FTE), shown as computed."""

    def format(self, lang: str, unit: str = "units") -> str:
        if self.value is None:
            return ""
        if self.key[1] in FTE:  # people: whole numbers
            return f"{self.value.quantize(Decimal(1)):f}"
        return f"{self.value:f}"


@bind(STRUCTURAL_REVIEW, "baselines", TITLE_BASELINES)
def cost_baselines(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """Per business case: labour + equipment = the annual cost (millions), staff + contractors = the
    FTE; the totals the text prints ("about 135 million", "about 104 million") are PrintedCell rows."""
    projects = _projects(user, _programme(user, REVIEW))
    parts: dict[int, dict[str, Decimal]] = {}
    for b in CostBaseline.objects.filter(project__in=projects):
        parts.setdefault(b.project_id, {})[b.part] = b.value
    figures = _printed(user, ctx.symbol, "baselines")
    rows = []
    for project in projects:
        own = parts.get(project.pk)
        if not own:
            continue
        cost = own.get("labour", Decimal(0)) + own.get("equipment", Decimal(0))
        fte = own.get("staff", Decimal(0)) + own.get("contractors", Decimal(0))
        cells = []
        for key, value in (
            ("labour", own.get("labour")),
            ("equipment", own.get("equipment")),
            ("cost", cost),
            ("staff", own.get("staff")),
            ("contractors", own.get("contractors")),
            ("fte", fte),
        ):
            cell = Figure(value=value, kind="figure", key=(project.code, key))
            figure = figures.get((project.code, key))
            if figure is not None and value is not None and Decimal(figure.value) != value:
                cell.printed_value = figure.value
            cells.append(cell)
        rows.append(Row(project.tr("name", lang), cells))
    headers = [
        {"en": gettext_noop("Labour (millions)"), "zh": "人工(百万美元)"},
        {"en": gettext_noop("Equipment (millions)"), "zh": "设备(百万美元)"},
        {"en": gettext_noop("Annual cost (millions)"), "zh": "年度费用(百万美元)"},
        {"en": gettext_noop("Staff (FTE)"), "zh": "工作人员(全时当量)"},
        {"en": gettext_noop("Contractors (FTE)"), "zh": "承包人(全时当量)"},
        {"en": gettext_noop("Total FTE"), "zh": "全时当量共计"},
    ]
    return PortfolioTable(
        title=printed(TITLE_BASELINES, lang),
        columns=[
            printed({"en": gettext_noop("Project"), "zh": "项目"}, lang),
            *(printed(h, lang) for h in headers),
        ],
        rows=rows,
        unit="units",
        notes=[
            printed(
                {
                    "en": gettext_noop(
                        "Computed from the parts the text gives (¶132-133, ¶160-161); the text prints the "
                        "totals as “about 135 million” and “about 104 million” — see PRJ-PRINTED."
                    ),
                    "zh": "根据正文所列组成部分计算(第 132-133 段、第 160-161 段);正文印刷的总数为"
                    "“约 1.35 亿美元”和“约 1.04 亿美元”——见检查 PRJ-PRINTED。",
                },
                lang,
            )
        ],
    )
