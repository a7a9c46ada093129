"""Restore drill: ./lodestar backup, then ./lodestar restore into an empty database and evidence
folder; every table and every file must come back identical — on SQLite and on PostgreSQL."""

from __future__ import annotations

import filecmp
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import run_lodestar, scratch_postgres, uses_postgres

pytestmark = pytest.mark.slow

# Some records of several kinds, history, a login with a password and two evidence files.
SEED = r"""
from django.core.files.uploadedfile import SimpleUploadedFile
from lodestar.core import permissions as p
from lodestar.core.attachments import add_attachment
from lodestar.org.models import Login
from tests.conftest import grant, make_entity
from tests.factories import body, mandate
un = make_entity("UN", kind="organisation", name={"en": "United Nations", "zh": "联合国"})
desa = make_entity("DESA", un, name={"en": "DESA", "ar": "إدارة الشؤون الاقتصادية"})
body(un, 1)
mandate(desa, 2)
login = Login.objects.create_user("drill", password="drill-pw-long-1")
grant(login, p.ADMINISTRATOR, un)
pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 " + bytes(range(256)) * 40)
add_attachment(desa, pdf, user=None, check=False)
add_attachment(un, SimpleUploadedFile("plan.csv", "code,name\nU1,联合国\n".encode()), user=None, check=False)
print("seeded")
"""


def sqlite_tables(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"'))) for name in names}  # noqa: S608


def postgres_tables(url: str) -> dict[str, list[tuple]]:
    import psycopg

    with psycopg.connect(url) as db:
        names = [
            r[0] for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        ]
        return {name: sorted(map(repr, db.execute(f'SELECT * FROM "{name}"').fetchall())) for name in names}  # noqa: S608


@pytest.fixture(params=[pytest.param("sqlite", marks=pytest.mark.own_sqlite), "postgresql"])
def databases(request: Any, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(source, target) DATABASE_URLs: SQLite files, or two new PostgreSQL databases named after
    the one the test run uses (created here and dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    if not uses_postgres():
        pytest.skip("DATABASE_URL is not PostgreSQL")
    with scratch_postgres("drill_source", "drill_target") as (source, target):
        yield source, target


def env_for(var_dir: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LODESTAR_")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(
        LODESTAR_VAR_DIR=str(var_dir), DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="lodestar.settings"
    )
    return env


def test_backup_then_restore_into_an_empty_database_gives_identical_tables_and_files(
    databases: tuple[str, str], tmp_path: Path
) -> None:
    source_url, target_url = databases
    source = env_for(tmp_path / "source", source_url)
    target = env_for(tmp_path / "target", target_url)
    archive = tmp_path / "lodestar-backup.tar"

    for args in (["migrate", "-v0"], ["shell", "-c", SEED]):
        done = run_lodestar(args, source)
        assert done.returncode == 0, done.stderr
    backed_up = run_lodestar(["backup", str(archive)], source)
    assert backed_up.returncode == 0, backed_up.stderr
    assert "2 evidence files" in backed_up.stdout

    restored = run_lodestar(["restore", str(archive)], target)
    assert restored.returncode == 0, restored.stderr
    assert "Restored and verified" in restored.stdout

    # Compared here independently of the command's own check: every table, every row.
    if source_url.startswith("sqlite"):
        before, after = sqlite_tables(Path(source_url[10:])), sqlite_tables(Path(target_url[10:]))
    else:
        before, after = postgres_tables(source_url), postgres_tables(target_url)
    assert len(before) > 40 and before.keys() == after.keys()
    for table in before:
        assert before[table] == after[table], table
    assert any(rows for name, rows in before.items() if name.endswith("attachment"))
    # Every evidence file, byte for byte.
    source_files = sorted(
        p.relative_to(tmp_path / "source" / "evidence")
        for p in (tmp_path / "source" / "evidence").rglob("*")
        if p.is_file()
    )
    target_files = sorted(
        p.relative_to(tmp_path / "target" / "evidence")
        for p in (tmp_path / "target" / "evidence").rglob("*")
        if p.is_file()
    )
    assert len(source_files) == 2 and source_files == target_files
    for name in source_files:
        assert filecmp.cmp(
            tmp_path / "source" / "evidence" / name, tmp_path / "target" / "evidence" / name, shallow=False
        )

    # The restored copy works: the login signs in with its password.
    check = run_lodestar(
        [
            "shell",
            "-c",
            "from django.contrib.auth import authenticate; from django.test import RequestFactory; "
            "request = RequestFactory().post('/login/'); "
            "print(authenticate(request, username='drill', password='drill-pw-long-1'))",
        ],
        target,
    )
    assert check.stdout.strip().splitlines()[-1] == "drill", check.stderr

    # A second restore is refused: the database is no longer empty.
    again = run_lodestar(["restore", str(archive)], target)
    assert again.returncode != 0 and "not empty" in again.stderr
