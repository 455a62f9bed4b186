"""The notifications API every app calls: notify people, open and close deadlines.

All of it writes rows inside the caller's transaction; delivery through outside
channels is enqueued on commit, and a periodic scan retries whatever is pending.
"""

import logging
from collections.abc import Iterable
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.aggregates import JSONBAgg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.stamps import touch

from .models import Deadline, DeadlineChange, Delivery, Notification, NotificationPreference

logger = logging.getLogger(__name__)


def _users(users) -> list:
    seen, result = set(), []
    for user in users or ():
        if user is not None and user.pk not in seen and user.is_active:
            seen.add(user.pk)
            result.append(user)
    return result


def notify(
    *,
    recipients: Iterable,
    kind: str,
    title: str,
    body: str = "",
    target=None,
    url: str = "",
    always_email: bool = False,
) -> list[Notification]:
    """Tell people something: an in-site notification each, plus e-mail/SMS per their
    preferences (`always_email`: by e-mail whatever the preference — a security notice)."""
    users = _users(recipients)
    if not users:
        return []
    ct = ContentType.objects.get_for_model(target) if target is not None else None
    return create_notifications(
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
        ],
        always_email=always_email,
    )


def create_notifications(
    notes: list[Notification], *, enqueue: bool = True, always_email: bool = False
) -> list[Notification]:
    """Bulk form of notify() for scanners: unsaved Notification objects (recipient set, active)
    are saved with their deliveries in a few queries; delivery is enqueued on commit unless
    `enqueue` is False (the caller then schedules one `deliver_pending` for the batch)."""
    if not notes:
        return []
    notes = Notification.objects.bulk_create(notes)
    touch()  # bulk rows send no signal: the users' cached homes must see what they announce
    user_ids = {n.recipient_id for n in notes}
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}
    now = timezone.now()
    deliveries = []
    for note in notes:
        pref = prefs.get(note.recipient_id)
        if (always_email or pref is None or pref.email) and note.recipient.email:
            deliveries.append(
                Delivery(notification=note, channel=Delivery.Channel.EMAIL, next_attempt_at=now)
            )
        if pref is not None and pref.sms and pref.phone:
            deliveries.append(
                Delivery(notification=note, channel=Delivery.Channel.SMS, next_attempt_at=now)
            )
    if deliveries:
        Delivery.objects.bulk_create(deliveries)
        if enqueue:
            ids = [d.pk for d in deliveries]
            transaction.on_commit(lambda: _enqueue_deliveries(ids))
    return notes


NOTIFICATION_ROW = ("recipient_id", "kind", "title", "body", "url", "target_type_id", "target_id")


def create_notification_rows(rows: list[tuple], emails: dict[int, str]) -> int:
    """The scanner's bulk path: rows shaped like NOTIFICATION_ROW (active recipients only),
    written with COPY together with their deliveries; `emails` maps user id → address.
    Nothing is enqueued: the caller schedules one `deliver_pending` after the commit."""
    if not rows:
        return 0
    now = timezone.now()
    note_ids = copy_rows(Notification, (*NOTIFICATION_ROW, "created_at"), [(*r, now) for r in rows])
    prefs = {
        user_id: (email, sms, phone)
        for user_id, email, sms, phone in NotificationPreference.objects.filter(
            user_id__in={r[0] for r in rows}
        ).values_list("user_id", "email", "sms", "phone")
    }
    deliveries = []
    for note_id, row in zip(note_ids, rows, strict=True):
        by_email, by_sms, phone = prefs.get(row[0], (True, False, ""))
        if by_email and emails.get(row[0]):
            deliveries.append((note_id, Delivery.Channel.EMAIL, Delivery.State.PENDING, 0, now, ""))
        if by_sms and phone:
            deliveries.append((note_id, Delivery.Channel.SMS, Delivery.State.PENDING, 0, now, ""))
    copy_rows(
        Delivery,
        ("notification_id", "channel", "state", "attempts", "next_attempt_at", "last_error"),
        deliveries,
    )
    return len(note_ids)


def copy_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> list[int]:
    """Insert many rows with PostgreSQL COPY (far cheaper than INSERT for tens of thousands);
    primary keys are drawn from the table's sequence first and returned in row order."""
    if not rows:
        return []
    table = model._meta.db_table
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(quote(f) for f in ("id", *fields))
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *row))
    return ids


def _enqueue_deliveries(ids):
    """Best effort: if the broker is down the periodic scan delivers them later."""
    from .tasks import deliver

    for pk in ids:
        try:
            deliver.delay(pk)
        except Exception:  # noqa: BLE001 - the broker may be down; the rows remain pending
            logger.warning("broker unreachable; delivery %s left for the scan", pk)
            return


