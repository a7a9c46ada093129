"""The generic views every registered model gets: list, detail, add, edit, delete, history.

Every view reads through ``restrict`` and writes through the model's service.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from .. import history
from ..autocomplete import FILTER, enhance
from ..filters import filterset_class
from ..forms import form_class, style_widgets
from ..importing import export_file
from ..languages import data_code, is_rtl
from ..models import ObjectChange
from ..permissions import ADD, CHANGE, DELETE, EXPORT, IMPORT, VIEW, can, restrict
from ..registry import Registration
from ..scoped_cache import cached_for_scope
from ..services import ConflictError
from ..tables import table_class
from .display import detail_rows

PAGE_SIZES = (25, 50, 100, 250, 500)


class RegisteredView(LoginRequiredMixin, View):
    registration: Registration = None  # set by as_view(registration=…)

    def require(self, action: str, obj: Any = None) -> None:
        target = obj if obj is not None else self.registration.model
        if not can(self.request.user, action, target):
            raise PermissionDenied(_("You do not have permission for this."))

    def get_object(self, action: str = VIEW) -> Any:
        queryset = restrict(self.request.user, action, self.registration.base_queryset())
        try:
            return queryset.get(pk=self.kwargs["pk"])
        except self.registration.model.DoesNotExist as error:
            raise Http404(_("No such record, or it is outside your entities.")) from error

    def context(self, **extra: Any) -> dict[str, Any]:
        user = self.request.user
        r = self.registration
        return {
            "registration": r,
            "model_name": r.verbose_name,
            "model_name_plural": r.verbose_name_plural,
            "can_add": can(user, ADD, r.model),
            "can_import": can(user, IMPORT, r.model),
            "can_export": can(user, EXPORT, r.model),
            "list_url": reverse(r.url_name("list")),
            **extra,
        }


class ObjectListView(RegisteredView):
    def get(self, request: HttpRequest) -> HttpResponse:
        r = self.registration
        self.require(VIEW)
        export = request.GET.get("export")
        action = EXPORT if export else VIEW
        # An export writes every column; a page reads only the relations its columns show.
        base = r.base_queryset() if export else r.list_queryset()
        queryset = restrict(request.user, action, base).order_by(*r.ordering)
        filterset = filterset_class(r)(request.GET or None, queryset=queryset, request=request)

        @functools.cache
        def filtered() -> Any:
            # Building the filter form asks for its choices: only a miss of the cache (or an
            # export) pays for it.
            style_widgets(filterset.form, small=True)
            return filterset.qs if filterset.is_bound and filterset.is_valid() else queryset

        if export in ("csv", "xlsx"):
            self.require(EXPORT)
            content = export_file(r, filtered(), export, right_to_left=is_rtl(data_code()))
            response = HttpResponse(
                content,
                content_type="text/csv; charset=utf-8"
                if export == "csv"
                else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{r.model_name}.{export}"'
            return response
        try:
            per_page = int(request.GET.get("per_page", 50))
        except ValueError:
            per_page = 50
        per_page = per_page if per_page in PAGE_SIZES else 50

        def rendered() -> tuple[str, str, str, int]:
            rows = filtered()
            # Filters over many records ask the autocomplete endpoint instead of listing every choice.
            enhance(filterset.form, r, FILTER)
            filters = render_to_string("core/_list_filters.html", {"filterset": filterset}, request=request)
            errors = render_to_string("core/_list_filter_errors.html", {"filterset": filterset})
            table = table_class(r)(rows)
            RequestConfig(request, paginate={"per_page": per_page}).configure(table)
            return filters, errors, table.as_html(request), table.paginator.count

        # The rows and the filters' choices depend only on the reader's scope, the query and the
        # data: readers of one scope share them until the next recorded write (core.scoped_cache).
        key = f"{data_code()}|{per_page}|{request.GET.urlencode()}"
        filters_html, errors_html, table_html, total = cached_for_scope(
            f"list:{r.model._meta.label_lower}", request.user, key, rendered
        )
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "core/object_list.html",
            self.context(
                rows=SimpleLazyObject(filtered),  # the filtered records, for a caller that reads them
                # All rendered by templates (autoescaped) before they were cached.
                filters_html=mark_safe(filters_html),  # noqa: S308
                filter_errors_html=mark_safe(errors_html),  # noqa: S308
                table_html=mark_safe(table_html),  # noqa: S308
                page_sizes=PAGE_SIZES,
                per_page=per_page,
                query=query.urlencode(),
                total=total,
            ),
        )


class ObjectDetailView(RegisteredView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        r = self.registration
        extra = r.extra_context(request, obj) if r.extra_context else {}
        return render(
            request,
            r.detail_template or "core/object_detail.html",
            self.context(
                object=obj,
                rows=detail_rows(r, obj),
                can_change=can(request.user, CHANGE, obj),
                can_delete=can(request.user, DELETE, obj),
                **extra,
            ),
        )


class ObjectEditView(RegisteredView):
    """Add (no pk) or edit (pk) through the model's service; concurrent edits are refused."""

    def _form(self, obj: Any, data: Any = None) -> Any:
        action = CHANGE if obj is not None else ADD
        initial = {}
        if obj is None:
            initial = {k: v for k, v in self.request.GET.items() if k in self.registration.editable_fields}
        return form_class(self.registration)(
            data=data,
            instance=obj,
            initial=initial,
            user=self.request.user,
            registration=self.registration,
            action=action,
        )

    def _obj(self) -> Any:
        if "pk" not in self.kwargs:
            self.require(ADD)
            return None
        obj = self.get_object(CHANGE)
        return obj

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self._obj()
        return self.show(obj, self._form(obj))

    def show(self, obj: Any, form: Any, status: int = 200) -> HttpResponse:
        # Only a form that is shown asks whether its relations need an autocomplete (a count each):
        # imports validate every row with the same form and never render it.
        enhance(form, self.registration, CHANGE if obj is not None else ADD)
        return render(
            self.request, "core/object_form.html", self.context(object=obj, form=form), status=status
        )

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        obj = self._obj()
        form = self._form(obj, request.POST)
        if not form.is_valid():
            return self.show(obj, form, status=400)
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        service = self.registration.service
        try:
            if obj is None:
                saved = service.create(data=data, user=request.user, source=ObjectChange.Source.USER)
            else:
                saved = service.update(
                    obj,
                    data=data,
                    user=request.user,
                    expected_version=form.cleaned_data.get("version"),
                    source=ObjectChange.Source.USER,
                )
        except ConflictError as error:
            form.add_error(None, str(error))
            return self.show(obj, form, status=409)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self.show(obj, form, status=400)
        messages.success(request, _("Saved %(object)s.") % {"object": saved})
        return redirect(saved.get_absolute_url())


class ObjectDeleteView(RegisteredView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(DELETE)
        return render(request, "core/object_delete.html", self.context(object=obj))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object(DELETE)
        try:
            self.registration.service.delete(obj, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted %(object)s.") % {"object": obj})
        return redirect(self.registration.url_name("list"))


class ObjectHistoryView(RegisteredView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get_object()
        changes = history.name_related(list(history.changes_for(obj)[:500]))
        return render(request, "core/object_history.html", self.context(object=obj, changes=changes))
