"""Loads data/disaster_recovery.yaml: the organisation's recovery-time tiers and the critical-
application lists with the counts and the exercised share their sources print (the seeds name none
of the applications, so no member is invented)."""

from __future__ import annotations

from typing import Any

from lodestar.inventory.recovery import CriticalList, RecoveryTier
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
