from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from members.terms.guard import term_scoped

        from .models import Consultation

        # a closed term is read-only (members.terms.guard): by the date held (else scheduled)
        term_scoped(Consultation, lambda c: c.held_on or c.scheduled_on)
        from .defaults import ensure_default_catalogues

        post_migrate.connect(ensure_default_catalogues, sender=self)
