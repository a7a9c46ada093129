"""Data-quality and integrity findings. Domain apps register rules; ``./lodestar check`` and the
Findings page run them. Each finding names its object and carries the owning entity's tree path so
that the page shows a user only the findings about records in their scope.
"""

from __future__ import annotations

import datetime
import inspect
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy

from .permissions import VIEW, can, entity_path_of

SEVERITIES = {
    "error": gettext_lazy("Error"),
    "warning": gettext_lazy("Warning"),
    "rounding": gettext_lazy("Rounding"),
}


@dataclass(frozen=True)
class Finding:
    code: str
    object: str
    message: str
    severity: str = "error"  # error | warning | rounding
    entity_path: str = ""
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    instance: models.Model | None = field(default=None, compare=False, repr=False)
    # What a person calls the record, when its own label is made of keys (a printed figure's row and
    # column keys): the findings page shows it instead.
    label: str = ""

    @property
    def severity_label(self) -> str:
        """The severity in the reader's language."""
        return str(SEVERITIES.get(self.severity, self.severity))

    def as_dict(self) -> dict[str, Any]:
        result = asdict(self)
        result.pop("instance", None)
        return result


def finding_for(
    obj: models.Model, *, code: str, message: str, severity: str = "error", label: str = "", **data: Any
) -> Finding:
    url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
    return Finding(
        code=code,
        object=f"{obj._meta.label_lower}:{obj.pk} {obj}",
        message=str(message),
        severity=severity,
        entity_path=entity_path_of(obj),
        url=url,
        data=data,
        instance=obj,
        label=str(label),
    )


@dataclass(frozen=True)
class CheckContext:
    """What a run of the rules is about: ``as_at`` is the "today" of every time-based rule (ageing,
    past target dates, what is open), so that a run reproduces the findings of a given day."""

    as_at: datetime.date


_as_at_override: list[datetime.date] = []


def default_as_at() -> datetime.date:
    """The as-at date when a run names none: ``as_at_date(...)`` (tests), else ``LODESTAR_AS_AT`` (ISO
    date) in the environment, else the real date."""
    if _as_at_override:
        return _as_at_override[-1]
    raw = os.environ.get("LODESTAR_AS_AT", "").strip()
    return datetime.date.fromisoformat(raw) if raw else datetime.date.today()


@contextmanager
def as_at_date(day: datetime.date) -> Iterator[None]:
    """Run the rules as if today were ``day`` when the run names no date."""
    _as_at_override.append(day)
    try:
        yield
    finally:
        _as_at_override.pop()


def parse_as_at(raw: str | None) -> datetime.date | None:
    """An as-at date from a command line or a query string (ISO), None when absent; ValueError when
    it is not a date."""
    raw = (raw or "").strip()
    return datetime.date.fromisoformat(raw) if raw else None


Rule = Callable[..., Iterable[Finding]]
_rules: dict[str, Rule] = {}
_wants_context: dict[str, bool] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    """Register a rule: a function of no argument, or of one (the run's CheckContext)."""

    def decorate(func: Rule) -> Rule:
        _rules[code] = func
        _wants_context[code] = bool(inspect.signature(func).parameters)
        return func

    return decorate


def rules() -> dict[str, Rule]:
    return dict(_rules)


def run_checks(codes: Iterable[str] | None = None, *, as_at: datetime.date | None = None) -> list[Finding]:
    selected = set(codes) if codes else None
    context = CheckContext(as_at=as_at or default_as_at())
    findings: list[Finding] = []
    for code, func in sorted(_rules.items()):
        if selected is None or code in selected:
            findings.extend(func(context) if _wants_context[code] else func())
    return findings


def grouped_by_root_cause(findings: Iterable[Finding]) -> list[tuple[Finding, list[Finding]]]:
    """Each finding with the findings derived from it (``data["root_cause"]`` names the ``data["key"]``
    of the finding they follow from); a derived finding whose root is not among them stands alone."""
    items = list(findings)
    roots = {f.data["key"]: f for f in items if f.data.get("key")}
    derived: dict[str, list[Finding]] = {}
    for f in items:
        cause = f.data.get("root_cause")
        if cause and cause in roots and roots[cause] is not f:
            derived.setdefault(cause, []).append(f)
    grouped = []
    for f in items:
        cause = f.data.get("root_cause")
        if cause and cause in roots and roots[cause] is not f:
            continue
        grouped.append((f, derived.get(f.data.get("key", ""), [])))
    return grouped


def visible_findings(user: Any, findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.instance is not None and can(user, VIEW, f.instance)]
