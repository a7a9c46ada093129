from __future__ import annotations

from django import forms

from .models import Preference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Preference
        fields = ["delivery"]
        widgets = {"delivery": forms.RadioSelect(attrs={"class": "form-check-input"})}
