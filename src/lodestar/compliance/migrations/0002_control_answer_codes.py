"""The answers to self-certification controls become stable codes ("partly compliant" →
"partly_compliant"), shown in the reader's language; the questions' choice lists follow."""

from __future__ import annotations

from typing import Any

from django.db import migrations

OLD_TO_NEW = {"compliant": "compliant", "partly compliant": "partly_compliant", "not compliant": "not_compliant"}
NEW_TO_OLD = {new: old for old, new in OLD_TO_NEW.items()}


def _convert(apps: Any, mapping: dict[str, str]) -> None:
    Control = apps.get_model("compliance", "CertificationControl")
    CampaignItem = apps.get_model("campaigns", "CampaignItem")
    Answer = apps.get_model("campaigns", "Answer")
    items = list(Control.objects.values_list("answer_item_id", flat=True))
    for item in CampaignItem.objects.filter(pk__in=items):
        codes = [c.strip() for c in item.choices.split(";") if c.strip()]
        item.choices = ";".join(mapping.get(c, c) for c in codes)
        item.save(update_fields=["choices"])
    for old, new in mapping.items():
        if old != new:
            Answer.objects.filter(item_id__in=items, value=old).update(value=new)


def forwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, OLD_TO_NEW)


def backwards(apps: Any, schema_editor: Any) -> None:
    _convert(apps, NEW_TO_OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0001_policies_certification_security"),
        ("campaigns", "0001_campaigns_assignments_answers"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
