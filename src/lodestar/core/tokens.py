"""API tokens that expire (LODESTAR_API_TOKEN_DAYS). Tokens are also deleted when their owner's
password changes (org.services.set_password), so a leaked token dies with the old password."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_expired(token: Any) -> bool:
    return token.created + settings.LODESTAR_API_TOKEN_TTL < timezone.now()


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token expired: ask for a new one."))
        return user, token


def revoke_tokens(user: Any) -> int:
    """Delete every API token of ``user``; returns how many there were."""
    from rest_framework.authtoken.models import Token

    deleted, _detail = Token.objects.filter(user_id=user.pk).delete()
    return deleted
