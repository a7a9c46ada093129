"""The portfolio dashboard's filter: a strategic programme and an entity, each a drop-down or, past
``core.autocomplete.THRESHOLD`` choices (120 entities), a search asking the autocomplete endpoint for
the same records (what the user may view)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lodestar.core.autocomplete import offer, viewable_url
from lodestar.core.permissions import VIEW, restrict
from lodestar.org.models import Entity

from .models import Programme


class DashboardFilter(forms.Form):
    programme = forms.ModelChoiceField(
        Programme.objects.none(), required=False, empty_label=_("All"), label=_("Strategic programme")
    )
    entity = forms.ModelChoiceField(
        Entity.objects.none(), required=False, empty_label=_("All"), label=_("Entity")
    )

    def __init__(self, data: Any, *, user: Any) -> None:
        super().__init__(data, auto_id="%s")  # the ids the dashboard's labels point at
        self.fields["programme"].queryset = restrict(user, VIEW, Programme.objects.all()).order_by("code")
        self.fields["entity"].queryset = restrict(user, VIEW, Entity.objects.all()).order_by("tree_path")
        for name, model in (("programme", Programme), ("entity", Entity)):
            field = self.fields[name]
            field.label_from_instance = lambda record: record.code
            field.widget.attrs["class"] = "form-select form-select-sm"
            offer(field, viewable_url(model))


def chosen_entity(user: Any, data: Any) -> Entity | None:
    """The entity asked for, if the user may view it (one query; none when no entity is asked),
    without building the form: only a miss of the dashboard's cached part renders it."""
    value = str(data.get("entity", ""))
    if not value.isdigit():
        return None
    return restrict(user, VIEW, Entity.objects.all()).filter(pk=int(value)).first()
