"""A/65/491 table 5 and figures 4-7 from the baseline snapshot (computed from the accepted
submissions of the data call that collected it), and the derived ratios of that baseline.

The shares are computed; where a figure prints another share it is shown beside it and flagged by
``./lodestar check`` (INV-SHARE), not hidden.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lodestar.core import numbers
from lodestar.core.permissions import VIEW, restrict
from lodestar.documents.tables import Cell, Row, TableData, printed
from lodestar.documents.types import STRUCTURAL_REVIEW, Context, bind

from . import snapshots
from .models import AggregateFigure, BaselineSnapshot, FunctionalArea, Group, Measure

LOCATIONS = (Group.HQ, Group.OFFICES_AWAY, Group.MISSIONS)
TABLE_5_ROWS = (
    Measure.ICT_BUDGET,
    Measure.ICT_STAFF,
    Measure.JOB_TITLES,
    Measure.ICT_UNITS,
    Measure.APPLICATIONS,
    Measure.SERVERS,
    Measure.FACILITIES,
    Measure.DEVICES,
    Measure.SERVICE_DESKS,
    Measure.REQUESTS,
)
VIRTUALISATION_TARGET = Decimal(80)  # A/78/6 (Sect. 29C): virtual:physical servers, Geneva and Nairobi


def baseline(user: Any, ctx: Context) -> BaselineSnapshot | None:
    """The snapshot the document's ``baseline`` parameter names."""
    queryset = BaselineSnapshot.objects.filter(code=ctx.get("baseline") or "")
    return (queryset if user is None else restrict(user, VIEW, queryset)).first()


def figures(user: Any, ctx: Context) -> dict[tuple[str, str, str], Decimal]:
    """The snapshot's frozen values once approved; computed from the submissions before."""
    snapshot = baseline(user, ctx)
    if snapshot is None:
        return {}
    if snapshot.status == BaselineSnapshot.Status.APPROVED:
        return {k: v.value for k, v in snapshots.values(snapshot).items()}
    return {k: v for k, (v, _q) in snapshots.compute(snapshot).items()}


def _location_total(values: dict, measure: str, area: str = "") -> Decimal | None:
    parts = [values.get((measure, g, area)) for g in LOCATIONS]
    if all(p is None for p in parts):
        return values.get((measure, Group.ALL, area))
    return sum((p for p in parts if p is not None), Decimal(0))


def _count(value: Decimal | None) -> Cell:
    return Cell(value=None if value is None else int(value), kind="count")


def _as_of_line(user: Any, ctx: Context) -> str:
    snapshot = baseline(user, ctx)
    if snapshot is None:
        return _("No baseline snapshot is loaded.")
    state = _("approved") if snapshot.status == BaselineSnapshot.Status.APPROVED else _("draft, computed")
    return _("As at %(date)s; baseline snapshot %(code)s (%(state)s).") % {
        "date": snapshot.as_of.isoformat(),
        "code": snapshot.code,
        "state": state,
    }


def _columns(first: str) -> list[str]:
    return [first, _("Total"), *(str(Group(g).label) for g in LOCATIONS)]


@bind(STRUCTURAL_REVIEW, "5", {"en": gettext_noop("Key ICT statistics"), "zh": "信通技术关键统计数据"})
def table_5(user: Any, lang: str, ctx: Context) -> TableData:
    values = figures(user, ctx)
    rows = []
    for measure in TABLE_5_ROWS:
        parts = [values.get((measure, g, "")) for g in LOCATIONS]
        rows.append(
            Row(str(Measure(measure).label), [_count(_location_total(values, measure)), *map(_count, parts)])
        )
    return TableData(
        title=printed(
            {"en": gettext_noop("Table 5. Key ICT statistics"), "zh": "表 5. 信通技术关键统计数据"}, lang
        ),
        columns=_columns(_("Key indicator")),
        rows=rows,
        unit_line=_as_of_line(user, ctx),
        notes=[
            _(
                "Computed from the accepted submissions of the data call; totals are the sums of the three "
                "location classes (job titles are given for the Secretariat as a whole)."
            )
        ],
    )


def _shares(
    user: Any,
    lang: str,
    ctx: Context,
    *,
    measure: str,
    groups: list[tuple[str, str]],
    unit_line: str,
    title: dict,
) -> TableData:
    """A figure: value, computed share and the share the figure prints, per row."""
    stored = {
        (f.group, f.area): f.printed_share
        for f in AggregateFigure.objects.filter(measure=measure, submission__campaign=_campaign(user, ctx))
    }
    values = figures(user, ctx)
    keyed = [
        (label, values.get((measure, group, area)), stored.get((group, area)))
        for label, group, area in groups
    ]
    total = sum((v for _l, v, _p in keyed if v is not None), Decimal(0))
    rows = []
    for label, value, share in keyed:
        computed = numbers.percent_value(value, total)
        rows.append(
            Row(
                label,
                [
                    _count(value),
                    Cell(value=computed, kind="percent"),
                    Cell(value=share, kind="percent"),
                ],
            )
        )
    rows.append(
        Row(
            _("Total"),
            [_count(total), Cell(value=Decimal(100) if total else None, kind="percent"), Cell()],
            "total",
        )
    )
    return TableData(
        title=printed(title, lang),
        columns=["", unit_line, _("Share (computed, %)"), _("Share printed (%)")],
        rows=rows,
        unit_line=_as_of_line(user, ctx),
        notes=[_("Shares that differ from the printed ones are listed by ./lodestar check (INV-SHARE).")],
    )


