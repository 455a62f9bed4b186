from celery import shared_task
from django.utils import timezone

from .models import Heartbeat


@shared_task(ignore_result=True)
def beat_heartbeat():
    """Proves that beat schedules and a worker runs; /healthz reads it."""
    Heartbeat.objects.update_or_create(name="beat", defaults={"at": timezone.now()})


@shared_task(ignore_result=True)
def probe(token: str, seconds: float = 0):
    """A self-test task for the failure drills: takes `seconds`. Every start and every completion
    leaves a row of its own (an upsert would hide a second run), so a drill can count how often
    the task began and finished; the start row names the pool process, which a drill may kill."""
    import os
    import time
    import uuid

    def mark(what):
        name = f"probe:{token}:{what}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        Heartbeat.objects.create(name=name[:60], at=timezone.now())

    mark("start")
    time.sleep(min(seconds, 60))
    mark("done")


@shared_task(ignore_result=True, time_limit=3600, soft_time_limit=3500)
def run_import(job_pk: int):
    """A large sheet's preview or write (core.imports.service.run_job); idempotent."""
    from .imports.service import run_job

    run_job(job_pk, reraise=True)
