from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cppcc_portal.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from .stamps import connect

        connect()
