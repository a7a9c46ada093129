"""Disaster recovery: readiness (documented, tested, exercised) computed from plans and tests, the
per-duty-station maturity, the DRC-UNTESTED findings, and the reference lists as printed."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core.checks import run_checks
from lodestar.inventory import readiness
from lodestar.inventory.recovery import CriticalApplication, CriticalList, DrTest

from ..conftest import grant
from ..reference_snapshot import reference_data
from .factories import application, create, critical_list, recovery_tier

AS_AT = datetime.date(2019, 6, 30)


def _member(lst: CriticalList, owner: Any, n: int, station: str) -> CriticalApplication:
    return create(
        CriticalApplication,
        entity=owner,
        critical_list=lst,
        application=application(owner, n),
        duty_station=station,
        tier=recovery_tier(owner, n),
    )


def _plan(member: CriticalApplication, documented: bool = True) -> Any:
    from lodestar.inventory.recovery import DrPlan

    return create(DrPlan, application=member, plan_version="1", documented=documented)


def _test(plan: Any, day: datetime.date, kind: str = "technical", result: str = "passed") -> DrTest:
    return create(DrTest, plan=plan, date=day, kind=kind, result=result, evidence="report")


@pytest.fixture
def recorded(tree: dict) -> dict[str, Any]:
    owner = tree["a"]
    lst = critical_list(owner, 1)
    registry_update(lst, printed_count=4, printed_exercised_percent=25)
    geneva = _member(lst, owner, 1, "Geneva")
    nairobi = _member(lst, owner, 2, "Nairobi")
    old = _member(lst, owner, 3, "Geneva")
    _test(_plan(geneva), datetime.date(2019, 5, 1), kind="exercise")
    _test(_plan(nairobi, documented=False), datetime.date(2019, 1, 10), result="failed")
    _test(_plan(old), datetime.date(2018, 1, 10))  # passed, but more than a year before AS_AT
    return {"list": CriticalList.objects.get(pk=lst.pk), "geneva": geneva, "nairobi": nairobi, "old": old}


def registry_update(obj: Any, **data: Any) -> Any:
    from lodestar.core.models import ObjectChange
    from lodestar.core.registry import registry

    return registry[type(obj)].service.update(
        obj, data=data, user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def test_readiness_is_computed_over_the_printed_count(recorded: dict) -> None:
    [(lst, ready)] = readiness.by_list(CriticalList.objects.all(), CriticalApplication.objects.all(), AS_AT)
    assert (ready.counted, ready.named, ready.unnamed) == (4, 3, 1)
    assert (ready.documented, ready.tested, ready.exercised) == (2, 1, 1)
    assert str(ready.documented_percent) == "50.0"
    assert str(ready.exercised_percent) == "25.0"
    assert ready.printed_exercised == 25
    stations = dict(readiness.by_duty_station(CriticalApplication.objects.all(), AS_AT))
    assert (stations["Geneva"].counted, stations["Geneva"].tested) == (2, 1)
    assert str(stations["Nairobi"].tested_percent) == "0.0"


def test_a_test_older_than_a_year_no_longer_counts(recorded: dict) -> None:
    state = readiness.states(CriticalApplication.objects.all(), datetime.date(2018, 6, 30))
    assert state[recorded["old"].pk].tested
    state = readiness.states(CriticalApplication.objects.all(), AS_AT)
    assert not state[recorded["old"].pk].tested


def test_every_untested_critical_application_is_a_finding(recorded: dict) -> None:
    findings = list(run_checks(["DRC-UNTESTED"], as_at=AS_AT))
    objects = [f.instance for f in findings]
    assert recorded["nairobi"] in objects and recorded["old"] in objects
    assert recorded["geneva"] not in objects
    unnamed = [f for f in findings if f.data.get("unnamed")]
    assert unnamed and unnamed[0].data["unnamed"] == 1
    # 1 of 4 exercised is 25.0 %, the printed figure: no difference to report.
    assert not [f for f in findings if "printed" in f.data]


def test_a_passed_test_needs_evidence(recorded: dict) -> None:
    with pytest.raises(ValidationError):
        create(
            DrTest,
            plan=recorded["geneva"].plans.get(),
            date=datetime.date(2019, 6, 1),
            kind="technical",
            result="passed",
            evidence="",
        )


def test_dashboard_shows_readiness_with_constant_queries(recorded: dict, client_for: Any, tree: dict) -> None:
    client = client_for("analyst")
    url = reverse("inventory:dr_dashboard") + "?as_at=2019-06-30"
    with CaptureQueriesContext(connection) as few:
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 (25 %)" in html and "Geneva" in html and "Nairobi" in html
    for n in range(10, 30):
        _member(recorded["list"], tree["a"], n, f"Station {n}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_focal_point_of_another_entity_sees_nothing(recorded: dict, client_for: Any) -> None:
    html = client_for("focal_b").get(reverse("inventory:dr_dashboard")).content.decode()
    assert "Nairobi" not in html


@pytest.mark.django_db
def test_reference_lists_are_kept_as_printed() -> None:
    from lodestar.inventory.recovery import RecoveryTier

    reference_data()
    tiers = list(RecoveryTier.objects.order_by("order").values_list("up_to_hours", "critical"))
    assert tiers == [(4, True), (24, True), (72, False), (None, False)]
    epsg = CriticalList.objects.get(code="EPSG-CRITICAL")
    assert (epsg.printed_count, epsg.printed_exercised_percent) == (24, 25)
    assert CriticalList.objects.get(code="BCMU-CRITICAL-PROCESSES").printed_count == 88
    findings = run_checks(["DRC-UNTESTED"], as_at=datetime.date(2019, 6, 30))
    about = {(f.instance.code, bool(f.data.get("unnamed")), "printed" in f.data) for f in findings}
    assert ("EPSG-CRITICAL", True, False) in about  # 24 counted, none named
    assert ("EPSG-CRITICAL", False, True) in about  # 25 % printed, 0.0 % computed
    assert ("BCMU-CRITICAL-PROCESSES", True, False) in about


@pytest.mark.django_db
def test_reference_sites_and_exercises_keep_the_seed_wording(client: Any) -> None:
    from django.contrib.auth import get_user_model

    from lodestar.core import permissions as p
    from lodestar.inventory.recovery_sites import DrSitePairing, ResilienceExercise
    from lodestar.org.models import Entity

    reference_data()
    pairs = {p.code: p for p in DrSitePairing.objects.select_related("primary", "secondary")}
    assert set(pairs) == {"UNLB-UNSB", "DUTY-STATIONS-UNLB", "HQ-PISCATAWAY"}
    assert (pairs["UNLB-UNSB"].mutual, pairs["UNLB-UNSB"].services_to) == (True, "WFP; UNRWA")
    assert pairs["DUTY-STATIONS-UNLB"].secondary.code == "UNLB-EDC"
    hq = pairs["HQ-PISCATAWAY"]
    assert hq.secondary.location == "Piscataway, New Jersey"
    assert "综合管理信息系统、Lotus Notes 电子邮件和黑莓服务" in hq.protected["zh"]
    assert "BlackBerry" in hq.protected["en"]
    kinds = dict(ResilienceExercise.objects.values_list("kind", "description"))
    assert set(kinds) == {"orms_test", "simulation", "crisis_training"}
    assert kinds["simulation"]["zh"] == "进行年度应急管理模拟演习"
    assert kinds["crisis_training"]["zh"] == "维持危机局势决策者每年的培训方案数目"
    assert not ResilienceExercise.objects.filter(date__isnull=False).exists()  # the seed gives none
    assert set(ResilienceExercise.objects.values_list("period", flat=True)) == {
        "2018–2019 (regular)",
        "2018–2019 (annual)",
    }
    reader = get_user_model().objects.create_user(username="dr-reader")
    grant(reader, p.READER, Entity.objects.get(code="UN"))
    client.force_login(reader)
    html = client.get(reverse("inventory:dr_dashboard")).content.decode()
    assert "Piscataway secondary data centre" in html and "WFP; UNRWA" in html
    assert "Emergency management simulation" in html and "2018–2019 (annual)" in html


@pytest.mark.django_db
def test_exercise_needs_a_date_or_a_period() -> None:
    from lodestar.inventory.recovery_sites import ResilienceExercise

    with pytest.raises(ValidationError):
        ResilienceExercise(code="X", kind="simulation").clean()
