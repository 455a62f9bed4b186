"""The notifications API every app calls: notify people, open and close deadlines.

All of it writes rows inside the caller's transaction; delivery through outside
channels is enqueued on commit, and a periodic scan retries whatever is pending.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Deadline, Delivery, Notification, NotificationPreference


def _users(users) -> list:
    seen, result = set(), []
    for user in users or ():
        if user is not None and user.pk not in seen and user.is_active:
            seen.add(user.pk)
            result.append(user)
    return result


def notify(
    *, recipients: Iterable, kind: str, title: str, body: str = "", target=None, url: str = ""
) -> list[Notification]:
    """Tell people something: an in-site notification each, plus e-mail/SMS per their preferences."""
    users = _users(recipients)
    if not users:
        return []
    ct = ContentType.objects.get_for_model(target) if target is not None else None
    notes = Notification.objects.bulk_create(
        [
            Notification(
                recipient=u,
                kind=kind,
                title=title[:200],
                body=body,
                url=url[:300],
                target_type=ct,
                target_id=target.pk if target is not None else None,
            )
            for u in users
        ]
    )
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=users)}
    deliveries = []
    for note, user in zip(notes, users, strict=True):
        pref = prefs.get(user.pk)
        if (pref is None or pref.email) and user.email:
            deliveries.append(
                Delivery(
                    notification=note,
                    channel=Delivery.Channel.EMAIL,
                    next_attempt_at=timezone.now(),
                )
            )
        if pref is not None and pref.sms and pref.phone:
            deliveries.append(
                Delivery(
                    notification=note, channel=Delivery.Channel.SMS, next_attempt_at=timezone.now()
                )
            )
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        ids = [d.pk for d in deliveries]
        transaction.on_commit(lambda: _enqueue_deliveries(ids))
    return notes


def _enqueue_deliveries(ids):
    """Best effort: if the broker is down the periodic scan delivers them later."""
    import logging

    from .tasks import deliver

    for pk in ids:
        try:
            deliver.delay(pk)
        except Exception:  # noqa: BLE001 - the broker may be down; the rows remain pending
            logging.getLogger(__name__).warning(
                "broker unreachable; delivery %s left for the scan", pk
            )
            return


def open_deadline(
    *,
    target,
    duty: str,
    due_on: date,
    responsible: Iterable,
    title: str,
    url: str = "",
    escalation: Iterable[Iterable] = (),
    unit_id: int | None = None,
) -> Deadline:
    """Start tracking a duty; idempotent per (target, duty) while it is live (a new due date updates it)."""
    ct = ContentType.objects.get_for_model(target)
    steps = [[u.pk for u in _users(step)] for step in escalation]
    deadline, created = Deadline.objects.select_for_update().get_or_create(
        target_type=ct,
        target_id=target.pk,
        duty=duty,
        state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE],
        defaults={
            "due_on": due_on,
            "title": title[:200],
            "url": url[:300],
            "escalation": steps,
            "unit_id": unit_id,
            "state": Deadline.State.OPEN,
        },
    )
    if not created:
        changed = deadline.due_on != due_on
        deadline.due_on, deadline.title, deadline.url = due_on, title[:200], url[:300]
        deadline.escalation, deadline.unit_id = steps, unit_id
        if changed:
            deadline.state = Deadline.State.OPEN
            deadline.reminders.all().delete()  # a new date earns its own reminders
        deadline.save()
    deadline.responsible.set(_users(responsible))
    return deadline


def close_deadline(*, target, duty: str, cancelled: bool = False) -> int:
    """Mark the live deadline of a duty as met (or cancelled); returns how many were closed."""
    ct = ContentType.objects.get_for_model(target)
    today = timezone.localdate()
    closed = 0
    for deadline in Deadline.objects.select_for_update().filter(
        target_type=ct,
        target_id=target.pk,
        duty=duty,
        state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE],
    ):
        deadline.state = Deadline.State.CANCELLED if cancelled else Deadline.State.MET
        deadline.met_late = not cancelled and today > deadline.due_on
        deadline.closed_at = timezone.now()
        deadline.save(update_fields=["state", "met_late", "closed_at"])
        closed += 1
    return closed


def deadlines_for(target):
    """Every deadline of an object, live and ended, for its detail page."""
    ct = ContentType.objects.get_for_model(target)
    return Deadline.objects.filter(target_type=ct, target_id=target.pk).order_by("due_on", "id")
