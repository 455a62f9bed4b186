from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """Work news and notices: above members and stations (audiences), below the dashboard."""

    name = "news"
    label = "news"
    verbose_name = _("Work news and notices")
