"""What the consultation service tests share."""

from django.utils import timezone

from consultations import services
from members.models import DutyRecord

TODAY = timezone.localdate


def live(member, kind=None):
    """A member's duty records that are not voided (of one kind)."""
    qs = DutyRecord.objects.filter(member=member, voided_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def to_held(staff, c):
    """Prepare a consultation and record its meeting held today."""
    services.start_preparing(actor=staff, consultation=c)
    services.record_held(
        actor=staff, consultation=c, held_on=TODAY(), venue="会议室", minutes="纪要"
    )
    return c
