"""Computing, approving and comparing baseline snapshots.

A snapshot's figures are the sums of (1) the aggregate figures that accepted submissions of its data
call hold and (2) the inventory those submissions declare (the submitting entities' records of each
list asked as a spreadsheet section, counted by location class), for the entities in its scope.
Approval freezes them; the next snapshot is compared with it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from lodestar.core.models import ObjectChange
from lodestar.core.permissions import CHANGE, can
from lodestar.core.registry import registry
from lodestar.core.services import ModelService
from lodestar.org.models import Entity

from . import models
from .models import AggregateFigure, BaselineSnapshot, BaselineValue, Group, Measure, Quality

Key = tuple[str, str, str]  # (measure, group, area)
# Quality of a sum: as weak as its weakest part.
RANK = {Quality.ESTIMATED: 0, Quality.REPORTED: 1, Quality.VALIDATED: 2}
MILLION = Decimal(1_000_000)


def _accepted(snapshot: BaselineSnapshot) -> Any:
    from lodestar.campaigns.models import Assignment

    if snapshot.campaign_id is None:
        return Assignment.objects.none()
    return Assignment.objects.filter(
        campaign_id=snapshot.campaign_id,
        state=Assignment.State.ACCEPTED,
        entity__tree_path__startswith=snapshot.entity.tree_path,
    )


def _location_classes(entity_ids: set[int]) -> dict[int, str]:
    from lodestar.campaigns.services import location_classes

    return {pk: cls or Group.ALL for pk, cls in location_classes(entity_ids).items()}


def _detail_figures(snapshot: BaselineSnapshot, submissions: Any) -> dict[Key, Decimal]:
    """The inventory that the accepted submissions declare: for each list asked as a spreadsheet
    section, the records of the submitting entities (and their units), by location class."""
    from lodestar.campaigns.models import CampaignItem

    asked = set(
        CampaignItem.objects.filter(
            campaign_id=snapshot.campaign_id, kind=CampaignItem.Kind.SECTION
        ).values_list("list_label", flat=True)
    )
    paths = list(submissions.values_list("entity__tree_path", flat=True))
    if not asked or not paths:
        return {}
    below = Q()
    for path in paths:
        below |= Q(tree_path__startswith=path)
    entity_ids = list(Entity.objects.filter(below).values_list("pk", flat=True))
    counted = [
        (models.Application, Measure.APPLICATIONS, None, {}),
        (models.Server, Measure.SERVERS, None, {}),
        (models.Server, Measure.VIRTUAL_SERVERS, None, {"kind": "virtual"}),
        (models.Facility, Measure.FACILITIES, None, {}),
        (models.ServiceDesk, Measure.SERVICE_DESKS, None, {}),
        (models.ServiceDesk, Measure.REQUESTS, "requests_per_year", {}),
        (models.DeviceCount, Measure.DEVICES, "count", {"kind__in": ("desktop", "laptop")}),
        (models.IctPersonnel, Measure.ICT_STAFF, "headcount", {}),
        (models.IctExpenditure, Measure.ICT_BUDGET, "amount", {}),
    ]
    rows: list[tuple[int, str, Decimal]] = []
    for model, measure, field, only in counted:
        if model._meta.label_lower not in asked:
            continue
        records = model._default_manager.filter(entity_id__in=entity_ids, **only).values("entity_id")
        total = Count("pk") if field is None else Sum(field)
        for entity_id, value in records.annotate(t=total).values_list("entity_id", "t"):
            scale = MILLION if measure == Measure.ICT_BUDGET else 1
            rows.append((entity_id, measure, Decimal(value or 0) / scale))
    classes = _location_classes({r[0] for r in rows})
    figures: dict[Key, Decimal] = defaultdict(Decimal)
    for entity_id, measure, value in rows:
        figures[(measure, classes[entity_id], "")] += value
    return dict(figures)


def compute(snapshot: BaselineSnapshot) -> dict[Key, tuple[Decimal, str]]:
    """The snapshot's figures from its data call's accepted submissions: {key: (value, quality)}."""
    submissions = _accepted(snapshot)
    result: dict[Key, tuple[Decimal, str]] = {}
    for figure in AggregateFigure.objects.filter(submission__in=submissions):
        key = (figure.measure, figure.group, figure.area)
        value, quality = result.get(key, (Decimal(0), Quality.VALIDATED))
        weakest = min(quality, figure.quality, key=lambda q: RANK[q])
        result[key] = (value + figure.value, weakest)
    for key, value in _detail_figures(snapshot, submissions).items():
        current, quality = result.get(key, (Decimal(0), Quality.REPORTED))
        result[key] = (current + value, min(quality, Quality.REPORTED, key=lambda q: RANK[q]))
    return result


def _check(user: Any, snapshot: BaselineSnapshot, check: bool) -> None:
    if check and not can(user, CHANGE, snapshot):
        raise PermissionDenied(_("You may not change this baseline snapshot."))


@transaction.atomic
def refresh(
    snapshot: BaselineSnapshot, *, user: Any, source: str = ObjectChange.Source.USER, check: bool = True
) -> int:
    """Recompute a draft snapshot's values (written through the service, with history)."""
    _check(user, snapshot, check)
    if snapshot.status == BaselineSnapshot.Status.APPROVED:
        raise ValidationError(_("An approved snapshot is frozen; make a new snapshot to recompute."))
    # Values are computed, never edited, so they are not registered: their service is the plain one.
    service = ModelService(BaselineValue)
    figures = compute(snapshot)
    stored = {(v.measure, v.group, v.area): v for v in snapshot.values.all()}
    for key, value in stored.items():
        if key not in figures:
            service.delete(value, user=user, source=source, check=False)
    for key, (value, quality) in figures.items():
        data = {"value": value, "quality": quality}
        if key in stored:
            service.update(stored[key], data=data, user=user, source=source, check=False)
        else:
            measure, group, area = key
            service.create(
                data={"snapshot": snapshot, "measure": measure, "group": group, "area": area, **data},
                user=user,
                source=source,
                check=False,
            )
    return len(figures)


@transaction.atomic
def approve(
    snapshot: BaselineSnapshot, *, user: Any, source: str = ObjectChange.Source.USER, check: bool = True
) -> BaselineSnapshot:
    _check(user, snapshot, check)
    if snapshot.status == BaselineSnapshot.Status.APPROVED:
        raise ValidationError(_("This snapshot is already approved."))
    refresh(snapshot, user=user, source=source, check=False)
    return registry[BaselineSnapshot].service.update(
        snapshot,
        data={
            "status": BaselineSnapshot.Status.APPROVED,
            "approved_at": timezone.now(),
            "approved_by": user if getattr(user, "is_authenticated", False) else None,
        },
        user=user,
        source=source,
        check=False,
    )


def values(snapshot: BaselineSnapshot) -> dict[Key, BaselineValue]:
    return {(v.measure, v.group, v.area): v for v in snapshot.values.all()}


@dataclass
class Growth:
    key: Key
    value: Decimal
    previous: Decimal | None

    @property
    def rate(self) -> Decimal | None:
        if self.previous in (None, Decimal(0)):
            return None
        return (self.value - self.previous) / self.previous * 100


def growth(snapshot: BaselineSnapshot) -> list[Growth]:
    """Each figure beside the same figure of the snapshot it is compared with."""
    mine = values(snapshot)
    before = values(snapshot.previous) if snapshot.previous_id else {}
    return [
        Growth(key, v.value, before[key].value if key in before else None) for key, v in sorted(mine.items())
    ]
