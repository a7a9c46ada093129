"""Hand-offs: a workflow step that passes a record to the next person (an update proposed for
review, a milestone submitted for acceptance, an assignment issued…).

The domain services announce each step here, after writing it; whoever wants to know (the
workspace app's notifications) listens. A signal, not a call, because the listener depends on the
domain apps and not the other way round (dependencies point one way, docs/architecture.md).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.dispatch import Signal

# Sent with ``record`` (the record that moved), ``event`` (one of EVENTS) and ``actor`` (who moved it).
handoff = Signal()

UPDATE_PROPOSED = "update_proposed"
UPDATE_REVIEWED = "update_reviewed"
UPDATE_VALIDATED = "update_validated"
UPDATE_RETURNED = "update_returned"
MILESTONE_SUBMITTED = "milestone_submitted"
MILESTONE_ACCEPTED = "milestone_accepted"
MILESTONE_RETURNED = "milestone_returned"
ASSIGNMENT_ISSUED = "assignment_issued"
ASSIGNMENT_SUBMITTED = "assignment_submitted"
ASSIGNMENT_RETURNED = "assignment_returned"
ASSIGNMENT_ACCEPTED = "assignment_accepted"
EVENTS = (
    UPDATE_PROPOSED,
    UPDATE_REVIEWED,
    UPDATE_VALIDATED,
    UPDATE_RETURNED,
    MILESTONE_SUBMITTED,
    MILESTONE_ACCEPTED,
    MILESTONE_RETURNED,
    ASSIGNMENT_ISSUED,
    ASSIGNMENT_SUBMITTED,
    ASSIGNMENT_RETURNED,
    ASSIGNMENT_ACCEPTED,
)


def announce(record: models.Model, event: str, *, actor: Any) -> None:
    """Tell the listeners that ``record`` was handed on by ``actor``."""
    handoff.send(sender=type(record), record=record, event=event, actor=actor)
