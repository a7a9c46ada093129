"""The Content-Security-Policy allows no inline script, so no template may carry any: an inline
event handler (``onchange="…"``) or a ``<script>`` without ``src`` would silently do nothing in the
browser (it did: the document page's language picker and a campaign's state filter)."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "lodestar"
HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)


def test_no_template_carries_inline_script() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for pattern in (HANDLER, INLINE_SCRIPT):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(TEMPLATES)}:{line}: {match.group(0).strip()}")
    assert not found, "inline script is blocked by the CSP:\n" + "\n".join(found)
