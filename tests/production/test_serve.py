"""``./lodestar serve`` and production settings, tried as an operator would: real processes."""

from __future__ import annotations

import json
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import (
    LODESTAR,
    ROOT,
    free_port,
    production_env,
    run_lodestar,
    scratch_postgres,
    stop,
    uses_postgres,
    wait_for,
)

pytestmark = pytest.mark.slow


@pytest.mark.own_sqlite  # production_env names no database: the settings are what is checked
def test_deploy_check_is_clean_with_the_documented_variables(tmp_path: Path) -> None:
    result = run_lodestar(["check", "--deploy"], production_env(tmp_path, LODESTAR_SSL_REDIRECT="1"))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


@pytest.mark.own_sqlite
@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"LODESTAR_DEBUG": "1"}, "LODESTAR_DEBUG is on"),
        ({"LODESTAR_SECRET_KEY": ""}, "LODESTAR_SECRET_KEY is not set"),
        ({"LODESTAR_SECRET_KEY": "short"}, "LODESTAR_SECRET_KEY is weak"),
        ({"LODESTAR_HTTPS": "0"}, "LODESTAR_HTTPS is off"),
        ({"LODESTAR_ALLOWED_HOSTS": "*"}, "LODESTAR_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_with_an_unsafe_setting(
    tmp_path: Path, change: dict[str, str], complaint: str
) -> None:
    env = production_env(tmp_path, **change)
    result = run_lodestar(["check", "--deploy"], env)
    assert result.returncode != 0
    assert "refuses to start" in result.stderr and complaint in result.stderr, result.stderr


@pytest.fixture
def serve_database(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The database the served instance uses: a scratch PostgreSQL database when the run is on
    PostgreSQL, else the SQLite file in its var directory."""
    if not uses_postgres():
        yield {}
        return
    with scratch_postgres("serve") as (url,):
        yield {"DATABASE_URL": url}


def test_serve_answers_healthz_and_pages_with_security_headers_and_compressed_static(
    tmp_path: Path, serve_database: dict[str, str]
) -> None:
    port = free_port()
    env = production_env(
        tmp_path,
        LODESTAR_BIND=f"127.0.0.1:{port}",
        LODESTAR_WORKERS="2",
        LODESTAR_THREADS="2",
        **serve_database,
    )
    process = subprocess.Popen(
        [*LODESTAR, "serve", "--migrate"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz", process, timeout=120)
        with urllib.request.urlopen(f"{base}/healthz") as response:  # noqa: S310
            assert json.load(response) == {"status": "ok", "database": "ok"}
            assert "gunicorn" in response.headers["Server"]
        with urllib.request.urlopen(f"{base}/login/") as response:  # noqa: S310
            headers = response.headers
            page = response.read().decode()
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "camera=()" in headers["Permissions-Policy"]
        # Static files: hashed names (collected at start), gzip, a year's cache lifetime.
        css = next(part.split('"')[0] for part in page.split('href="')[1:] if "lodestar/lodestar." in part)
        assert css.count(".") >= 2, css  # lodestar.<hash>.css
        request = urllib.request.Request(f"{base}{css}", headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request) as response:  # noqa: S310
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
            assert (
                int(response.headers["Cache-Control"].split("max-age=")[1].split(",")[0]) >= 365 * 24 * 3600
            )
    finally:
        output, _ = stop(process)
    # One JSON object per request in the log.
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    logged = {(line["path"], line["status"]) for line in lines if line.get("logger") == "lodestar.request"}
    assert ("/healthz", 200) in logged and ("/login/", 200) in logged, output[-2000:]
