"""Evidence files: type, size and content checks, storage outside the web root, scoped serving and
history on the evidenced record."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core.attachments import Attachment, add_attachment, attachments_for, delete_attachment
from lodestar.core.history import changes_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def ooxml(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return out.getvalue()


@pytest.fixture(autouse=True)
def evidence_root(settings: Any, tmp_path: Path) -> Path:
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    return settings.EVIDENCE_ROOT


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", PDF),
        ("screen.png", PNG),
        ("photo.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("minutes.docx", ooxml("word/document.xml")),
        ("costs.xlsx", ooxml("xl/workbook.xml")),
        ("rows.csv", b"code,montant\nA,1 000\n"),
        ("note.txt", "Задача выполнена — تم".encode()),
    ],
)
def test_allowed_types_are_stored_under_a_random_name(
    name: str, content: bytes, tree: dict, users: dict, evidence_root: Path
) -> None:
    attachment = add_attachment(tree["a"], upload(name, content), user=users["analyst"])
    assert attachment.file_name == name and attachment.size == len(content)
    assert attachment.path.read_bytes() == content
    assert attachment.path.is_relative_to(evidence_root)
    assert name.split(".")[0] not in attachment.storage_name
    assert len(attachment.sha256) == 64


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name, content, code",
    [
        ("tool.exe", b"MZ\x90\x00", "type"),
        ("page.html", b"<html></html>", "type"),
        ("noextension", PDF, "type"),
        ("fake.pdf", b"<html><script>alert(1)</script></html>", "content"),
        ("fake.png", PDF, "content"),
        ("archive.docx", ooxml("other.xml"), "content"),
        ("workbook.docx", ooxml("xl/workbook.xml"), "content"),
        ("binary.txt", b"abc\x00def", "content"),
        ("latin1.csv", "café".encode("latin-1"), "content"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_refused_files(
    name: str, content: bytes, code: str, tree: dict, users: dict, evidence_root: Path
) -> None:
    with pytest.raises(ValidationError) as refused:
        add_attachment(tree["a"], upload(name, content), user=users["analyst"])
    assert refused.value.code == code
    assert not Attachment.objects.exists()
    assert not evidence_root.exists() or not any(p.is_file() for p in evidence_root.rglob("*"))


@pytest.mark.django_db
def test_size_limit(settings: Any, tree: dict, users: dict) -> None:
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        add_attachment(tree["a"], upload("big.pdf", PDF + b" " * 100), user=users["analyst"])
    assert refused.value.code == "size"
    add_attachment(tree["a"], upload("small.pdf", PDF), user=users["analyst"])


@pytest.mark.django_db
def test_only_users_who_may_change_the_record_add_evidence(tree: dict, users: dict) -> None:
    with pytest.raises(PermissionDenied):
        add_attachment(tree["a"], upload("x.pdf", PDF), user=users["reader"])
    assert not attachments_for(tree["a"]).exists()


@pytest.mark.django_db
def test_adding_and_deleting_evidence_is_recorded_on_the_record(
    tree: dict, users: dict, django_capture_on_commit_callbacks: Any
) -> None:
    before = changes_for(tree["a"]).count()
    attachment = add_attachment(tree["a"], upload("report.pdf", PDF), user=users["analyst"])
    change = changes_for(tree["a"]).first()
    assert changes_for(tree["a"]).count() == before + 1
    assert change.user == users["analyst"]
    (name, was, now), *_ = change.diff()
    assert name == "evidence files" and was == [] and "report.pdf" in now[0]
    stored = attachment.path
    with pytest.raises(PermissionDenied):
        delete_attachment(attachment, user=users["focal_a"])
    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(attachment, user=users["analyst"])
    assert not Attachment.objects.exists()
    assert changes_for(tree["a"]).first().postchange_data == {"evidence files": []}
    assert not stored.exists()  # the file goes once the deletion is committed


@pytest.mark.django_db
def test_download_is_scoped_and_safe(tree: dict, users: dict, client_for: Any, client: Any) -> None:
    attachment = add_attachment(tree["a"], upload("Rapport d'étape.pdf", PDF), user=users["analyst"])
    url = reverse("attachments:download", args=[attachment.pk])

    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]

    response = client_for("focal_a").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"

    # Out of scope and unknown look the same: existence does not leak.
    assert client_for("focal_b").get(url).status_code == 404
    assert client_for("nobody").get(url).status_code == 404
    assert (
        client_for("focal_a").get(reverse("attachments:download", args=[attachment.pk + 99])).status_code
        == 404
    )


@pytest.mark.django_db
def test_delete_view_is_for_central_roles(tree: dict, users: dict, client_for: Any) -> None:
    attachment = add_attachment(tree["a"], upload("a.pdf", PDF), user=users["analyst"])
    url = reverse("attachments:delete", args=[attachment.pk])
    assert client_for("focal_b").post(url).status_code == 404
    assert client_for("focal_a").post(url).status_code == 403
    assert client_for("analyst").post(url, {"next": "/"}).status_code == 302
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_files_are_not_reachable_under_static_or_media(tree: dict, users: dict, client_for: Any) -> None:
    attachment = add_attachment(tree["a"], upload("a.pdf", PDF), user=users["analyst"])
    root = Path(django_settings.EVIDENCE_ROOT).resolve()
    for web_dir in (django_settings.STATIC_ROOT, django_settings.MEDIA_ROOT):
        assert not root.is_relative_to(Path(web_dir).resolve())
    assert not root.is_relative_to(Path(django_settings.BASE_DIR).resolve())
    client = client_for("admin")
    relative = f"{attachment.storage_name[:2]}/{attachment.storage_name}"
    for prefix in ("/static/", "/media/", "/static/evidence/", "/media/evidence/", "/evidence/"):
        assert client.get(prefix + relative).status_code == 404, prefix
        assert client.get(prefix + attachment.storage_name).status_code == 404, prefix


def test_the_default_evidence_root_is_under_the_var_dir() -> None:
    from lodestar import settings as configured

    assert Path(configured.EVIDENCE_ROOT).parent == Path(configured.VAR_DIR)
    assert not Path(configured.EVIDENCE_ROOT).is_relative_to(Path(configured.STATIC_ROOT))
    assert configured.EVIDENCE_MAX_BYTES == 20 * 1024 * 1024
