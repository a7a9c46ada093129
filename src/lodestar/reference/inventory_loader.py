"""Loads data/inventory.yaml: the A/65/491 baseline as the one completed data call that collected
it (its accepted submission holding the figures by location class as aggregates), the approved
baseline snapshot computed from it, and the application counts of A/73/384 as an indicator."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.campaigns import services as campaigns
from lodestar.campaigns.models import Campaign, CampaignItem
from lodestar.inventory import snapshots
from lodestar.inventory.models import AggregateFigure, BaselineSnapshot, Group
from lodestar.org.models import Entity
from lodestar.results import models as res

LOCATION_GROUPS = (Group.HQ, Group.OFFICES_AWAY, Group.MISSIONS)


def _text(value: Any) -> dict[str, str]:
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in (value or {}).items()}


def _campaign(loader: Any, spec: dict, entities: dict[str, Entity]) -> Any:
    from .loader import REFERENCE

    campaign = loader.upsert(
        Campaign,
        {"code": spec["code"]},
        {
            "kind": spec["kind"],
            "entity": entities[spec["entity"]],
            "name": _text(spec["name"]),
            "instructions": _text(spec.get("instructions")),
            "opens": spec["opens"],
            "deadline": spec["deadline"],
            "as_of": spec["as_of"],
            "source": spec["source"],
            "scope_entities": [entities[spec["respondent"]]],
        },
    )
    section = spec["section"]
    loader.upsert(
        CampaignItem,
        {"campaign": campaign, "code": section["code"]},
        {"order": 1, "kind": "section", "label": _text(section["label"]), "list_label": section["list"]},
    )
    if campaign.status == Campaign.Status.DRAFT:
        campaigns.launch(campaign, user=None, source=REFERENCE, check=False)
        campaign.refresh_from_db()
    return campaign


def _figure(loader: Any, submission: Any, as_of: datetime.date, **values: Any) -> None:
    lookup = {
        "entity": submission.entity,
        "measure": values.pop("measure"),
        "group": values.pop("group"),
        "area": values.pop("area", ""),
        "as_of": as_of,
    }
    loader.upsert(AggregateFigure, lookup, {"quality": "reported", "submission": submission, **values})


def load(loader: Any) -> None:
    from .loader import REFERENCE, _load

    data = _load("inventory.yaml")
    if not data:
        return
    spec = data["campaign"]
    codes = {spec["entity"], spec["respondent"], data["snapshot"]["entity"], data["indicator"]["entity"]}
    entities = {e.code: e for e in Entity.objects.filter(code__in=codes)}
    campaign = _campaign(loader, spec, entities)
    submission = campaign.assignments.get(entity=entities[spec["respondent"]])
    as_of = spec["as_of"]

    table = data["table_5"]
    shares = data["printed_shares"]
    for measure, split in table["rows"].items():
        printed = shares.get(measure, {})
        for group, value in zip(LOCATION_GROUPS, split, strict=True):
            share = printed.get(group)
            _figure(
                loader,
                submission,
                as_of,
                measure=measure,
                group=group,
                value=Decimal(value),
                printed_share=Decimal(share) if share is not None else None,
                source=printed.get("source", table["source"]) if share is not None else table["source"],
            )
    for measure, total in table["totals"].items():
        _figure(
            loader,
            submission,
            as_of,
            measure=measure,
            group=Group.ALL,
            value=Decimal(total["value"]),
            source=total["source"],
        )
    for figure in data["functional_areas"]:
        for area, values in figure["areas"].items():
            _figure(
                loader,
                submission,
                as_of,
                measure="ict_budget",
                group=figure["group"],
                area=area,
                value=Decimal(values["value"]),
                printed_share=Decimal(values["share"]),
                source=figure["source"],
            )
    submitted = datetime.datetime.combine(spec["submitted"], datetime.time(12), tzinfo=datetime.UTC)
    campaigns.record_transcribed(submission, submitted=submitted, source=REFERENCE)
    campaign.refresh_from_db()
    if campaign.status == Campaign.Status.OPEN:
        campaigns.close(campaign, user=None, source=REFERENCE, check=False)

    snap = data["snapshot"]
    snapshot = loader.upsert(
        BaselineSnapshot,
        {"code": snap["code"]},
        {
            "name": _text(snap["name"]),
            "entity": entities[snap["entity"]],
            "as_of": snap["as_of"],
            "campaign": campaign,
        },
    )
    if snapshot.status == BaselineSnapshot.Status.DRAFT:
        snapshots.approve(snapshot, user=None, source=REFERENCE, check=False)

    spec = data["indicator"]
    indicator = loader.upsert(
        res.Indicator,
        {"code": spec["code"]},
        {
            "entity": entities[spec["entity"]],
            "kind": res.Indicator.Kind.METRIC,
            "text": _text(spec["text"]),
            "unit": _text(spec["unit"]),
            "value_type": res.Indicator.ValueType.NUMBER,
            "direction": spec["direction"],
            "source": spec["source"],
        },
    )
    for row in spec["observations"]:
        loader.upsert(
            res.Observation,
            {"indicator": indicator, "year": row["year"], "kind": row["kind"]},
            {"value": Decimal(row["value"]), "source": row["source"]},
        )
