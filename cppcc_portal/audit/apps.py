from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cppcc_portal.audit"
    label = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from cppcc_portal.core import stamps

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import Action, AuditEntry

        # what readers leave behind: no cached page counts exports or downloads
        stamps.quiet(AuditEntry, lambda entry: entry.action in (Action.EXPORT, Action.DOWNLOAD))
