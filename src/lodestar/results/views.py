"""Results pages: one per programme plan — the framework tree, the measures by year with met or
not met, a chart of numeric measures, and the form where the responsible unit enters a year's
actual value of a measure."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lodestar.core.autocomplete import choices, choices_url, offer
from lodestar.core.languages import data_code
from lodestar.core.permissions import CHANGE, VIEW, can, restrict

from .models import Component, Indicator, Objective, Observation, ProgrammePlan, Result, StrategyItem


def plan_context(request: HttpRequest, plan: ProgrammePlan) -> dict[str, Any]:
    return {"results_url": reverse("results:plan_results", args=[plan.pk])}


def component_context(request: HttpRequest, component: Component) -> dict[str, Any]:
    """The strategy items of a subprogramme or component, for its detail page."""
    items = restrict(request.user, VIEW, StrategyItem.objects.filter(component=component)).order_by(
        "order", "pk"
    )
    return {
        "strategy_items": list(items),
        "results_url": reverse("results:plan_results", args=[component.plan_id]),
    }


def _strategy(user: Any, plan: ProgrammePlan) -> tuple[list[StrategyItem], dict[int, list]]:
    """The plan's strategy items: those of the programme as a whole, and those by component."""
    overall: list[StrategyItem] = []
    by_component: dict[int, list] = defaultdict(list)
    items = restrict(user, VIEW, StrategyItem.objects.filter(plan=plan)).order_by("order", "pk")
    for item in items:
        (by_component[item.component_id] if item.component_id else overall).append(item)
    return overall, by_component


@login_required
def index(request: HttpRequest) -> HttpResponse:
    plans = restrict(request.user, VIEW, ProgrammePlan.objects.select_related("entity"))
    return render(request, "results/index.html", {"plans": plans})


