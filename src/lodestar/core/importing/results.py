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
    # The errors about one cell, by the file column they are about (the preview's grid marks it);
    # each is also in ``errors``, the one list every surface shows.
    cells: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _cell_lines: list[str] = field(default_factory=list, repr=False)

    def refuse(self, column: str, line: str) -> None:
        """An error about the cell of file column ``column`` (``line`` names the column)."""
        self.errors.append(line)
        self._cell_lines.append(line)
        self.cells.setdefault(column, []).append(line)

    @property
    def row_errors(self) -> list[str]:
        """The errors about the row as a whole (a duplicate, a rule across fields)."""
        return [e for e in self.errors if e not in self._cell_lines]


@dataclass
class GridCell:
    column: str
    value: str
    errors: list[str]


@dataclass
class GridRow:
    row: int
    cells: list[GridCell]
    errors: list[str]  # about the row, or about a column the file does not have


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

    def grid(self, limit: int = 200) -> tuple[list[str], list[GridRow]]:
        """The refused rows as the file has them (headers, then each row's cells with the errors
        about each cell), for the preview to show where to correct; ([], []) without the file."""
        if self.sheet is None:
            return [], []
        values = dict(self.sheet.rows)
        headers = list(self.sheet.headers)
        rows = []
        for r in self.rows:
            if not r.errors:
                continue
            if len(rows) == limit:
                break
            cells = [GridCell(h, values.get(r.row, {}).get(h, ""), r.cells.get(h, [])) for h in headers]
            elsewhere = [m for c, lines in r.cells.items() if c not in headers for m in lines]
            rows.append(GridRow(r.row, cells, r.row_errors + elsewhere))
        return headers, rows

    def messages(self) -> list[str]:
        lines = list(self.file_errors)
        for r in self.rows:
            lines.extend(_("Row %(row)s: %(error)s") % {"row": r.row, "error": e} for e in r.errors)
        return lines
