"""Data-quality rules of the organisation domain."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lodestar.core.checks import Finding, finding_for, rule

from .compliance import compliance
from .models import GovernanceBody


@rule("GOV-CADENCE")
def governance_cadence() -> list[Finding]:
    """A body that met less often, or produced fewer mandated outputs, than its mandate requires."""
    findings = []
    bodies = GovernanceBody.objects.select_related("entity").exclude(records_from=None)
    for row in compliance(bodies):
        problems = []
        if not row.meetings_met:
            problems.append(
                _("met %(held)s time(s) against %(required)s required")
                % {"held": row.meetings_held, "required": row.meetings_required}
            )
        if not row.reports_met:
            problems.append(
                _("produced %(done)s of %(required)s annual report(s)")
                % {"done": row.annual_reports_produced, "required": row.annual_reports_required}
            )
        if not row.updates_met:
            problems.append(
                _("received %(done)s of %(required)s quarterly project update(s)")
                % {"done": row.project_updates_received, "required": row.project_updates_required}
            )
        if problems:
            findings.append(
                finding_for(
                    row.body,
                    code="GOV-CADENCE",
                    message=_("%(body)s in %(year)s: %(problems)s.")
                    % {"body": row.body, "year": row.year, "problems": "; ".join(problems)},
                    year=row.year,
                    meetings_held=row.meetings_held,
                    meetings_required=row.meetings_required,
                )
            )
    return findings
