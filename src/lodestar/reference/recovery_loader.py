"""Loads data/disaster_recovery.yaml: the organisation's recovery-time tiers and the critical-
application lists with the counts and the exercised share their sources print (the seeds name none
of the applications, so no member is invented), the DR sites and their pairings, and the
resilience exercises (kept with the period the source prints; no date is invented)."""

from __future__ import annotations

from typing import Any

from lodestar.inventory.models import Facility
from lodestar.inventory.recovery import CriticalList, RecoveryTier
from lodestar.inventory.recovery_sites import DrSitePairing, ResilienceExercise
from lodestar.org.models import Entity


def _text(value: Any) -> dict[str, str]:
    return {"en": value} if isinstance(value, str) else {k: str(v) for k, v in (value or {}).items()}


def load(loader: Any) -> None:
    from .loader import _load

    data = _load("disaster_recovery.yaml") or {}
    if not data:
        return
    organisation = Entity.objects.get(code=data.get("organisation", "UN"))
    for row in data.get("tiers", []):
        loader.upsert(
            RecoveryTier,
            {"organisation": organisation, "code": row["code"]},
            {
                "name": _text(row["name"]),
                "order": row.get("order", 0),
                "up_to_hours": row.get("up_to_hours"),
                "critical": bool(row.get("critical", False)),
            },
        )
    for row in data.get("lists", []):
        loader.upsert(
            CriticalList,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "name": _text(row["name"]),
                "drawn_up_by": row.get("drawn_up_by", ""),
                "as_of": row.get("as_of"),
                "printed_count": row.get("printed_count"),
                "printed_exercised_percent": row.get("printed_exercised_percent"),
                "source": row.get("source", "")[:300],
            },
        )
    _load_sites(loader, data)


def _load_sites(loader: Any, data: dict[str, Any]) -> None:
    for row in data.get("sites", []):
        loader.upsert(
            Facility,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "name": _text(row["name"]),
                "kind": row["kind"],
                "location": row.get("location", ""),
                "leased": bool(row.get("leased", False)),
            },
        )
    for row in data.get("pairings", []):
        loader.upsert(
            DrSitePairing,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "primary": Facility.objects.get(code=row["primary"]),
                "secondary": Facility.objects.get(code=row["secondary"]),
                "mutual": bool(row.get("mutual", False)),
                "protected": _text(row.get("protected")),
                "services_to": row.get("services_to", ""),
                "source": row.get("source", "")[:300],
            },
        )
    for row in data.get("exercises", []):
        loader.upsert(
            ResilienceExercise,
            {"code": row["code"]},
            {
                "entity": Entity.objects.get(code=row["owner"]),
                "kind": row["kind"],
                "description": _text(row.get("description")),
                "location": _text(row.get("location")),
                "date": row.get("date"),
                "period": str(row.get("period", "")),
                "source": row.get("source", "")[:300],
            },
        )
