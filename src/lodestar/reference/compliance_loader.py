"""Loads data/compliance.yaml: the kinds of instrument of the organisation, the policy register of
February 2019 (42 in force, as far as the seeds name them, the rest counted), the August 2018
self-certification with its control and its transcribed tally (5 of 70), the compliance reviews,
the named items of the information-security action plan, and the printed threat statistics and
compliance rates as results indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lodestar.campaigns.models import Campaign
from lodestar.compliance import models as com
from lodestar.compliance import security
from lodestar.org.models import Entity, GovernanceBody, IctUnit
from lodestar.results import models as res


def _text(value: Any) -> dict[str, str]:
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in (value or {}).items()}


def load(loader: Any) -> None:
    from .loader import _load

    data = _load("compliance.yaml")
    if not data:
        return
    entities = {e.code: e for e in Entity.objects.all()}
    organisation = entities[data["organisation"]]
    for row in data["instrument_kinds"]:
        loader.upsert(
            com.InstrumentKind,
            {"organisation": organisation, "code": row["code"]},
            {"name": _text(row["name"]), "order": row["order"]},
        )
    bodies = {b.code: b for b in GovernanceBody.objects.all()}
    instruments = {}
    for row in data["instruments"]:
        instruments[row["code"]] = loader.upsert(
            com.PolicyInstrument,
            {"code": row["code"]},
            {
                "entity": entities[row["entity"]],
                "title": _text(row["title"]),
                "kind": row["kind"],
                "status": row["status"],
                "approving_body": bodies.get(row.get("approving_body", "")),
                "issued": row.get("issued"),
                "review_cycle_months": row.get("review_cycle_months"),
                "next_review": row.get("next_review"),
                "count": row.get("count", 1),
                "named": row.get("named", True),
                "as_of": row.get("as_of"),
                "source": row["source"],
            },
        )
    _self_certification(loader, data["self_certification"], entities, instruments)
    centres = {
        u.code: u
        for u in IctUnit.objects.filter(delivery_type=IctUnit.DeliveryType.REGIONAL_TECHNOLOGY_CENTRE)
    }
    for row in data["reviews"]:
        loader.upsert(
            com.ComplianceReview,
            {"code": row["code"]},
            {
                "entity": entities[row["entity"]],
                "reviewer": row["reviewer"],
                "location": row["location"],
                "centre": centres[row["centre"]] if row.get("centre") else None,
                "completed": row["completed"],
                "date": row.get("date"),
                "cycle": row.get("cycle"),
                "scope": _text(row["scope"]),
                "source": row["source"],
            },
        )
    plan = data["action_plan"]
    for row in plan["items"]:
        loader.upsert(
            security.ActionItem,
            {"code": row["code"]},
            {
                "entity": entities[plan["entity"]],
                "plan": plan["plan"],
                "point": row.get("point"),
                "title": _text(row["title"]),
                "status": row["status"],
                "owner": row.get("owner", ""),
                "deadline": row.get("deadline"),
                "source": row["source"],
            },
        )
    owner = entities[plan["entity"]]
    for row in data["indicators"]:
        indicator = loader.upsert(
            res.Indicator,
            {"code": row["code"]},
            {
                "entity": owner,
                "kind": res.Indicator.Kind.METRIC,
                "text": _text(row["text"]),
                "unit": _text(row["unit"]),
                "value_type": res.Indicator.ValueType.NUMBER,
                "order": row["order"],
                "source": row["source"],
            },
        )
        qualifier = row.get("qualifier", "")
        loader.upsert(
            res.Observation,
            {"indicator": indicator, "year": row["year"], "kind": res.Observation.Kind.ACTUAL},
            {
                "value": Decimal(row["value"]),
                # "More than 35,000": the printed lower bound is the value; the words say so.
                "text": {"en": f"{qualifier} {row['value']:,}".strip()} if qualifier else {},
                "source": row["source"],
            },
        )


def _self_certification(
    loader: Any, spec: dict, entities: dict[str, Entity], instruments: dict[str, com.PolicyInstrument]
) -> None:
    from lodestar.compliance.services import add_control

    from .loader import REFERENCE

    campaign = loader.upsert(
        Campaign,
        {"code": spec["code"]},
        {
            "kind": Campaign.Kind.SELF_CERTIFICATION,
            "entity": entities[spec["entity"]],
            "name": _text(spec["name"]),
            "opens": spec["opens"],
            "deadline": spec["deadline"],
            "source": spec["source"],
        },
    )
    for row in spec["controls"]:
        if not com.CertificationControl.objects.filter(campaign=campaign, code=row["code"]).exists():
            if campaign.status != Campaign.Status.DRAFT:
                continue  # controls are asked before the campaign closes; a reload leaves them
            add_control(
                campaign,
                instrument=instruments[row["instrument"]],
                code=row["code"],
                text=_text(row["text"]),
                user=None,
                source=REFERENCE,
                check=False,
            )
    tally = spec["tally"]
    loader.upsert(
        com.CertificationTally,
        {"campaign": campaign},
        {
            "entities_asked": tally["entities_asked"],
            "complete_returns": tally["complete_returns"],
            "source": tally["source"],
        },
    )
    # The campaign was run and is over; it has no per-entity assignment to launch (see the file).
    loader.upsert(Campaign, {"code": spec["code"]}, {"status": Campaign.Status.CLOSED})
