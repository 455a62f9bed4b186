"""The home page part: the live deadlines a person is responsible for."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cppcc_portal.core.navigation import HomeSection

from .models import Deadline
from .reminders import duty_label


def my_deadlines(user):
    deadlines = list(
        Deadline.objects.of_person(user)
        .filter(state__in=[Deadline.State.OPEN, Deadline.State.OVERDUE])
        .order_by("due_on", "id")[:8]
    )
    if not deadlines:
        return None
    today = timezone.localdate()
    for d in deadlines:
        d.duty_label = duty_label(d.duty)
        d.days_left = (d.due_on - today).days
    return HomeSection(
        _("My deadlines"), "notifications/home/deadlines.html", {"deadlines": deadlines}, order=5
    )


SECTIONS = [my_deadlines]
