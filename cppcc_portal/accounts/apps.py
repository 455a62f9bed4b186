from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "cppcc_portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import sessions
        from .passwords import remember_in_session
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
        user_logged_in.connect(
            lambda sender, request, user, **kw: (
                remember_in_session(request, user)
                if getattr(request, "session", None) is not None
                else None
            ),
            dispatch_uid="accounts.password_date",
            weak=False,
        )
        user_logged_in.connect(
            lambda sender, request, user, **kw: sessions.on_login(request, user),
            dispatch_uid="accounts.login_session",
            weak=False,
        )
        user_logged_out.connect(
            lambda sender, request, user, **kw: sessions.on_logout(request, user),
            dispatch_uid="accounts.logout_session",
            weak=False,
        )


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the portal's site (second factor required)."""

    default = False
    default_site = "cppcc_portal.accounts.admin_site.PortalAdminSite"
