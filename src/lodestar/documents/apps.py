from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "lodestar.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from . import definitions, drafts, locks, registrations  # noqa: F401 - binds the tables, registers the models

        # The domain apps (installed before this one) have declared what an issue locks.
        locks.install()
        drafts.schedule()  # the worker's housekeeping deletes drafts older than a day
