"""一件民生实事 (the "five ones", DOMAIN §5) recorded when the work that is one is done: a
public-service activity of a station (送医, 送文化, 送法律) for each member who took part, and
a resident's opinion solved with a member's part in it (the member who helped resolve it on
the spot, or who followed it up with the department). "Whoever organises it records it"
(谁组织谁记录): the record is written by the person who recorded the activity or closed the
matter, in that same transaction, through the members ledger service — idempotent per member
and source, so a repeated step never counts twice."""

from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import DutyKind
from members.services import record_duty, void_duty

from ..models import Activity, Opinion

LIVELIHOOD = DutyKind.LIVELIHOOD
SERVICE_KINDS = frozenset({Activity.Kind.MEDICAL, Activity.Kind.CULTURE, Activity.Kind.LEGAL})


def is_public_service(activity: Activity) -> bool:
    return activity.kind in SERVICE_KINDS


def record_for_activity(*, actor, activity: Activity, members) -> int:
    """Each member taking part in a held public-service activity helped one livelihood matter."""
    if not is_public_service(activity) or activity.date > timezone.localdate():
        return 0
    created = 0
    for member in members:
        _row, new = record_duty(
            member=member,
            kind=LIVELIHOOD,
            source=activity,
            occurred_on=activity.date,
            title=_("Livelihood matter: %(what)s")
            % {"what": f"{activity.station.name}：{activity.title}"},
            recorded_by=actor,
        )
        created += new
    return created


def void_for_activity(*, activity: Activity, members) -> None:
    if not is_public_service(activity):
        return
    for member in members:
        void_duty(
            member=member,
            kind=LIVELIHOOD,
            source=activity,
            reason=_("Removed from the activity's participants."),
        )


def record_for_opinion(*, actor, opinion: Opinion) -> bool:
    """A solved opinion with a member's part in it; an opinion converted into a report or a
    proposal earns the member that report's or proposal's own records instead."""
    if not opinion.meta.solved or opinion.taken_up_by_id is None or opinion.conversion_id:
        return False
    _row, created = record_duty(
        member=opinion.taken_up_by,
        kind=LIVELIHOOD,
        source=opinion,
        occurred_on=timezone.localdate(opinion.resolved_at or timezone.now()),
        title=_("Livelihood matter: %(what)s") % {"what": opinion.content[:60]},
        recorded_by=actor,
    )
    return created
