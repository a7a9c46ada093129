"""Single sign-on through OpenID Connect (authorisation code with PKCE; mozilla-django-oidc).

People are matched to their Lodestar login by e-mail (verified by the provider), or a login is
created for them, without a usable password. Roles stay granted in Lodestar; optionally a group
claim grants roles too (LODESTAR_OIDC_ROLE_MAP: {"group": ["role", "ENTITY CODE"], …}) — grants
are only added, never removed, so a role granted here is not lost at the next sign-in.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry

from .models import Entity, Login, RoleAssignment

SSO = ObjectChange.Source.SYSTEM


def _username(claims: dict[str, Any]) -> str:
    wanted = claims.get("preferred_username") or claims["email"].split("@")[0]
    base = re.sub(r"[^\w.@+-]", "", wanted)[:140] or "user"
    User = get_user_model()
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


class LodestarOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email")) and claims.get("email_verified", True) is not False

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return get_user_model().objects.filter(email__iexact=claims["email"], is_active=True)

    def create_user(self, claims: dict[str, Any]) -> Any:
        login = registry[Login].service.create(
            data={
                "username": _username(claims),
                "email": claims["email"].lower(),
                "first_name": (claims.get("given_name") or "")[:150],
                "last_name": (claims.get("family_name") or "")[:150],
                "is_active": True,
            },
            user=None,
            source=SSO,
            check=False,
        )
        self.grant_from_groups(login, claims)
        return get_user_model().objects.get(pk=login.pk)

    def update_user(self, user: Any, claims: dict[str, Any]) -> Any:
        self.grant_from_groups(user, claims)
        return user

    def grant_from_groups(self, user: Any, claims: dict[str, Any]) -> None:
        mapping: dict[str, list[str]] = settings.LODESTAR_OIDC_ROLE_MAP
        service = registry[RoleAssignment].service
        for group in claims.get(settings.LODESTAR_OIDC_GROUPS_CLAIM) or []:
            if group not in mapping:
                continue
            role, entity_code = mapping[group]
            entity = Entity.objects.filter(code=entity_code).first()
            if entity is None or role not in p.ALL_ROLES:
                continue
            if not RoleAssignment.objects.filter(user_id=user.pk, role=role, entity=entity).exists():
                service.create(
                    data={"user": user, "role": role, "entity": entity}, user=None, source=SSO, check=False
                )
        p.forget_grants(user)
