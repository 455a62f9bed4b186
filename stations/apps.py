from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Liaison stations")

    def ready(self):
        from .defaults import ensure_station_kinds

        post_migrate.connect(ensure_station_kinds, sender=self, dispatch_uid="stations.defaults")
        from .selectors import register_ranking_filter

        register_ranking_filter()
