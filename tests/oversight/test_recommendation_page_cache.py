"""The recommendation page's shared part is rendered once per permission scope and generation
(core.scoped_cache): readers with the same grants share it, readers with other grants do not, a
write shows at once, and each reader's own buttons, form and CSRF token are never in it."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lodestar.core import permissions as p
from lodestar.core.attachments import add_attachment
from lodestar.core.registry import registry
from lodestar.oversight import services, views
from lodestar.oversight.models import Addressee, Recommendation, StatusUpdate
from tests.conftest import login, make_entity, person_with

from .factories import recommendation, report

pytestmark = pytest.mark.django_db
State = StatusUpdate.State


def page(rec: Recommendation) -> str:
    return reverse("oversight:recommendation_page", args=[rec.pk])


def draft(user: Any, addressee: Addressee, n: int = 1) -> StatusUpdate:
    data = {
        "addressee": addressee,
        "as_of": datetime.date(2024, 1, n),
        "reported_status": "under_implementation",
        "comment": {"en": f"Comment {n}"},
        "evidence_link": "https://example.org/evidence.pdf",
    }
    return registry[StatusUpdate].service.create(data=data, user=user)


@pytest.fixture
def rec(tree: dict) -> Recommendation:
    return recommendation(tree["a"], 1, report=report(tree["root"], 1), other_entities=[tree["b"]])


@pytest.fixture
def renders(monkeypatch: Any) -> list[str]:
    """The shared parts rendered (cache misses), by the reader they were rendered for."""
    made: list[str] = []
    original = views._record_context

    def counting(rec: Recommendation, addressees: list, updates: list, user: Any) -> dict:
        made.append(user.username)
        return original(rec, addressees, updates, user)

    monkeypatch.setattr(views, "_record_context", counting)
    return made


def rows(html: str) -> dict[str, str]:
    """Timeline rows by update pk: their state."""
    return dict(re.findall(r'<tr data-update="(\d+)" data-state="(\w+)"', html))


def test_readers_of_one_scope_share_the_part_and_other_grants_do_not(
    rec: Recommendation, users: dict, tree: dict, renders: list[str]
) -> None:
    row = Addressee.objects.get(recommendation=rec, entity=tree["a"])
    update = draft(users["focal_a"], row)
    analyst2 = person_with("analyst2", p.CENTRAL_ANALYST, tree["root"])

    first = login(users["analyst"]).get(page(rec)).content.decode()
    again = login(analyst2).get(page(rec)).content.decode()
    assert renders == ["analyst"]  # the second analyst read the first one's part
    assert rows(first) == rows(again) == {str(update.pk): State.DRAFT}

    # A reader (no right to change) has other grants: a part of their own, without the draft.
    readers = login(users["reader"]).get(page(rec)).content.decode()
    assert renders == ["analyst", "reader"]
    assert rows(readers) == {}
    # The focal point of the other addressee does not see the draft either; DESA's does.
    assert rows(login(users["focal_b"]).get(page(rec)).content.decode()) == {}
    assert rows(login(users["focal_a"]).get(page(rec)).content.decode()) == {str(update.pk): State.DRAFT}
    assert renders == ["analyst", "reader", "focal_b", "focal_a"]


def test_a_write_through_the_page_shows_at_once(rec: Recommendation, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=rec, entity=tree["a"])
    focal, analyst = login(users["focal_a"]), login(users["analyst"])
    assert rows(focal.get(page(rec)).content.decode()) == {}
    assert rows(analyst.get(page(rec)).content.decode()) == {}  # both scopes cached, empty

    data = {"addressee": row.pk, "as_of": "2024-01-31", "reported_status": "under_implementation"}
    saved = focal.post(reverse("oversight:add_update", args=[rec.pk]), data, follow=True)
    update = StatusUpdate.objects.get(addressee=row)
    assert rows(saved.content.decode()) == {str(update.pk): State.DRAFT}
    assert rows(analyst.get(page(rec)).content.decode()) == {str(update.pk): State.DRAFT}

    proposed = focal.post(reverse("oversight:workflow", args=[update.pk, services.PROPOSE]), follow=True)
    assert rows(proposed.content.decode()) == {str(update.pk): State.PROPOSED}
    # The analyst's cached part was for the draft: the new generation shows the proposal and its step.
    html = analyst.get(page(rec)).content.decode()
    assert rows(html) == {str(update.pk): State.PROPOSED}
    assert "workflow-review" in html


def test_each_reader_sees_their_own_buttons_and_form(rec: Recommendation, users: dict, tree: dict) -> None:
    row = Addressee.objects.get(recommendation=rec, entity=tree["a"])
    update = draft(users["analyst"], row)
    focal_html = login(users["focal_a"]).get(page(rec)).content.decode()
    assert 'id="update-form"' in focal_html
    assert f'action="{reverse("oversight:workflow", args=[update.pk, services.PROPOSE])}"' in focal_html
    assert "attach-form" in focal_html and "csrfmiddlewaretoken" in focal_html

    reader_html = login(users["reader"]).get(page(rec)).content.decode()
    assert 'id="update-form"' not in reader_html and "workflow-" not in reader_html

    # Nobody reviews what they proposed: the proposer and a colleague of the same scope share the
    # cached part, yet only the colleague is offered the review.
    services.transition(update, services.PROPOSE, user=users["analyst"])
    analyst2 = person_with("analyst2", p.CENTRAL_ANALYST, tree["root"])
    own = login(users["analyst"]).get(page(rec)).content.decode()
    other = login(analyst2).get(page(rec)).content.decode()
    assert rows(own) == rows(other) == {str(update.pk): State.PROPOSED}
    assert "workflow-review" not in own and "workflow-return" in own
    assert "workflow-review" in other
    # A reader without any right on the update: the row, no buttons, no form.
    reader_html = login(users["reader"]).get(page(rec)).content.decode()
    assert rows(reader_html) == {str(update.pk): State.PROPOSED}
    assert "workflow-" not in reader_html and 'id="update-form"' not in reader_html
    assert "<!--reader:" not in own + other + reader_html  # every placeholder filled or emptied


def test_the_cached_part_holds_no_csrf_token(
    rec: Recommendation, users: dict, tree: dict, settings: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    settings.EVIDENCE_ROOT = tmp_path
    row = Addressee.objects.get(recommendation=rec, entity=tree["a"])
    add_attachment(
        draft(users["focal_a"], row), SimpleUploadedFile("e.pdf", b"%PDF-1.4\n"), user=users["focal_a"]
    )
    parts: list[str] = []
    original = views.rendered_for_scope

    def keeping(*args: Any) -> Any:
        parts.append(original(*args))
        return parts[-1]

    monkeypatch.setattr(views, "rendered_for_scope", keeping)
    client = login(users["analyst"])  # central: may delete evidence files
    html = client.get(page(rec)).content.decode()
    assert "<!--reader:csrf-->" in parts[0] and "csrfmiddlewaretoken" not in parts[0]
    delete_form = re.search(r'<form method="post" action="/attachments/[^"]*"[^>]*>(.*?)</form>', html)
    assert delete_form is not None and "csrfmiddlewaretoken" in delete_form[1]


def _rec_with(tree: dict, users: dict, n: int) -> Recommendation:
    """A recommendation addressed to ``n`` entities, with ``n`` updates (drafts, proposed,
    validated) and ``n`` evidence files."""
    others = [tree["b"], tree["a_child"], *(make_entity(f"E{n}{i}", tree["root"]) for i in range(n - 3))]
    made = recommendation(tree["a"], n, report=report(tree["root"], n), other_entities=others[: n - 1])
    addressees = list(Addressee.objects.filter(recommendation=made).order_by("pk"))
    assert len(addressees) == n
    for i in range(n):
        update = draft(users["admin"], addressees[i], i + 1)
        add_attachment(update, SimpleUploadedFile(f"e{i}.pdf", b"%PDF-1.4\n"), user=users["admin"])
        if i % 3 >= 1:
            update = services.transition(update, services.PROPOSE, user=users["admin"])
        if i % 3 == 2:
            update = services.transition(update, services.REVIEW, user=users["analyst"])
            services.transition(
                update, services.VALIDATE, user=users["reviewer"], assessed_status="not_started"
            )
    return made


def test_the_query_count_does_not_grow_with_addressees_updates_and_files(
    users: dict, tree: dict, settings: Any, tmp_path: Any
) -> None:
    settings.EVIDENCE_ROOT = tmp_path
    small, large = _rec_with(tree, users, 1), _rec_with(tree, users, 5)
    client = login(users["analyst"])
    # The navigation counts the reader's work once per generation (core.scoped_cache.user_key).
    client.get(reverse("oversight:dashboard"))
    counts = {}
    for name, one in (("small", small), ("large", large)):
        for visit in ("miss", "hit"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(page(one))
            assert response.status_code == 200
            counts[name, visit] = len(queries)
    html = client.get(page(large)).content.decode()
    assert len(rows(html)) == 5 and html.count('class="evidence-file"') == 5 and 'id="update-form"' in html
    assert counts["small", "miss"] == counts["large", "miss"]
    assert counts["small", "hit"] == counts["large", "hit"] < counts["large", "miss"]


def test_the_update_form_is_shared_but_each_reader_posts_it_with_their_own_token(
    rec: Recommendation, users: dict, tree: dict, monkeypatch: Any
) -> None:
    forms: list[dict] = []
    original = views.UpdateForm

    def counting(*args: Any, **kwargs: Any) -> Any:
        forms.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(views, "UpdateForm", counting)
    colleague = Client(enforce_csrf_checks=True)
    colleague.force_login(person_with("focal_a2", p.FOCAL_POINT, tree["a"]))  # a write: before the reads
    login(users["focal_a"]).get(page(rec))  # renders the unbound form for the scope
    html = colleague.get(page(rec)).content.decode()
    assert len(forms) == 1  # the colleague's form came from the cache
    form = re.search(r'<form[^>]*id="update-form">(.*?)</form>', html, re.S)
    assert form is not None and "<!--reader:" not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[1])
    assert token is not None
    row = Addressee.objects.get(recommendation=rec, entity=tree["a"])
    sent = {
        "csrfmiddlewaretoken": token[1],
        "addressee": row.pk,
        "as_of": "2024-02-01",
        "reported_status": "implemented",
    }
    assert colleague.post(reverse("oversight:add_update", args=[rec.pk]), sent).status_code == 302
    assert StatusUpdate.objects.filter(addressee=row, reported_status="implemented").count() == 1
    # Sent back with an error, the form is the reader's own, with what they typed.
    refused = login(users["focal_a"]).post(
        reverse("oversight:add_update", args=[rec.pk]), {"addressee": row.pk, "as_of": "2024-02-02"}
    )
    assert refused.status_code == 400 and 'value="2024-02-02"' in refused.content.decode()
