"""Data-quality rules of the portfolio domain."""

from __future__ import annotations

from django.utils.translation import gettext as _

from lodestar.core.checks import Finding, finding_for, rule

from .models import StatusReport
from .progress import completion_supported, earned_percent, facts, is_waived


@rule("PRJ-UNSUPPORTED-COMPLETION")
def unsupported_completion() -> list[Finding]:
    """A project declared completed or 100 % while milestones are not accepted or its target is not
    met, and no governance body waived it. The declaration is kept and shown beside the evidence."""
    findings = []
    reports = StatusReport.objects.select_related("project", "project__entity").prefetch_related(
        "project__milestones"
    )
    for report in reports:
        if not report.claims_completion:
            continue
        project = report.project
        ms = facts(project)
        met = project.target_met()
        if completion_supported(ms, met, is_waived(project)):
            continue
        findings.append(
            finding_for(
                report,
                code="PRJ-UNSUPPORTED-COMPLETION",
                message=_(
                    "%(project)s, %(period)s: declared %(declared)s %% complete; earned %(earned)s %% "
                    "from accepted milestones; target %(target)s, actual %(actual)s."
                )
                % {
                    "project": project.code,
                    "period": report.period,
                    "declared": report.declared_percent if report.declared_percent is not None else 100,
                    "earned": earned_percent(ms),
                    "target": project.target_value if project.target_value is not None else "—",
                    "actual": project.actual_value if project.actual_value is not None else "—",
                },
            )
        )
    return findings
