"""One demo login per role, with passwords generated once and kept under var/ (so that running
the demo twice changes nothing). The administrator's password comes from LODESTAR_ADMIN_PASSWORD
when that is set.
"""

from __future__ import annotations

import json
import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from lodestar.core import permissions as p
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Entity, RoleAssignment

# username, role, entity code where the role is granted
DEMO_USERS = [
    ("admin", p.ADMINISTRATOR, "UN"),
    ("analyst", p.CENTRAL_ANALYST, "UN"),
    ("focal", p.FOCAL_POINT, "DESA"),
    ("manager", p.PROJECT_MANAGER, "OICT"),
    ("reviewer", p.OVERSIGHT_REVIEWER, "UN"),
    ("reader", p.READER, "UN"),
    ("org2admin", p.ADMINISTRATOR, "ORG2"),
]

# A second, empty organisation beside the UN, to show that several organisations share one instance
# and see nothing of each other: its administrator starts from empty vocabularies and fills them
# through the interface, the API or imports (nothing in code is specific to it).
SECOND_ORGANISATION = {
    "code": "ORG2",
    "acronym": "ORG2",
    "kind": "organisation",
    "name": {"en": "Second organisation (demo, empty)", "fr": "Deuxième organisation (démonstration, vide)"},
}


def ensure_second_organisation() -> Entity:
    existing = Entity.objects.filter(code=SECOND_ORGANISATION["code"]).first()
    if existing is not None:
        return existing
    return registry[Entity].service.create(
        data=dict(SECOND_ORGANISATION), user=None, source=ObjectChange.Source.SYSTEM, check=False
    )


def _passwords() -> dict[str, str]:
    path = settings.VAR_DIR / "demo_passwords.json"
    stored = json.loads(path.read_text()) if path.exists() else {}
    changed = False
    for username, _role, _entity in DEMO_USERS:
        if username not in stored:
            stored[username] = secrets.token_urlsafe(9)
            changed = True
    if changed:
        path.write_text(json.dumps(stored, indent=2))
        path.chmod(0o600)
    if os.environ.get("LODESTAR_ADMIN_PASSWORD"):
        stored["admin"] = os.environ["LODESTAR_ADMIN_PASSWORD"]
    return stored


@transaction.atomic
def ensure_demo_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    passwords = _passwords()
    ensure_second_organisation()
    result = []
    for username, role, entity_code in DEMO_USERS:
        entity = Entity.objects.filter(code=entity_code).first() or Entity.objects.filter(parent=None).first()
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, is_superuser=username == "admin", is_staff=username == "admin")
            user.set_password(passwords[username])
            user.save()
        elif not user.check_password(passwords[username]):
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
        if (
            entity is not None
            and not RoleAssignment.objects.filter(user=user, role=role, entity=entity).exists()
        ):
            registry[RoleAssignment].service.create(
                data={"user": user, "role": role, "entity": entity},
                user=None,
                source=ObjectChange.Source.SYSTEM,
                check=False,
            )
        label = dict(p.ROLE_CHOICES)[role]
        result.append(
            (username, passwords[username], f"{label} @ {entity.acronym or entity.code if entity else '—'}")
        )
    return result
