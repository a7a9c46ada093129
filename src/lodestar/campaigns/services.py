"""The campaign workflow: launch (one assignment per entity in scope), answer (questions typed,
sections uploaded and checked cell by cell with the import contract), submit, return with a reason,
accept (the sections' rows become the entity's records, the import batch named in their history),
and copy for next year with last year's accepted answers pre-filled.

Every entry point (web pages, API, management commands) calls these functions.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lodestar.core import handoffs, importing
from lodestar.core.models import ImportBatch, ObjectChange
from lodestar.core.permissions import CHANGE, can
from lodestar.core.registry import Registration, registry
from lodestar.core.services import ConflictError, ModelService
from lodestar.org.models import Entity

from .models import Answer, Assignment, Campaign, CampaignItem, SectionFile

# Custom actions of the Assignment policy (registrations.py): who answers, who reviews.
ANSWER = "answer"
DECIDE = "decide"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024

State = Assignment.State
Source = ObjectChange.Source
OPEN_STATES = (State.NOT_STARTED, State.IN_PROGRESS, State.RETURNED)

REFUSED = {
    "answer": gettext_lazy("This assignment is submitted or accepted; it can no longer be changed."),
    "submit": gettext_lazy("Only an assignment not yet submitted (or returned) can be submitted."),
    "accept": gettext_lazy("Only a submitted assignment can be accepted."),
    "return": gettext_lazy("Only a submitted assignment can be returned."),
}


def _service(model: type) -> ModelService:
    registration = registry.get(model)
    return registration.service if registration is not None else ModelService(model)


def may_answer(user: Any, assignment: Assignment) -> bool:
    return (
        assignment.state in OPEN_STATES
        and assignment.campaign.status == Campaign.Status.OPEN
        and can(user, ANSWER, assignment)
    )


def may_decide(user: Any, assignment: Assignment) -> bool:
    return assignment.state == State.SUBMITTED and can(user, DECIDE, assignment)


def _require(user: Any, action: str, assignment: Assignment, check: bool) -> None:
    if check and not can(user, action, assignment):
        raise PermissionDenied(_("You may not do this for this entity's assignment."))


# Scope and launch ---------------------------------------------------------------------------


def location_classes(entity_ids: set[int] | list[int]) -> dict[int, str]:
    """The effective location class of each entity (its own, else its nearest ancestor's), from one
    read of the tree whatever its depth."""
    tree = dict(Entity.objects.values_list("pk", "parent_id"))
    own = dict(Entity.objects.exclude(location_class="").values_list("pk", "location_class"))
    result = {}
    for pk in entity_ids:
        node: int | None = pk
        while node is not None and node not in own:
            node = tree.get(node)
        result[pk] = own.get(node, "") if node is not None else ""
    return result


def entities_in_scope(campaign: Campaign) -> QuerySet[Entity]:
    """The entities a campaign asks: those chosen one by one, and those below its tree node that
    match its filter (type, location class)."""
    condition = Q(pk__in=campaign.scope_entities.values("pk")) if campaign.pk else Q(pk__in=[])
    if campaign.scope_root_id:
        below = Q(tree_path__startswith=campaign.scope_root.tree_path) & ~Q(pk=campaign.scope_root_id)
        if campaign.kind_codes():
            below &= Q(kind__in=campaign.kind_codes())
        selected = list(Entity.objects.filter(below).values_list("pk", flat=True))
        if campaign.scope_location_class:
            classes = location_classes(selected)
            selected = [pk for pk in selected if classes[pk] == campaign.scope_location_class]
        condition |= Q(pk__in=selected)
    return Entity.objects.filter(condition).filter(valid_to__isnull=True).order_by("code")


@transaction.atomic
def launch(campaign: Campaign, *, user: Any, source: str = Source.USER, check: bool = True) -> int:
    """Open the campaign: one assignment per entity in scope (pre-filled from the campaign it was
    copied from). Returns the number of assignments created."""
    if check and not can(user, CHANGE, campaign):
        raise PermissionDenied(_("You may not launch this campaign."))
    if campaign.status != Campaign.Status.DRAFT:
        raise ValidationError(_("Only a draft campaign can be launched."))
    if not campaign.items.exists():
        raise ValidationError(_("Add at least one question or section before launching the campaign."))
    entities = list(entities_in_scope(campaign))
    if not entities:
        raise ValidationError(_("No entity is in the scope of this campaign: choose entities or a filter."))
    service = _service(Assignment)
    created = 0
    existing = set(campaign.assignments.values_list("entity_id", flat=True))
    for entity in entities:
        if entity.pk in existing:
            continue
        assignment = service.create(
            data={"campaign": campaign, "entity": entity}, user=user, source=source, check=False
        )
        created += 1
        if campaign.previous_id:
            _prefill(assignment, campaign.previous, user=user)
        handoffs.announce(assignment, handoffs.ASSIGNMENT_ISSUED, actor=user)
    _service(Campaign).update(
        campaign, data={"status": Campaign.Status.OPEN}, user=user, source=source, check=False
    )
    return created


def close(campaign: Campaign, *, user: Any, source: str = Source.USER, check: bool = True) -> Campaign:
    if check and not can(user, CHANGE, campaign):
        raise PermissionDenied(_("You may not close this campaign."))
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("Only an open campaign can be closed."))
    return _service(Campaign).update(
        campaign, data={"status": Campaign.Status.CLOSED}, user=user, source=source, check=False
    )


# Answering ----------------------------------------------------------------------------------


def mark_opened(assignment: Assignment, *, user: Any) -> None:
    """The first time a person who may answer opens the assignment (for the 'never opened' list)."""
    if assignment.opened_at is None and can(user, ANSWER, assignment):
        Assignment.objects.filter(pk=assignment.pk, opened_at__isnull=True).update(opened_at=timezone.now())
        assignment.opened_at = timezone.now()


def _check_answerable(assignment: Assignment, user: Any, check: bool) -> Assignment:
    current = Assignment.objects.select_related("campaign", "entity").get(pk=assignment.pk)
    _require(user, ANSWER, current, check)
    if current.campaign.status != Campaign.Status.OPEN:
        raise ValidationError(_("The campaign is not open for answers."))
    if current.state not in OPEN_STATES:
        raise ValidationError(str(REFUSED["answer"]))
    return current


def _move(
    assignment: Assignment, state: str, *, user: Any, source: str, extra: dict | None = None
) -> Assignment:
    saved = _service(Assignment).update(
        assignment, data={"state": state, **(extra or {})}, user=user, source=source, check=False
    )
    if state in HANDOFFS:
        handoffs.announce(saved, HANDOFFS[state], actor=user)
    return saved


# The hand-off each move announces (core.handoffs; the workspace notifies the next person).
HANDOFFS = {
    State.SUBMITTED: handoffs.ASSIGNMENT_SUBMITTED,
    State.RETURNED: handoffs.ASSIGNMENT_RETURNED,
    State.ACCEPTED: handoffs.ASSIGNMENT_ACCEPTED,
}


def check_answer(item: CampaignItem, raw: str) -> str | None:
    """The problem with an answer to a question, or None."""
    value = raw.strip()
    if not value:
        return _("An answer is required.") if item.required else None
    if item.kind == CampaignItem.Kind.NUMBER:
        try:
            decimal.Decimal(value.replace(",", ""))
        except decimal.InvalidOperation:
            return _("“%(value)s” is not a number.") % {"value": value}
    elif item.kind == CampaignItem.Kind.YES_NO and value not in ("yes", "no"):
        return _("Answer yes or no.")
    elif item.kind == CampaignItem.Kind.DATE:
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}
    elif item.kind == CampaignItem.Kind.CHOICE and item.choice_code(value) is None:
        return _("Choose one of: %(choices)s.") % {
            "choices": ", ".join(words for _code, words in item.choice_options())
        }
    return None


@transaction.atomic
def save_answers(
    assignment: Assignment,
    values: dict[str, str],
    *,
    user: Any,
    source: str = Source.USER,
    check: bool = True,
) -> dict[str, str]:
    """Store the answers given (by item code). Returns {code: problem}; nothing is written when
    an answer has a problem. Blank required answers are reported at submission, not here."""
    current = _check_answerable(assignment, user, check)
    items = {i.code: i for i in current.campaign.items.exclude(kind=CampaignItem.Kind.SECTION)}
    unknown = [code for code in values if code not in items]
    if unknown:
        return dict.fromkeys(unknown, _("This campaign asks no question with this code."))
    problems = {}
    for code, raw in values.items():
        problem = check_answer(items[code], str(raw)) if str(raw).strip() else None
        if problem:
            problems[code] = problem
    if problems:
        return problems
    stored = {a.item_id: a for a in current.answers.all()}
    service = _service(Answer)
    for code, raw in values.items():
        item = items[code]
        text = str(raw).strip()
        if text and item.kind == CampaignItem.Kind.CHOICE:
            text = item.choice_code(text) or text  # stored as the stable code, shown as words
        if item.pk in stored:
            service.update(stored[item.pk], data={"value": text}, user=user, source=source, check=False)
        elif text:
            service.create(
                data={"assignment": current, "item": item, "value": text},
                user=user,
                source=source,
                check=False,
            )
    if current.state == State.NOT_STARTED:
        _move(current, State.IN_PROGRESS, user=user, source=source)
    return {}


def section_registration(item: CampaignItem) -> Registration:
    return registry.by_label(item.list_label)


def check_section(
    assignment: Assignment, item: CampaignItem, *, content: bytes, filename: str, user: Any
) -> tuple[importing.ImportResult, list[dict[str, Any]]]:
    """Validate a section's spreadsheet with the import contract, and keep every row to the
    assignment's entity (or below it). Problems name the row and the column."""
    registration = section_registration(item)
    result = importing.read(
        registration, content=content, filename=filename, user=user, max_bytes=MAX_UPLOAD_BYTES
    )
    problems: list[dict[str, Any]] = [{"row": None, "message": m} for m in result.file_errors]
    path = assignment.entity.tree_path
    owner_field = getattr(registration.model, "scope_field", None)
    for row in result.rows:
        problems.extend({"row": row.row, "message": e} for e in row.errors)
        owner = row.data.get(owner_field) if owner_field == "entity" else None
        if owner is not None and not owner.tree_path.startswith(path):
            message = _("column entity: %(code)s is not %(entity)s or one of its units.") % {
                "code": owner.code,
                "entity": assignment.entity.code,
            }
            row.errors.append(message)
            problems.append({"row": row.row, "message": message})
    if not result.rows and not result.file_errors:
        problems.append({"row": None, "message": _("The file has no rows.")})
    return result, problems


@transaction.atomic
def upload_section(
    assignment: Assignment,
    item: CampaignItem,
    *,
    content: bytes,
    filename: str,
    user: Any,
    source: str = Source.USER,
    check: bool = True,
) -> SectionFile:
    """Keep the uploaded spreadsheet of a section (replacing an earlier one) with its problems."""
    current = _check_answerable(assignment, user, check)
    if item.campaign_id != current.campaign_id or item.kind != CampaignItem.Kind.SECTION:
        raise ValidationError(_("This campaign has no such spreadsheet section."))
    result, problems = check_section(current, item, content=content, filename=filename, user=user)
    service = _service(SectionFile)
    data = {
        "filename": filename[:255],
        "content": content,
        "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
        "row_count": len(result.rows),
        "problems": problems,
    }
    stored = SectionFile.objects.filter(assignment=current, item=item).first()
    if stored is not None:
        saved = service.update(stored, data=data, user=user, source=source, check=False)
    else:
        saved = service.create(
            data={"assignment": current, "item": item, **data}, user=user, source=source, check=False
        )
    if current.state == State.NOT_STARTED:
        _move(current, State.IN_PROGRESS, user=user, source=source)
    return saved


def missing(assignment: Assignment) -> list[str]:
    """What stops the assignment from being submitted, one sentence each."""
    answers = {a.item_id: a.value for a in assignment.answers.all()}
    files = {f.item_id: f for f in assignment.section_files.all()}
    problems = []
    for item in assignment.campaign.items.all():
        if item.kind == CampaignItem.Kind.SECTION:
            file = files.get(item.pk)
            if file is None and item.required:
                problems.append(_("%(item)s: upload the spreadsheet.") % {"item": item.tr("label")})
            elif file is not None and file.problems:
                problems.append(
                    _("%(item)s: the spreadsheet has %(count)s problem(s); correct them and upload it again.")
                    % {"item": item.tr("label"), "count": len(file.problems)}
                )
        else:
            problem = check_answer(item, answers.get(item.pk, ""))
            if problem:
                problems.append(f"{item.tr('label')}: {problem}")
    return problems


def _locked(assignment: Assignment, expected_version: int | None) -> Assignment:
    current = (
        Assignment.objects.select_for_update().select_related("campaign", "entity").get(pk=assignment.pk)
    )
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(current, expected_version)
    return current


@transaction.atomic
def submit(
    assignment: Assignment,
    *,
    user: Any,
    source: str = Source.USER,
    expected_version: int | None = None,
    check: bool = True,
) -> Assignment:
    current = _locked(assignment, expected_version)
    _require(user, ANSWER, current, check)
    if current.state not in OPEN_STATES or current.campaign.status != Campaign.Status.OPEN:
        raise ValidationError(str(REFUSED["submit"]))
    problems = missing(current)
    if problems:
        raise ValidationError(problems)
    return _move(current, State.SUBMITTED, user=user, source=source, extra={"submitted_at": timezone.now()})


@transaction.atomic
def return_(
    assignment: Assignment,
    *,
    reason: str,
    user: Any,
    source: str = Source.USER,
    expected_version: int | None = None,
    check: bool = True,
) -> Assignment:
    current = _locked(assignment, expected_version)
    _require(user, DECIDE, current, check)
    if current.state != State.SUBMITTED:
        raise ValidationError(str(REFUSED["return"]))
    if not reason.strip():
        raise ValidationError(_("Say why the submission is returned, so the entity can correct it."))
    return _move(
        current,
        State.RETURNED,
        user=user,
        source=source,
        extra={"return_reason": reason.strip(), "decided_at": timezone.now(), "decided_by": user},
    )


@transaction.atomic
def accept(
    assignment: Assignment,
    *,
    user: Any,
    source: str = Source.USER,
    expected_version: int | None = None,
    check: bool = True,
) -> Assignment:
    """Accept the submission: each section's rows are imported through the services, the import
    batch (pointing back at this assignment) named as their source; all sections or none."""
    current = _locked(assignment, expected_version)
    _require(user, DECIDE, current, check)
    if current.state != State.SUBMITTED:
        raise ValidationError(str(REFUSED["accept"]))
    for file in current.section_files.select_related("item"):
        registration = section_registration(file.item)
        content = bytes(file.content)
        result, problems = check_section(
            current, file.item, content=content, filename=file.filename, user=user
        )
        if problems:
            raise ValidationError(
                [
                    _("%(item)s: %(problem)s") % {"item": file.item.code, "problem": p["message"]}
                    for p in problems
                ]
            )
        batch = ImportBatch.objects.create(
            user=user if getattr(user, "is_authenticated", False) else file.uploaded_by,
            model_label=registration.label,
            filename=file.filename,
            content=content,
            status=ImportBatch.Status.COMMITTED,
            summary={
                "campaign": current.campaign.code,
                "assignment": current.pk,
                "entity": current.entity.code,
                "section": file.item.code,
                "counts": result.counts(),
            },
        )
        importing.commit(registration, result, user=user, batch=batch)
        SectionFile.objects.filter(pk=file.pk).update(batch=batch)
        _link_submission(registration, batch, current, user=user)
    return _move(
        current,
        State.ACCEPTED,
        user=user,
        source=source,
        extra={"decided_at": timezone.now(), "decided_by": user, "return_reason": ""},
    )


def _link_submission(
    registration: Registration, batch: ImportBatch, assignment: Assignment, *, user: Any
) -> None:
    """Records that keep the submission they came with (a ``submission`` field) point at it."""
    field = next((f for f in registration.model._meta.fields if f.name == "submission"), None)
    if field is None:
        return
    ids = ObjectChange.objects.filter(import_batch=batch).values("object_id")
    for record in registration.model._default_manager.filter(pk__in=ids):
        registration.service.update(
            record, data={"submission": assignment}, user=user, source=Source.IMPORT, batch=batch, check=False
        )


@transaction.atomic
def record_transcribed(
    assignment: Assignment, *, submitted: datetime.datetime, user: Any = None, source: str = Source.REFERENCE
) -> Assignment:
    """A submission known only from a published document (the figures it held are loaded as the
    entity's records beside this call): recorded as submitted and accepted on the given date, with
    the document as the source of its history. Used by the reference loader, never by a person."""
    current = Assignment.objects.get(pk=assignment.pk)
    if current.state == State.ACCEPTED:
        return current
    return _move(
        current,
        State.ACCEPTED,
        user=user,
        source=source,
        extra={"submitted_at": submitted, "decided_at": submitted, "opened_at": submitted},
    )


# Copy for next year -------------------------------------------------------------------------


@transaction.atomic
def copy_campaign(
    campaign: Campaign,
    *,
    code: str,
    opens: datetime.date,
    deadline: datetime.date,
    user: Any,
    check: bool = True,
) -> Campaign:
    """A draft copy with the same items and scope; when launched, each entity's assignment is
    pre-filled with its accepted answers and spreadsheets of ``campaign``."""
    if check and not can(user, CHANGE, campaign):
        raise PermissionDenied(_("You may not copy this campaign."))
    service = _service(Campaign)
    copy = service.create(
        data={
            "code": code,
            "kind": campaign.kind,
            "name": campaign.name,
            "instructions": campaign.instructions,
            "owner": user if getattr(user, "is_authenticated", False) else campaign.owner,
            "opens": opens,
            "deadline": deadline,
            "entity": campaign.entity,
            "scope_entities": list(campaign.scope_entities.all()),
            "scope_root": campaign.scope_root,
            "scope_kinds": campaign.scope_kinds,
            "scope_location_class": campaign.scope_location_class,
        },
        user=user,
        check=check,
    )
    Campaign.objects.filter(pk=copy.pk).update(previous=campaign)
    copy.previous = campaign
    item_service = _service(CampaignItem)
    for item in campaign.items.all():
        item_service.create(
            data={
                "campaign": copy,
                "order": item.order,
                "code": item.code,
                "kind": item.kind,
                "label": item.label,
                "help_text": item.help_text,
                "required": item.required,
                "choices": item.choices,
                "list_label": item.list_label,
            },
            user=user,
            check=False,
        )
    return copy


def _prefill(assignment: Assignment, previous: Campaign, *, user: Any) -> None:
    last = previous.assignments.filter(entity=assignment.entity, state=State.ACCEPTED).first()
    if last is None:
        return
    items = {i.code: i for i in assignment.campaign.items.all()}
    for answer in last.answers.select_related("item"):
        if answer.item.code in items:
            _service(Answer).create(
                data={"assignment": assignment, "item": items[answer.item.code], "value": answer.value},
                user=user,
                check=False,
            )
    for file in last.section_files.select_related("item"):
        if file.item.code in items:
            _service(SectionFile).create(
                data={
                    "assignment": assignment,
                    "item": items[file.item.code],
                    "filename": file.filename,
                    "content": bytes(file.content),
                    "row_count": file.row_count,
                    "problems": [],
                },
                user=user,
                check=False,
            )
    Assignment.objects.filter(pk=assignment.pk).update(prefilled=True)


# Templates ----------------------------------------------------------------------------------


def section_template(assignment: Assignment, item: CampaignItem, fmt: str = "xlsx") -> bytes:
    """The section's spreadsheet in its list's import format, holding the entity's current records
    (so that an answer updates them rather than adding duplicates)."""
    registration = section_registration(item)
    records = registration.model._default_manager.all()
    if getattr(registration.model, "scope_field", None) == "entity":
        records = records.filter(entity__tree_path__startswith=assignment.entity.tree_path)
    else:
        records = records.none()
    return importing.export_file(registration, records, fmt)
