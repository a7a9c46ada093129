"""Data-quality rules of the inventory and the baseline (``./lodestar check``).

INV-SHARE: a printed share that is not the computed one — a rounding (A/65/491 figure 5 prints
66 % for 2,761/4,219 = 65.4 %) or labels swapped between two rows (figures 6 and 7).
INV-GROUPING: the location grouping of table 5 against the department grouping of annexes I and II.
INV-FACILITIES: data centres plus server rooms against the data centres and server rooms counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from lodestar.core import numbers
from lodestar.core.checks import CheckContext, Finding, finding_for, rule

from .models import AggregateFigure, FunctionalArea, Group, Measure

LOCATIONS = (Group.HQ, Group.OFFICES_AWAY, Group.MISSIONS)
# A/65/491: the department groups of annexes I and II that make up each location class of table 5.
A65_SECTION = "A65-491"
A65_GROUPS = {
    Group.HQ: ("A65-OICT", "A65-OTHER-HQ"),
    Group.OFFICES_AWAY: ("A65-RC", "A65-ICTR", "A65-ICTY", "A65-UNOG", "A65-UNON", "A65-UNOV"),
    Group.MISSIONS: ("A65-DFS",),
}


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _n(value: Decimal) -> str:
    return numbers.format_number(value, decimals=0 if value == value.to_integral() else 1)


def _label(figure: AggregateFigure) -> str:
    return str(FunctionalArea(figure.area).label) if figure.area else str(Group(figure.group).label)


@rule("INV-SHARE")
def printed_shares() -> Iterator[Finding]:
    siblings: dict[tuple, list[AggregateFigure]] = defaultdict(list)
    for figure in AggregateFigure.objects.filter(printed_share__isnull=False).select_related("entity"):
        # A location split is read against its three location classes, an area split within its group.
        scope = figure.group if figure.area else "locations"
        siblings[(figure.entity_id, figure.measure, figure.as_of, scope)].append(figure)
    for group in siblings.values():
        total = sum((f.value for f in group), Decimal(0))
        if not total:
            continue
        computed = {f.pk: f.value / total * 100 for f in group}
        for figure in group:
            mine = computed[figure.pk]
            if _round(mine) == figure.printed_share:
                continue
            swapped = [
                other
                for other in group
                if other.pk != figure.pk and _round(computed[other.pk]) == figure.printed_share
            ]
            data = {"computed": f"{mine:.1f}", "printed": str(figure.printed_share), "source": figure.source}
            if swapped:
                other = swapped[0]
                message = _(
                    "%(source)s: “%(label)s” is printed with %(printed)s %%, the share of “%(other)s” "
                    "(%(value)s of %(total)s is %(computed)s %%): the labels of the two rows are swapped."
                ) % {
                    "source": figure.source,
                    "label": _label(figure),
                    "other": _label(other),
                    "printed": _n(figure.printed_share),
                    "value": _n(figure.value),
                    "total": _n(total),
                    "computed": f"{mine:.1f}",
                }
                yield finding_for(figure, code="INV-SHARE", message=message, severity="error", **data)
            else:
                rounding = abs(mine - figure.printed_share) < 1
                message = _(
                    "%(source)s prints %(printed)s %% for “%(label)s”: "
                    "%(value)s of %(total)s is %(computed)s %%."
                ) % {
                    "source": figure.source,
                    "printed": _n(figure.printed_share),
                    "label": _label(figure),
                    "value": _n(figure.value),
                    "total": _n(total),
                    "computed": f"{mine:.1f}",
                }
                yield finding_for(
                    figure,
                    code="INV-SHARE",
                    message=message,
                    severity="rounding" if rounding else "error",
                    **data,
                )


def _annex_totals() -> tuple[dict[str, Decimal], dict[str, int]]:
    """ICT budget (millions, annex I) and ICT personnel (annex II) by location class."""
    from lodestar.finance.models import BudgetFact, PersonnelCount

    budget: dict[str, Decimal] = {}
    staff: dict[str, int] = {}
    for group, codes in A65_GROUPS.items():
        amount = BudgetFact.objects.filter(
            section__code=A65_SECTION, measure="ict", group__code__in=codes
        ).aggregate(s=Sum("amount"))["s"]
        if amount is not None:
            budget[group] = Decimal(amount) / 1_000_000
        count = PersonnelCount.objects.filter(
            section__code=A65_SECTION, source="annex II", group__code__in=codes
        ).aggregate(s=Sum("count"))["s"]
        if count is not None:
            staff[group] = count
    return budget, staff


@rule("INV-GROUPING")
def location_against_department_grouping() -> Iterator[Finding]:
    budget, staff = _annex_totals()
    figures = AggregateFigure.objects.filter(
        measure__in=(Measure.ICT_BUDGET, Measure.ICT_STAFF),
        group__in=LOCATIONS,
        area="",
        source__contains="A/65/491",
    )
    for figure in figures:
        annex = budget if figure.measure == Measure.ICT_BUDGET else staff
        other = annex.get(figure.group)
        if other is None or Decimal(other) == figure.value:
            continue
        message = _(
            "A/65/491 table 5 counts %(value)s for %(group)s (%(measure)s); the departments of "
            "annex %(annex)s that make up that location class count %(other)s. The two groupings "
            "differ (the totals agree); the document does not say which units were moved."
        ) % {
            "value": _n(figure.value),
            "group": Group(figure.group).label,
            "measure": Measure(figure.measure).label,
            "annex": "I" if figure.measure == Measure.ICT_BUDGET else "II",
            "other": _n(Decimal(other).quantize(Decimal("0.1"))),
        }
        yield finding_for(figure, code="INV-GROUPING", message=message, severity="warning", annex=str(other))


@rule("INV-FACILITIES")
def data_centres_and_server_rooms() -> Iterator[Finding]:
    rows = AggregateFigure.objects.filter(
        measure__in=(Measure.FACILITIES, Measure.DATA_CENTRES, Measure.SERVER_ROOMS)
    ).values_list("entity_id", "as_of", "measure", "group", "value")
    sums: dict[tuple, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for entity_id, as_of, measure, group, value in rows:
        if (
            measure == Measure.FACILITIES
            and group in LOCATIONS
            or measure != Measure.FACILITIES
            and group == Group.ALL
        ):
            sums[(entity_id, as_of)][measure] += value
    for (entity_id, as_of), parts in sums.items():
        if (
            Measure.FACILITIES not in parts
            or Measure.DATA_CENTRES not in parts
            or Measure.SERVER_ROOMS not in parts
        ):
            continue
        split = parts[Measure.DATA_CENTRES] + parts[Measure.SERVER_ROOMS]
        if split != parts[Measure.FACILITIES]:
            figure = AggregateFigure.objects.filter(
                entity_id=entity_id, as_of=as_of, measure=Measure.FACILITIES
            ).first()
            message = _(
                "%(dc)s data centres and %(sr)s server rooms make %(split)s, "
                "but %(total)s facilities are counted."
            ) % {
                "dc": parts[Measure.DATA_CENTRES],
                "sr": parts[Measure.SERVER_ROOMS],
                "split": split,
                "total": parts[Measure.FACILITIES],
            }
            yield finding_for(figure, code="INV-FACILITIES", message=message)


@rule("DRC-UNTESTED")
def critical_applications_without_tested_plan(context: CheckContext) -> Iterator[Finding]:
    """Every critical application without a DR plan that passed a test in the year to the as-at
    date; a list that counts more applications than it names, for the unnamed ones (they cannot be
    shown tested); a printed exercised share that is not the computed one."""
    from . import readiness
    from .recovery import CriticalApplication, CriticalList

    applications = CriticalApplication.objects.all()
    for critical_list, ready in readiness.by_list(CriticalList.objects.all(), applications, context.as_at):
        for member, state in ready.members:
            if state.tested:
                continue
            reason = _("no documented DR plan") if not state.documented else _("its DR plan was not tested")
            message = _(
                "Critical application %(application)s (%(list)s): %(reason)s in the year to %(as_at)s."
            ) % {
                "application": member.application,
                "list": critical_list.code,
                "reason": reason,
                "as_at": context.as_at.isoformat(),
            }
            yield finding_for(member, code="DRC-UNTESTED", message=message)
        if ready.unnamed:
            message = _(
                "%(list)s counts %(counted)s critical applications (%(source)s) but names %(named)s: "
                "%(unnamed)s have no record, so none of them can be shown with a tested DR plan."
            ) % {
                "list": critical_list.code,
                "counted": ready.counted,
                "source": critical_list.source,
                "named": ready.named,
                "unnamed": ready.unnamed,
            }
            yield finding_for(critical_list, code="DRC-UNTESTED", message=message, unnamed=ready.unnamed)
        printed = ready.printed_exercised
        computed = ready.exercised_percent
        if printed is not None and computed is not None and computed != printed:
            message = _(
                "%(list)s: the source prints %(printed)s %% of DR exercises done; "
                "%(exercised)s of %(counted)s critical applications passed a DR exercise (%(computed)s %%)."
            ) % {
                "list": critical_list.code,
                "printed": _n(printed),
                "exercised": ready.exercised,
                "counted": ready.counted,
                "computed": f"{computed:.1f}",
            }
            yield finding_for(
                critical_list,
                code="DRC-UNTESTED",
                message=message,
                severity="warning",
                printed=str(printed),
                computed=str(computed),
            )
