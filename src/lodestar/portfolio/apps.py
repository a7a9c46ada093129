from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortfolioConfig(AppConfig):
    name = "lodestar.portfolio"
    label = "portfolio"
    verbose_name = _("Project portfolio")

    def ready(self) -> None:
        from . import checks, documents, registrations  # noqa: F401 - models, tables, rules
