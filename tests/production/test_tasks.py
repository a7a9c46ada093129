"""Background work: tasks queued in the database, run by a worker, stuck ones reaped, scheduled
ones enqueued once per period."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lodestar.core import tasks
from lodestar.core.checks import run_checks

from .conftest import LODESTAR, ROOT

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_queued_check_is_run_by_the_worker_and_its_result_kept(tree: dict) -> None:
    result = tasks.data_quality_checks.enqueue()
    assert tasks.result_status(result.id) == "READY"
    tasks.run_worker(batch=True, interval=0)
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "SUCCESSFUL", stored.traceback
    assert stored.return_value["findings"] == len(run_checks())
    assert set(stored.return_value) == {"findings", "errors", "by_code", "ran_at"}


def test_a_stuck_task_is_reaped_and_a_recent_one_is_not(settings: Any) -> None:
    stuck = tasks.data_quality_checks.enqueue()
    recent = tasks.data_quality_checks.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=stuck.id).update(
        status="RUNNING",
        started_at=now - settings.LODESTAR_TASK_TIMEOUT - timedelta(minutes=1),
        worker_ids=["gone-1"],
    )
    DBTaskResult.objects.filter(pk=recent.id).update(status="RUNNING", started_at=now, worker_ids=["alive-2"])
    assert tasks.reap_stuck() == 1
    reaped = DBTaskResult.objects.get(pk=stuck.id)
    assert reaped.status == "FAILED"
    assert reaped.exception_class_path == "lodestar.core.tasks.TaskStuck" and "gone-1" in reaped.traceback
    assert DBTaskResult.objects.get(pk=recent.id).status == "RUNNING"
    assert tasks.reap_stuck() == 0


def test_scheduled_checks_are_enqueued_once_per_period(settings: Any) -> None:
    # Every scheduled task once (the checks, and what apps add: the workspace's daily round).
    scheduled = len(tasks._schedule())
    first = tasks.enqueue_due()
    assert len(first) == scheduled >= 1
    assert tasks.enqueue_due() == []  # already queued within the period
    later = timezone.now() + max(every for _task, every in tasks._schedule()) + timedelta(minutes=1)
    assert len(tasks.enqueue_due(now=later)) == scheduled


def test_a_failing_task_is_recorded_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    result = tasks.data_quality_checks.enqueue()

    def broken(codes: Any = None) -> list:
        raise RuntimeError("rule crashed")

    monkeypatch.setattr("lodestar.core.checks.run_checks", broken)
    tasks.run_worker(batch=True, interval=0)
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == "FAILED" and "rule crashed" in stored.traceback


def test_the_worker_command_runs_queued_tasks(tree: dict, tmp_path: Any) -> None:
    import os

    result = tasks.data_quality_checks.enqueue()
    from django.db import connection

    env = dict(os.environ)
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{settings_dict['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
        )
    name = str(settings_dict["NAME"])
    if connection.vendor == "sqlite" and (":memory:" in name or "mode=memory" in name):
        pytest.skip("the test database is in memory: another process cannot open it")
    done = subprocess.run(
        [*LODESTAR, "worker", "--batch", "--interval", "0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"


def test_only_the_cio_office_starts_checks_from_the_web(tree: dict, client_for: Any) -> None:
    import uuid

    assert client_for("reader").post("/tasks/checks/").status_code == 403
    assert client_for("focal_a").post("/tasks/checks/").status_code == 403
    analyst = client_for("analyst")
    started = analyst.post("/tasks/checks/")
    assert started.status_code == 202
    task_id = started.json()["id"]
    assert analyst.get(f"/tasks/{task_id}/").json()["status"] == "READY"
    assert client_for("reader").get(f"/tasks/{task_id}/").status_code == 403
    assert analyst.get(f"/tasks/{uuid.uuid4()}/").status_code == 404
    tasks.run_worker(batch=True, interval=0)
    done = analyst.get(f"/tasks/{task_id}/").json()
    assert done["status"] == "SUCCESSFUL" and done["result"]["findings"] == len(run_checks())
