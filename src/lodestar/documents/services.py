"""Producing documents: render a language version in a format from the current data; issue it (the
snapshot and the exact bytes of every format kept); render it again as issued; open a corrigendum."""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lodestar.core import history
from lodestar.core.models import ObjectChange
from lodestar.core.permissions import CHANGE, can

from .assemble import assemble, from_snapshot, to_snapshot
from .models import Corrigendum, Document, Issue, IssuedFile
from .render import FORMATS, RENDERERS


def latest_issue(record: Document, lang: str) -> Issue | None:
    return record.issues.filter(language=lang).order_by("-issued_at", "-pk").first()


def render_document(
    record: Document, lang: str, fmt: str, *, user: Any = None, as_issued: bool = False
) -> bytes:
    if as_issued:
        issue = latest_issue(record, lang)
        if issue is None:
            raise ValueError(
                _("%(symbol)s has not been issued in this language.") % {"symbol": record.symbol}
            )
        return RENDERERS[fmt](from_snapshot(issue.snapshot))
    return RENDERERS[fmt](assemble(record, lang, user=user))


def _require_change(user: Any, record: Document) -> None:
    if user is not None and not can(user, CHANGE, record):
        raise PermissionDenied(_("Only a central analyst may issue this document or open a corrigendum."))


def check_issuable(record: Document, lang: str, *, user: Any = None) -> Corrigendum | None:
    """What ``issue`` refuses, checked without rendering anything (the background issue asks it
    before it queues the work); returns the open corrigendum, if any."""
    _require_change(user, record)
    if not record.versions.filter(language=lang).exists():
        raise ValidationError(
            _("%(symbol)s has no %(lang)s version.") % {"symbol": record.symbol, "lang": lang}
        )
    opened = record.corrigenda.filter(is_open=True).first()
    if record.issues.filter(language=lang).exists() and opened is None:
        raise ValidationError(
            _("%(symbol)s is already issued in this language; open a corrigendum to issue it again.")
            % {"symbol": record.symbol}
        )
    return opened


@transaction.atomic
def issue(record: Document, lang: str, *, user: Any = None, source: str = ObjectChange.Source.USER) -> Issue:
    """Issue the language version: the whole document as it stands now, from all the data (an issued
    document is the organisation's, not one reader's view), kept with the bytes of every format.
    From the web and the API this runs in the background worker (documents.jobs)."""
    # One issue at a time per document: a second one waits here, then finds this one issued.
    Document.objects.select_for_update().filter(pk=record.pk).first()
    opened = check_issuable(record, lang, user=user)
    doc = assemble(record, lang, user=None)
    snapshot = to_snapshot(doc)
    item = Issue.objects.create(
        document=record,
        language=lang,
        corrigendum=opened,
        issued_at=timezone.now(),
        issued_by=getattr(user, "username", "") or "",
        snapshot=snapshot,
    )
    rebuilt = from_snapshot(snapshot)  # the bytes come from the snapshot, as every later rendering will
    for fmt in FORMATS:
        content = RENDERERS[fmt](rebuilt)
        IssuedFile.objects.create(
            issue=item, format=fmt, content=content, sha256=hashlib.sha256(content).hexdigest()
        )
    if opened is not None:
        opened.is_open = False
        opened.save()
    history.record(ObjectChange.Action.CREATE, item, user=user, source=source)
    return item


@transaction.atomic
def open_corrigendum(record: Document, *, reason: str, user: Any = None) -> Corrigendum:
    _require_change(user, record)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the corrigendum."))
    if not record.issues.exists():
        raise ValidationError(
            _("%(symbol)s has not been issued: there is nothing to correct.") % {"symbol": record.symbol}
        )
    if record.corrigenda.filter(is_open=True).exists():
        raise ValidationError(_("A corrigendum of %(symbol)s is already open.") % {"symbol": record.symbol})
    number = (record.corrigenda.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    corrigendum = Corrigendum.objects.create(document=record, number=number, reason=reason.strip())
    history.record(ObjectChange.Action.CREATE, corrigendum, user=user, source=ObjectChange.Source.USER)
    return corrigendum
