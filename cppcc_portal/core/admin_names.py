"""Chinese names in the admin for the third-party apps the portal installs.

axes, django-otp's TOTP plugin and pghistory ship no zh_Hans catalogue, and some of their names
are plain strings, not msgids. INSTALLED_APPS names the configs below instead of the packages'
own: each keeps its package's behaviour and adds a translatable app name; where a package's
model name is a plain string, ready() puts a translatable one on the model's options at run time
(the migration state reads the declared options, so no migration follows). The msgids the
packages do mark for translation are repeated here with gettext_noop so makemessages, which
does not scan .venv, puts them in our catalogue (locale/zh_Hans/tsv/foundation.tsv)."""

from axes.apps import AppConfig as AxesAppConfig
from django.apps import apps
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig
from pghistory.apps import PGHistoryConfig as PGHistoryAppConfig

AXES_MSGIDS = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Access Attempt"),
    gettext_noop("Access lock out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Attempt Time"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Expires At"),
    gettext_noop("Failed Logins"),
    gettext_noop("Form Data"),
    gettext_noop("GET Data"),
    gettext_noop("HTTP Accept"),
    gettext_noop("IP Address"),
    gettext_noop("Locked Out"),
    gettext_noop("Logout Time"),
    gettext_noop("Meta Data"),
    gettext_noop("No"),
    gettext_noop("Not set"),
    gettext_noop("POST Data"),
    gettext_noop("Path"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("User Agent"),
    gettext_noop("Username"),
)


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("Two-factor authentication")

    def ready(self):
        super().ready()
        options = apps.get_model("otp_totp", "TOTPDevice")._meta
        options.verbose_name = _("TOTP device")
        options.verbose_name_plural = _("TOTP devices")


def _history_name(tracked):
    return gettext("%(model)s history") % {"model": tracked._meta.verbose_name}


history_name = lazy(_history_name, str)


class PGHistoryConfig(PGHistoryAppConfig):
    verbose_name = _("Change history")

    def ready(self):
        super().ready()
        from pghistory.models import Event, Events, MiddlewareEvents

        Events._meta.verbose_name = Events._meta.verbose_name_plural = _("change events")
        MiddlewareEvents._meta.verbose_name = _("request change events")
        MiddlewareEvents._meta.verbose_name_plural = _("request change events")
        # the event models pghistory.track makes ("ProposalHistory"): named after what they track
        for model in apps.get_models():
            tracked = getattr(model, "pgh_tracked_model", None)
            if issubclass(model, Event) and tracked is not None:
                model._meta.verbose_name = model._meta.verbose_name_plural = history_name(tracked)
