"""Vega, Vega-Lite and vega-embed as one static file, built from the ``vl-convert-python`` package
(docs/decisions/0017-charts.md): no CDN, no third-party code in the repository.

``VegaFinder`` is a staticfiles finder. The first time the file is looked for (``collectstatic``
at set-up, or the development server's first request) it writes the bundle that vl-convert ships
to ``VAR_DIR/vega/<vl-convert version>/``; from then on it is a plain static file. Collected, its
name carries a content hash and WhiteNoise serves it with a long cache lifetime.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

STATIC_NAME = "vendor/vega/vega-embed.js"
VEGA_LITE_VERSION = "6.4"  # the specs in lodestar.core.charts use this schema


def bundle_dir() -> Path:
    import vl_convert

    return Path(settings.VAR_DIR) / "vega" / vl_convert.__version__


def bundle_path() -> Path:
    """The bundle on disk, written once per vl-convert version (atomically: several processes)."""
    path = bundle_dir() / "vega-embed.js"
    if not path.exists():
        import vl_convert

        path.parent.mkdir(parents=True, exist_ok=True)
        text = vl_convert.javascript_bundle(vl_version=VEGA_LITE_VERSION)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    return path


class VegaFinder(BaseFinder):
    """Finds ``vendor/vega/vega-embed.js``, building it on first use."""

    def check(self, **kwargs: Any) -> list[Any]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        if path != STATIC_NAME:
            return [] if find_all or kwargs.get("all") else ""
        found = str(bundle_path())
        return [found] if find_all or kwargs.get("all") else found

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        path = bundle_path()
        storage = FileSystemStorage(location=str(path.parent))
        storage.prefix = "vendor/vega"  # type: ignore[attr-defined]
        yield "vega-embed.js", storage
