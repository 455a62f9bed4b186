from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Proves that beat schedules and a worker runs; /healthz reads it."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})


@shared_task(ignore_result=True)
def probe(token: str, seconds: float = 0):
    """A self-test task for the failure drills: takes `seconds`, then records that it finished.
    Idempotent: running it twice leaves one row."""
    import time

    time.sleep(min(seconds, 60))
    Heartbeat.objects.update_or_create(name=f"probe:{token}"[:60], defaults={"at": timezone.now()})
