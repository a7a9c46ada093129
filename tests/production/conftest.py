"""Helpers for tests that start real ``./lodestar`` processes (serve, worker, check)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
LODESTAR = [sys.executable, "-m", "lodestar.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """The documented production variables, over a plain-HTTP test server."""
    # Not the test run's own switches (the browser tests allow async-unsafe ORM calls).
    # Nor the run's DATABASE_URL: that database is pytest-django's to create (as test_<name>), and
    # may not exist; a test that needs PostgreSQL passes its own scratch database.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LODESTAR_") and k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")
    }
    env.update(
        LODESTAR_ENV="production",
        LODESTAR_VAR_DIR=str(var_dir),
        LODESTAR_SECRET_KEY=secrets.token_urlsafe(60),
        LODESTAR_ALLOWED_HOSTS="127.0.0.1,localhost",
        LODESTAR_SSL_REDIRECT="0",  # the tests talk plain HTTP to gunicorn; a proxy would redirect
        DJANGO_SETTINGS_MODULE="lodestar.settings",
    )
    env.update(extra)
    return env


def run_lodestar(args: list[str], env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*LODESTAR, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def wait_for(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stdout.read() if process.stdout else ''}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local test URL)
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def stop(process: subprocess.Popen) -> Any:
    process.terminate()
    try:
        return process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.communicate()


@contextmanager
def scratch_postgres(*purposes: str) -> Iterator[list[str]]:
    """New, empty PostgreSQL databases beside the test run's, one per purpose, dropped afterwards.

    The run's own database (DATABASE_URL) need not exist: pytest-django creates ``test_<name>``
    instead, so the administration connection goes to the server's ``postgres`` database. The names
    carry the xdist worker, so two workers never share one."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    base, name = url.rsplit("/", 1)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    names = [f"{name}_{purpose}_{worker}" for purpose in purposes]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        for each in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{each}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{each}"')
    try:
        yield [f"{base}/{each}" for each in names]
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
            for each in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{each}" WITH (FORCE)')


def uses_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")
