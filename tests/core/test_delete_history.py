"""A delete is recorded whole: one history entry for every record the database deletes with it, the
evidence files of deleted records deleted with them (ADR 0009), a login's role grants included."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from lodestar.core import permissions as p
from lodestar.core.attachments import Attachment, add_attachment
from lodestar.core.history import changes_for
from lodestar.core.models import ObjectChange
from lodestar.core.registry import registry
from lodestar.org.models import Login, RoleAssignment
from lodestar.portfolio import models as prj
from tests.conftest import grant
from tests.portfolio import factories as pf

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence_root(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


@pytest.mark.django_db
def test_deleting_a_project_records_each_deleted_child_and_deletes_their_evidence(
    tree: dict, users: dict, evidence_root: Path, django_capture_on_commit_callbacks: Any
) -> None:
    project = pf.project(tree["a"], 1)
    milestones = [
        pf.create(prj.Milestone, project=project, name={"en": f"Step {n}"}, order=n) for n in (1, 2, 3)
    ]
    attachment = add_attachment(
        milestones[0],
        SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf"),
        user=None,
        check=False,
    )
    stored = attachment.path
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        registry[prj.Project].service.delete(project, user=users["analyst"])
    deletes = ObjectChange.objects.filter(action=ObjectChange.Action.DELETE)
    assert sorted(c.content_type.model for c in deletes) == ["milestone", "milestone", "milestone", "project"]
    assert {c.object_id for c in deletes if c.content_type.model == "milestone"} == {m.pk for m in milestones}
    first = deletes.get(object_id=milestones[0].pk, content_type__model="milestone")
    assert first.prechange_data["evidence files"] == [attachment.describe()]
    assert all(c.user == users["analyst"] for c in deletes)
    assert not Attachment.objects.exists() and not stored.exists()


@pytest.mark.django_db
def test_a_refused_delete_keeps_the_evidence(tree: dict, users: dict, evidence_root: Path) -> None:
    project = pf.project(tree["a"], 2)
    milestone = pf.create(prj.Milestone, project=project, name={"en": "Step"}, order=1)
    add_attachment(
        milestone,
        SimpleUploadedFile("proof.pdf", PDF, content_type="application/pdf"),
        user=None,
        check=False,
    )
    with pytest.raises(Exception):  # noqa: B017 - a focal point of another entity may not delete it
        registry[prj.Project].service.delete(project, user=users["focal_b"])
    assert Attachment.objects.count() == 1 and not ObjectChange.objects.filter(action="delete").exists()


@pytest.mark.django_db
def test_deleting_a_login_records_the_removal_of_its_role_grants(tree: dict, users: dict) -> None:
    person = get_user_model().objects.create_user(username="leaving", password="x")
    grants = [grant(person, p.FOCAL_POINT, tree["a"]), grant(person, p.READER, tree["root"])]
    login = Login.objects.get(pk=person.pk)
    registry[Login].service.delete(login, user=users["admin"], check=False)
    for assignment in grants:
        entry = changes_for(assignment).get(action=ObjectChange.Action.DELETE)
        assert entry.action == ObjectChange.Action.DELETE and entry.user == users["admin"]
        assert entry.prechange_data["role"] == assignment.role
    assert not RoleAssignment.objects.filter(user_id=person.pk).exists()
    deleted = ObjectChange.objects.filter(action="delete", object_id=person.pk, content_type__model="login")
    assert deleted.count() == 1  # the login itself, once (not again as the user it is a proxy of)
