"""Two ./lodestar serve processes and one ./lodestar worker against one PostgreSQL: a session,
a lockout and a background task cross between them (nothing lives in one server's memory)."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

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

USERS = r"""
from lodestar.core import permissions as p
from lodestar.org.models import Login
from tests.conftest import grant, make_entity
un = make_entity("UN", kind="organisation")
grant(Login.objects.create_user("analyst", password="analyst-pw-long-1"), p.CENTRAL_ANALYST, un)
grant(Login.objects.create_user("target", password="target-pw-long-1"), p.READER, un)
"""


@pytest.fixture
def database_url() -> Iterator[str]:
    if not uses_postgres():
        pytest.skip("DATABASE_URL is not PostgreSQL")
    with scratch_postgres("scale") as (url,):
        yield url


class Browser:
    """A cookie-keeping client behind a TLS-terminating proxy: it says X-Forwarded-Proto: https
    (LODESTAR_PROXY_SSL_HEADER) and sends the secure cookies that plain HTTP would not carry."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        origin = url.split("/", 3)[:3]
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": "https://" + origin[2] + "/",
            **kwargs.pop("headers", {}),
        }
        response = requests.request(
            method, url, headers=headers, cookies=self.cookies, allow_redirects=False, timeout=30, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, url: str) -> requests.Response:
        return self.request("GET", url)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, headers={"X-CSRFToken": self.cookies.get("csrftoken", "")}, **kwargs)


def sign_in(browser: Browser, base: str, username: str, password: str) -> requests.Response:
    page = browser.get(f"{base}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(
        f"{base}/login/", data={"username": username, "password": password, "csrfmiddlewaretoken": token}
    )


def test_session_lockout_and_task_cross_between_two_servers_and_a_worker(
    database_url: str, tmp_path: Path
) -> None:
    env = production_env(
        tmp_path,
        DATABASE_URL=database_url,
        LODESTAR_WORKERS="1",
        LODESTAR_THREADS="2",
        LODESTAR_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    for args in (["migrate", "-v0"], ["shell", "-c", USERS]):
        done = run_lodestar(args, env)
        assert done.returncode == 0, done.stderr
    ports = [free_port(), free_port()]
    processes: list[subprocess.Popen[Any]] = []
    try:
        for n, port in enumerate(ports):
            # Each server its own local folder: nothing may be shared through it.
            server_env = {
                **env,
                "LODESTAR_BIND": f"127.0.0.1:{port}",
                "LODESTAR_VAR_DIR": str(tmp_path / f"s{n}"),
            }
            processes.append(
                subprocess.Popen(
                    [*LODESTAR, "serve"],
                    env=server_env,
                    cwd=ROOT,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
            )
        worker_env = {**env, "LODESTAR_VAR_DIR": str(tmp_path / "w")}
        processes.append(
            subprocess.Popen(
                [*LODESTAR, "worker", "--interval", "0.5"],
                env=worker_env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        for base, process in zip((a, b), processes, strict=False):
            wait_for(f"{base}/healthz", process, timeout=120)

        # A session opened on A is valid on B.
        browser = Browser()
        assert sign_in(browser, a, "analyst", "analyst-pw-long-1").status_code == 302
        home_on_b = browser.get(f"{b}/")
        assert home_on_b.status_code == 200 and "analyst" in home_on_b.text

        # A lockout earned on A holds on B, with the right password.
        for _ in range(20):
            assert sign_in(Browser(), a, "target", "wrong").status_code in (200, 429)
        refused = sign_in(Browser(), b, "target", "target-pw-long-1")
        assert refused.status_code == 429

        # A task queued through A is run by the worker and its result read through B.
        started = browser.post(f"{a}/tasks/checks/")
        assert started.status_code == 202, started.text
        task_id = started.json()["id"]
        deadline = time.monotonic() + 60
        status: dict[str, Any] = {}
        while time.monotonic() < deadline:
            status = browser.get(f"{b}/tasks/{task_id}/").json()
            if status["status"] in ("SUCCESSFUL", "FAILED"):
                break
            time.sleep(0.5)
        assert status["status"] == "SUCCESSFUL", status
        assert status["worker_ids"] and "findings" in status["result"]
    finally:
        outputs = [stop(process)[0] for process in processes]
    assert all("Traceback" not in (output or "") for output in outputs), outputs
