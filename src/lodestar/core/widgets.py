"""The autocomplete widget: a relation with many choices rendered without its option list.

Server-side it prints only the chosen record(s), as hidden inputs under the field's own name (so
the form and the filter read the same values as from a drop-down), and a text input that
``lodestar.js`` turns into an ARIA 1.2 combobox asking ``core.autocomplete`` for matches.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class AutocompleteSelect(forms.Select):
    template_name = "core/widgets/autocomplete.html"
    allow_multiple_selected = False

    def __init__(self, url: str, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        self.url = url

    def selected(self, values: list[str]) -> list[dict[str, Any]]:
        """The chosen records, read in one query from the field's own (scoped) choices."""
        wanted = [v for v in values if v not in ("", None)]
        queryset = getattr(self.choices, "queryset", None)
        if not wanted or queryset is None:
            return []
        try:
            found = {str(obj.pk): obj for obj in queryset.prefetch_related(None).filter(pk__in=wanted)}
        except (ValueError, TypeError, ValidationError):  # a value typed into the address
            return []
        return [{"id": v, "text": str(found[v])} for v in wanted if v in found]

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        # Not Select's context: it would walk every choice to build the option groups.
        context = forms.Widget.get_context(self, name, value, attrs)
        widget = context["widget"]
        widget["selected"] = self.selected(self.format_value(value))
        widget["multiple"] = self.allow_multiple_selected
        widget["url"] = self.url
        # Sentences lodestar.js completes (its %(…)s placeholders filled in the browser).
        widget["texts"] = {
            "count": _("Matches: %(count)s. Use the up and down arrows to choose."),
            "remove": _("Remove %(name)s"),
            "added": _("Added %(name)s"),
        }
        widget["listbox_id"] = f"{widget['attrs'].get('id') or name}-listbox"
        return context


class AutocompleteSelectMultiple(AutocompleteSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # as SelectMultiple: an empty choice submits nothing
