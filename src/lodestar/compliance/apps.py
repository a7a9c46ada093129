from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "lodestar.compliance"
    label = "compliance"
    verbose_name = _("Policies and compliance")

    def ready(self) -> None:
        from . import checks, registrations  # noqa: F401 - registers models and data-quality rules
