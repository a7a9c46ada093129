"""Evidence files in an S3-compatible store (LODESTAR_STORAGE=s3, django-storages), tried against a
real S3 server process on 127.0.0.1 (moto's standalone server, from the dev extra): uploaded from
the milestone page, kept in the bucket and not on disk, downloaded through Lodestar's permission
check, deleted from the bucket with the record; and ``./lodestar backup`` / ``restore`` carry the
bucket's files into an empty bucket, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lodestar.core.attachments import Attachment, evidence_storage
from tests.portfolio import factories as pf

from .conftest import free_port, run_lodestar

pytestmark = pytest.mark.slow
KEYS = {"AWS_ACCESS_KEY_ID": "lodestar-test", "AWS_SECRET_ACCESS_KEY": "lodestar-test-secret"}
PDF = b"%PDF-1.4 " + bytes(range(256)) * 64


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    pytest.importorskip("moto.server", reason="moto[server] comes with the dev extra (./lodestar test)")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (a local test URL)
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise AssertionError("the S3 server did not start") from None
            time.sleep(0.3)
    try:
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def s3(endpoint: str) -> Any:
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_lower(KEYS))


def _lower(keys: dict[str, str]) -> dict[str, str]:
    return {
        "aws_access_key_id": keys["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": keys["AWS_SECRET_ACCESS_KEY"],
    }


def bucket_keys(endpoint: str, bucket: str) -> list[str]:
    listed = s3(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(o["Key"] for o in listed.get("Contents", []))


@pytest.fixture
def evidence_in_s3(s3_server: str, settings: Any, tmp_path: Path, request: Any) -> str:
    bucket = f"evidence-{request.node.name[:20].replace('_', '-')}-{os.getpid()}".lower()
    s3(s3_server).create_bucket(Bucket=bucket)
    settings.EVIDENCE_ROOT = tmp_path / "evidence"  # must stay empty: the files go to the bucket
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": KEYS["AWS_ACCESS_KEY_ID"],
                "secret_key": KEYS["AWS_SECRET_ACCESS_KEY"],
                "location": "evidence",
                "file_overwrite": False,
            },
        },
    }
    return bucket


@pytest.mark.django_db
def test_evidence_is_kept_in_the_bucket_served_through_lodestar_and_deleted_with_it(
    evidence_in_s3: str,
    s3_server: str,
    tree: dict,
    users: dict,
    client_for: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    milestone = pf.milestone(tree["a"], 1)
    analyst = client_for("analyst")
    response = analyst.post(
        reverse("portfolio:milestone_evidence", args=[milestone.pk]),
        {"file": SimpleUploadedFile("acceptance.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert bucket_keys(s3_server, evidence_in_s3) == [f"evidence/{attachment.key}"]
    assert not Path(settings.EVIDENCE_ROOT).exists()  # nothing on the server's own disk
    stored = s3(s3_server).get_object(Bucket=evidence_in_s3, Key=f"evidence/{attachment.key}")["Body"].read()
    assert stored == PDF

    download = analyst.get(attachment.get_absolute_url())
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Length"] == str(len(PDF))
    assert client_for("focal_b").get(attachment.get_absolute_url()).status_code == 404  # out of scope

    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the delete commits
        analyst.post(reverse("attachments:delete", args=[attachment.pk]))
    assert not Attachment.objects.exists()
    assert bucket_keys(s3_server, evidence_in_s3) == []


SEED = r"""
from django.core.files.uploadedfile import SimpleUploadedFile
from lodestar.core.attachments import add_attachment
from tests.conftest import make_entity
un = make_entity("UN", kind="organisation")
pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 " + bytes(range(256)) * 40)
add_attachment(un, pdf, user=None, check=False)
add_attachment(un, SimpleUploadedFile("plan.csv", "code,name\nU1,联合国\n".encode()), user=None, check=False)
print("seeded")
"""


@pytest.mark.own_sqlite  # the drill's databases are SQLite files: the bucket is what it checks
def test_backup_and_restore_carry_the_bucket_files_into_an_empty_bucket(
    s3_server: str, tmp_path: Path
) -> None:
    client = s3(s3_server)
    for bucket in ("drill-source", "drill-target"):
        client.create_bucket(Bucket=bucket)

    def env_for(name: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LODESTAR_") and k != "DATABASE_URL"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        env.update(
            KEYS,
            LODESTAR_VAR_DIR=str(tmp_path / name),
            DATABASE_URL=f"sqlite:///{tmp_path / f'{name}.sqlite3'}",
            DJANGO_SETTINGS_MODULE="lodestar.settings",
            LODESTAR_STORAGE="s3",
            AWS_STORAGE_BUCKET_NAME=f"drill-{name}",
            AWS_S3_ENDPOINT_URL=s3_server,
            AWS_S3_REGION_NAME="us-east-1",
        )
        return env

    archive = tmp_path / "backup.tar"
    for args in (["migrate", "-v0"], ["shell", "-c", SEED], ["backup", str(archive)]):
        done = run_lodestar(args, env_for("source"))
        assert done.returncode == 0, done.stderr
    assert "2 evidence files" in done.stdout
    restored = run_lodestar(["restore", str(archive)], env_for("target"))
    assert restored.returncode == 0, restored.stderr
    assert "Restored and verified" in restored.stdout
    source, target = bucket_keys(s3_server, "drill-source"), bucket_keys(s3_server, "drill-target")
    assert len(source) == 2 and source == target
    for key in source:
        before = client.get_object(Bucket="drill-source", Key=key)["Body"].read()
        assert before == client.get_object(Bucket="drill-target", Key=key)["Body"].read()
    assert not (tmp_path / "target" / "evidence").exists()  # the files went to the bucket
    refused = run_lodestar(["restore", str(archive)], env_for("target"))
    assert refused.returncode != 0  # the database is no longer empty


def test_the_evidence_storage_is_the_folder_unless_s3_is_chosen(settings: Any, tmp_path: Path) -> None:
    from django.core.files.storage import FileSystemStorage

    settings.EVIDENCE_ROOT = tmp_path / "ev"
    storage = evidence_storage()
    assert isinstance(storage, FileSystemStorage) and Path(storage.location) == tmp_path / "ev"
