"""Earned progress, health, slipped milestones and completion integrity; the ACABQ case."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lodestar.core.checks import run_checks
from lodestar.core.history import changes_for
from lodestar.portfolio import models as prj
from lodestar.portfolio.progress import (
    MilestoneFacts,
    completion_state,
    completion_supported,
    earned_percent,
    health,
    reported_percent,
    slipped,
)
from lodestar.reference import portfolio_loader
from lodestar.reference.loader import Loader

from .factories import create, project

STATUSES = st.sampled_from(["open", "submitted", "accepted", "returned"])
REPORTED = st.sampled_from(["", "completed", "in_progress", "on_hold"])
MILESTONES = st.lists(
    st.builds(MilestoneFacts, weight=st.integers(0, 20), status=STATUSES, reported=REPORTED), max_size=12
)
TODAY = datetime.date(2020, 6, 30)


def test_earned_percent_counts_only_accepted_weights() -> None:
    ms = [MilestoneFacts(3, "accepted"), MilestoneFacts(1, "submitted")]
    assert earned_percent(ms) == Decimal("75.00")
    assert earned_percent([]) == Decimal("0.00")


@given(MILESTONES)
def test_earned_percent_is_between_0_and_100(ms: list[MilestoneFacts]) -> None:
    value = earned_percent(ms)
    assert Decimal(0) <= value <= Decimal(100)
    all_accepted = all(m.status == "accepted" for m in ms)
    if sum(m.weight for m in ms) > 0:
        assert (value == 100) == all_accepted or any(m.weight == 0 for m in ms)


@given(MILESTONES)
def test_accepting_a_milestone_never_lowers_earned_progress(ms: list[MilestoneFacts]) -> None:
    before = earned_percent(ms)
    for i, m in enumerate(ms):
        after = earned_percent([*ms[:i], MilestoneFacts(m.weight, "accepted"), *ms[i + 1 :]])
        assert after >= before


@given(MILESTONES, st.sampled_from([True, False, None]))
def test_completion_without_waiver_needs_all_accepted_and_target_met(ms: list, met: bool | None) -> None:
    supported = completion_supported(ms, met, waived=False)
    assert supported == (all(m.status == "accepted" for m in ms) and met is True)
    assert completion_supported(ms, met, waived=True)


@given(
    st.decimals(0, 100, places=2),
    st.decimals(0, 100, places=2),
    st.decimals(0, 100, places=2),
    st.integers(0, 5),
    st.booleans(),
)
def test_health_is_green_only_when_declared_is_backed_and_red_only_when_contradicted(
    declared: Decimal, earned: Decimal, reported: Decimal, slips: int, contradicted: bool
) -> None:
    rag = health(declared, earned, slips, reported, contradicted=contradicted)
    known = max(earned, reported)
    assert (rag == "red") == contradicted  # never "off track" for want of evidence alone
    if not contradicted:
        assert (rag == "green") == (declared <= known and slips == 0)


@given(MILESTONES, st.sampled_from([True, False, None]))
def test_a_completion_claim_is_supported_contradicted_or_unverified(ms: list, met: bool | None) -> None:
    state = completion_state(ms, met, waived=False)
    unfinished = any(
        m.status != "accepted" and (m.reported in ("in_progress", "on_hold") or m.status == "returned")
        for m in ms
    )
    if met is False or unfinished:
        assert state == "contradicted"
    elif all(m.status == "accepted" for m in ms) and met is True:
        assert state == "supported"
    elif not any(m.status == "accepted" for m in ms):
        assert state == "unverified"  # nothing contradicts it; the evidence is missing
    assert completion_state(ms, met, waived=True) == "supported"


def test_reported_completed_milestones_are_known_not_earned_and_not_slipped() -> None:
    d = datetime.date
    done = MilestoneFacts(1, "open", current_due=d(2017, 12, 31), reported="completed")
    going = MilestoneFacts(1, "open", current_due=d(2017, 12, 31), reported="in_progress")
    assert earned_percent([done, going]) == 0 and reported_percent([done, going]) == 50
    assert not slipped(done, TODAY) and slipped(going, TODAY)
    assert completion_state([done, done], None, waived=False) == "unverified"  # EBIA, MPLS
    assert completion_state([done, going], None, waived=False) == "contradicted"
    assert completion_state([done], False, waived=False) == "contradicted"  # ACABQ's four
    accepted = MilestoneFacts(1, "accepted", current_due=d(2017, 12, 31))
    assert completion_state([accepted, MilestoneFacts(1, "open")], None, waived=False) == "contradicted"


def test_slipped_milestones() -> None:
    d = datetime.date
    assert slipped(MilestoneFacts(1, "open", current_due=d(2020, 9, 1), baseline_due=d(2020, 3, 1)), TODAY)
    assert slipped(MilestoneFacts(1, "open", current_due=d(2020, 1, 1)), TODAY)
    assert not slipped(MilestoneFacts(1, "accepted", current_due=d(2020, 1, 1)), TODAY)
    assert not slipped(MilestoneFacts(1, "open", current_due=d(2021, 1, 1)), TODAY)


def test_a_milestone_is_accepted_only_with_evidence(tree: dict) -> None:
    p = project(tree["a"], 1)
    with pytest.raises(ValidationError):
        create(prj.Milestone, project=p, name={"en": "Go-live"}, status="accepted")
    m = create(
        prj.Milestone,
        project=p,
        name={"en": "Go-live"},
        status="accepted",
        evidence_link="https://example.org/x",
    )
    assert changes_for(m).exists()


def test_an_unsupported_completion_is_kept_and_flagged_until_waived(tree: dict) -> None:
    p = project(tree["a"], 2, target_value=Decimal(10), actual_value=Decimal(5))
    create(prj.Milestone, project=p, name={"en": "Build"}, status="open")
    report = create(prj.StatusReport, project=p, period="2019", declared_percent=Decimal(100))
    codes = [f.code for f in run_checks(["PRJ-UNSUPPORTED-COMPLETION"]) if f.instance == report]
    assert codes == ["PRJ-UNSUPPORTED-COMPLETION"]
    report.refresh_from_db()
    assert report.declared_percent == 100


@pytest.fixture
def loaded(db: Any) -> dict[str, int]:
    return Loader().run()


def test_the_acabq_case_is_flagged(loaded: dict) -> None:
    flagged = {
        f.instance.project.code
        for f in run_checks(["PRJ-UNSUPPORTED-COMPLETION"])
        if isinstance(f.instance, prj.StatusReport)
    }
    assert {"ICT-UNITE-SD", "ICT-APP-CONSOL", "ICT-WEB-RATION", "ICT-ENOC"} <= flagged
    apps = prj.Project.objects.get(code="ICT-APP-CONSOL")
    assert (apps.target_value, apps.actual_value, apps.target_met()) == (1000, 1140, False)
    assert not portfolio_loader.missing_owners
