from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from members.terms.guard import term_scoped

        from .models import Consultation, Meeting

        # a closed term is read-only (members.terms.guard): by the date held (else scheduled);
        # a meeting by its day — its roll, sign-in and date with it, with or without a consultation
        term_scoped(Consultation, lambda c: c.held_on or c.scheduled_on)
        term_scoped(Meeting, lambda m: m.starts_at)
        from .defaults import ensure_default_catalogues

        post_migrate.connect(ensure_default_catalogues, sender=self)
