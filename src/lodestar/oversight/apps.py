from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "lodestar.oversight"
    label = "oversight"
    verbose_name = _("Oversight recommendations")

    def ready(self) -> None:
        from . import checks, documents, registrations  # noqa: F401 - models, tables, rules
