"""Import a CSV or XLSX file into a registered model: upload → preview with row errors → commit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import importing
from ..models import ImportBatch
from ..permissions import IMPORT
from .generic import RegisteredView


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class ObjectImportView(RegisteredView):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.require(IMPORT)
        return self.show(UploadForm())

    def show(
        self,
        form: UploadForm,
        result: importing.ImportResult | None = None,
        batch: ImportBatch | None = None,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            self.request,
            "core/object_import.html",
            self.context(
                form=form,
                result=result,
                batch=batch,
                columns=importing.columns(self.registration),
                max_mb=settings.LODESTAR_MAX_UPLOAD_BYTES // (1024 * 1024),
            ),
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require(IMPORT)
        if "batch" in request.POST:
            return self.commit(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form, status=400)
        upload = form.cleaned_data["file"]
        limit = settings.LODESTAR_MAX_UPLOAD_BYTES
        if upload.size > limit:
            result = importing.ImportResult(
                file_errors=[
                    _("The file is %(size).1f MB; the limit is %(limit).1f MB. Split it into smaller files.")
                    % {"size": upload.size / 1048576, "limit": limit / 1048576}
                ]
            )
            return self.show(form, result, status=400)
        content = upload.read()
        result = importing.read(
            self.registration, content=content, filename=upload.name, user=request.user, max_bytes=limit
        )
        batch = ImportBatch.objects.create(
            user=request.user,
            model_label=self.registration.label,
            filename=upload.name[:255],
            content=content,
            status=ImportBatch.Status.PREVIEW if result.ok else ImportBatch.Status.REFUSED,
            summary={**result.counts(), "errors": result.messages()[:1000]},
        )
        return self.show(UploadForm(), result, batch if result.ok else None, status=200 if result.ok else 400)

    def commit(self, request: HttpRequest) -> HttpResponse:
        batch = get_object_or_404(
            ImportBatch,
            pk=request.POST["batch"],
            user=request.user,
            model_label=self.registration.label,
            status=ImportBatch.Status.PREVIEW,
        )
        # Validate again: the data may have changed since the preview.
        result = importing.read(
            self.registration,
            content=bytes(batch.content),
            filename=batch.filename,
            user=request.user,
            max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES,
        )
        try:
            counts = importing.commit(self.registration, result, user=request.user, batch=batch)
        except ValidationError as error:
            batch.status = ImportBatch.Status.REFUSED
            batch.summary = {**batch.summary, "errors": error.messages[:1000]}
            batch.save(update_fields=["status", "summary"])
            if not result.file_errors and result.ok:
                result.file_errors.extend(error.messages)
            return self.show(UploadForm(), result, status=400)
        batch.status = ImportBatch.Status.COMMITTED
        batch.summary = counts
        batch.save(update_fields=["status", "summary"])
        messages.success(
            request,
            _("Imported %(file)s: %(create)s created, %(update)s updated, %(unchanged)s unchanged.")
            % {"file": batch.filename, **counts},
        )
        return redirect(self.registration.url_name("list"))
