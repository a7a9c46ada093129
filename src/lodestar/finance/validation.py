"""Checks that a budget record uses its organisation's vocabulary: the section's organisation's
funding sources, objects of expenditure, grades and grade categories (docs/decisions/0011)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def check_grade(record: Any) -> None:
    """A post's grade and category are codes of its section's organisation's grade vocabulary; and
    its funding source is one of that organisation's."""
    from lodestar.org.vocabularies import Grade, GradeCategory, check_code, organisation_of

    if not record.section_id:
        return
    organisation = organisation_of(record.section.entity)
    check_code(Grade, organisation, "grade", record.grade)
    check_code(GradeCategory, organisation, "category", record.category)
    if record.grade and record.category and organisation is not None:
        grade = Grade.objects.filter(organisation=organisation, code=record.grade).select_related("category")
        grade = grade.first()
        if grade is not None and grade.category.code != record.category:
            raise ValidationError(
                {
                    "category": _("Grade %(grade)s is in category %(category)s.")
                    % {"grade": grade.code, "category": grade.category.code}
                }
            )
    check_source(record, organisation)


def check_source(record: Any, organisation: Any) -> None:
    """A fact's funding source and object of expenditure are its section's organisation's."""
    if organisation is None:
        return
    source = record.funding_source if record.funding_source_id else None
    if source is not None and source.organisation_id != organisation.pk:
        raise ValidationError({"funding_source": _("The funding source belongs to another organisation.")})
    obj = record.object if getattr(record, "object_id", None) else None
    if obj is not None and obj.organisation_id != organisation.pk:
        raise ValidationError({"object": _("The object of expenditure belongs to another organisation.")})


def check_vocabulary(record: Any) -> None:
    from lodestar.org.vocabularies import organisation_of

    if record.section_id:
        check_source(record, organisation_of(record.section.entity))
