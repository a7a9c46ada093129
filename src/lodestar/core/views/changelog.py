"""The change log: every change the user may read (core.permissions.restrict_changes), filtered by
who, what (the kind of record), when and entity, searched, paged by number and exported as CSV or
XLSX. A page costs the same number of queries whatever the number of changes it shows."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import history
from ..languages import data_code, is_rtl
from ..models import ObjectChange
from ..permissions import VIEW, can, restrict, restrict_changes
from ..registry import registry
from ..tabular import write_csv, write_xlsx

PER_PAGE = 50


class ChangeLogFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), required=False)
    who = forms.ChoiceField(label=gettext_lazy("Who"), required=False)
    what = forms.ChoiceField(label=gettext_lazy("What"), required=False)
    entity = forms.ChoiceField(label=gettext_lazy("Entity"), required=False)
    since = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, user: Any, changes: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("Everyone"))]
        names = changes.exclude(user_name="").order_by("user_name").values_list("user_name", flat=True)
        self.fields["who"].choices = everyone + [(n, n) for n in names.distinct()]
        kinds = sorted(
            (
                (str(ContentType.objects.get_for_model(r.model, for_concrete_model=False).pk), r)
                for r in registry
                if can(user, VIEW, r.model)
            ),
            key=lambda item: str(item[1].verbose_name_plural).casefold(),
        )
        self.fields["what"].choices = [("", _("All records"))] + [
            (pk, str(r.verbose_name_plural).capitalize()) for pk, r in kinds
        ]
        entity_model = apps.get_model("org", "Entity")
        entities = restrict(user, VIEW, entity_model).order_by("tree_path")
        self.entities = {str(e.pk): e for e in entities}
        self.fields["entity"].choices = [("", _("All entities"))] + [
            (pk, f"{'· ' * e.depth}{e}") for pk, e in self.entities.items()
        ]
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field, forms.ChoiceField)
                else "form-control form-control-sm"
            )
            field.widget.attrs["class"] = css

    def apply(self, changes: QuerySet) -> QuerySet:
        if not self.is_bound or not self.is_valid():
            return changes
        data = self.cleaned_data
        if data["q"]:
            q = data["q"]
            changes = changes.filter(Q(object_repr__icontains=q) | Q(user_name__icontains=q))
        if data["who"]:
            changes = changes.filter(user_name=data["who"])
        if data["what"]:
            changes = changes.filter(content_type_id=int(data["what"]))
        if data["entity"]:
            changes = changes.filter(entity_path__startswith=self.entities[data["entity"]].tree_path)
        zone = timezone.get_current_timezone()
        if data["since"]:
            start = datetime.datetime.combine(data["since"], datetime.time.min, tzinfo=zone)
            changes = changes.filter(time__gte=start)
        if data["until"]:
            end = datetime.datetime.combine(
                data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            changes = changes.filter(time__lt=end)
        return changes


def _field_text(change: ObjectChange) -> str:
    return "; ".join(
        f"{field}: {history.value_text(before)} → {history.value_text(after)}"
        for field, before, after in change.labelled_diff()
    )


def _rows(changes: list[ObjectChange]) -> Iterator[list[object]]:
    for change in changes:
        yield [
            timezone.localtime(change.time),
            change.user_name,
            change.get_source_display(),
            change.get_action_display(),
            str(ContentType.objects.get_for_id(change.content_type_id).name),
            change.object_repr,
            _field_text(change),
        ]


def _export(changes: QuerySet, fmt: str) -> HttpResponse:
    headers = [_("When"), _("Who"), _("Source"), _("Action"), _("What"), _("Record"), _("Changes")]
    rows = history.name_related(list(changes))  # names of many-to-many values, one query per model
    if fmt == "csv":
        text_rows = ([r[0].strftime("%Y-%m-%d %H:%M:%S"), *r[1:]] for r in _rows(rows))
        response = HttpResponse(
            write_csv([str(h) for h in headers], text_rows), content_type="text/csv; charset=utf-8"
        )
    else:
        content = write_xlsx(
            [str(h) for h in headers],
            _rows(rows),
            sheet_title=_("Change log"),
            right_to_left=is_rtl(data_code()),
        )
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="changes.{fmt}"'
    return response


@login_required
def change_log(request: HttpRequest) -> HttpResponse:
    changes = restrict_changes(request.user, ObjectChange.objects.select_related("content_type", "user"))
    form = ChangeLogFilter(request.GET or None, user=request.user, changes=changes)
    changes = form.apply(changes)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(changes, export)
    paginator = Paginator(changes, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = history.name_related(list(page.object_list))  # names, not ids, in one query
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return render(
        request,
        "core/change_log.html",
        {
            "page": page,
            "form": form,
            "query": query.urlencode(),
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
            "ellipsis": paginator.ELLIPSIS,
        },
    )
