"""Thin Celery wrappers; the work is in delivery.py and reminders.py (idempotent, by primary key).

All are `acks_late`: a worker that dies mid-run leaves the message to be redelivered, and
running any of them twice does no harm (rows are locked and marked as they are done).
"""

import logging

from celery import shared_task


@shared_task(ignore_result=True, acks_late=True)
def deliver(delivery_id: int):
    from .delivery import deliver_one

    deliver_one(delivery_id)


@shared_task(ignore_result=True, acks_late=True)
def deliver_pending(max_seconds: int = 8 * 60):
    """Work through what is due in rounds (a reminder scan can leave thousands); stop when a
    round sends nothing (e.g. the mail server is down: the backoff then takes over)."""
    import time

    from .delivery import deliver_due

    stop_at = time.monotonic() + max_seconds
    while time.monotonic() < stop_at and deliver_due():
        pass


@shared_task(ignore_result=True, acks_late=True)
def send_due_reminders():
    from .holiday_notices import recompute_pending
    from .reminders import scan

    try:
        recompute_pending()  # a notice whose recompute never ran: dates first, then reminders
    except Exception:  # noqa: BLE001 - reminders still go out; the next scan tries again
        logging.getLogger(__name__).exception("recompute after a holiday notice failed")
    return scan()


@shared_task(ignore_result=True, acks_late=True)
def recompute_after_notice(notice_id: int):
    """Recompute the open deadlines a holiday notice moves (idempotent: a rerun moves none)."""
    from .holiday_notices import recompute_for_notice

    return recompute_for_notice(notice_id=notice_id)
