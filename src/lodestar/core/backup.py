"""Backup and restore of a whole Lodestar: the database and the evidence files, in one archive.

The archive (a tar file) holds ``manifest.json`` (what was saved, with a digest of every table and
every file), the database (``pg_dump --format=custom`` on PostgreSQL; a consistent copy through
SQLite's online backup API otherwise) and ``evidence/``: every evidence file, read through the
evidence storage (the evidence folder, or the S3-compatible bucket with LODESTAR_STORAGE=s3), and
restored into it. The database is copied first, then the files: a file saved in between is one no
record refers to yet, harmless. Restoring checks every table and file against the manifest, so
each restore is also a drill.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connections

FORMAT = 1
MANIFEST = "manifest.json"
EVIDENCE = "evidence"


class BackupError(Exception):
    pass


def _database() -> dict[str, Any]:
    return connections["default"].settings_dict


def _vendor() -> str:
    return connections["default"].vendor


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = _database()
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is missing: install postgresql-client") from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _value(value: Any) -> str:
    if isinstance(value, memoryview | bytes | bytearray):
        return "b:" + hashlib.sha256(bytes(value)).hexdigest()
    return repr(value)


def table_digests() -> dict[str, dict[str, Any]]:
    """Rows and a content digest of every table (order-independent), to compare two databases."""
    connection = connections["default"]
    result: dict[str, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected name)
            rows = sorted("\x1f".join(_value(v) for v in row) for row in cursor.fetchall())
            digest = hashlib.sha256("\x1e".join(rows).encode()).hexdigest()
            result[table] = {"rows": len(rows), "sha256": digest}
    return result


def _stored_names(storage: Any, folder: str = "") -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # an evidence folder not made yet: no files
        return []
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        names += _stored_names(storage, f"{folder}{sub}/")
    return sorted(names)


def file_digests(storage: Any | None = None) -> dict[str, str]:
    """The sha256 of every evidence file, by its name in the evidence storage."""
    from .attachments import evidence_storage

    storage = storage or evidence_storage()
    digests = {}
    for name in _stored_names(storage):
        digest = hashlib.sha256()
        with storage.open(name, "rb") as handle:
            for chunk in iter(lambda handle=handle: handle.read(1024 * 1024), b""):
                digest.update(chunk)
        digests[name] = digest.hexdigest()
    return digests


def _dump_database(target: Path) -> str:
    if _vendor() == "postgresql":
        args, env = _pg_env()
        name = target / "database.dump"
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                *args,
                "--file",
                str(name),
                str(_database()["NAME"]),
            ],
            env,
        )
        return name.name
    if _vendor() == "sqlite":
        name = target / "database.sqlite3"
        source = sqlite3.connect(str(_database()["NAME"]))
        try:
            copy = sqlite3.connect(str(name))
            with copy:
                source.backup(copy)  # a consistent snapshot even while the server writes
            copy.close()
        finally:
            source.close()
        return name.name
    raise BackupError(f"backups of {_vendor()} databases are not supported")


def backup(path: Path) -> dict[str, Any]:
    """Write a backup archive to ``path``; returns its manifest."""
    from .attachments import evidence_storage

    storage = evidence_storage()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        tables = table_digests()
        database_file = _dump_database(folder)
        files = file_digests(storage)
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(),
            "engine": _vendor(),
            "database": database_file,
            "tables": tables,
            "files": files,
        }
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=1))
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(folder / MANIFEST, MANIFEST)
            archive.add(folder / database_file, database_file)
            for name in files:
                member = tarfile.TarInfo(f"{EVIDENCE}/{name}")
                member.size = storage.size(name)
                member.mtime = int(datetime.now(UTC).timestamp())
                with storage.open(name, "rb") as handle:
                    archive.addfile(member, handle)
        partial.replace(path)  # never a half-written archive under the final name
    return manifest


def _is_empty_database() -> bool:
    connection = connections["default"]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _restore_database(folder: Path, manifest: dict[str, Any]) -> None:
    source = folder / manifest["database"]
    if manifest["engine"] != _vendor():
        raise BackupError(f"this backup is of a {manifest['engine']} database; DATABASE_URL is {_vendor()}")
    if _vendor() == "postgresql":
        args, env = _pg_env()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                *args,
                "--dbname",
                str(_database()["NAME"]),
                str(source),
            ],
            env,
        )
        return
    connections["default"].close()
    target = sqlite3.connect(str(_database()["NAME"]))
    try:
        backup_db = sqlite3.connect(str(source))
        with target:
            backup_db.backup(target)
        backup_db.close()
    finally:
        target.close()


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        if (
            member.name.startswith("/")
            or ".." in Path(member.name).parts
            or not (member.isfile() or member.isdir())
        ):
            raise BackupError(f"unsafe entry in the archive: {member.name}")
        members.append(member)
    return members


def restore(path: Path) -> dict[str, Any]:
    """Restore ``path`` into an empty database and an empty evidence folder, then check that every
    table and file is what the backup recorded. Returns the manifest."""
    if not _is_empty_database():
        raise BackupError("the database is not empty: restore only into a new, empty database")
    from django.core.files import File

    from .attachments import evidence_storage

    storage = evidence_storage()
    if _stored_names(storage):
        raise BackupError("the evidence storage is not empty: restore only into an empty one")
    with tempfile.TemporaryDirectory() as work, tarfile.open(path) as archive:
        folder = Path(work)
        archive.extractall(folder, members=_safe_members(archive), filter="data")
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')}")
        _restore_database(folder, manifest)
        for name in manifest["files"]:
            with open(folder / EVIDENCE / name, "rb") as handle:
                saved = storage.save(name, File(handle))
            if saved != name:
                raise BackupError(f"the evidence storage kept {name} as {saved}")
    problems = compare(manifest, table_digests(), file_digests(storage))
    if problems:
        raise BackupError("the restored copy differs from the backup: " + "; ".join(problems[:20]))
    return manifest


def compare(manifest: dict[str, Any], tables: dict[str, Any], files: dict[str, str]) -> list[str]:
    problems = [
        f"table {t}"
        for t in sorted(set(manifest["tables"]) | set(tables))
        if manifest["tables"].get(t) != tables.get(t)
    ]
    problems += [
        f"file {f}"
        for f in sorted(set(manifest["files"]) | set(files))
        if manifest["files"].get(f) != files.get(f)
    ]
    return problems
