"""Thin Celery wrappers; the work is in delivery.py and reminders.py (idempotent, by primary key).

All are `acks_late`: a worker that dies mid-run leaves the message to be redelivered, and
running any of them twice does no harm (rows are locked and marked as they are done).
"""

from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def deliver(delivery_id: int):
    from .delivery import deliver_one

    deliver_one(delivery_id)


@shared_task(ignore_result=True, acks_late=True)
def deliver_pending():
    from .delivery import deliver_due

    deliver_due()


@shared_task(ignore_result=True, acks_late=True)
def send_due_reminders():
    from .reminders import scan

    return scan()
