"""The compliance models, registered once: views, API, import/export and the generic tests follow.
The register, the standards, the controls and the reviews are kept centrally; entities write their
own security action items, status updates, assessments, vulnerabilities, incidents and attestations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lodestar.core.permissions import ADD, CENTRAL, CHANGE, DELETE, IMPORT
from lodestar.core.registry import menu_links, register

from . import models, security, services, views

COMPLIANCE = _("Policies and compliance")
SECURITY = _("Information security")
menu_links.append((COMPLIANCE, _("Compliance dashboard"), "compliance:dashboard"))
menu_links.append((SECURITY, _("Information security dashboard"), "compliance:security"))

CENTRAL_WRITE = {ADD: CENTRAL, CHANGE: CENTRAL, IMPORT: CENTRAL, DELETE: CENTRAL}

register(
    models.InstrumentKind,
    list_fields=["code", "name", "order", "organisation"],
    search_fields=["code", "name"],
    filter_fields=["organisation"],
    natural_key=("code",),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("organisation__code", "order", "code"),
)
register(
    models.PolicyInstrument,
    list_fields=["code", "title", "kind", "status", "count", "named", "next_review", "entity"],
    search_fields=["code", "title", "owner"],
    filter_fields=["kind", "status", "named", "entity", "approving_body"],
    natural_key=("code",),
    policy=CENTRAL_WRITE,
    service_class=services.PolicyInstrumentService,
    menu_group=COMPLIANCE,
    ordering=("kind", "code"),
)
register(
    models.TechnologyStandard,
    list_fields=["code", "item", "category", "approved", "expires", "entity"],
    search_fields=["code", "item"],
    filter_fields=["category", "entity"],
    natural_key=("code",),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("code",),
)
register(
    models.StandardExtension,
    list_fields=["standard", "approved", "new_expiry"],
    search_fields=["standard__code"],
    filter_fields=["standard"],
    natural_key=("standard", "approved"),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("standard__code", "approved"),
)
register(
    models.CertificationControl,
    list_fields=["campaign", "code", "instrument", "text"],
    search_fields=["code", "text"],
    filter_fields=["campaign", "instrument"],
    natural_key=("campaign", "code"),
    policy=CENTRAL_WRITE,
    service_class=services.CertificationControlService,
    menu_group=COMPLIANCE,
    ordering=("campaign__code", "code"),
)
register(
    models.CertificationTally,
    list_fields=["campaign", "entities_asked", "complete_returns", "source"],
    search_fields=["campaign__code"],
    filter_fields=["campaign"],
    natural_key=("campaign",),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("campaign__code",),
)
register(
    models.ComplianceReview,
    list_fields=["code", "reviewer", "location", "centre", "cycle", "date", "completed", "entity"],
    search_fields=["code", "location", "scope"],
    filter_fields=["reviewer", "centre", "cycle", "completed", "entity"],
    natural_key=("code",),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("-date", "code"),
)
register(
    models.ReviewFinding,
    list_fields=["review", "reference", "text", "recommendation"],
    search_fields=["reference", "text"],
    filter_fields=["review"],
    natural_key=("review", "reference"),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("review__code", "reference"),
    detail_template="compliance/finding_detail.html",
    extra_context=views.finding_context,
)
register(
    models.ConformanceAssessment,
    list_fields=["application", "against", "assessed", "result", "assessor", "entity"],
    search_fields=["application__code", "assessor"],
    filter_fields=["against", "result", "entity"],
    natural_key=("application", "against", "assessed"),
    policy=CENTRAL_WRITE,
    menu_group=COMPLIANCE,
    ordering=("-assessed", "application__code"),
)
register(
    security.ActionItem,
    list_fields=["code", "title", "point", "status", "owner", "deadline", "entity"],
    search_fields=["code", "title", "owner"],
    filter_fields=["status", "plan", "entity"],
    natural_key=("code",),
    menu_group=SECURITY,
    ordering=("plan", "point", "code"),
)
register(
    security.ActionStatusUpdate,
    list_fields=["item", "cycle", "as_of", "status"],
    search_fields=["item__code"],
    filter_fields=["cycle", "status", "item"],
    natural_key=("item", "cycle"),
    service_class=services.ActionStatusUpdateService,
    menu_group=SECURITY,
    ordering=("item__code", "-cycle"),
)
register(
    security.SecurityAssessment,
    list_fields=["code", "application", "system", "trigger", "assessor", "assessed", "remediated", "entity"],
    search_fields=["code", "system"],
    filter_fields=["trigger", "assessor", "entity"],
    natural_key=("code",),
    menu_group=SECURITY,
    ordering=("-assessed", "code"),
)
register(
    security.Vulnerability,
    list_fields=["code", "application", "advisory", "severity", "reported", "responded", "entity"],
    search_fields=["code", "advisory"],
    filter_fields=["severity", "entity"],
    natural_key=("code",),
    menu_group=SECURITY,
    ordering=("-reported", "code"),
)
register(
    security.SecurityIncident,
    list_fields=["code", "kind", "severity", "detected", "resolved", "entity"],
    search_fields=["code", "kind"],
    filter_fields=["severity", "entity"],
    natural_key=("code",),
    menu_group=SECURITY,
    ordering=("-detected", "code"),
)
register(
    security.ClassificationAttestation,
    list_fields=["entity", "as_of", "assets", "classified", "attested_by", "attested_on", "verified"],
    search_fields=["entity__code", "attested_by"],
    filter_fields=["verified", "entity"],
    natural_key=("entity", "as_of"),
    menu_group=SECURITY,
    ordering=("entity__code", "-as_of"),
)
