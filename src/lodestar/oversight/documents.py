"""Printed oversight tables built from the register: A/73/384 annex III (implementation of the Board
of Auditors' recommendations) and A/78/6 (Sect. 29C) annex II (follow-up of advisory and oversight
bodies' recommendations). Counts and percentages are computed; printed ones are ``PrintedSummary``
figures compared by the check OVS-PRINTED."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_noop

from lodestar.core.translation import text
from lodestar.documents.tables import Cell, Row, TableData, printed
from lodestar.documents.types import (
    BUDGET_SECTION,
    FOLLOW_UP_ANNEX,
    ICT_PROGRESS_REPORT,
    Binding,
    Context,
    bind,
    expander,
)

from . import analysis
from .models import Recommendation, StatusUpdate
from .queries import facts_for, visible_recommendations, visible_updates

SUMMARY_COLUMNS = ("total", "implemented", "not_started", "overtaken", "under_implementation")

L = {
    "para": {"en": gettext_noop("Paragraph"), "zh": "段次"},
    "target": {"en": gettext_noop("Target date"), "zh": "目标日期"},
    "comments": {"en": gettext_noop("Comments"), "zh": "评论意见"},
    "department": {"en": gettext_noop("Department responsible"), "zh": "负责部门"},
    "total": {"en": gettext_noop("Total recommendations"), "zh": "建议总数"},
    "implemented": {"en": gettext_noop("Implemented"), "zh": "已执行"},
    "not_started": {"en": gettext_noop("Not started"), "zh": "未开始"},
    "overtaken": {"en": gettext_noop("Overtaken by events"), "zh": "因时过境迁而不必执行"},
    "under_implementation": {"en": gettext_noop("Under implementation"), "zh": "执行中"},
    "percent": {"en": gettext_noop("Percentage"), "zh": "百分比"},
    "secretariat": {
        "en": gettext_noop(
            "United Nations Secretariat, under the supervision of the Office of Information and "
            "Communications Technology"
        ),
        "zh": "联合国秘书处，在信息和通信技术厅监督下",
    },
    "brief": {"en": gettext_noop("Brief description of the recommendation"), "zh": "建议简述"},
    "action": {
        "en": gettext_noop("Action taken to implement the recommendation"),
        "zh": "为执行建议而采取的行动",
    },
}
# The annex prints the lead entity's row in its own words; other entities are named as stored.
PRINTED_DEPARTMENT = {"OICT": "secretariat"}


def t(key: str, lang: str) -> str:
    return printed(L[key], lang)


@dataclass
class SummaryCell(Cell):
    key: tuple[str, str] = ("", "")  # (row key, column key) as PrintedSummary names them


def _recommendations(user: Any, symbols: tuple[str, ...]) -> list[Recommendation]:
    qs = Recommendation.objects.filter(report__symbol__in=symbols)
    if user is not None:
        qs = visible_recommendations(user, qs)
    order = {s: i for i, s in enumerate(symbols)}
    recs = list(qs.select_related("report__body", "entity"))
    return sorted(recs, key=lambda r: (order[r.report.symbol], r.order, r.pk))


def _comments(user: Any, recs: list[Recommendation], source: str) -> dict[int, StatusUpdate]:
    """The update each recommendation's lead entity reported in ``source`` (one query)."""
    qs = StatusUpdate.objects.filter(
        addressee__recommendation__in=[r.pk for r in recs], source=source
    ).select_related("addressee")
    if user is not None:
        qs = visible_updates(user, qs)
    found: dict[int, StatusUpdate] = {}
    leads = {r.pk: r.entity_id for r in recs}
    for u in qs.order_by("as_of", "pk"):
        rec_id = u.addressee.recommendation_id
        if u.addressee.entity_id == leads[rec_id] or rec_id not in found:
            found[rec_id] = u
    return found


