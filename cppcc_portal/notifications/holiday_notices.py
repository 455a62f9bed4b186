"""The State Council's yearly holiday notice: staff enter its 调休 table, and every open
deadline the notice moves is recomputed from its stored rule, its people told, its old
date kept (DeadlineChange). Deadlines set before the notice counted the statutory holidays
only and were provisional (DOMAIN §8)."""

import logging
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import calendar
from .hooks import run_moved_hooks
from .models import (
    Deadline,
    DeadlineChange,
    HolidayNotice,
    HolidayNoticeDay,
    Notification,
    ReminderSent,
)
from .notice_table import NoticeRow, cell_error, check_year, row_problems
from .services import _users, create_notifications

logger = logging.getLogger(__name__)
LIVE = [Deadline.State.OPEN, Deadline.State.OVERDUE]
BATCH_SIZE = 500


def can_enter_notice(user, notice: HolidayNotice | None = None) -> bool:
    perm = "notifications.change_holidaynotice" if notice else "notifications.add_holidaynotice"
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(perm))


@transaction.atomic
def enter_holiday_notice(
    *, actor, year: int, title: str, rows: list[NoticeRow], document_number: str = ""
) -> HolidayNotice:
    """Store (or correct) the year's notice and its table, all rows or none; the deadlines
    it moves are recomputed after the commit (task `recompute_after_notice`)."""
    check_year(year)
    notice = HolidayNotice.objects.select_for_update().filter(year=year).first()
    if not can_enter_notice(actor, notice):
        raise PermissionDenied(_("You may not enter the State Council's holiday notice."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the notice's title.")})
    errors, seen = [], set()
    for index, row in enumerate(rows, start=1):
        if row.day in seen:
            errors.append(cell_error(index, 1, _("the date repeats")))
        seen.add(row.day)
        problems = row_problems(year, row.day, row.is_working_day)
        errors += [cell_error(index, col, msg) for col, msg in problems]
    if not rows:
        errors.append(_("The table has no rows: give each day off (休) and make-up workday (班)."))
    if errors:
        raise ValidationError({"table": errors})
    if notice is None:
        notice = HolidayNotice(year=year, entered_by=actor)
    notice.title, notice.document_number = title[:200], (document_number or "").strip()[:60]
    notice.recomputed_at = None
    notice.full_clean()
    notice.save()
    notice.days.all().delete()
    HolidayNoticeDay.objects.bulk_create(
        HolidayNoticeDay(
            notice=notice, day=r.day, is_working_day=r.is_working_day, note=r.note[:40]
        )
        for r in rows
    )
    transaction.on_commit(lambda: _enqueue_recompute(notice.pk))
    return notice


def _enqueue_recompute(notice_id: int):
    """Best effort: with the broker down the periodic reminder scan does it first."""
    from .tasks import recompute_after_notice

    try:
        recompute_after_notice.delay(notice_id)
    except Exception:  # noqa: BLE001 - the broker may be down; recomputed_at stays empty
        logger.warning("broker unreachable; notice %s left for the reminder scan", notice_id)


def recompute_for_notice(
    *, notice_id: int, today: date | None = None, batch_size: int = BATCH_SIZE
):
    """Recompute every live deadline with a rule whose span touches the notice's year; move
    those whose date changes (history row, people told, apps' hooks), and clear the
    provisional mark where the year is now official. Idempotent: a second run moves nothing."""
    notice = HolidayNotice.objects.get(pk=notice_id)
    today = today or timezone.localdate()
    first, last = date(notice.year, 1, 1), date(notice.year, 12, 31)
    stats, after = Counter(), 0
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The State Council's holiday notice for %(year)d was entered") % {
            "year": notice.year
        }
        while True:
            with transaction.atomic():
                batch = list(
                    Deadline.objects.select_for_update(of=("self",))
                    .select_related("target_type")
                    .prefetch_related(Prefetch("responsible"))
                    .filter(pk__gt=after, state__in=LIVE, basis_on__lte=last, due_on__gte=first)
                    .exclude(rule="")
                    .order_by("pk")[:batch_size]
                )
                if not batch:
                    break
                after = batch[-1].pk
                _recompute_batch(batch, notice, reason, today, stats)
    # done, unless the notice was corrected meanwhile (its own recompute then follows)
    HolidayNotice.objects.filter(pk=notice.pk, updated_at=notice.updated_at).update(
        recomputed_at=timezone.now()
    )
    return dict(stats)


def _recompute_batch(batch, notice, reason, today, stats):
    start, end = min(d.basis_on for d in batch), max(d.due_on for d in batch)
    cal = calendar.Days(start, end + timedelta(days=60))  # widens itself if a date runs past
    moved, marks = [], []
    for d in batch:
        new = calendar.compute(d.rule, d.basis_on, d.rule_amount, calendar=cal)
        stats["checked"] += 1
        if new != d.due_on:
            moved.append((d, new))
        elif new.provisional != d.provisional:
            d.provisional = new.provisional
            marks.append(d)
    if marks:
        Deadline.objects.bulk_update(marks, ["provisional"])
        stats["confirmed"] += len(marks)
    if not moved:
        return
    changes = DeadlineChange.objects.bulk_create(
        DeadlineChange(
            deadline=d, old_due_on=d.due_on, new_due_on=new, reason=reason[:200], notice=notice
        )
        for d, new in moved
    )
    notes = []
    for (d, new), change in zip(moved, changes, strict=True):
        title = _("New due date %(new)s (was %(old)s): %(title)s") % {
            "new": new.isoformat(),
            "old": d.due_on.isoformat(),
            "title": d.title,
        }
        notes += [
            Notification(
                recipient=u,
                kind="deadline.moved",
                title=title[:200],
                body=reason,
                url=d.url,
                target_type=d.target_type,
                target_id=d.target_id,
            )
            for u in _users(d.responsible.all())
        ]
        d.due_on, d.provisional = date(new.year, new.month, new.day), new.provisional
        if d.state == Deadline.State.OVERDUE and d.due_on >= today:
            d.state = Deadline.State.OPEN
        d.last_reminder = ""  # a new date earns its own reminders
        change.deadline = d
    Deadline.objects.bulk_update(
        [d for d, _new in moved], ["due_on", "provisional", "state", "last_reminder"]
    )
    ReminderSent.objects.filter(deadline__in=[d for d, _new in moved]).delete()
    create_notifications(notes)
    run_moved_hooks([(d, change) for (d, _new), change in zip(moved, changes, strict=True)])
    stats["moved"] += len(moved)
    stats["notified"] += len(notes)


def recompute_pending() -> int:
    """Notices whose recompute has not finished (the broker was down, a worker died)."""
    pending = list(
        HolidayNotice.objects.filter(recomputed_at__isnull=True).values_list("pk", flat=True)
    )
    for pk in pending:
        recompute_for_notice(notice_id=pk)
    return len(pending)
