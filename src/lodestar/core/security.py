"""Production safety: refuse unsafe settings at start-up, and the security headers that Django's
SecurityMiddleware does not send.

Imported by settings.py, so nothing here may import Django models at module level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Features no Lodestar page uses; denying them limits what injected content could do.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
MIN_SECRET_KEY_LENGTH = 50


class UnsafeSettings(RuntimeError):
    """Raised at start-up in production when a setting would make the deployment unsafe."""


def unsafe_settings(config: dict[str, Any]) -> list[str]:
    """What is unsafe about these settings for production (empty when nothing is)."""
    problems: list[str] = []
    if config.get("DEBUG"):
        problems.append("LODESTAR_DEBUG is on: debug pages show settings and code to anyone.")
    key = str(config.get("SECRET_KEY", ""))
    if not config.get("SECRET_KEY_FROM_ENVIRONMENT"):
        problems.append(
            "LODESTAR_SECRET_KEY is not set: every server needs the same secret, kept outside the code."
        )
    elif len(key) < MIN_SECRET_KEY_LENGTH or len(set(key)) < 5 or key.startswith("django-insecure"):
        problems.append(
            f"LODESTAR_SECRET_KEY is weak: use at least {MIN_SECRET_KEY_LENGTH} random characters."
        )
    if not config.get("ALLOWED_HOSTS") or "*" in config.get("ALLOWED_HOSTS", []):
        problems.append("LODESTAR_ALLOWED_HOSTS must name the host names the site answers to.")
    if not config.get("SESSION_COOKIE_SECURE") or not config.get("CSRF_COOKIE_SECURE"):
        problems.append("LODESTAR_HTTPS is off: session and CSRF cookies would travel in clear text.")
    return problems


def refuse_unsafe_settings(config: dict[str, Any]) -> None:
    problems = unsafe_settings(config)
    if problems:
        raise UnsafeSettings(
            "Lodestar refuses to start with LODESTAR_ENV=production:\n  - " + "\n  - ".join(problems)
        )


class SecurityHeadersMiddleware:
    """Permissions-Policy and Cross-Origin-Resource-Policy on every response (Django sends
    HSTS, nosniff, Referrer-Policy and COOP; django-csp sends the Content-Security-Policy)."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
