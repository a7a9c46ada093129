"""An organisation's own vocabularies: the kinds of its entities, its location classes, its grades
and grade categories. Each organisation (a root of the entity tree) keeps its own lists; nothing of
the UN's is in code (the UN's lists are reference data). See docs/decisions/0011-organisations.md.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from lodestar.core.models import OrganisationOwnedModel
from lodestar.core.translation import TranslatedModelMixin, TranslatedTextField

VOCABULARY_CODE_HELP = _("A short stable code used in import files, unique in the organisation.")


def organisation_of(entity: Any) -> Any:
    """The organisation (root of the tree) that ``entity`` belongs to; itself for a root."""
    if entity is None:
        return None
    Entity = type(entity)
    root_id = entity.tree_path.split("/")[1] if entity.tree_path.count("/") >= 2 else ""
    if root_id.isdigit():
        if int(root_id) == entity.pk:
            return entity
        return Entity.objects.filter(pk=int(root_id)).first()
    node = entity
    while node.parent_id is not None:
        node = node.parent
    return node


def codes_of(model: type[models.Model], organisation: Any) -> set[str] | None:
    """Codes an organisation defines in a vocabulary; None when it defines none (not yet set up)."""
    if organisation is None:
        return None
    codes = set(model._default_manager.filter(organisation=organisation).values_list("code", flat=True))
    return codes or None


def check_code(model: type[models.Model], organisation: Any, field: str, value: str) -> None:
    """Refuse a code the organisation's vocabulary does not define, listing the allowed ones."""
    allowed = codes_of(model, organisation)
    if value and allowed is not None and value not in allowed:
        raise ValidationError(
            {
                field: _("“%(value)s” is not one of the %(vocabulary)s of %(organisation)s: %(allowed)s.")
                % {
                    "value": value,
                    "vocabulary": model._meta.verbose_name_plural,
                    "organisation": organisation.acronym or organisation.code,
                    "allowed": ", ".join(sorted(allowed)),
                }
            }
        )


class VocabularyEntry(TranslatedModelMixin, OrganisationOwnedModel):
    """A code and its name in one of an organisation's lists, in the order its tables print."""

    code = models.CharField(_("code"), max_length=40, help_text=VOCABULARY_CODE_HELP)
    name = TranslatedTextField(_("name"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order in tables"), default=0)

    class Meta:
        abstract = True
        ordering = ["organisation", "order", "code"]

    def __str__(self) -> str:
        return self.tr("name") or self.code


class EntityKind(VocabularyEntry):
    """A kind of entity: department, office away from headquarters, peacekeeping mission…"""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("entity kind")
        verbose_name_plural = _("entity kinds")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="org_entitykind_code_unique")
        ]


class LocationClass(VocabularyEntry):
    """A location class the documents report by (the UN's: Headquarters, offices away, missions)."""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("location class")
        verbose_name_plural = _("location classes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="org_locationclass_code_unique")
        ]


class GradeCategory(VocabularyEntry):
    """A category of grades that the post tables subtotal (the UN's: Professional and higher,
    General Service and related)."""

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("grade category")
        verbose_name_plural = _("grade categories")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="org_gradecategory_code_unique")
        ]


class Grade(VocabularyEntry):
    """A grade of post (the UN's USG … P-2/1, GS (OL), FS, NPO…), in its category and table order."""

    class Recruitment(models.TextChoices):
        INTERNATIONAL = "international", _("Internationally recruited")
        LOCAL = "local", _("Locally recruited")

    category = models.ForeignKey(
        GradeCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="grades",
        help_text=_("The category whose subtotal counts posts of this grade."),
    )
    recruitment = models.CharField(
        _("recruitment"), max_length=15, choices=Recruitment.choices, default=Recruitment.INTERNATIONAL
    )

    class Meta(VocabularyEntry.Meta):
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="org_grade_code_unique")]

    def clean(self) -> None:
        super().clean()
        if (
            self.category_id
            and self.organisation_id
            and self.category.organisation_id != self.organisation_id
        ):
            raise ValidationError({"category": _("The category belongs to another organisation.")})
