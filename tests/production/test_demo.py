"""``./lodestar demo`` runs the background worker inside the same command: a task queued while the
demo serves is run without anything else started, and stopping the demo stops its worker."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from .conftest import LODESTAR, ROOT, free_port, production_env, run_lodestar, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.own_sqlite]  # the demo's embedded database


def _shell(code: str, env: dict[str, str]) -> str:
    result = run_lodestar(["shell", "-c", code], env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def demo_var(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One var directory for both runs: the second starts the demo again on what the first set up
    (as a person does), which also spares the suite a second load of the reference data."""
    return tmp_path_factory.mktemp("demo")


@pytest.mark.parametrize("stop_with", [signal.SIGINT, signal.SIGTERM])
def test_the_demo_runs_queued_tasks_and_stops_its_worker_with_it(demo_var: Path, stop_with: int) -> None:
    # The demo's own set-up: SQLite in its var directory, development settings.
    env = {
        k: v
        for k, v in production_env(demo_var).items()
        if k not in ("LODESTAR_ENV", "LODESTAR_SSL_REDIRECT", "LODESTAR_ALLOWED_HOSTS")
    }
    port = free_port()
    process = subprocess.Popen(
        [*LODESTAR, "demo", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", process, timeout=400)
        task_id = _shell(
            "from lodestar.core.tasks import data_quality_checks as t; print(t.enqueue().id)", env
        )
        status, deadline = "", time.monotonic() + 120
        while status != "SUCCESSFUL" and time.monotonic() < deadline:
            status = _shell(
                f"from lodestar.core.tasks import result_status; print(result_status('{task_id}'))", env
            )
            time.sleep(1)
        assert status == "SUCCESSFUL"  # run by the demo's own worker: nothing else was started
        process.send_signal(stop_with)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, out
    assert "Background tasks run in this process" in out and "Background worker stopped." in out
