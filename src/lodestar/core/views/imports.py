"""Import a CSV or XLSX file into a registered model: upload → preview with row errors → commit.

A large file is checked and committed by the background worker (core.importjobs): the page then
follows its batch (``?batch=<id>``) with a progress bar that htmx refreshes, and shows the preview
or the result when the worker is done."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import importing, importjobs, importtemplate
from ..models import ImportBatch
from ..permissions import IMPORT
from .generic import RegisteredView


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV or XLSX file"))


class ObjectImportView(RegisteredView):
    def get(self, request: HttpRequest) -> HttpResponse:
        self.require(IMPORT)
        if request.GET.get("batch", "").isdigit():
            return self.follow(int(request.GET["batch"]))
        return self.show(UploadForm())

    def _batch(self, pk: int) -> ImportBatch:
        return get_object_or_404(
            ImportBatch, pk=pk, user=self.request.user, model_label=self.registration.label
        )

    def follow(self, pk: int) -> HttpResponse:
        """A batch in the worker's hands: the progress bar while it runs (htmx asks again every
        second for the bar alone), then the preview, the refusal or the result."""
        batch = importjobs.refresh(self._batch(pk))
        url = f"{reverse(self.registration.url_name('import'))}?batch={batch.pk}"
        if batch.status in importjobs.ACTIVE:
            done, total = importjobs.progress_of(batch)
            progress = {
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if done is not None and total else None,
                "url": url,
            }
            if self.request.headers.get("HX-Request"):
                return render(self.request, "core/import_progress.html", {"batch": batch, **progress})
            return self.show(UploadForm(), batch=batch, progress=progress)
        if self.request.headers.get("HX-Request"):
            # Done: the whole page again, now with the preview or the result.
            response = HttpResponse()
            response["HX-Redirect"] = url
            return response
        if batch.status == ImportBatch.Status.COMMITTED:
            messages.success(
                self.request,
                _("Imported %(file)s: %(create)s created, %(update)s updated, %(unchanged)s unchanged.")
                % {
                    "file": batch.filename,
                    **{k: batch.summary.get(k, 0) for k in ("create", "update", "unchanged")},
                },
            )
            return redirect(self.registration.url_name("list"))
        result = importjobs.stored_result(batch)
        ok = batch.status == ImportBatch.Status.PREVIEW
        return self.show(
            UploadForm(),
            result,
            batch if ok else None,
            status=200,
            stored=batch.summary,
            refused=not ok,
            kept=None if ok else batch,
        )

    def show(
        self,
        form: UploadForm,
        result: importing.ImportResult | None = None,
        batch: ImportBatch | None = None,
        status: int = 200,
        progress: dict | None = None,
        stored: dict | None = None,
        refused: bool = False,
        kept: ImportBatch | None = None,
    ) -> HttpResponse:
        grid_headers, grid_rows = result.grid() if result is not None else ([], [])
        return render(
            self.request,
            "core/object_import.html",
            self.context(
                form=form,
                result=result,
                batch=batch,
                columns=importing.columns(self.registration),
                max_mb=settings.LODESTAR_MAX_UPLOAD_BYTES // (1024 * 1024),
                progress=progress,
                # A background preview keeps its counts and first rows, not every row.
                counts=stored if stored is not None else (result.counts() if result else None),
                error_count=(stored or {}).get("error_count")
                if stored
                else (result.error_count if result else 0),
                refused=refused or (result is not None and not result.ok),
                # The refused file, kept to be checked again without choosing it anew.
                kept=kept if kept is not None and kept.content else None,
                grid_headers=grid_headers,
                grid_rows=grid_rows,
            ),
            status=status,
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require(IMPORT)
        if "batch" in request.POST:
            return self.commit(request)
        if "recheck" in request.POST:
            return self.recheck(request)
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
        if importjobs.runs_in_background(content, upload.name):
            batch = importjobs.queue_check(
                self.registration, content=content, filename=upload.name, user=request.user
            )
            return redirect(f"{reverse(self.registration.url_name('import'))}?batch={batch.pk}")
        batch, result = importing.preview_upload(
            self.registration, content=content, filename=upload.name, user=request.user, max_bytes=limit
        )
        if result.ok:
            return self.show(UploadForm(), result, batch)
        return self.show(UploadForm(), result, status=400, kept=batch)

    def recheck(self, request: HttpRequest) -> HttpResponse:
        """The kept file of a refused preview, checked again (after what it names was corrected)."""
        raw = request.POST["recheck"]
        batch = self._batch(int(raw) if raw.isdigit() else 0)
        limit = settings.LODESTAR_MAX_UPLOAD_BYTES
        content = bytes(batch.content)
        if content and importjobs.runs_in_background(content, batch.filename):
            queued = importjobs.queue_check(
                self.registration, content=content, filename=batch.filename, user=request.user
            )
            return redirect(f"{reverse(self.registration.url_name('import'))}?batch={queued.pk}")
        try:
            batch, result = importing.recheck_batch(
                batch.pk, registration=self.registration, user=request.user, max_bytes=limit
            )
        except (importing.AlreadyCommitted, importing.FileNotKept) as error:
            messages.warning(request, str(error))
            return redirect(self.registration.url_name("import"))
        if result.ok:
            return self.show(UploadForm(), result, batch)
        return self.show(UploadForm(), result, status=400, kept=batch)

    def commit(self, request: HttpRequest) -> HttpResponse:
        batch = self._batch(int(request.POST["batch"]) if request.POST["batch"].isdigit() else 0)
        if importjobs.in_background(batch):
            try:
                importjobs.queue_commit(batch.pk, user=request.user)
            except importing.AlreadyCommitted as error:
                messages.warning(request, str(error))
            return redirect(f"{reverse(self.registration.url_name('import'))}?batch={batch.pk}")
        try:
            batch, result = importing.commit_batch(
                int(request.POST["batch"]), user=request.user, max_bytes=settings.LODESTAR_MAX_UPLOAD_BYTES
            )
        except importing.AlreadyCommitted as error:
            messages.warning(request, str(error))
            return redirect(self.registration.url_name("list"))
        if not result.ok:
            # The data changed since the preview: nothing was written; show why, row by row.
            return self.show(UploadForm(), result, status=400, kept=batch)
        messages.success(
            request,
            _("Imported %(file)s: %(create)s created, %(update)s updated, %(unchanged)s unchanged.")
            % {"file": batch.filename, **result.counts()},
        )
        return redirect(self.registration.url_name("list"))


class ImportTemplateView(RegisteredView):
    """The workbook to fill for this list's import (core.importtemplate), in the user's language."""

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require(IMPORT)
        return importtemplate.download(self.registration, request.user)
