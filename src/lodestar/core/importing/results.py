"""What checking a file gives back: one result per row, and the file's errors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from .. import tabular

# Told (rows done, rows in the file) while a file is checked; the background worker records it
# so that the import page can show a progress bar.
Progress = Callable[[int, int], None]
PROGRESS_EVERY = 100


@dataclass
class RowResult:
    row: int
    action: str  # create | update | unchanged | error
    errors: list[str] = field(default_factory=list)
    label: str = ""
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    instance: models.Model | None = field(default=None, repr=False)
    version: int | None = None


@dataclass
class ImportResult:
    file_errors: list[str] = field(default_factory=list)
    rows: list[RowResult] = field(default_factory=list)
    sheet: tabular.Sheet | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.file_errors and all(not r.errors for r in self.rows)

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + sum(len(r.errors) for r in self.rows)

    def counts(self) -> dict[str, int]:
        result = {"create": 0, "update": 0, "unchanged": 0, "error": 0}
        for r in self.rows:
            result["error" if r.errors else r.action] += 1
        return result

    def messages(self) -> list[str]:
        lines = list(self.file_errors)
        for r in self.rows:
            lines.extend(_("Row %(row)s: %(error)s") % {"row": r.row, "error": e} for e in r.errors)
        return lines
