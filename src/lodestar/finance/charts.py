"""The budget section page's charts: the section's ICT resources by object of expenditure and by
funding source for one period and stage, summed from the same budget facts its tables pivot. Each
bar opens the budget-fact list filtered to the facts it sums (section, period, stage and the object
or the source). A fixed number of queries whatever the number of facts."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from lodestar.core import charts
from lodestar.core.permissions import VIEW, restrict
from lodestar.core.registry import registry

from .models import BudgetFact, BudgetSection, FundingSource, ObjectOfExpenditure, Period, Stage

# Without a choice, the latest period and, of its stages, the first of these that has facts.
STAGE_PREFERENCE = [
    Stage.PROPOSED,
    Stage.APPROVED,
    Stage.REVISED,
    Stage.ESTIMATE,
    Stage.APPROPRIATION,
    Stage.BEFORE_RECOSTING,
    Stage.ANNUALISED,
    Stage.EXPENDITURE,
]
THOUSANDS = 1000


def fact_list_url(**params: Any) -> str:
    base = reverse(registry[BudgetFact].url_name("list"))
    return f"{base}?{urlencode(params)}"


def _stage_rank(stage: str) -> int:
    return STAGE_PREFERENCE.index(stage) if stage in STAGE_PREFERENCE else len(STAGE_PREFERENCE)


def _choose(facts: Any, dimension: str, period_code: str, stage: str) -> tuple[Period | None, str]:
    """The (period, stage) a chart cuts by ``dimension``: the one asked for if it has facts, else
    for objects the latest broken down by object (later estimates may exist only as totals), for
    sources the one that covers the most sources, then the latest."""
    combos: dict[tuple[int, str], set[int]] = {}
    starts: dict[int, Any] = {}
    for period_id, start, code, stage_, key in (
        facts.order_by()
        .values_list("period_id", "period__start", "period__code", "stage", f"{dimension}_id")
        .distinct()
    ):
        starts[period_id] = (start, code)
        found = combos.setdefault((period_id, stage_), set())
        if key is not None:
            found.add(key)
    asked = [c for c in combos if starts[c[0]][1] == period_code and c[1] == stage]
    candidates = asked or [c for c in combos if combos[c]]
    if not candidates:
        return None, ""
    if dimension == "object" and not asked:
        best = max(candidates, key=lambda c: (starts[c[0]][0], -_stage_rank(c[1])))
    else:
        best = max(candidates, key=lambda c: (len(combos[c]), starts[c[0]][0], -_stage_rank(c[1])))
    return Period.objects.get(pk=best[0]), best[1]


def section_charts(
    user: Any, section: BudgetSection, period_code: str = "", stage_code: str = ""
) -> dict[str, Any]:
    facts = restrict(user, VIEW, BudgetFact.objects.all()).filter(
        section=section,
        measure="ict",
        group__isnull=True,  # by-department figures repeat the totals
    )
    unit = _("Thousands of US dollars")
    stages = dict(Stage.choices)

    def bars(dimension: str, model: type, none_label: str) -> tuple[list[charts.Bar], str]:
        period, stage = _choose(facts, dimension, period_code, stage_code)
        if period is None:
            return [], ""
        chosen = facts.filter(period=period, stage=stage)
        where = {"section": section.pk, "period": period.pk, "stage": stage}
        sums = list(
            chosen.values_list(f"{dimension}_id").annotate(total=Sum("amount")).order_by(f"{dimension}_id")
        )
        names = {o.pk: o for o in model.objects.filter(pk__in=[pk for pk, _t in sums if pk])}
        ordered = sorted(
            sums, key=lambda row: (row[0] is None, getattr(names.get(row[0]), "order", 0), row[0] or 0)
        )
        found = [
            charts.Bar(
                str(names[pk]) if pk else none_label,
                round(total / THOUSANDS, 1),
                # Facts with no object cannot be filtered by it: that bar has no link.
                fact_list_url(**where, **{dimension: pk}) if pk else "",
            )
            for pk, total in ordered
        ]
        return found, f"{period.code}, {stages.get(stage, stage)}"

    by_object, when_object = bars("object", ObjectOfExpenditure, _("Not broken down by object"))
    by_source, when_source = bars("funding_source", FundingSource, _("Unknown source"))
    if not by_object and not by_source:
        return {}
    context: dict[str, Any] = {"sums": {"object": by_object, "funding_source": by_source}}
    if by_object:
        context["object_chart"] = charts.bar_chart(
            title=_("ICT resources by object of expenditure (%(when)s)") % {"when": when_object},
            bars=by_object,
            category_title=_("Object of expenditure"),
            value_title=unit,
            value_format=",.1f",
        )
    if by_source:
        context["source_chart"] = charts.bar_chart(
            title=_("ICT resources by funding source (%(when)s)") % {"when": when_source},
            bars=by_source,
            category_title=_("Funding source"),
            value_title=unit,
            value_format=",.1f",
        )
    return context
