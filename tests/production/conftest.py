"""Helpers for tests that start real ``./lodestar`` processes (serve, worker, check)."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
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
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("LODESTAR_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
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
