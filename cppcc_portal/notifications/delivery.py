"""Delivering notifications through e-mail and SMS, with retries and backoff."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Delivery

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 6


def backoff(attempts: int) -> timedelta:
    return timedelta(minutes=2 ** min(attempts, 8))


def _send(delivery: Delivery):
    note = delivery.notification
    link = f"{settings.SITE_URL}{note.url}" if note.url else ""
    # one line: a title typed with a line break made the subject raise BadHeaderError
    title = " ".join(note.title.split())
    if delivery.channel == Delivery.Channel.EMAIL:
        send_mail(
            f"[{settings.SITE_TITLE}] {title}",
            "\n\n".join(p for p in (note.body, link) if p),
            settings.DEFAULT_FROM_EMAIL,
            [note.recipient.email],
        )
    else:
        backend = import_string(settings.SMS_BACKEND)()
        backend.send(
            note.recipient.notification_preference.phone, f"【{settings.SITE_TITLE}】{title}"
        )


def deliver_one(delivery_id: int) -> bool:
    """Send one pending delivery; safe to call twice (the row is locked and marked sent)."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("notification__recipient")
            .filter(pk=delivery_id, state=Delivery.State.PENDING)
            .first()
        )
        if delivery is None:
            return False
        delivery.attempts += 1
        try:
            _send(delivery)
        except Exception as exc:  # noqa: BLE001 - any channel failure is retried later
            delivery.last_error = f"{exc.__class__.__name__}: {exc}"[:500]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.state = Delivery.State.FAILED
            delivery.next_attempt_at = timezone.now() + backoff(delivery.attempts)
            delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            logger.warning("delivery %s failed (attempt %s)", delivery_id, delivery.attempts)
            return False
        delivery.state = Delivery.State.SENT
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["attempts", "state", "sent_at", "last_error"])
        return True


def deliver_due(limit: int = 500) -> int:
    """The periodic scan: everything pending whose time has come (also what Redis lost)."""
    ids = list(
        Delivery.objects.filter(state=Delivery.State.PENDING, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver_one(pk) for pk in ids)
