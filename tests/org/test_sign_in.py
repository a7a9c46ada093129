"""Sign-in hardening: lockout after failed logins, password rules and changes, token expiry and
revocation, and administrators who manage only the logins within their scope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lodestar.core import permissions as p
from lodestar.org.models import Login, RoleAssignment

from ..conftest import grant

pytestmark = pytest.mark.django_db
LOGIN = "/login/"


def attempt(client: Client, username: str, password: str) -> Any:
    return client.post(LOGIN, {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def end_lockout() -> None:
    """Move the failures back past the cool-off period (as if 31 minutes had passed)."""
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))


def test_twenty_failed_logins_lock_the_account_until_the_lockout_ends(users: dict) -> None:
    client = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(19):
        assert attempt(client, "reader", "wrong").status_code == 200  # the form again, with an error
    assert not signed_in(client)
    locked = attempt(client, "reader", "wrong")  # the 20th failure locks
    assert locked.status_code == 429
    # The right password is refused now, from this address and from any other.
    right = attempt(client, "reader", "pw-reader")
    assert right.status_code == 429 and "Sign-in locked" in right.content.decode()
    assert not signed_in(client)
    elsewhere = Client(REMOTE_ADDR="10.9.9.9")
    assert attempt(elsewhere, "reader", "pw-reader").status_code == 429
    assert not signed_in(elsewhere)
    # The API's token endpoint is locked too.
    api = APIClient(REMOTE_ADDR="10.9.9.8")
    refused = api.post("/api/token/", {"username": "reader", "password": "pw-reader"})
    assert refused.status_code in (400, 403, 429) and "token" not in refused.json()

    end_lockout()
    assert attempt(client, "reader", "pw-reader").status_code == 302
    assert signed_in(client)


def test_twenty_failures_from_one_address_lock_the_address(users: dict) -> None:
    client = Client(REMOTE_ADDR="10.0.0.2")
    for n in range(20):
        attempt(client, f"guess{n}", "wrong")
    # Another account from the same address is refused, but not from another address.
    assert attempt(client, "analyst", "pw-analyst").status_code == 429
    assert attempt(Client(REMOTE_ADDR="10.0.0.3"), "analyst", "pw-analyst").status_code == 302


def test_a_success_before_the_limit_resets_the_count(users: dict) -> None:
    client = Client(REMOTE_ADDR="10.0.0.4")
    for _ in range(15):
        attempt(client, "reader", "wrong")
    assert attempt(client, "reader", "pw-reader").status_code == 302
    other = Client(REMOTE_ADDR="10.0.0.4")
    for _ in range(15):
        attempt(other, "reader", "wrong")
    assert attempt(other, "reader", "pw-reader").status_code == 302


def test_change_password_page_validates_and_revokes_tokens(users: dict) -> None:
    users["reader"].first_name = "Bartholomew"
    users["reader"].save()
    client = Client()
    assert attempt(client, "reader", "pw-reader").status_code == 302
    token = APIClient()
    response = token.post("/api/token/", {"username": "reader", "password": "pw-reader"})
    key = response.json()["token"]
    token.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert token.get("/api/org/entity/").status_code == 200

    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    # Django's validators: too short, too common, all digits, too close to the user name.
    for weak in ("short", "password123", "12345678901234", "Bartholomew-1"):
        refused = client.post(
            reverse("password_change"),
            {"old_password": "pw-reader", "new_password1": weak, "new_password2": weak},
        )
        assert refused.status_code == 200 and refused.context["form"].errors, weak
    wrong_old = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "a-Long-new-secret-41",
            "new_password2": "a-Long-new-secret-41",
        },
    )
    assert wrong_old.status_code == 200 and "old_password" in wrong_old.context["form"].errors

    changed = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-reader",
            "new_password1": "a-Long-new-secret-41",
            "new_password2": "a-Long-new-secret-41",
        },
    )
    assert changed.status_code == 302 and changed["Location"] == reverse("password_change_done")
    assert signed_in(client)  # this session stays signed in
    # The token obtained with the old password stops working.
    stale = token.get("/api/org/entity/")
    assert stale.status_code in (401, 403) and "token" in stale.json()["detail"].lower()
    assert not Token.objects.filter(key=key).exists()
    fresh = Client()
    assert attempt(fresh, "reader", "pw-reader").status_code == 200
    assert attempt(fresh, "reader", "a-Long-new-secret-41").status_code == 302


def test_a_token_stops_working_after_an_administrator_resets_the_password(
    users: dict, client_for: Any
) -> None:
    token = Token.objects.create(user=users["reader"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/org/entity/").status_code == 200
    response = client_for("admin").post(reverse("org:login_password", args=[users["reader"].pk]))
    assert response.status_code == 200
    stale = api.get("/api/org/entity/")
    assert stale.status_code in (401, 403) and "token" in stale.json()["detail"].lower()


def test_tokens_expire(users: dict, settings: Any) -> None:
    token = Token.objects.create(user=users["reader"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/org/entity/").status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - settings.LODESTAR_API_TOKEN_TTL - timedelta(1)
    )
    response = api.get("/api/org/entity/")
    assert response.status_code in (401, 403) and "expired" in response.json()["detail"]


def test_sessions_expire_after_a_working_day(users: dict, settings: Any) -> None:
    client = Client()
    attempt(client, "reader", "pw-reader")
    age = client.session.get_expiry_age()
    assert age == settings.SESSION_COOKIE_AGE <= 8 * 3600
    from django.contrib.sessions.models import Session

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    assert not signed_in(client)


def test_administrator_cannot_touch_a_superuser(users: dict, client_for: Any) -> None:
    root = get_user_model().objects.create_superuser("root", password="root-pw-long-1")
    admin = client_for("admin")  # Administrator at the root of the tree, not a superuser
    before = root.password
    assert admin.post(reverse("org:login_password", args=[root.pk])).status_code in (403, 404)
    assert admin.get(reverse("org:login_edit", args=[root.pk])).status_code in (403, 404)
    api = APIClient()
    api.force_authenticate(users["admin"])
    assert api.patch(f"/api/org/login/{root.pk}/", {"email": "x@un.org"}, format="json").status_code in (
        403,
        404,
    )
    root.refresh_from_db()
    assert root.password == before and root.email == ""
    assert admin.post(reverse("org:login_delete", args=[root.pk])).status_code in (403, 404)
    assert Login.objects.filter(pk=root.pk).exists()
    # Nor give a superuser roles.
    response = api.post(
        "/api/org/roleassignment/",
        {"user": root.pk, "role": p.READER, "entity": users["reader"].role_assignments.first().entity_id},
        format="json",
    )
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=root).exists()


def test_administrator_cannot_make_a_superuser(users: dict) -> None:
    api = APIClient()
    api.force_authenticate(users["admin"])
    target = users["reader"]
    response = api.patch(
        f"/api/org/login/{target.pk}/",
        {"is_superuser": True, "is_staff": True, "email": "r@un.org"},
        format="json",
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.email == "r@un.org" and not target.is_superuser and not target.is_staff
    created = api.post("/api/org/login/", {"username": "sneaky", "is_superuser": True}, format="json")
    assert created.status_code == 201
    assert not Login.objects.get(username="sneaky").is_superuser


def test_an_entity_administrator_sees_and_manages_only_logins_in_scope(tree: dict, users: dict) -> None:
    User = get_user_model()
    admin_a = User.objects.create_user("admin_a", password="pw-admin-a")
    grant(admin_a, p.ADMINISTRATOR, tree["a"])
    in_child = User.objects.create_user("stat_reader", password="pw")
    grant(in_child, p.READER, tree["a_child"])
    both = User.objects.create_user("both", password="pw")
    grant(both, p.READER, tree["a"])
    grant(both, p.READER, tree["b"])
    client = Client()
    client.force_login(admin_a)

    listed = set(p.restrict(admin_a, p.VIEW, Login).values_list("username", flat=True))
    assert listed == {"admin_a", "focal_a", "stat_reader", "both", "nobody"}
    page = client.get(reverse("org:login_list")).content.decode()
    assert "focal_a" in page and "focal_b" not in page and "analyst" not in page
    assert client.get(reverse("org:login_detail", args=[users["focal_b"].pk])).status_code == 404
    api_names = {row["username"] for row in client.get("/api/org/login/?page_size=100").json()["results"]}
    assert api_names == listed
    # Manages only logins all of whose roles are within DESA: resetting "both" would hand over DM.
    assert client.post(reverse("org:login_password", args=[in_child.pk])).status_code == 200
    assert client.post(reverse("org:login_password", args=[both.pk])).status_code in (403, 404)
    assert client.post(reverse("org:login_password", args=[users["focal_b"].pk])).status_code == 404
    # Grants roles within DESA only, and never above their own.
    ok = client.post(
        reverse("org:roleassignment_add"),
        {"user": users["nobody"].pk, "role": p.READER, "entity": tree["a"].pk},
    )
    assert ok.status_code == 302
    assert RoleAssignment.objects.filter(user=users["nobody"], entity=tree["a"]).exists()
    outside = client.post(
        reverse("org:roleassignment_add"),
        {"user": users["nobody"].pk, "role": p.ADMINISTRATOR, "entity": tree["root"].pk},
    )
    assert outside.status_code in (400, 403)
    assert not RoleAssignment.objects.filter(user=users["nobody"], entity=tree["root"]).exists()


def test_nobody_grants_a_role_above_their_own(tree: dict, users: dict) -> None:
    from django.core.exceptions import PermissionDenied

    from lodestar.org.services import check_grant, highest_rank_over

    focal = users["focal_a"]
    assert highest_rank_over(focal, tree["a_child"]) < highest_rank_over(users["admin"], tree["a_child"])
    # Whatever a policy allows, a focal point may not hand out a role above their own…
    with pytest.raises(PermissionDenied, match="above your own"):
        check_grant(focal, RoleAssignment(user=users["nobody"], role=p.ADMINISTRATOR, entity=tree["a"]))
    # …nor any role where they hold none.
    with pytest.raises(PermissionDenied, match="above your own"):
        check_grant(focal, RoleAssignment(user=users["nobody"], role=p.READER, entity=tree["b"]))
    check_grant(focal, RoleAssignment(user=users["nobody"], role=p.FOCAL_POINT, entity=tree["a_child"]))


def test_local_passwords_can_be_switched_off_for_single_sign_on(users: dict, settings: Any) -> None:
    from django.contrib.auth import authenticate
    from django.test import RequestFactory

    settings.LODESTAR_SSO = True
    settings.LODESTAR_OIDC_NAME = "UN Identity"
    settings.LODESTAR_LOCAL_PASSWORDS = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "lodestar.org.sso.LodestarOIDCBackend",
    ]
    page = Client().get(LOGIN).content.decode()
    assert "Sign in with UN Identity" in page and 'name="password"' not in page
    client = Client()
    assert attempt(client, "reader", "pw-reader").status_code == 403
    assert not signed_in(client)
    assert authenticate(RequestFactory().post(LOGIN), username="reader", password="pw-reader") is None


def test_with_both_the_page_offers_the_provider_and_the_password(users: dict, settings: Any) -> None:
    settings.LODESTAR_SSO = True
    page = Client().get(LOGIN).content.decode()
    assert 'id="sso"' in page and 'name="password"' in page
