"""Import a CSV or XLSX file into a registered model: upload → preview with row errors → commit."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
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
        batch, result = importing.preview_upload(
            self.registration, content=upload.read(), filename=upload.name, user=request.user, max_bytes=limit
        )
        return self.show(UploadForm(), result, batch if result.ok else None, status=200 if result.ok else 400)

    def commit(self, request: HttpRequest) -> HttpResponse:
        get_object_or_404(
            ImportBatch, pk=request.POST["batch"], user=request.user, model_label=self.registration.label
        )
        try:
            batch, result = importing.commit_batch(
                int(request.POST["batch"]), user=request.user, max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES
            )
        except importing.AlreadyCommitted as error:
            messages.warning(request, str(error))
            return redirect(self.registration.url_name("list"))
        if not result.ok:
            # The data changed since the preview: nothing was written; show why, row by row.
            return self.show(UploadForm(), result, status=400)
        messages.success(
            request,
            _("Imported %(file)s: %(create)s created, %(update)s updated, %(unchanged)s unchanged.")
            % {"file": batch.filename, **result.counts()},
        )
        return redirect(self.registration.url_name("list"))
