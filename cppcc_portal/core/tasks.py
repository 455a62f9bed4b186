from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Proves that beat schedules and a worker runs; /healthz reads it."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})
