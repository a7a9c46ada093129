"""Organisation pages beyond the generic ones: the entity tree and governance compliance."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lodestar.core.permissions import VIEW, restrict

from .compliance import compliance
from .models import Entity, GovernanceBody, IctUnit


def entity_context(request: HttpRequest, entity: Entity) -> dict[str, Any]:
    children = restrict(request.user, VIEW, Entity.objects.filter(parent=entity))
    ancestors = restrict(
        request.user,
        VIEW,
        Entity.objects.filter(pk__in=[int(p) for p in entity.tree_path.strip("/").split("/")[:-1] if p]),
    ).order_by("tree_path")
    return {
        "children": children,
        "ancestors": ancestors,
        "ict_units": restrict(request.user, VIEW, IctUnit.objects.filter(entity=entity)),
        "bodies": restrict(request.user, VIEW, GovernanceBody.objects.filter(entity=entity)),
        "effective_location_class": Entity.objects.get(pk=entity.pk).effective_location_class(),
    }


def body_context(request: HttpRequest, body: GovernanceBody) -> dict[str, Any]:
    return {
        "compliance": compliance([body]),
        "meetings": body.meetings.order_by("-year", "-date"),
        "outputs": body.outputs.order_by("-year"),
        "members": body.members.select_related("entity", "person"),
    }


@login_required
def entity_tree(request: HttpRequest) -> HttpResponse:
    """The whole tree the user may see, as one indented list (one query)."""
    entities = list(restrict(request.user, VIEW, Entity.objects.order_by("tree_path")))
    show = request.GET.get("show", "current")
    if show == "current":
        import datetime

        today = datetime.date.today()
        entities = [e for e in entities if (not e.valid_to or e.valid_to >= today) and not e.proposed]
    base = min((e.depth for e in entities), default=0)
    rows = [(e, e.depth - base) for e in entities]
    return render(request, "org/entity_tree.html", {"rows": rows, "show": show})


@login_required
def governance_compliance(request: HttpRequest) -> HttpResponse:
    bodies = restrict(request.user, VIEW, GovernanceBody.objects.exclude(records_from=None))
    return render(request, "org/governance_compliance.html", {"rows": compliance(bodies)})