def _date(day: datetime.date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    from babel.dates import format_date

    # "31 Dec 2018" as the English annex prints it, the same short form in each language.
    return format_date(day, format="d MMM y", locale=lang)


def _para(reference: str, lang: str) -> str:
    """The paragraph column as printed: "25", "31-32", "摘要，建议(a)"."""
    summary = re.fullmatch(r"summary, recommendation \((\w)\)", reference)
    if summary:
        wording = {"en": gettext_noop("Summary, recommendation ({letter})"), "zh": "摘要，建议({letter})"}
        return printed(wording, lang, letter=summary.group(1))
    if reference.startswith("("):
        # A transcription's note in place of a paragraph ("(not in the seed's text)"), in the catalogue.
        return printed({"en": reference}, lang)
    return reference.removeprefix("para. ")


def _target(rec: Recommendation, lang: str) -> str:
    as_printed = rec.target_as_printed or {}
    if as_printed.get(lang):
        return as_printed[lang]
    if rec.target_date:
        return _date(rec.target_date, lang)
    return text(as_printed, lang, rec.original_language)


def _implementation_table(
    user: Any, lang: str, ctx: Context, symbol: str, title: dict[str, str]
) -> TableData:
    recs = _recommendations(user, (symbol,))
    comments = _comments(user, recs, ctx.symbol)
    rows = []
    for rec in recs:
        update = comments.get(rec.pk)
        comment = text(update.comment, lang, update.original_language) if update else ""
        rows.append(Row(_para(rec.reference, lang), [Cell(_target(rec, lang)), Cell(comment)]))
    return TableData(
        title=printed(title, lang),
        columns=[t("para", lang), t("target", lang), t("comments", lang)],
        rows=rows,
        unit_line=symbol,
    )


def _reports(ctx: Context) -> list[str]:
    """The record's oversight reports in scope, latest first (A/73/384: A/73/160, then the earlier ones)."""
    return [str(s) for s in ctx.get("oversight_reports") or []]


def _report_title(symbol: str) -> dict[str, str]:
    from .models import OversightReport

    report = OversightReport.objects.filter(symbol=symbol).first()
    if report is None:
        return {"en": symbol}
    return {"en": symbol} | {lang: f"{value} ({symbol})" for lang, value in report.title.items()}


def _implementation_builder(symbol: str, title: dict[str, str]) -> Any:
    def build(user: Any, lang: str, ctx: Context) -> TableData:
        return _implementation_table(user, lang, ctx, symbol, title)

    return build


@expander(ICT_PROGRESS_REPORT)
def implementation_tables(ctx: Context) -> list[Binding]:
    """Annex III.I for the latest report, III.II.A, B, C ... for each earlier one."""
    reports = _reports(ctx)
    found = []
    for index, symbol in enumerate(reports):
        number = "annex III.I" if index == 0 else f"annex III.II.{chr(ord('A') + index - 1)}"
        title = _report_title(symbol)
        found.append(Binding(number, title, _implementation_builder(symbol, title), part="annex III"))
    return found


@bind(
    ICT_PROGRESS_REPORT,
    "annex III.II",
    {
        "en": gettext_noop(
            "Summary of the status of the recommendations issued by the Board of Auditors in its earlier "
            "reports"
        ),
        "zh": "审计委员会以前报告所提建议的总体情况",
    },
    part="annex III",
)
def status_summary(user: Any, lang: str, ctx: Context) -> TableData:
    as_at = ctx.get("as_at")
    as_at_date = datetime.date.fromisoformat(str(as_at)) if as_at else datetime.date.today()
    recs = _recommendations(user, tuple(_reports(ctx)[1:]))
    facts = facts_for(Recommendation.objects.filter(pk__in=[r.pk for r in recs]))
    by_entity: dict[int, dict[str, int]] = {}
    names: dict[int, str] = {}
    for rec in recs:
        counts = by_entity.setdefault(rec.entity_id, dict.fromkeys(SUMMARY_COLUMNS, 0))
        counts["total"] += 1
        status = facts[rec.pk].status(as_at_date)
        if status == analysis.NOT_IMPLEMENTED:
            status = analysis.NOT_STARTED  # the administration's annex has no "not implemented" column
        if status is not None:
            # One with no validated status yet counts in the total only, so the row visibly does not
            # add up rather than guessing a status for it.
            counts[status] += 1
        key = PRINTED_DEPARTMENT.get(rec.entity.code)
        names[rec.entity_id] = t(key, lang) if key else rec.entity.tr("name", lang)
    rows = []
    for entity_id, counts in by_entity.items():
        rows.append(
            Row(
                names[entity_id],
                [SummaryCell(counts[c], "count", key=("count", c)) for c in SUMMARY_COLUMNS],
            )
        )
        rows.append(
            Row(
                t("percent", lang),
                [
                    SummaryCell(analysis.percent(counts[c], counts["total"]), "percent", key=("percent", c))
                    for c in SUMMARY_COLUMNS
                ],
                style="subtotal",
            )
        )
    notes = [
        printed(
            {
                "en": gettext_noop(
                    "Counts computed from the register (annexes III.II.A-C, status as at July 2018). "
                    "The seed is cut off within annex III.II.C: the 37th recommendation, the one printed as "
                    "not started, is recorded without its paragraph (“not in the seed's text”)."
                ),
                "zh": "根据登记册计算(附件三.二.A-C, 截至 2018 年 7 月的状况)。"
                "源文件在附件三.二.C 中截断: 第 37 项建议(印刷为未开始的一项)"
                "记录时无段次(“未载于种子文本”)。",
            },
            lang,
        )
    ]
    return TableData(
        title=printed(
            {
                "en": gettext_noop(
                    "Summary of the status of the recommendations issued by the Board of Auditors up to "
                    "the end of 2017, as at July 2018"
                ),
                "zh": "审计委员会 2017 年底以前提出的建议截至 2018 年 7 月的总体情况",
            },
            lang,
        ),
        columns=[t("department", lang), *(t(c, lang) for c in SUMMARY_COLUMNS)],
        rows=rows,
        unit="units",
        notes=notes,
    )


FOLLOW_UP_TITLE = {
    "en": gettext_noop(
        "Summary of follow-up action taken to implement relevant recommendations of the advisory and "
        "oversight bodies"
    ),
    "zh": "为执行咨询和监督机构相关建议而采取的后续行动汇总",
}


@bind(FOLLOW_UP_ANNEX, "annex", FOLLOW_UP_TITLE, part="annex")
@bind(BUDGET_SECTION, "annex II", FOLLOW_UP_TITLE, part="annex II")
def follow_up(user: Any, lang: str, ctx: Context) -> TableData:
    """Grouped by body and report: each recommendation's brief description and the action taken as
    the budget fascicle reports it (the lead entity's update whose source is the fascicle)."""
    source = ctx.get("source") or ctx.symbol
    qs = Recommendation.objects.filter(addressees__updates__source=source).distinct()
    if user is not None:
        qs = visible_recommendations(user, qs)
    recs = sorted(
        qs.select_related("report__body", "entity"),
        key=lambda r: (
            r.report.body.order,
            r.report.body.code,
            r.report.date,
            r.report.symbol,
            r.order,
            r.pk,
        ),
    )
    comments = _comments(user, recs, source)
    rows: list[Row] = []
    body = report = None
    for rec in recs:
        if rec.report.body_id != body:
            body = rec.report.body_id
            rows.append(Row(rec.report.body.tr("name", lang), [Cell("")], style="heading"))
        if rec.report_id != report:
            report = rec.report_id
            rows.append(Row(rec.report.symbol, [Cell("")], style="heading", level=1))
        update = comments.get(rec.pk)
        action = text(update.comment, lang, update.original_language) if update else ""
        rows.append(Row(rec.tr("text", lang), [Cell(action)], level=2))
    return TableData(
        title=printed(
            {
                "en": gettext_noop(
                    "Summary of follow-up action taken to implement relevant recommendations of the "
                    "advisory and oversight bodies"
                ),
                "zh": "为执行咨询和监督机构相关建议而采取的后续行动汇总",
            },
            lang,
        ),
        columns=[t("brief", lang), t("action", lang)],
        rows=rows,
    )
