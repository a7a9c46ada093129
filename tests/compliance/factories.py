"""Factories of the compliance models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from typing import Any

from lodestar.campaigns.models import Campaign
from lodestar.compliance import models as com
from lodestar.compliance import security as sec
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.org.vocabularies import organisation_of


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def instrument_kind(owner: org.Entity, n: int) -> com.InstrumentKind:
    return create(
        com.InstrumentKind,
        organisation=organisation_of(owner),
        code=f"{owner.code}-IK{n}",
        name={"en": f"Kind {n}"},
        order=n,
    )


def instrument(owner: org.Entity, n: int) -> com.PolicyInstrument:
    kind = instrument_kind(owner, 500 + n)
    return create(
        com.PolicyInstrument,
        entity=owner,
        code=f"{owner.code}-POL{n}",
        title={"en": f"Policy {n}", "zh": f"政策 {n}"},
        kind=kind.code,
        issued=datetime.date(2020, 1, 31),
        review_cycle_months=25,
    )


def standard(owner: org.Entity, n: int) -> com.TechnologyStandard:
    return create(
        com.TechnologyStandard,
        entity=owner,
        code=f"{owner.code}-STD{n}",
        item={"en": f"Laptop model {n}"},
        category="formal",
        approved=datetime.date(2024, 1, 1),
        expires=datetime.date(2025, 1, 1),
    )


def extension(owner: org.Entity, n: int) -> com.StandardExtension:
    return create(
        com.StandardExtension,
        standard=standard(owner, 100 + n),
        approved=datetime.date(2024, 12, 1),
        new_expiry=datetime.date(2026, 1, 1),
    )


def certification_campaign(owner: org.Entity, n: int) -> Campaign:
    return create(
        Campaign,
        entity=owner,
        code=f"{owner.code}-SC{n}",
        kind="self_certification",
        name={"en": f"Self-certification {n}"},
        opens=datetime.date(2026, 1, 1),
        deadline=datetime.date(2026, 3, 31),
    )


def control(owner: org.Entity, n: int) -> com.CertificationControl:
    return create(
        com.CertificationControl,
        campaign=certification_campaign(owner, n),
        instrument=instrument(owner, 200 + n),
        code=f"C{n}",
        text={"en": f"Control {n} is applied"},
    )


def tally(owner: org.Entity, n: int) -> com.CertificationTally:
    return create(
        com.CertificationTally,
        campaign=certification_campaign(owner, 300 + n),
        entities_asked=70,
        complete_returns=5,
        source="A/74/588 ¶18",
    )


def review(owner: org.Entity, n: int) -> com.ComplianceReview:
    return create(
        com.ComplianceReview,
        entity=owner,
        code=f"{owner.code}-REV{n}",
        reviewer="regional_centre",
        location="New York",
        scope={"en": "Policy controls"},
    )


def finding(owner: org.Entity, n: int) -> com.ReviewFinding:
    return create(com.ReviewFinding, review=review(owner, 100 + n), reference=f"F{n}", text={"en": "Gap"})


def conformance(owner: org.Entity, n: int) -> com.ConformanceAssessment:
    from tests.inventory.factories import application

    return create(
        com.ConformanceAssessment,
        entity=owner,
        application=application(owner, 700 + n),
        against="standards",
        assessed=datetime.date(2026, 2, 1),
        assessor="OICT",
        result="conformant",
    )


def action_item(owner: org.Entity, n: int) -> sec.ActionItem:
    return create(
        sec.ActionItem,
        entity=owner,
        code=f"{owner.code}-AP{n}",
        plan="10-point action plan",
        title={"en": f"Action {n}"},
        status="not_implemented",
    )


def action_update(owner: org.Entity, n: int) -> sec.ActionStatusUpdate:
    return create(
        sec.ActionStatusUpdate,
        item=action_item(owner, 100 + n),
        cycle=2026,
        as_of=datetime.date(2026, 6, 30),
        status="partial",
        progress={"en": "Half the networks are segmented"},
    )


def assessment(owner: org.Entity, n: int) -> sec.SecurityAssessment:
    return create(
        sec.SecurityAssessment,
        entity=owner,
        code=f"{owner.code}-SA{n}",
        system="Payroll",
        trigger="new_system",
        assessor="central",
        assessed=datetime.date(2026, 1, 10),
    )


def vulnerability(owner: org.Entity, n: int) -> sec.Vulnerability:
    return create(
        sec.Vulnerability,
        entity=owner,
        code=f"{owner.code}-V{n}",
        severity="high",
        reported=datetime.date(2026, 1, 10),
    )


def incident(owner: org.Entity, n: int) -> sec.SecurityIncident:
    return create(
        sec.SecurityIncident,
        entity=owner,
        code=f"{owner.code}-INC{n}",
        kind="phishing",
        severity="medium",
        detected=datetime.date(2026, 1, 10),
    )


def attestation(owner: org.Entity, n: int) -> sec.ClassificationAttestation:
    return create(
        sec.ClassificationAttestation,
        entity=owner,
        as_of=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
        assets=100,
        classified=40,
    )


FACTORIES = {
    com.InstrumentKind: instrument_kind,
    com.PolicyInstrument: instrument,
    com.TechnologyStandard: standard,
    com.StandardExtension: extension,
    com.CertificationControl: control,
    com.CertificationTally: tally,
    com.ComplianceReview: review,
    com.ReviewFinding: finding,
    com.ConformanceAssessment: conformance,
    sec.ActionItem: action_item,
    sec.ActionStatusUpdate: action_update,
    sec.SecurityAssessment: assessment,
    sec.Vulnerability: vulnerability,
    sec.SecurityIncident: incident,
    sec.ClassificationAttestation: attestation,
}
CHANGES = {
    com.InstrumentKind: ("order", 40),
    com.PolicyInstrument: ("owner", "Chief Information Technology Officer"),
    com.TechnologyStandard: ("category", "research"),
    com.StandardExtension: ("reason", "Procurement under way"),
    com.CertificationControl: ("code", "C-CHANGED"),
    com.CertificationTally: ("complete_returns", 6),
    com.ComplianceReview: ("location", "Geneva"),
    com.ReviewFinding: ("reference", "F-CHANGED"),
    com.ConformanceAssessment: ("assessor", "Vendor"),
    sec.ActionItem: ("owner", "Chief Information Security Officer"),
    sec.ActionStatusUpdate: ("status", "not_implemented"),
    sec.SecurityAssessment: ("system", "Travel"),
    sec.Vulnerability: ("region", "Africa"),
    sec.SecurityIncident: ("kind", "malware"),
    sec.ClassificationAttestation: ("verified", True),
}
