"""Factories of the inventory models (merged into tests/factories.py by the harness)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.inventory import models as inv
from lodestar.org import models as org


def create(model: type, **data: Any) -> Any:
    # Not imported from tests.factories, which imports this module while it loads.
    return registry[model].service.create(
        data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def facility(owner: org.Entity, n: int) -> inv.Facility:
    return create(
        inv.Facility,
        entity=owner,
        code=f"{owner.code}-DC{n}",
        name={"en": f"Server room {n}"},
        kind="server_room",
    )


def application(owner: org.Entity, n: int) -> inv.Application:
    return create(
        inv.Application,
        entity=owner,
        code=f"{owner.code}-APP{n}",
        name={"en": f"Application {n}", "zh": f"应用 {n}"},
        scope="local",
        disposition="tolerate",
    )


def website(owner: org.Entity, n: int) -> inv.Website:
    return create(
        inv.Website,
        entity=owner,
        url=f"https://{owner.code.lower()}-{n}.un.org/",
        name={"en": f"Site {n}"},
        audience="public",
    )


def server(owner: org.Entity, n: int) -> inv.Server:
    return create(inv.Server, entity=owner, code=f"{owner.code}-SRV{n}", kind="virtual")


def device_count(owner: org.Entity, n: int) -> inv.DeviceCount:
    return create(
        inv.DeviceCount, entity=owner, kind="laptop", as_of=datetime.date(2010, 3, 1 + n % 28), count=10 + n
    )


def service_desk(owner: org.Entity, n: int) -> inv.ServiceDesk:
    return create(inv.ServiceDesk, entity=owner, code=f"{owner.code}-SD{n}", name={"en": f"Desk {n}"})


def contract(owner: org.Entity, n: int) -> inv.Contract:
    return create(
        inv.Contract, entity=owner, reference=f"{owner.code}-CT{n}", vendor="Vendor", kind="licence"
    )


def personnel(owner: org.Entity, n: int) -> inv.IctPersonnel:
    return create(
        inv.IctPersonnel, entity=owner, personnel_type="staff", grade="P-3", headcount=2, fte=Decimal("1.5")
    )


def expenditure(owner: org.Entity, n: int) -> inv.IctExpenditure:
    from tests.finance.factories import funding_source, object_of_expenditure, period

    return create(
        inv.IctExpenditure,
        entity=owner,
        period=period(owner, 60 + n),
        object=object_of_expenditure(owner, 60 + n),
        funding_source=funding_source(owner, 60 + n),
        amount=Decimal("1000.00"),
    )


def aggregate(owner: org.Entity, n: int) -> inv.AggregateFigure:
    return create(
        inv.AggregateFigure,
        entity=owner,
        measure="servers",
        group="hq",
        as_of=datetime.date(2010, 3, 1 + n % 28),
        value=Decimal(100 + n),
    )


def snapshot(owner: org.Entity, n: int) -> inv.BaselineSnapshot:
    return create(
        inv.BaselineSnapshot,
        entity=owner,
        code=f"{owner.code}-BL{n}",
        name={"en": f"Baseline {n}"},
        as_of=datetime.date(2010, 3, 31),
    )


def recovery_tier(owner: org.Entity, n: int) -> inv.RecoveryTier:
    from lodestar.org.vocabularies import organisation_of

    return create(
        inv.RecoveryTier,
        organisation=organisation_of(owner),
        code=f"{owner.code}-RTO{n}",
        name={"en": f"Tier {n}"},
        order=n,
        up_to_hours=4 * (n + 1),
        critical=True,
    )


def critical_list(owner: org.Entity, n: int) -> inv.CriticalList:
    return create(
        inv.CriticalList, entity=owner, code=f"{owner.code}-CL{n}", name={"en": f"Critical list {n}"}
    )


def critical_application(owner: org.Entity, n: int) -> inv.CriticalApplication:
    return create(
        inv.CriticalApplication,
        entity=owner,
        critical_list=critical_list(owner, 1000 + n),
        application=application(owner, 1000 + n),
        duty_station="Geneva",
    )


def critical_process(owner: org.Entity, n: int) -> inv.CriticalProcess:
    return create(
        inv.CriticalProcess,
        entity=owner,
        code=f"{owner.code}-CP{n}",
        name={"en": f"Process {n}"},
        tier=recovery_tier(owner, 1000 + n),
    )


def dr_plan(owner: org.Entity, n: int) -> inv.DrPlan:
    return create(
        inv.DrPlan, application=critical_application(owner, 2000 + n), plan_version=f"{n}.0", documented=True
    )


def dr_test(owner: org.Entity, n: int) -> inv.DrTest:
    return create(
        inv.DrTest,
        plan=dr_plan(owner, 3000 + n),
        date=datetime.date(2019, 1, 1 + n % 28),
        kind="technical",
        result="passed",
        evidence=f"Test report {n}",
    )


def dr_site_pairing(owner: org.Entity, n: int) -> inv.DrSitePairing:
    return create(
        inv.DrSitePairing,
        entity=owner,
        code=f"{owner.code}-DRSITE{n}",
        primary=facility(owner, 4000 + n),
        secondary=facility(owner, 5000 + n),
        protected={"en": f"Systems {n}", "zh": f"系统 {n}"},
    )


def resilience_exercise(owner: org.Entity, n: int) -> inv.ResilienceExercise:
    return create(
        inv.ResilienceExercise,
        entity=owner,
        code=f"{owner.code}-EX{n}",
        kind="simulation",
        location={"en": f"Duty station {n}"},
        period="2018–2019",
    )


FACTORIES = {
    inv.DrSitePairing: dr_site_pairing,
    inv.ResilienceExercise: resilience_exercise,
    inv.RecoveryTier: recovery_tier,
    inv.CriticalList: critical_list,
    inv.CriticalApplication: critical_application,
    inv.CriticalProcess: critical_process,
    inv.DrPlan: dr_plan,
    inv.DrTest: dr_test,
    inv.AggregateFigure: aggregate,
    inv.BaselineSnapshot: snapshot,
    inv.Facility: facility,
    inv.Application: application,
    inv.Website: website,
    inv.Server: server,
    inv.DeviceCount: device_count,
    inv.ServiceDesk: service_desk,
    inv.Contract: contract,
    inv.IctPersonnel: personnel,
    inv.IctExpenditure: expenditure,
}
CHANGES = {
    inv.DrSitePairing: ("services_to", "WFP; UNRWA"),
    inv.ResilienceExercise: ("period", "2019"),
    inv.RecoveryTier: ("up_to_hours", 99),
    inv.CriticalList: ("printed_count", 24),
    inv.CriticalApplication: ("duty_station", "Nairobi"),
    inv.CriticalProcess: ("staff_required", 12),
    inv.DrPlan: ("reference", "DR-PLAN-2"),
    inv.DrTest: ("evidence", "Changed report"),
    inv.AggregateFigure: ("quality", "validated"),
    inv.BaselineSnapshot: ("as_of", datetime.date(2011, 3, 31)),
    inv.Facility: ("location", "Geneva"),
    inv.Application: ("platform", "SAP"),
    inv.Website: ("platform", "Drupal"),
    inv.Server: ("operating_system", "Linux"),
    inv.DeviceCount: ("count", 99),
    inv.ServiceDesk: ("languages", "en; fr"),
    inv.Contract: ("vendor", "Other vendor"),
    inv.IctPersonnel: ("grade", "P-4"),
    inv.IctExpenditure: ("amount", Decimal("2000.00")),
}
