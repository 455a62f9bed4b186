from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "cppcc_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
