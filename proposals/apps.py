from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("Proposals and reports")

    def ready(self):
        from . import threads  # noqa: F401  (registers the conversation thread's policy)
