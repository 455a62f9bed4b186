from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    """Social-opinion reports (社情民意): a part of the proposals package with its own tables."""

    name = "opinions"
    label = "opinions"
    verbose_name = _("Social-opinion reports")

    def ready(self):
        from members.terms.guard import term_scoped

        from . import threads  # noqa: F401  (registers the conversation thread's policy)
        from .models import Report

        # a closed term is read-only (members.terms.guard): a report is in the term it was made
        term_scoped(Report, lambda r: r.created_at)