@transaction.atomic
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
    unit_name: str = "",
) -> Deadline:
    """Start tracking a duty; idempotent per (target, duty) while it is live (a new due date updates it).

    `responsible` and each escalation step mix users and parties ("unit:12", "role:…",
    notifications.parties): a party is stored as such and resolved to its people when a
    reminder goes out, so whoever holds the post then is told.

    A due date from the calendar (`add_working_days`, `add_months`) brings its rule: it is
    stored, so the deadline is marked provisional in a year with no holiday notice and is
    recomputed when the notice is entered; a date a person chose has no rule and stays."""
    ct = ContentType.objects.get_for_model(target)
    people, parties = _split(responsible)
    steps = []
    for step in escalation:
        step_people, step_parties = _split(step)
        steps.append([u.pk for u in step_people] + step_parties)
    how = _how(due_on)
    due_on = date(due_on.year, due_on.month, due_on.day)
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
            "parties": parties,
            "unit_id": unit_id,
            "unit_name": unit_name[:80],
            "state": Deadline.State.OPEN,
            **how,
        },
    )
    if not created:
        changed = deadline.due_on != due_on
        deadline.due_on, deadline.title, deadline.url = due_on, title[:200], url[:300]
        deadline.escalation, deadline.unit_id = steps, unit_id
        deadline.parties = parties
        deadline.unit_name = unit_name[:80]
        for name, value in how.items():
            setattr(deadline, name, value)
        if changed:
            deadline.state = Deadline.State.OPEN
            deadline.last_reminder = ""
            deadline.reminders.all().delete()  # a new date earns its own reminders
        deadline.save()
    deadline.responsible.set(people)
    return deadline


def _split(items) -> tuple[list, list[str]]:
    """(active users, parties) of a mixed list; a malformed or unknown party is refused."""
    from .parties import check_party

    items = list(items or ())
    parties = list(dict.fromkeys(check_party(i) for i in items if isinstance(i, str)))
    return _users(i for i in items if not isinstance(i, str)), parties


def _how(due_on) -> dict:
    """The stored form of how a due date was computed (calendar.ComputedDate), if it was."""
    rule = getattr(due_on, "rule", "")
    if not rule:
        return {"basis_on": None, "rule": "", "rule_amount": None, "provisional": False}
    if due_on.basis_on is None or due_on.amount is None:
        # a rule must say from when and how much, or the date could not be recomputed
        raise ValidationError(_("A computed due date must name its start and its amount."))
    return {
        "basis_on": due_on.basis_on,
        "rule": rule,
        "rule_amount": due_on.amount,
        "provisional": due_on.provisional,
    }


@transaction.atomic
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


def with_change_log(deadlines):
    """Annotate `change_log`: the deadline's earlier dates ([{old, new, reason, at}], oldest
    first), in the same query — so any page lists them at no extra query."""
    changes = (
        DeadlineChange.objects.filter(deadline=OuterRef("pk"))
        .order_by()
        .values("deadline")
        .annotate(
            log=JSONBAgg(
                JSONObject(old="old_due_on", new="new_due_on", reason="reason", at="changed_at"),
                order_by=("changed_at", "id"),
            )
        )
        .values("log")
    )
    return deadlines.annotate(change_log=Subquery(changes))


def deadlines_for(target):
    """Every deadline of an object, live and ended, with its earlier dates, for its detail page."""
    ct = ContentType.objects.get_for_model(target)
    return with_change_log(
        Deadline.objects.filter(target_type=ct, target_id=target.pk).order_by("due_on", "id")
    )


# --- The person's own notifications and preferences ------------------------------------


@transaction.atomic
def mark_read(*, user, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (someone else's does not exist for them)."""
    note = Notification.objects.select_for_update().get(pk=notification_id, recipient=user)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


@transaction.atomic
def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def save_preferences(*, user, email: bool, sms: bool, phone: str = "") -> NotificationPreference:
    """The outside channels a person wants; SMS needs a mobile number."""
    pref, _created = NotificationPreference.objects.select_for_update().get_or_create(user=user)
    pref.email, pref.sms, pref.phone = email, sms, phone.strip()
    if pref.sms and not pref.phone:
        raise ValidationError({"phone": _("Enter a mobile number to receive SMS.")})
    pref.full_clean()
    pref.save()
    return pref


# --- Staff: delivery failures ------------------------------------------------------------


@transaction.atomic
def retry_delivery(*, actor, delivery_id: int) -> Delivery:
    """Staff send a failed delivery again: it becomes pending with a fresh set of attempts."""
    from .rules import can_manage_deliveries

    if not can_manage_deliveries(actor):
        raise PermissionDenied
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    if delivery.state != Delivery.State.FAILED:
        raise ValidationError(_("Only a failed delivery can be retried."))
    delivery.state = Delivery.State.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _enqueue_deliveries([delivery.pk]))
    return delivery
