from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from .defaults import ensure_default_catalogues

        post_migrate.connect(ensure_default_catalogues, sender=self)
