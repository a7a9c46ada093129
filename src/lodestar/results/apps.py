from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "lodestar.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self) -> None:
        from . import checks, documents, mandate_tables, registrations  # noqa: F401 - models, document tables, rules
