"""Background work: the plumbing every feature uses, on Django's task API (the django-tasks
backport of DEP 14) with its database backend.

- ``task`` declares a task (``@task`` on a module-level function; arguments and result are JSON);
  ``task_fn.enqueue(...)`` queues it and returns a result whose ``id`` can be looked up later.
- ``run_worker`` runs queued tasks (``./lodestar worker``, or a thread inside ``./lodestar demo``);
  alongside it ``housekeeping`` reaps stuck tasks and enqueues the scheduled ones.
- A task still "running" after ``LODESTAR_TASK_TIMEOUT`` (its worker was killed, its machine
  lost) is reaped: marked failed with ``TaskStuck``, so that nobody waits on it for ever.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone
from django_tasks import task
from django_tasks.base import TaskResultStatus

logger = logging.getLogger(__name__)

__all__ = [
    "BackgroundWorker",
    "TaskStuck",
    "data_quality_checks",
    "housekeeping",
    "reap_stuck",
    "run_worker",
    "task",
]


class TaskStuck(Exception):
    """The task ran longer than LODESTAR_TASK_TIMEOUT: its worker is presumed dead."""


def reap_stuck(now: datetime | None = None) -> int:
    """Mark tasks running for longer than the timeout as failed; returns how many."""
    from django_tasks_db.models import DBTaskResult

    deadline = (now or timezone.now()) - settings.LODESTAR_TASK_TIMEOUT
    reaped = 0
    for result in DBTaskResult.objects.running().filter(started_at__lt=deadline):
        result.set_failed(
            TaskStuck(
                f"running since {result.started_at:%Y-%m-%d %H:%M:%S} UTC on worker "
                f"{', '.join(result.worker_ids) or '?'}; reaped after {settings.LODESTAR_TASK_TIMEOUT}"
            )
        )
        logger.warning("reaped stuck task %s (%s)", result.id, result.task_path)
        reaped += 1
    return reaped


# Scheduled tasks: (task, how often). The worker enqueues one when none ran or waits within
# the period, so several workers do not multiply them. Apps add their own to ``scheduled`` at
# start-up (the workspace's deadline reminders and daily digests).
scheduled: list[tuple[Any, Any]] = []


def _schedule() -> list[tuple[Any, Any]]:
    return [(data_quality_checks, settings.LODESTAR_CHECKS_EVERY), *scheduled]


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueue the scheduled tasks that are due; returns their result ids."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    queued = []
    for scheduled, every in _schedule():
        recent = DBTaskResult.objects.filter(task_path=scheduled.module_path, enqueued_at__gte=now - every)
        if not recent.exists():
            queued.append(scheduled.enqueue().id)
    return queued


def housekeeping() -> None:
    reap_stuck()
    enqueue_due()


def _every(seconds: float, job: Callable[[], None], stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            job()
        except Exception:  # a failed round must not stop the next one
            logger.exception("background housekeeping failed")
        finally:
            close_old_connections()
        stop.wait(seconds)


class BackgroundWorker:
    """A worker running in a thread of this process (the demo's, a test's): ``stop`` lets the task
    in hand finish (up to ``timeout`` seconds), then ends the thread and its housekeeping."""

    def __init__(self, worker: Any, thread: threading.Thread, housekeeping_stop: threading.Event):
        self.worker, self.thread, self._housekeeping_stop = worker, thread, housekeeping_stop

    def stop(self, timeout: float = 10.0) -> bool:
        """True when the worker ended within ``timeout``; a task still running then is left to the
        reaper (the thread is a daemon: it does not keep the process alive)."""
        self.worker.running = False
        self._housekeeping_stop.set()
        self.thread.join(timeout)
        return not self.thread.is_alive()


def run_worker(
    *,
    batch: bool = False,
    interval: float = 1.0,
    in_thread: bool = False,
    housekeeping_every: float = 60.0,
    stop: threading.Event | None = None,
) -> BackgroundWorker | None:
    """Run queued tasks until stopped (or, with ``batch``, until the queue is empty).

    ``in_thread`` starts the worker in a daemon thread and returns its handle (the demo does this
    so that nothing else has to be started, and stops it when the server stops); otherwise the call
    blocks and handles SIGTERM/SIGINT.
    """
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
        excluded_queue_names=[],
    )
    stop = stop or threading.Event()
    if not batch:
        threading.Thread(
            target=_every, args=(housekeeping_every, housekeeping, stop), daemon=True, name="housekeeping"
        ).start()
    else:
        reap_stuck()
    if in_thread:
        thread = threading.Thread(target=_run_in_thread, args=(worker,), daemon=True, name="lodestar-worker")
        thread.start()
        return BackgroundWorker(worker, thread, stop)
    worker.configure_signals()
    try:
        worker.run()
    finally:
        stop.set()
    return None


def _run_in_thread(worker: Any) -> None:
    try:
        worker.run()
    finally:
        connections.close_all()  # this thread's own database connections


def result_status(result_id: str) -> str:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.get(pk=result_id).status


# Real jobs --------------------------------------------------------------------------------------


@task()
def data_quality_checks() -> dict[str, Any]:
    """The data-quality and integrity rules (``./lodestar check``), run on a schedule; the result
    (counts by rule and severity) stays with the task record for operators and dashboards."""
    from lodestar.core.checks import run_checks

    findings = run_checks()
    by_code: dict[str, int] = {}
    for finding in findings:
        by_code[finding.code] = by_code.get(finding.code, 0) + 1
    return {
        "findings": len(findings),
        "errors": sum(1 for f in findings if f.severity == "error"),
        "by_code": by_code,
        "ran_at": timezone.now().isoformat(),
    }


__all__ += ["TaskResultStatus", "enqueue_due", "result_status"]
