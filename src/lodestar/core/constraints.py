"""Database constraints that give facts an identity and forbid impossible values.

``identity`` is a unique constraint over a fact's dimensions in which an empty dimension (a NULL
foreign key, e.g. "no component") counts as one value, so that two facts without a component
cannot both exist: SQL treats NULLs as distinct, so nullable columns are wrapped in COALESCE (an
expression index, enforced the same way on SQLite and PostgreSQL). The importer reads the
dimensions back from the constraint (``identity_fields``) to match a file row with its record.

``check`` is a check constraint whose message is the one the form, the API and the import show:
Django validates constraints in ``full_clean`` and in model forms, so the sentence is written once.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def identity(*fields: str, nullable: tuple[str, ...] = (), name: str) -> models.UniqueConstraint:
    """One record per combination of ``fields``; ``nullable`` foreign keys compare empty = empty."""
    if not nullable:
        return models.UniqueConstraint(
            fields=list(fields),
            name=name,
            violation_error_message=format_lazy(
                _("There is already a record with the same {fields}."), fields=", ".join(fields)
            ),
        )
    expressions = [
        Coalesce(f, models.Value(0), output_field=models.BigIntegerField()) if f in nullable else models.F(f)
        for f in fields
    ]
    return models.UniqueConstraint(
        *expressions,
        name=name,
        violation_error_message=format_lazy(
            _("There is already a record with the same {fields}."), fields=", ".join(fields)
        ),
    )


def check(condition: models.Q, *, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=condition, name=name, violation_error_message=message)


def _expression_field(expression: object) -> str | None:
    if isinstance(expression, models.F):
        return expression.name
    if isinstance(expression, Coalesce):
        return _expression_field(expression.source_expressions[0])
    return None


def identity_fields(model: type[models.Model]) -> tuple[str, ...]:
    """The dimensions of the model's first unique constraint (fields or COALESCE expressions)."""
    for constraint in model._meta.constraints:
        if not isinstance(constraint, models.UniqueConstraint) or constraint.condition is not None:
            continue
        if constraint.fields:
            return tuple(constraint.fields)
        names = [_expression_field(e) for e in constraint.expressions]
        if names and all(names):
            return tuple(n for n in names if n)
    return ()
