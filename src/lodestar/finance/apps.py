from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "lodestar.finance"
    label = "finance"
    verbose_name = _("Budget and posts")

    def ready(self) -> None:
        from . import checks, documents, registrations  # noqa: F401 - registers models, tables, rules
