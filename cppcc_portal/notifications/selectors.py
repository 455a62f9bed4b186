"""Every read the notification pages need, narrowed to what the user may see."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from cppcc_portal.core.subqueries import count_of

from .models import Deadline, Delivery, Notification, ReminderSent
from .parties import parties_of_users, users_now
from .rules import can_manage_deliveries, can_view_deadlines
from .services import with_change_log

LIVE = [Deadline.State.OPEN, Deadline.State.OVERDUE]


# --- A person's own notifications -----------------------------------------------------


def notifications_visible_to(user):
    """Only one's own: there is no way to read someone else's notifications."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def notification_list(user, *, unread_only: bool = False):
    """Unread first, then newest first."""
    qs = notifications_visible_to(user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.annotate(
        unread_first=Case(
            When(read_at__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("unread_first", "-created_at", "-id")


def unread_count(user) -> int:
    return notifications_visible_to(user).filter(read_at__isnull=True).count()


# --- Staff: deadlines across the portal -------------------------------------------------


def deadlines_visible_to(user):
    if not can_view_deadlines(user):
        raise PermissionDenied
    return Deadline.objects.all()


def deadline_list(user, *, when: str = "", duty: str = "", unit: str = "", responsible: str = ""):
    """Live deadlines (open or overdue), soonest first, with who is responsible.

    `when` is "upcoming" (due today or later), "overdue" (due date passed) or "" (both);
    overdue is judged by the date, so it is right even before the scanner has run today."""
    today = timezone.localdate()
    qs = deadlines_visible_to(user).filter(state__in=LIVE)
    if when == "upcoming":
        qs = qs.filter(due_on__gte=today)
    elif when == "overdue":
        qs = qs.filter(due_on__lt=today)
    if duty.endswith(".*"):
        qs = qs.filter(duty__startswith=duty[:-1])
    elif duty:
        qs = qs.filter(duty=duty)
    if unit:
        qs = qs.filter(unit_id=int(unit)) if unit.isdigit() else qs.filter(unit_name=unit)
    if responsible:
        people = get_user_model().objects.filter(
            Q(username__icontains=responsible)
            | Q(first_name__icontains=responsible)
            | Q(last_name__icontains=responsible)
        )
        named = Deadline.responsible.through.objects.filter(user__in=people).values("deadline_id")
        their_parties = sorted(
            {p for ps in parties_of_users(people.values_list("pk", flat=True)).values() for p in ps}
        )
        cond = Q(pk__in=named)
        if their_parties:
            cond |= Q(parties__overlap=their_parties)
        qs = qs.filter(cond)
    return (
        with_change_log(qs)
        .annotate(reminder_count=count_of(ReminderSent.objects.all(), "deadline_id"))
        .order_by("due_on", "id")
    )


def with_people(deadlines) -> list:
    """A page of deadlines, each with `people`: who answers for it today (named people and
    its parties resolved now), in a fixed number of queries."""
    deadlines = list(deadlines)
    people = users_now(deadlines)
    for d in deadlines:
        d.people = people[d.pk]
    return deadlines


def unit_overdue_counts(user):
    """Each handling unit's number of overdue live deadlines, most first."""
    today = timezone.localdate()
    return (
        deadlines_visible_to(user)
        .filter(state__in=LIVE, due_on__lt=today, unit_id__isnull=False)
        .values("unit_id", "unit_name")
        .annotate(overdue=Count("id"))
        .order_by("-overdue", "unit_name")
    )


def unit_choices(user):
    """(unit_id, name) of the units that have live deadlines."""
    rows = (
        deadlines_visible_to(user)
        .filter(state__in=LIVE, unit_id__isnull=False)
        .values_list("unit_id", "unit_name")
        .distinct()
        .order_by("unit_name", "unit_id")
    )
    return [(str(pk), name or f"#{pk}") for pk, name in rows]


# --- Staff: deliveries --------------------------------------------------------------------


def delivery_list(user, *, state: str = "", channel: str = ""):
    """Deliveries that need a look: failed ones, and pending ones that have already failed once."""
    if not can_manage_deliveries(user):
        raise PermissionDenied
    qs = Delivery.objects.select_related("notification__recipient")
    if state:
        qs = qs.filter(state=state)
    else:
        qs = qs.filter(
            Q(state=Delivery.State.FAILED) | Q(state=Delivery.State.PENDING, attempts__gt=0)
        )
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-next_attempt_at", "-id")
