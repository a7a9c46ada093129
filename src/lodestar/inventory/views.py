"""Inventory pages: an entity's inventory (what it holds, counted, and its applications)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lodestar.core.permissions import VIEW, restrict
from lodestar.core.registry import registry
from lodestar.org.models import Entity

from . import models

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
        visible = _below(restrict(request.user, VIEW, registration.model), entity)
        counts.append(
            {
                "registration": registration,
                "count": visible.count(),
                "url": f"{_list_url(registration)}?entity={entity.pk}",
            }
        )
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
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
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
