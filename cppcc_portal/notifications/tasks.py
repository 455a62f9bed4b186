"""Thin Celery wrappers; the work is in delivery.py and reminders.py (idempotent, by primary key)."""

from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def deliver(delivery_id: int):
    from .delivery import deliver_one

    deliver_one(delivery_id)


@shared_task(ignore_result=True)
def deliver_pending():
    from .delivery import deliver_due

    deliver_due()


@shared_task(ignore_result=True)
def send_due_reminders():
    from .reminders import scan

    scan()
