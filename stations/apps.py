from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Liaison stations")

    def ready(self):
        from members.terms.change import on_term_change
        from members.terms.guard import term_scoped

        from .models import Opinion
        from .services.terms import close_assignments_of_leavers

        # a closed term is read-only (members.terms.guard): an opinion is in the term received
        term_scoped(Opinion, lambda o: o.received_at)
        on_term_change(close_assignments_of_leavers)
        from .defaults import ensure_station_kinds

        post_migrate.connect(ensure_station_kinds, sender=self, dispatch_uid="stations.defaults")
        from .selectors import register_ranking_filter

        register_ranking_filter()