def _campaign(user: Any, ctx: Context) -> Any:
    snapshot = baseline(user, ctx)
    return snapshot.campaign_id if snapshot else None


def _by_location() -> list[tuple[str, str, str]]:
    return [(str(Group(g).label), g, "") for g in LOCATIONS]


def _by_area(group: str) -> list[tuple[str, str, str]]:
    # The labels as the figure prints them; INV-SHARE flags that the first two are swapped.
    return [(str(FunctionalArea(a).label), group, a) for a in FunctionalArea.values]


@bind(
    STRUCTURAL_REVIEW,
    "figure 4",
    {
        "en": gettext_noop("Figure 4. Total ICT budget by location"),
        "zh": "图 4. 按地点分列的信通技术预算总额",
    },
)
def figure_4(user: Any, lang: str, ctx: Context) -> TableData:
    title = {
        "en": gettext_noop("Figure 4. Total ICT budget, 2010-2011 estimate, by location"),
        "zh": "图 4. 按地点分列的信通技术预算总额",
    }
    return _shares(
        user,
        lang,
        ctx,
        measure=Measure.ICT_BUDGET,
        groups=_by_location(),
        unit_line=_("Millions of US dollars"),
        title=title,
    )


@bind(
    STRUCTURAL_REVIEW,
    "figure 5",
    {
        "en": gettext_noop("Figure 5. Total ICT staff by location"),
        "zh": "图 5. 按地点分列的信通技术工作人员总数",
    },
)
def figure_5(user: Any, lang: str, ctx: Context) -> TableData:
    title = {
        "en": gettext_noop("Figure 5. Total ICT staff by location"),
        "zh": "图 5. 按地点分列的信通技术工作人员总数",
    }
    return _shares(
        user, lang, ctx, measure=Measure.ICT_STAFF, groups=_by_location(), unit_line=_("Staff"), title=title
    )


@bind(
    STRUCTURAL_REVIEW,
    "figure 6",
    {
        "en": gettext_noop(
            "Figure 6. ICT budget of Headquarters, offices away and other departments by functional area"
        )
    },
)
def figure_6(user: Any, lang: str, ctx: Context) -> TableData:
    title = {
        "en": gettext_noop(
            "Figure 6. Share of functional areas in the 2010-2011 ICT budget of Headquarters, offices away "
            "and other departments"
        )
    }
    return _shares(
        user,
        lang,
        ctx,
        measure=Measure.ICT_BUDGET,
        groups=_by_area(Group.HQ_AND_OFFICES_AWAY),
        unit_line=_("Millions of US dollars"),
        title=title,
    )


@bind(
    STRUCTURAL_REVIEW, "figure 7", {"en": gettext_noop("Figure 7. ICT budget of missions by functional area")}
)
def figure_7(user: Any, lang: str, ctx: Context) -> TableData:
    title = {
        "en": gettext_noop("Figure 7. Share of functional areas in the 2010-2011 ICT budget of missions")
    }
    return _shares(
        user,
        lang,
        ctx,
        measure=Measure.ICT_BUDGET,
        groups=_by_area(Group.MISSIONS),
        unit_line=_("Millions of US dollars"),
        title=title,
    )


def _ratio(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    if numerator is None or not denominator:
        return None
    return (numerator / denominator).quantize(Decimal("0.1"))


@bind(
    STRUCTURAL_REVIEW,
    "key ratios",
    {"en": gettext_noop("Key ICT ratios of the baseline (computed, not printed)")},
)
def key_ratios(user: Any, lang: str, ctx: Context) -> TableData:
    values = figures(user, ctx)

    def total(measure: str) -> Decimal | None:
        return _location_total(values, measure)

    servers, virtual = total(Measure.SERVERS), total(Measure.VIRTUAL_SERVERS)
    virtualised = numbers.percent_value(virtual, servers) if virtual is not None else None
    # Ratios with one decimal (the "percent" cell formats an already computed number).
    rows = [
        Row(
            _("Service-desk requests per service desk"),
            [Cell(_ratio(total(Measure.REQUESTS), total(Measure.SERVICE_DESKS)), "percent")],
        ),
        Row(
            _("Servers per data centre or server room"),
            [Cell(_ratio(servers, total(Measure.FACILITIES)), "percent")],
        ),
        Row(
            _("Desktops and laptops per ICT staff"),
            [Cell(_ratio(total(Measure.DEVICES), total(Measure.ICT_STAFF)), "percent")],
        ),
        Row(_("Virtual servers (% of servers; target 80 %)"), [Cell(virtualised, "percent")]),
    ]
    notes = (
        [] if virtualised is not None else [_("The baseline does not report how many servers are virtual.")]
    )
    return TableData(
        title=printed({"en": gettext_noop("Key ICT ratios of the baseline")}, lang),
        columns=["", _("Value")],
        rows=rows,
        unit_line=_as_of_line(user, ctx),
        notes=notes,
    )
