"""One factory per registered model: ``FACTORIES[model](entity, n)`` makes a valid record owned by
``entity`` through the model's service. The generic harness uses them; a registered model without
a factory fails the meta-test."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model

from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org import models as org
from lodestar.org.vocabularies import organisation_of

SYSTEM = ObjectChange.Source.SYSTEM


def create(model: type, **data: Any) -> Any:
    return registry[model].service.create(data=data, user=None, source=SYSTEM, check=False)


def entity(owner: org.Entity, n: int) -> org.Entity:
    return create(
        org.Entity,
        code=f"{owner.code}-U{n}",
        parent=owner,
        kind="unit",
        acronym=f"U{n}",
        name={"en": f"Unit {n} of {owner.code}", "zh": f"{owner.code} 股 {n}"},
    )


def ict_unit(owner: org.Entity, n: int) -> org.IctUnit:
    return create(org.IctUnit, code=f"{owner.code}-ICT{n}", entity=owner, name={"en": f"ICT unit {n}"})


def person(owner: org.Entity, n: int) -> org.Person:
    return create(org.Person, name=f"Person {n} {owner.code}", entity=owner)


def role_assignment(owner: org.Entity, n: int) -> org.RoleAssignment:
    user = get_user_model().objects.create_user(username=f"granted-{owner.code}-{n}")
    return create(org.RoleAssignment, user=user, role="reader", entity=owner)


def event(owner: org.Entity, n: int) -> org.OrganizationalEvent:
    return create(
        org.OrganizationalEvent,
        entity=owner,
        date=datetime.date(2019, 1, 1 + n % 28),
        kind="merger",
        instrument=f"A/RES/72/{n}",
        description={"en": f"Merger {n}"},
    )


def mandate(owner: org.Entity, n: int) -> org.OictMandate:
    return create(
        org.OictMandate,
        entity=owner,
        order=n + 1,
        reference=f"para. 35 ({n})",
        text={"en": f"Mandate {n}"},
        status="new",
        resources="none",
    )


def instrument(owner: org.Entity, n: int) -> org.GovernanceInstrument:
    return create(
        org.GovernanceInstrument,
        entity=owner,
        symbol=f"ST/SGB/{owner.code}/{n}",
        title={"en": f"Bulletin {n}"},
    )


def body(owner: org.Entity, n: int) -> org.GovernanceBody:
    return create(
        org.GovernanceBody,
        entity=owner,
        code=f"{owner.code}-BODY{n}",
        name={"en": f"Board {n}"},
        kind="board",
        cadence="every_n_weeks",
        cadence_n=6,
        records_from=2018,
        records_to=2018,
    )


def membership(owner: org.Entity, n: int) -> org.BodyMembership:
    return create(org.BodyMembership, entity=owner, body=body(owner, 1000 + n), role="member", level="D-1")


def meeting(owner: org.Entity, n: int) -> org.Meeting:
    return create(org.Meeting, body=body(owner, 2000 + n), year=2018, mode="in_person")


def decision(owner: org.Entity, n: int) -> org.Decision:
    return create(
        org.Decision, meeting=meeting(owner, 3000 + n), reference=f"D{n}", text={"en": f"Decision {n}"}
    )


def body_output(owner: org.Entity, n: int) -> org.BodyOutput:
    return create(org.BodyOutput, body=body(owner, 4000 + n), kind="annual_report", year=2018)


def login(owner: org.Entity, n: int) -> org.Login:
    return create(org.Login, username=f"login-{owner.code}-{n}", email=f"person{n}@un.org")


def _vocabulary(model: type, prefix: str) -> Callable[[org.Entity, int], Any]:
    def make(owner: org.Entity, n: int) -> Any:
        return create(
            model,
            organisation=organisation_of(owner),
            code=f"{owner.code}-{prefix}{n}",
            name={"en": f"{model._meta.verbose_name} {n} of {owner.code}"},
            order=n,
        )

    return make


def grade(owner: org.Entity, n: int) -> org.Grade:
    return create(
        org.Grade,
        organisation=organisation_of(owner),
        code=f"{owner.code}-G{n}",
        name={"en": f"Grade {n}"},
        category=_vocabulary(org.GradeCategory, "GCG")(owner, n),
        order=n,
    )


FACTORIES: dict[type, Callable[[org.Entity, int], Any]] = {
    org.EntityKind: _vocabulary(org.EntityKind, "EK"),
    org.LocationClass: _vocabulary(org.LocationClass, "LC"),
    org.GradeCategory: _vocabulary(org.GradeCategory, "GC"),
    org.Grade: grade,
    org.Entity: entity,
    org.Login: login,
    org.IctUnit: ict_unit,
    org.Person: person,
    org.RoleAssignment: role_assignment,
    org.OrganizationalEvent: event,
    org.OictMandate: mandate,
    org.GovernanceInstrument: instrument,
    org.GovernanceBody: body,
    org.BodyMembership: membership,
    org.Meeting: meeting,
    org.Decision: decision,
    org.BodyOutput: body_output,
}

# A field each harness test changes to prove that edits are recorded: (field, new value).
CHANGES: dict[type, tuple[str, Any]] = {
    org.EntityKind: ("order", 40),
    org.LocationClass: ("order", 40),
    org.GradeCategory: ("order", 40),
    org.Grade: ("recruitment", "local"),
    org.Entity: ("acronym", "CHANGED"),
    org.Login: ("email", "changed@un.org"),
    org.IctUnit: ("head_grade", "D-2"),
    org.Person: ("title", "Chief"),
    org.RoleAssignment: ("role", "oversight_reviewer"),
    org.OrganizationalEvent: ("instrument", "A/RES/99/1"),
    org.OictMandate: ("resources", "limited"),
    org.GovernanceInstrument: ("status", "under revision"),
    org.GovernanceBody: ("acronym", "ICTB"),
    org.BodyMembership: ("level", "D-2"),
    org.Meeting: ("mode", "videoconference"),
    org.Decision: ("reference", "D-CHANGED"),
    org.BodyOutput: ("reference", "A/74/1"),
}


FOUNDATION_APPS = ("core", "org", "reference")


def _domain_factories() -> None:
    """Each later domain app keeps its factories in tests/<app>/factories.py (FACTORIES, CHANGES)."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("lodestar.") or config.label in FOUNDATION_APPS:
            continue
        try:
            module = importlib.import_module(f"tests.{config.label}.factories")
        except ModuleNotFoundError:
            continue
        FACTORIES.update(module.FACTORIES)
        CHANGES.update(module.CHANGES)


_domain_factories()
