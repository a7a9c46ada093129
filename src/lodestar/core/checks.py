"""Data-quality and integrity findings. Domain apps register rules; ``./lodestar check`` and the
Findings page run them. Each finding names its object and carries the owning entity's tree path so
that the page shows a user only the findings about records in their scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models

from .permissions import VIEW, can, entity_path_of


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

    def as_dict(self) -> dict[str, Any]:
        result = asdict(self)
        result.pop("instance", None)
        return result


def finding_for(
    obj: models.Model, *, code: str, message: str, severity: str = "error", **data: Any
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
    )


Rule = Callable[[], Iterable[Finding]]
_rules: dict[str, Rule] = {}


def rule(code: str) -> Callable[[Rule], Rule]:
    def decorate(func: Rule) -> Rule:
        _rules[code] = func
        return func

    return decorate


def rules() -> dict[str, Rule]:
    return dict(_rules)


def run_checks(codes: Iterable[str] | None = None) -> list[Finding]:
    selected = set(codes) if codes else None
    findings: list[Finding] = []
    for code, func in sorted(_rules.items()):
        if selected is None or code in selected:
            findings.extend(func())
    return findings


def visible_findings(user: Any, findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.instance is not None and can(user, VIEW, f.instance)]
