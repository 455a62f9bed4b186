"""The Celery app: JSON only, late acks with prefetch 1, so a task killed mid-run is redelivered."""

import os

from celery import Celery
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_portal.settings")

app = Celery("cppcc_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _refuse_development_key(**kwargs):
    from django.conf import settings

    settings.require_real_secret_key()
