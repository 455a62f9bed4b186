"""The State Council's yearly holiday notice: staff enter its 调休 table, and every open
deadline the notice moves is recomputed from its stored rule, its people told, its old
date kept (DeadlineChange). Deadlines set before the notice counted the statutory holidays
only and were provisional (DOMAIN §8)."""

import logging
from collections import Counter, defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
from .parties import users_now
from .reminders import _kick_delivery
from .services import create_notifications

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
    stats = Counter()
    candidates = (
        Deadline.objects.filter(state__in=LIVE, basis_on__lte=last, due_on__gte=first)
        .exclude(rule="")
        .order_by("pk")
    )
    rows = candidates.values_list(*RULE_ROW)
    ids = list(candidates.values_list("pk", flat=True))
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("The State Council's holiday notice for %(year)d was entered") % {
            "year": notice.year
        }
        for start in range(0, len(ids), batch_size):
            # an unlocked look first: most rows are checked and left as they are
            page = list(rows.filter(pk__in=ids[start : start + batch_size]))
            stats["checked"] += len(page)
            cal = _calendar_for(page)
            needy = [row[0] for row in page if _recomputed(row, cal) is not None]
            if not needy:
                continue
            with transaction.atomic():
                locked = list(rows.filter(pk__in=needy).select_for_update(of=("self",)))
                if locked:
                    _recompute_batch(locked, notice, reason, today, stats)
    if stats["notified"]:
        _kick_delivery()
    # done, unless the notice was corrected meanwhile (its own recompute then follows)
    HolidayNotice.objects.filter(pk=notice.pk, updated_at=notice.updated_at).update(
        recomputed_at=timezone.now()
    )
    return dict(stats)


RULE_ROW = ("pk", "rule", "basis_on", "rule_amount", "due_on", "provisional")


def _calendar_for(rows) -> calendar.Days:
    """One calendar snapshot for a page of rows (two queries); it widens itself if needed."""
    start, end = min(r[2] for r in rows), max(r[4] for r in rows)
    return calendar.Days(start, end + timedelta(days=60))


def _recomputed(row, cal):
    """The row's date computed again, or None when neither the date nor the mark changes."""
    _pk, rule, basis_on, amount, due_on, provisional = row
    new = calendar.compute(rule, basis_on, amount, calendar=cal)
    return new if new != due_on or new.provisional != provisional else None


def _recompute_batch(rows, notice, reason, today, stats):
    cal = _calendar_for(rows)
    new_dates, marks = {}, {True: [], False: []}
    for row in rows:  # again, under the lock: a service may have changed a row meanwhile
        new = _recomputed(row, cal)
        if new is None:
            continue
        if new != row[4]:
            new_dates[row[0]] = new
        else:
            marks[new.provisional].append(row[0])
    for flag, pks in marks.items():
        if pks:
            updated = Deadline.objects.filter(pk__in=pks).update(provisional=flag)
            stats["unconfirmed" if flag else "confirmed"] += updated
    if not new_dates:
        return
    moved = [
        (d, new_dates[d.pk])
        for d in Deadline.objects.select_related("target_type")
        .filter(pk__in=new_dates)
        .order_by("pk")
    ]
    people = users_now(d for d, _new in moved)  # whoever answers for each one today
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
            for u in people[d.pk]
        ]
        d.due_on, d.provisional = date(new.year, new.month, new.day), new.provisional
        if d.state == Deadline.State.OVERDUE and d.due_on >= today:
            d.state = Deadline.State.OPEN
        d.last_reminder = ""  # a new date earns its own reminders
        change.deadline = d
    # one UPDATE per new date (a batch has few distinct ones; bulk_update's CASE per row cost
    # most of the time at 5,000 moves)
    groups = defaultdict(list)
    for d, _new in moved:
        groups[(d.due_on, d.provisional, d.state)].append(d.pk)
    for (due_on, provisional, state), pks in groups.items():
        Deadline.objects.filter(pk__in=pks).update(
            due_on=due_on, provisional=provisional, state=state, last_reminder=""
        )
    ReminderSent.objects.filter(deadline__in=[d for d, _new in moved]).delete()
    create_notifications(notes, enqueue=False)  # one deliver_pending after the run
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
