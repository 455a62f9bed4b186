from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cppcc_portal.notifications"
    label = "notifications"
    verbose_name = _("Notifications and deadlines")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # each app's deadline_hooks.py registers what it does when a notice moves its deadlines
        autodiscover_modules("deadline_hooks")
