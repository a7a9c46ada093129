"""A/73/384 annex II: the roll-forward of project status (II.A), the change requests (II.B) and the
projects reported on (II.C), from the status reports, change requests, phases and milestones."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_noop, pgettext

from lodestar.core.languages import django_code
from lodestar.documents.tables import Cell, Row, printed
from lodestar.documents.types import ICT_PROGRESS_REPORT, Context, bind

from ..models import ChangeRequest, Milestone, Programme, Project, ProjectPhase, StatusReport
from .common import STRATEGY, PortfolioTable, _cell, _printed, _programme, _scoped, t

# -- A/73/384 annex II ----------------------------------------------------------------------------

ORDINAL = {
    "en": ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
    "zh": ("第一次", "第二次", "第三次", "第四次", "第五次", "第六次", "第七次", "第八次"),
}
TITLE_IIA = {"en": gettext_noop("A. Overview of project status"), "zh": "A. 项目状况概览"}
TITLE_IIB = {
    "en": gettext_noop("B. Projects modified through change requests"),
    "zh": "B. 根据变更要求修改的项目",
}
TITLE_IIC = {"en": gettext_noop("C. Ongoing projects"), "zh": "C. 进行中的项目"}


def _date(value: datetime.date | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return date_format(value, "j F Y")


def _ordinal(index: int, lang: str) -> str:
    if index >= len(ORDINAL["en"]):
        return str(index + 1)
    if lang == "zh":
        return ORDINAL["zh"][index]
    with translation.override(django_code(lang)):
        # A progress report's rank ("second progress report"): one context for the catalogue, since
        # "first" elsewhere needs another form.
        return pgettext("progress report", ORDINAL["en"][index])


# The annex's own sentences, the seed's wording in Chinese; {ordinal} is _ordinal's word.
PHRASES = {
    "described": {
        "en": gettext_noop("Strategic projects described in the first progress report ({document})"),
        "zh": "第一次进度报告({document})所述的战略项目",
    },
    "completed": {
        "en": gettext_noop(
            "Projects completed and transitioned to operations, {ordinal} progress report ({document})"
        ),
        "zh": "{ordinal}进度报告({document})已完成并进入日常运行的项目",
    },
    "remaining": {
        "en": gettext_noop("Remaining strategic projects, {ordinal} progress report ({document})"),
        "zh": "{ordinal}进度报告({document})余下的战略项目",
    },
    "done": {
        "en": gettext_noop(
            "Note: of the {before} remaining projects of the previous report, {names} was successfully "
            "completed in {year} and transitioned to operations."
        ),
        "zh": "注：上一次进度报告所列 {before} 个余下的项目中，{names}已于 {year} 年顺利完成并进入日常运行。",
    },
    "inconsistent": {
        "en": gettext_noop(
            "Note: section C lists {listed} projects while section A counts {remaining} remaining; "
            "listed although completed and transitioned to operations: {names}"
        ),
        "zh": "注：C 节列出 {listed} 个项目，而 A 节显示余下 {remaining} 个项目；"
        "已完成并进入日常运行但仍列出的项目：{names}",
    },
}


class Roll:
    """The roll-forward of a programme's projects through its progress reports, up to ``last``:
    described in the first, completed and transitioned in each later one, remaining after each."""

    def __init__(self, user: Any, programme: Programme | None, last: str) -> None:
        reports = list(
            _scoped(StatusReport, user)
            .filter(project__programme=programme)
            .select_related("project")
            .order_by("period", "project__order", "project__code")
        )
        period_of = {r.document: r.period for r in reports if r.document}
        cut = period_of.get(last, "")
        self.documents = sorted((d for d, p in period_of.items() if p <= cut), key=lambda d: period_of[d])
        self.reports = [r for r in reports if r.document in self.documents]
        self.listed = [r for r in self.reports if r.document == last]
        self.transitioned: dict[str, list[Project]] = defaultdict(list)  # document -> projects
        self.transitioned_in: dict[int, str] = {}  # project -> document
        for r in self.reports:
            if r.transitioned:
                self.transitioned[r.document].append(r.project)
                self.transitioned_in.setdefault(r.project_id, r.document)
        first = self.documents[0] if self.documents else ""
        self.described = len({r.project_id for r in self.reports if r.document == first})
        self.remaining: dict[str, int] = {}
        left = self.described
        for d in self.documents[1:]:
            left -= len(self.transitioned[d])
            self.remaining[d] = left

    def listed_though_completed(self) -> list[tuple[Project, str]]:
        return [
            (r.project, self.transitioned_in[r.project_id])
            for r in self.listed
            if r.project_id in self.transitioned_in
        ]


def inconsistency_note(roll: Roll, last: str, lang: str) -> str:
    """Section C lists every project reported on, section A counts those that remain: say so when the
    two disagree (A/73/384: nine listed, seven remain; seed-tables.md §6 item 7)."""
    remaining = roll.remaining.get(last)
    if remaining is None or remaining == len(roll.listed):
        return ""
    names = "; ".join(f"{p.tr('name', lang)} ({d})" for p, d in roll.listed_though_completed())
    return printed(PHRASES["inconsistent"], lang, listed=len(roll.listed), remaining=remaining, names=names)


@bind(ICT_PROGRESS_REPORT, "annex II.A", TITLE_IIA, part="annex II")
def project_status(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    figures = _printed(user, ctx.symbol, "annex II.A")
    roll = Roll(user, _programme(user, STRATEGY), ctx.symbol)
    zh = lang == "zh"
    rows: list[Row] = []
    if roll.documents:
        first = roll.documents[0]
        label = printed(PHRASES["described"], lang, document=first)
        rows.append(Row(label, [_cell(roll.described, "count", ("described", "number"), figures)]))
    for index, d in enumerate(roll.documents[1:], start=1):
        n = _ordinal(index, lang)
        done = -len(roll.transitioned[d])
        completed = _cell(done, "count", (f"completed-{d}", "number"), figures)
        completed.minus_sign = True  # printed "-7", not "(7)"
        rows.append(
            Row(
                printed(PHRASES["completed"], lang, ordinal=n, document=d),
                [completed],
            )
        )
        rows.append(
            Row(
                printed(PHRASES["remaining"], lang, ordinal=n, document=d),
                [_cell(roll.remaining[d], "count", (f"remaining-{d}", "number"), figures)],
                style="subtotal",
            )
        )
    notes = []
    if len(roll.documents) > 1:
        last = roll.documents[-1]
        before = roll.remaining.get(roll.documents[-2], roll.described)
        done = roll.transitioned[last]
        if done:
            names = (
                "、".join(p.tr("name", lang) for p in done)
                if zh
                else ", ".join(p.tr("name", lang) for p in done)
            )
            years = sorted({p.transitioned_on.year for p in done if p.transitioned_on})
            year = ", ".join(str(y) for y in years)
            notes.append(printed(PHRASES["done"], lang, before=before, names=names, year=year))
    note = inconsistency_note(roll, ctx.symbol, lang)
    if note:
        notes.append(note)
    return PortfolioTable(
        title=printed(TITLE_IIA, lang),
        columns=[t("status", lang), t("number", lang)],
        rows=rows,
        unit=None,
        notes=notes,
        label_last=True,  # the seed prints "Number of projects | Status"
    )


@bind(ICT_PROGRESS_REPORT, "annex II.B", TITLE_IIB, part="annex II")
def change_requests(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    items = (
        _scoped(ChangeRequest, user)
        .filter(document=ctx.symbol, project__programme__code=STRATEGY)
        .select_related("project")
        .order_by("project__order", "project__code", "approved_on", "pk")
    )
    rows = [Row(c.project.tr("name", lang), [Cell(c.tr("description", lang))]) for c in items]
    return PortfolioTable(
        title=printed(TITLE_IIB, lang),
        columns=[t("name", lang), t("change", lang)],
        rows=rows,
        unit=None,
        notes=[
            printed(
                {
                    "en": gettext_noop(
                        "Change requests for the following projects were approved. The schedule was "
                        "adjusted and the project closed."
                    ),
                    "zh": "以下项目的变更要求得到批准。调整了时间表并结束该项目。",
                },
                lang,
            )
        ],
    )


def _milestone_text(m: Milestone, lang: str) -> str:
    due = _date(m.current_due or m.baseline_due, lang)
    # The state as the report gave it (a milestone it gives no state for is printed without one).
    state = ""
    if m.reported_status == Milestone.Reported.COMPLETED or m.status == Milestone.Status.ACCEPTED:
        state = t("completed", lang)
    elif m.reported_status == Milestone.Reported.IN_PROGRESS:
        state = t("in_progress", lang)
    inside = [
        x
        for x in ((f"完成日期：{due}" if lang == "zh" else f"completion date: {due}") if due else "", state)
        if x
    ]
    sep = "；" if lang == "zh" else "; "
    return f"{m.tr('name', lang)} ({sep.join(inside)})" if inside else m.tr("name", lang)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}%"


@bind(ICT_PROGRESS_REPORT, "annex II.C", TITLE_IIC, part="annex II")
def ongoing_projects(user: Any, lang: str, ctx: Context) -> PortfolioTable:
    """Every project the report gives a status for, as it lists them (one row per phase where the
    report gives the percentage per phase)."""
    roll = Roll(user, _programme(user, STRATEGY), ctx.symbol)
    listed = sorted(roll.listed, key=lambda r: (r.project.order, r.project.code))
    projects = [r.project for r in listed]
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in _scoped(Milestone, user).filter(project__in=projects).order_by("order", "pk"):
        milestones[m.project_id].append(m)
    phases: dict[int, list[Any]] = defaultdict(list)
    for phase in (
        _scoped(ProjectPhase, user)
        .filter(project__in=projects, declared_percent__isnull=False)
        .order_by("order")
    ):
        phases[phase.project_id].append(phase)
    sep = " " if lang == "zh" else " · "
    rows: list[Row] = []
    for report in listed:
        p = report.project
        own = milestones[p.pk]
        if phases[p.pk]:
            for i, phase in enumerate(phases[p.pk]):
                name = phase.name.get("en", "")
                items = [m for m in own if m.phase == name] or (own if i == 0 else [])
                suffix = f"({phase.tr('name', lang)})"
                rows.append(
                    Row(
                        p.tr("name", lang) if i == 0 else "",
                        [
                            Cell(p.tr("description", lang) if i == 0 else ""),
                            Cell(_date(phase.start, lang)),
                            Cell(f"{_date(phase.end, lang)} {suffix}"),
                            Cell(_percent(phase.declared_percent)),
                            Cell(sep.join(_milestone_text(m, lang) for m in items)),
                        ],
                    )
                )
            continue
        rows.append(
            Row(
                p.tr("name", lang),
                [
                    Cell(p.tr("description", lang)),
                    Cell(_date(p.start_date, lang)),
                    Cell(_date(p.current_end, lang)),
                    Cell(_percent(report.declared_percent)),
                    Cell(sep.join(_milestone_text(m, lang) for m in own)),
                ],
            )
        )
    note = inconsistency_note(roll, ctx.symbol, lang)
    return PortfolioTable(
        title=printed(TITLE_IIC, lang),
        columns=[t(k, lang) for k in ("name", "description", "start", "completion", "percent", "milestones")],
        rows=rows,
        unit=None,
        notes=[note] if note else [],
    )
