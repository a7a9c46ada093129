"""Single sign-on end to end: a real OpenID Connect provider (node-oidc-provider, installed from
the npm registry by tests/oidc/package.json) on 127.0.0.1, Lodestar as its client with PKCE, and
Chromium signing in through both and landing on the home page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from lodestar.core import permissions as p
from lodestar.org.models import RoleAssignment

from ..conftest import grant, make_entity
from ..production.conftest import free_port

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "lodestar", "a-test-client-secret"


def install_provider() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed for the single sign-on tests (apt-get install npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=600)


@pytest.fixture
def provider(live_server: Any) -> Iterator[str]:
    install_provider()
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_REDIRECT_URI": f"{live_server.url}/oidc/callback/",
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
    }
    process = subprocess.Popen(
        [shutil.which("node") or "node", "provider.mjs"],
        cwd=PROVIDER_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    issuer = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2):  # noqa: S310
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the OIDC provider did not start: {process.stdout.read()}") from None
            time.sleep(0.2)
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def sso(provider: str, settings: Any) -> str:
    with urllib.request.urlopen(f"{provider}/.well-known/openid-configuration") as response:  # noqa: S310
        discovery = json.load(response)
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = discovery["authorization_endpoint"]
    settings.OIDC_OP_TOKEN_ENDPOINT = discovery["token_endpoint"]
    settings.OIDC_OP_USER_ENDPOINT = discovery["userinfo_endpoint"]
    settings.OIDC_OP_JWKS_ENDPOINT = discovery["jwks_uri"]
    settings.LODESTAR_SSO = True
    settings.LODESTAR_OIDC_NAME = "UN Identity"
    settings.LODESTAR_OIDC_ROLE_MAP = {"ict-analysts": [p.CENTRAL_ANALYST, "UN"]}
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
        "lodestar.org.sso.LodestarOIDCBackend",
    ]
    return provider


def sign_in_through_provider(page: Any, base: str, provider: str, account: str) -> None:
    page.goto(f"{base}/login/")
    page.click("#sso")
    page.wait_for_url(f"{provider}/**")
    page.fill("input[name=login]", account)
    page.fill("input[name=password]", "any")  # the development form accepts any password
    page.click("button[type=submit]")
    # The consent screen: authorise Lodestar.
    page.wait_for_selector("button[type=submit]")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_signing_in_through_the_provider_lands_on_the_home_page(
    live_server: Any, page: Any, sso: str
) -> None:
    root = make_entity("UN", kind="organisation")
    ada = get_user_model().objects.create_user("ada.l", email="Ada@un.org", password="ada-local-pw-long-1")
    grant(ada, p.CENTRAL_ANALYST, root)
    base = live_server.url

    # An existing login is matched by e-mail (any case) and keeps the roles granted in Lodestar.
    sign_in_through_provider(page, base, sso, "ada")
    assert page.url == f"{base}/"
    assert page.inner_text("nav").count("ada.l") == 1
    assert page.locator("nav .dropdown-toggle").count() > 0  # the analyst's menu
    assert page.title().endswith("Lodestar")
    with page.expect_navigation():
        page.click("nav form[action='/logout/'] button")

    # A new person gets a login, and the role their group maps to.
    page.context.clear_cookies()
    sign_in_through_provider(page, base, sso, "grace")
    grace = get_user_model().objects.get(email="grace@un.org")
    assert grace.username == "grace" and grace.first_name == "Grace" and not grace.has_usable_password()
    assert RoleAssignment.objects.filter(user=grace, role=p.CENTRAL_ANALYST, entity=root).exists()
    assert "grace" in page.inner_text("nav")
    assert get_user_model().objects.count() == 2