class ActualForm(forms.Form):
    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), label=gettext_lazy("Measure"))
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1945, max_value=2100)
    value = forms.DecimalField(label=gettext_lazy("Number"), required=False, max_digits=18, decimal_places=4)
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    met = forms.ChoiceField(
        label=gettext_lazy("Target met"),
        required=False,
        choices=[("", "—"), *Observation.Met.choices],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason the target was not met"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, indicators: Any, plan: ProgrammePlan, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["indicator"].label_from_instance = lambda i: f"{i.code} — {i.tr('text')[:90]}"
        for name, field in self.fields.items():
            css = (
                "form-select form-select-sm"
                if name in ("indicator", "met")
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
        self.offer_search(plan)

    def offer_search(self, plan: ProgrammePlan) -> None:
        """Past THRESHOLD measures, a search asking the endpoint for ``plan_measures``."""
        offer(self.fields["indicator"], choices_url("results.plan_measures", Indicator, plan.pk))

    def add_error(self, field: str | None, error: Any) -> None:
        """Every error is shown beside its field and linked to it (aria-describedby), and the
        first field refused takes the focus, so a refused entry is seen where it was typed."""
        super().add_error(field, error)
        first = not any("autofocus" in f.widget.attrs for f in self.fields.values())
        for name in self.errors:
            if name not in self.fields:
                continue
            attrs = self.fields[name].widget.attrs
            attrs["aria-describedby"] = f"id_{name}_error"
            attrs["aria-invalid"] = "true"
            if "is-invalid" not in attrs.get("class", ""):
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            if first:
                attrs["autofocus"] = True
                first = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("value") is None and not (data.get("text") or "").strip():
            raise ValidationError(_("Give a number or a text for the year."))
        return data


@choices("results.plan_measures")
def plan_measures(user: Any, scope: Any) -> Any:
    """The measures of the plan ``scope`` whose actual values ``user`` may enter: what the actual-value
    form accepts, and what its search offers."""
    plan = restrict(user, VIEW, ProgrammePlan).filter(pk=scope).first() if str(scope).isdigit() else None
    if plan is None:
        return Indicator.objects.none()
    return restrict(user, CHANGE, Indicator.objects.filter(_in_plan(plan))).order_by("code")


def _in_plan(plan: ProgrammePlan, component_ids: list[int] | None = None) -> Q:
    """Indicators of a plan: attached to it, to one of its components, or to one of their results."""
    if component_ids is None:
        return Q(plan=plan) | Q(component__plan=plan) | Q(result__component__plan=plan)
    return Q(plan=plan) | Q(component_id__in=component_ids) | Q(result__component_id__in=component_ids)


def _years(plan: ProgrammePlan, observations: list[Observation]) -> list[int]:
    years = {o.year for o in observations}
    return sorted(years) or list(range(plan.period_start, plan.period_end + 1))


def _tree(user: Any, plan: ProgrammePlan) -> tuple[list[dict], list[Observation], list[StrategyItem]]:
    """Components in order, each with its objectives, results and indicators; indicators carry
    their observations by year. A fixed number of queries whatever the plan's size."""
    lang = data_code()
    components = list(
        restrict(user, VIEW, Component.objects.filter(plan=plan).select_related("entity")).order_by(
            "order", "code"
        )
    )
    ids = [c.pk for c in components]
    objectives: dict[int, list] = defaultdict(list)
    for o in restrict(user, VIEW, Objective.objects.filter(component_id__in=ids)):
        objectives[o.component_id].append(o)
    results: dict[int, list] = defaultdict(list)
    for r in restrict(user, VIEW, Result.objects.filter(component_id__in=ids)).order_by("order", "code"):
        results[r.component_id].append(r)
    indicators = list(
        restrict(user, VIEW, Indicator.objects.filter(_in_plan(plan, ids))).order_by("order", "code")
    )
    observations = list(
        restrict(user, VIEW, Observation.objects.filter(indicator__in=[i.pk for i in indicators])).order_by(
            "year", "kind"
        )
    )
    by_indicator: dict[int, list] = defaultdict(list)
    for o in observations:
        by_indicator[o.indicator_id].append(o)
    overall, strategy = _strategy(user, plan)
    by_result: dict[int, list] = defaultdict(list)
    by_component: dict[int, list] = defaultdict(list)
    may_change = {
        i.pk for i in restrict(user, CHANGE, Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
    }
    for i in indicators:
        i.obs = by_indicator[i.pk]
        i.may_change = i.pk in may_change
        i.display = i.tr("text", lang)
        if i.result_id:
            by_result[i.result_id].append(i)
        elif i.component_id:
            by_component[i.component_id].append(i)
    nodes = []
    depth: dict[int, int] = {}
    for c in components:
        depth[c.pk] = depth.get(c.parent_id, -1) + 1 if c.parent_id else 0
        for r in results[c.pk]:
            r.measures = by_result[r.pk]
        nodes.append(
            {
                "component": c,
                "depth": depth[c.pk],
                "objectives": objectives[c.pk],
                "strategy": strategy[c.pk],
                "results": results[c.pk],
                "measures": by_component[c.pk],
            }
        )
    return nodes, observations, overall


def _chart(indicators: list[Indicator]) -> list[dict]:
    """Numeric measures as horizontal bars scaled to the largest value of each measure."""
    charts = []
    for i in indicators:
        points = [o for o in i.obs if o.value is not None]
        if not points:
            continue
        top = max(abs(o.value) for o in points) or Decimal(1)
        charts.append(
            {
                "indicator": i,
                "bars": [
                    {"obs": o, "width": int(abs(o.value) / top * 100)}
                    for o in sorted(points, key=lambda o: (o.year, o.kind))
                ],
            }
        )
    return charts


@login_required
def plan_results(request: HttpRequest, pk: int) -> HttpResponse:
    plan = restrict(request.user, VIEW, ProgrammePlan.objects.select_related("entity")).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("No such programme plan, or it is outside your entities."))
    return _results_page(request, plan)


def _results_page(
    request: HttpRequest, plan: ProgrammePlan, form: ActualForm | None = None, status: int = 200
) -> HttpResponse:
    """The results page; with a refused actual-value form, that form as typed and its errors."""
    nodes, observations, overall = _tree(request.user, plan)
    indicators = [i for n in nodes for i in n["measures"]] + [
        i for n in nodes for r in n["results"] for i in r.measures
    ]
    editable = Indicator.objects.filter(pk__in=[i.pk for i in indicators if i.may_change]).order_by("code")
    if form is None:
        form = ActualForm(indicators=editable, plan=plan, initial={"year": plan.period_end})
    else:
        form.fields["indicator"].queryset = editable
        form.offer_search(plan)
    return render(
        request,
        "results/plan_results.html",
        {
            "plan": plan,
            "nodes": nodes,
            "overall_strategy": overall,
            "years": _years(plan, observations),
            "charts": _chart(indicators),
            "form": form if editable.exists() else None,
        },
        status=status,
    )


@login_required
@require_POST
def enter_actual(request: HttpRequest, pk: int) -> HttpResponse:
    from .services import enter_observation

    plan = restrict(request.user, VIEW, ProgrammePlan).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("No such programme plan, or it is outside your entities."))
    form = ActualForm(request.POST, indicators=plan_measures(request.user, plan.pk), plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        lang = data_code()
        indicator = data["indicator"]
        if not can(request.user, CHANGE, indicator):
            raise PermissionDenied
        text = (data.get("text") or "").strip()
        reason = (data.get("reason") or "").strip()
        try:
            enter_observation(
                indicator,
                year=data["year"],
                kind=Observation.Kind.ACTUAL,
                value=data.get("value"),
                text={lang: text} if text else {},
                met=data.get("met") or "",
                reason={lang: reason} if reason else {},
                user=request.user,
            )
        except ValidationError as error:
            # The service's rules (a target not met needs its reason): beside the fields they name.
            for name, field_errors in (
                error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
            ):
                for message in field_errors:
                    form.add_error(name if name in form.fields else None, message)
            return _results_page(request, plan, form, status=400)
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The %(year)s actual of %(measure)s was recorded.")
                % {"year": data["year"], "measure": indicator.code},
            )
    else:
        # Shown again as typed, each error beside its field (not a message at the top of the page).
        return _results_page(request, plan, form, status=400)
    return redirect(reverse("results:plan_results", args=[plan.pk]) + "#measures")
