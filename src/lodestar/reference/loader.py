"""Loads the UN Secretariat reference dataset (data/*.yaml, transcribed from the seeds).

Every record goes through its model's service with source "reference", so it has history; loading
twice changes nothing because records are matched on their natural keys and unchanged updates are
not written.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org

from . import (
    compliance_loader,
    documents_loader,
    finance_loader,
    inventory_loader,
    oversight_loader,
    portfolio_loader,
    recovery_loader,
    results_loader,
    schema,
    service_loader,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
REFERENCE = ObjectChange.Source.REFERENCE


def _load(name: str) -> Any:
    path = DATA_DIR / name
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


def _text(value: Any) -> dict[str, str]:
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    return {k: str(v).strip() for k, v in value.items() if v}


class Loader:
    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)

    def upsert(self, model: type, lookup: dict[str, Any], data: dict[str, Any]) -> Any:
        service = registry[model].service
        existing = model._default_manager.filter(**lookup).first()
        if existing is None:
            self.counts[f"{model._meta.verbose_name_plural} created"] += 1
            return service.create(data={**lookup, **data}, user=None, source=REFERENCE, check=False)
        before = existing.version
        updated = service.update(existing, data=data, user=None, source=REFERENCE, check=False)
        if updated.version != before:
            self.counts[f"{model._meta.verbose_name_plural} updated"] += 1
        return updated

    # -- entities -----------------------------------------------------------------------------
    def entities(self) -> dict[str, org.Entity]:
        rows = _load("entities.yaml") or []
        by_key = {row["key"]: row for row in rows}
        done: dict[str, org.Entity] = {}

        def place(key: str) -> org.Entity:
            if key in done:
                return done[key]
            row = by_key[key]
            parent = place(row["parent"]) if row.get("parent") else None
            done[key] = self.upsert(
                org.Entity,
                {"code": key},
                {
                    "parent": parent,
                    "kind": row["kind"],
                    "acronym": row.get("acronym") or "",
                    "name": _text(row["name"]),
                    "original_language": row.get("original_language", "en"),
                    "location_class": row.get("location_class") or "",
                    "valid_from": _date(row.get("valid_from")),
                    "valid_to": _date(row.get("valid_to")),
                    "proposed": bool(row.get("proposed", False)),
                    "source": row.get("source", "")[:300],
                },
            )
            return done[key]

        for key in by_key:
            place(key)
        return done

    # -- the organisation's vocabularies ---------------------------------------------------------
    def vocabularies(self, entities: dict[str, org.Entity]) -> None:
        """The UN's entity kinds, location classes, grades and oversight-body kinds (as data)."""
        from lodestar.oversight.models import OversightBodyKind

        data = _load("vocabularies.yaml") or {}
        root = entities.get(data.get("organisation", "UN")) or next(iter(entities.values()))
        self.organisation = root

        def entries(model: type, rows: list[dict], **extra: Any) -> dict[str, Any]:
            return {
                row["code"]: self.upsert(
                    model,
                    {"organisation": root, "code": row["code"]},
                    {
                        "name": _text(row["name"]),
                        "order": row.get("order", 0),
                        **{k: v(row) for k, v in extra.items()},
                    },
                )
                for row in rows
            }

        entries(org.EntityKind, data.get("entity_kinds", []))
        entries(org.LocationClass, data.get("location_classes", []))
        categories = entries(org.GradeCategory, data.get("grade_categories", []))
        entries(
            org.Grade,
            data.get("grades", []),
            category=lambda row: categories[row["category"]],
            recruitment=lambda row: row.get("recruitment", "international"),
        )
        entries(OversightBodyKind, data.get("oversight_body_kinds", []))

    def ict_units(self, entities: dict[str, org.Entity]) -> None:
        for row in _load("ict_units.yaml") or []:
            self.upsert(
                org.IctUnit,
                {"code": row["key"]},
                {
                    "entity": entities[row["entity"]],
                    "name": _text(row["name"]),
                    "original_language": row.get("original_language", "en"),
                    "delivery_type": row.get("delivery_type") or org.IctUnit.DeliveryType.ENTITY_ICT_UNIT,
                    "head_grade": row.get("head_grade") or "",
                    "aligned_with_oict": row.get("aligned_with_oict"),
                    "valid_from": _date(row.get("valid_from")),
                    "valid_to": _date(row.get("valid_to")),
                    "source": row.get("source", "")[:300],
                },
            )

    # -- governance ---------------------------------------------------------------------------
    def governance(self, entities: dict[str, org.Entity]) -> None:
        data = _load("governance.yaml") or {}
        root = entities.get("UN") or next(iter(entities.values()))
        instruments = {}
        for row in data.get("instruments", []):
            instruments[row["symbol"]] = self.upsert(
                org.GovernanceInstrument,
                {"symbol": row["symbol"]},
                {
                    "entity": entities.get(row.get("owner", "UN"), root),
                    "title": _text(row["title"]),
                    "original_language": row.get("original_language", "en"),
                    "kind": row.get("kind") or "other",
                    "date": _date(row.get("date")),
                    "status": str(row.get("status") or "")[:200],
                    "source": row.get("source", "")[:300],
                },
            )
        bodies: dict[str, org.GovernanceBody] = {}
        rows = data.get("bodies", [])
        for row in rows:
            outputs = {o["kind"]: o.get("per_year", 1) for o in row.get("mandated_outputs") or []}
            cadence = row.get("cadence") or {"kind": "none"}
            symbol = row.get("founding_instrument")
            bodies[row["key"]] = self.upsert(
                org.GovernanceBody,
                {"code": row["key"]},
                {
                    "entity": entities.get(row.get("owner") or "UN", root),
                    "name": _text(row["name"]),
                    "original_language": row.get("original_language", "zh"),
                    "acronym": row.get("acronym") or "",
                    "kind": row["kind"],
                    "chair": _text(row.get("chair")),
                    "founding_instrument": instruments.get(symbol) if symbol else None,
                    "mandate": _text(row.get("mandate")),
                    "membership": _text(row.get("membership")),
                    "cadence": cadence.get("kind", "none"),
                    "cadence_n": cadence.get("n"),
                    "cadence_note": _text(row.get("cadence_note")),
                    "annual_reports_required": outputs.get("annual_report", 0),
                    "project_updates_required": outputs.get("quarterly_project_update", 0),
                    "records_from": row.get("records_from"),
                    "records_to": row.get("records_to"),
                    "valid_from": _date(row.get("valid_from")),
                    "valid_to": _date(row.get("valid_to")),
                    "source": row.get("source", "")[:300],
                },
            )
        for row in rows:  # parents once every body exists
            if row.get("parent_body"):
                self.upsert(
                    org.GovernanceBody, {"code": row["key"]}, {"parent_body": bodies[row["parent_body"]]}
                )
        self.meetings(data.get("meetings", []), bodies)
        for row in data.get("outputs", []) or []:
            self.upsert(
                org.BodyOutput,
                {
                    "body": bodies[row["body"]],
                    "kind": row["kind"].replace("quarterly_project_update", "project_update"),
                    "year": row["year"],
                },
                {
                    "date": _date(row.get("date")),
                    "reference": row.get("reference", ""),
                    "source": row.get("source", "")[:300],
                },
            )

    def meetings(self, rows: list[dict], bodies: dict[str, org.GovernanceBody]) -> None:
        # Meetings have no natural key (several undated meetings in one year): match the n-th
        # listed meeting of a body, year and date with the n-th stored one.
        groups: dict[tuple, list[dict]] = defaultdict(list)
        for row in rows:
            groups[(row["body"], row["year"], _date(row.get("date")))].append(row)
        for (body_key, year, date), items in groups.items():
            body = bodies[body_key]
            stored = list(org.Meeting.objects.filter(body=body, year=year, date=date).order_by("pk"))
            for index, row in enumerate(items):
                values = {
                    "mode": row.get("mode") or "unknown",
                    "note": _text(row.get("note")),
                    "original_language": row.get("original_language", "zh"),
                    "source": row.get("source", "")[:300],
                }
                if index < len(stored):
                    meeting = self.upsert(org.Meeting, {"pk": stored[index].pk}, values)
                else:
                    meeting = registry[org.Meeting].service.create(
                        data={"body": body, "year": year, "date": date, **values},
                        user=None,
                        source=REFERENCE,
                        check=False,
                    )
                    self.counts["meetings created"] += 1
                for number, text in enumerate(row.get("decisions") or [], start=1):
                    self.upsert(
                        org.Decision,
                        {"meeting": meeting, "reference": str(number)},
                        {"text": _text(text), "original_language": row.get("original_language", "zh")},
                    )

    # -- events and mandates ------------------------------------------------------------------
    def events(self, entities: dict[str, org.Entity]) -> None:
        root = entities.get("UN")
        for row in _load("events.yaml") or []:
            concerned = [entities[k] for k in row.get("entities") or [] if k in entities]
            self.upsert(
                org.OrganizationalEvent,
                {"date": _date(row["date"]), "kind": row["kind"], "instrument": row.get("instrument") or ""},
                {
                    "entity": concerned[0] if concerned else root,
                    "entities": concerned,
                    "description": _text(row["description"]),
                    "original_language": row.get("original_language", "zh"),
                    "source": row.get("source", "")[:300],
                },
            )

    def mandates(self, entities: dict[str, org.Entity]) -> None:
        oict = entities.get("OICT")
        for row in _load("oict_mandates.yaml") or []:
            self.upsert(
                org.OictMandate,
                {"entity": oict, "order": row["order"]},
                {
                    "reference": row.get("reference") or "",
                    "text": _text(row["text"]),
                    "original_language": row.get("original_language", "zh"),
                    "status": row["status"],
                    "resources": row["resources"],
                    "source": row.get("source", "")[:300],
                },
            )

    @transaction.atomic
    def run(self) -> dict[str, int]:
        schema.require_valid()  # nothing is loaded from a file that would lose text
        entities = self.entities()
        self.vocabularies(entities)
        self.ict_units(entities)
        self.governance(entities)
        self.events(entities)
        self.mandates(entities)
        results_loader.load(self)
        finance_loader.load(self)
        portfolio_loader.load(self)
        oversight_loader.load(self)
        inventory_loader.load(self)
        compliance_loader.load(self)
        recovery_loader.load(self)
        service_loader.load(self)
        documents_loader.load(self)
        return dict(self.counts)


def load_reference() -> dict[str, int]:
    return Loader().run()
