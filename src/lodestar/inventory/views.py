"""Inventory pages: an entity's inventory (what it holds, counted, and its applications); the
application portfolio (TIME dispositions, the count against its target); baseline snapshots."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lodestar.core.permissions import CHANGE, VIEW, can, restrict
from lodestar.core.registry import registry
from lodestar.org.models import Entity

from . import models, snapshots

# The indicator whose observations give the application count's baseline, actuals and target.
APPLICATION_COUNT_INDICATOR = "ICT-APPLICATIONS"
CHART_WIDTH = 400

PAGE_SIZE = 50


def _below(queryset, entity: Entity):  # type: ignore[no-untyped-def]
    return queryset.filter(entity__tree_path__startswith=entity.tree_path)


@login_required
def entity_inventory(request: HttpRequest, pk: int) -> HttpResponse:
    """What an entity and its units hold: one count query per list, then a page of applications."""
    entity = restrict(request.user, VIEW, Entity.objects.all()).filter(pk=pk).first()
    if entity is None:
        raise Http404(_("No such entity, or it is outside your entities."))
    counts = []
    for registration in registry.for_app("inventory"):
        path = registration.model.scope_field
        if not path:
            continue  # an organisation's vocabulary (recovery-time tiers), not an entity's holding
        visible = restrict(request.user, VIEW, registration.model).filter(
            **{f"{path}__tree_path__startswith": entity.tree_path}
        )
        counts.append(
            {
                "registration": registration,
                "count": visible.count(),
                "url": f"{_list_url(registration)}?entity={entity.pk}",
            }
        )
    counted = {c["registration"].model: c["count"] for c in counts}
    user = request.user
    devices = _below(restrict(user, VIEW, models.DeviceCount), entity).aggregate(total=Sum("count"))["total"]
    staff = _below(restrict(user, VIEW, models.IctPersonnel), entity).aggregate(
        people=Sum("headcount"), fte=Sum("fte")
    )
    servers = _below(restrict(user, VIEW, models.Server), entity).aggregate(
        total=Count("pk"), virtual=Count("pk", filter=Q(kind=models.Server.Kind.VIRTUAL))
    )
    applications = (
        _below(restrict(user, VIEW, models.Application), entity).select_related("entity").order_by("code")
    )
    paginator = Paginator(applications, PAGE_SIZE)
    paginator.count = counted[models.Application]  # counted above; not counted twice
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "inventory/entity.html",
        {
            "entity": entity,
            "counts": counts,
            "devices": devices or 0,
            "staff": staff,
            "servers": servers,
            "page": page,
        },
    )


def _list_url(registration) -> str:  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return reverse(registration.url_name("list"))


def _in_scope(user: Any, model: type) -> Any:
    """``restrict(user, VIEW, model)`` for an entity-owned model without further readers, written as
    "owned by one of these entities" so that the database starts from the entities and reads the
    records through their (entity, …) index instead of joining every record to its entity."""
    from lodestar.core.permissions import ALL, scope_paths

    assert model.scope_field == "entity" and not model.also_visible_through
    paths = scope_paths(user, VIEW, model)
    if paths == ALL:
        return model._default_manager.all()
    if not paths:
        return model._default_manager.none()
    roots = Entity.objects.filter(parent__isnull=True).values_list("tree_path", flat=True)
    if all(root in paths for root in roots):
        return model._default_manager.all()  # granted at every root: every entity is in scope
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(tree_path__startswith=path)
    return model._default_manager.filter(entity_id__in=Entity.objects.filter(below).values("pk"))


@login_required
def portfolio(request: HttpRequest) -> HttpResponse:
    """The application portfolio: active applications by TIME disposition (one aggregate query)
    and the count against its target (the indicator's observations)."""
    from lodestar.results.models import Indicator

    visible = _in_scope(request.user, models.Application).exclude(
        status__in=(models.Application.Lifecycle.DECOMMISSIONED, models.Application.Lifecycle.MIGRATED)
    )
    # One pass over the applications: counts by disposition and scope together.
    counts: dict[str, int] = {}
    scopes: dict[str, int] = {}
    for row in visible.values("disposition", "scope").annotate(n=Count("pk")).order_by():
        counts[row["disposition"]] = counts.get(row["disposition"], 0) + row["n"]
        scopes[row["scope"]] = scopes.get(row["scope"], 0) + row["n"]
    total = sum(counts.values())
    bars = []
    widest = max(counts.values(), default=0) or 1
    for code, label in [*models.Application.Disposition.choices, ("", _("Not decided"))]:
        n = counts.get(code, 0)
        bars.append(
            {"code": code or "none", "label": label, "n": n, "width": round(CHART_WIDTH * n / widest)}
        )
    indicator = (
        restrict(request.user, VIEW, Indicator.objects.all()).filter(code=APPLICATION_COUNT_INDICATOR).first()
    )
    observations = list(indicator.observations.order_by("year", "kind")) if indicator else []
    target = next((o for o in reversed(observations) if o.kind == "target"), None)
    return render(
        request,
        "inventory/portfolio.html",
        {
            "bars": bars,
            "total": total,
            "indicator": indicator,
            "observations": observations,
            "target": target,
            "above_target": target is not None and target.value is not None and total > target.value,
            "scopes": [(label, scopes.get(code, 0)) for code, label in models.Application.Scope.choices],
            "duplicates": visible.exclude(duplicate_group="").values("duplicate_group").distinct().count(),
        },
    )


def snapshot_context(request: HttpRequest, snapshot: models.BaselineSnapshot) -> dict[str, Any]:
    labels = {
        "measure": dict(models.Measure.choices),
        "group": dict(models.Group.choices),
        "area": dict(models.FunctionalArea.choices),
        "quality": dict(models.Quality.choices),
    }
    stored = snapshots.values(snapshot)
    rows = []
    for g in snapshots.growth(snapshot):
        measure, group, area = g.key
        rows.append(
            {
                "measure": measure,
                "group": group,
                "measure_label": labels["measure"].get(measure, measure),
                "group_label": labels["group"].get(group, group),
                "area_label": labels["area"].get(area, area),
                "quality_label": labels["quality"].get(stored[g.key].quality, ""),
                "value": g.value,
                "previous": g.previous,
                "rate": g.rate,
            }
        )
    return {"growth": rows, "may_change": can(request.user, CHANGE, snapshot)}


@login_required
@require_POST
def snapshot_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    snapshot = restrict(request.user, VIEW, models.BaselineSnapshot.objects.all()).filter(pk=pk).first()
    if snapshot is None:
        raise Http404(_("No such snapshot, or it is outside your entities."))
    try:
        if action == "approve":
            snapshots.approve(snapshot, user=request.user)
            messages.success(request, _("The snapshot is approved; its figures are frozen."))
        elif action == "refresh":
            n = snapshots.refresh(snapshot, user=request.user)
            messages.success(request, _("%(n)s figure(s) computed from the accepted submissions.") % {"n": n})
        else:
            raise Http404(_("No such action."))
    except (ValidationError, PermissionDenied) as error:
        for message in error.messages if isinstance(error, ValidationError) else [str(error)]:
            messages.error(request, message)
    return redirect(snapshot.get_absolute_url())
