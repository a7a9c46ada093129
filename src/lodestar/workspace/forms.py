from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery", "language"]
        widgets = {
            "delivery": forms.RadioSelect(attrs={"class": "form-check-input"}),
            "language": forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The empty choice is the site's default language, named as such rather than "---------".
        choices = [c for c in self.fields["language"].choices if c[0]]
        self.fields["language"].choices = [("", _("The site's default language")), *choices]
