from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cppcc_portal.audit"
    label = "audit"
    verbose_name = _("Security audit")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
