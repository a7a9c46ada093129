"""The one import/export contract: the columns of a registered model in a file, row-level
validation with the same forms as the web UI, a preview, and an all-or-nothing commit.

Columns: ``id`` (present → update that record, blank → create), then the registration's import
fields; a translated field becomes one column per language (``name_en`` … ``name_ar``); a foreign
key holds the natural key of the related record (its code); a many-to-many field holds codes
separated by ";".
"""

from __future__ import annotations

from ..registry import registry
from .batches import (
    AlreadyCommitted,
    FileNotKept,
    commit,
    commit_batch,
    preview_upload,
    prune_uploads,
    recheck_batch,
)
from .layout import column_heading, columns, export_file, export_rows, identity
from .results import PROGRESS_EVERY, GridCell, GridRow, ImportResult, Progress, RowResult
from .rows import read, validate

__all__ = [
    "PROGRESS_EVERY",
    "AlreadyCommitted",
    "GridCell",
    "GridRow",
    "FileNotKept",
    "ImportResult",
    "Progress",
    "RowResult",
    "column_heading",
    "columns",
    "commit",
    "commit_batch",
    "export_file",
    "export_rows",
    "identity",
    "preview_upload",
    "prune_uploads",
    "read",
    "recheck_batch",
    "registry",
    "validate",
]
