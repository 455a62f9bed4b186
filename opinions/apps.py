from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    """Social-opinion reports (社情民意): a part of the proposals package with its own tables."""

    name = "opinions"
    label = "opinions"
    verbose_name = _("Social-opinion reports")

    def ready(self):
        from . import threads  # noqa: F401  (registers the conversation thread's policy)
