"""Loads the project portfolio under data/portfolio/ through the services, with source "reference";
idempotent because every record is matched on its natural key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from lodestar.org.models import Entity
from lodestar.portfolio import models as prj

DATA_DIR = Path(__file__).resolve().parent / "data" / "portfolio"
FILES = ("acabq_2019.yaml",)

# Owners named in the data that the entity reference data lacks (reported, then owned by "UN").
missing_owners: set[str] = set()


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {k: str(v).strip() for k, v in value.items() if v not in (None, "")}


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value)).quantize(Decimal("0.01"))


def _owner(code: str | None) -> Entity | None:
    code = code or "UN"
    entity = Entity.objects.filter(code=code).first()
    if entity is None:
        missing_owners.add(code)
        entity = Entity.objects.filter(code="UN").first()
    return entity


def load(loader: Any) -> None:
    for name in FILES:
        data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8")) or {}
        programmes: dict[str, prj.Programme] = {}
        for row in data.get("programmes", []):
            programmes[row["code"]] = loader.upsert(
                prj.Programme,
                {"code": row["code"]},
                {
                    "entity": _owner(row.get("owner")),
                    "name": _text(row["name"]),
                    "source": row.get("source", ""),
                },
            )
        projects: dict[str, prj.Project] = {}
        for row in data.get("projects", []):
            projects[row["code"]] = loader.upsert(
                prj.Project,
                {"code": row["code"]},
                {
                    "entity": _owner(row.get("owner")),
                    "programme": programmes.get(row.get("programme", "")),
                    "name": _text(row["name"]),
                    "status": row.get("status", "ongoing"),
                    "target_indicator": _text(row.get("target_indicator")),
                    "target_value": _decimal(row.get("target_value")),
                    "actual_value": _decimal(row.get("actual_value")),
                    "lower_is_better": bool(row.get("lower_is_better", False)),
                    "target_status": row.get("target_status", ""),
                    "source": row.get("source", ""),
                },
            )
        for row in data.get("reports", []):
            loader.upsert(
                prj.StatusReport,
                {"project": projects[row["project"]], "period": str(row["period"])},
                {
                    "document": row.get("document", ""),
                    "declared_percent": _decimal(row.get("declared_percent")),
                    "declared_completed": bool(row.get("declared_completed", False)),
                    "health": row.get("health", ""),
                },
            )
