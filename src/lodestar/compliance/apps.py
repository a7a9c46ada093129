from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "lodestar.compliance"
    label = "compliance"
    verbose_name = _("Policies and compliance")

    def ready(self) -> None:
        from lodestar.campaigns.models import register_choice_labels

        from . import checks, registrations  # noqa: F401 - registers models and data-quality rules
        from .services import CONTROL_ANSWERS

        register_choice_labels(CONTROL_ANSWERS)
