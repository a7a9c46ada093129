"""Reads the transcription of the seeds' tables (shared/spec/seed-tables.md) for the reference tests."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEED_TABLES = SHARED / "spec" / "seed-tables.md"
SEEDS = SHARED / "seeds"


def table(table_id: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table under the heading that starts with `## <table_id>`."""
    lines = SEED_TABLES.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip().startswith(table_id + " "))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif rows:
            break
    header, body = rows[0], rows[2:]
    return [dict(zip(header, r, strict=False)) for r in body]
