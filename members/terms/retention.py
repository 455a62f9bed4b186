"""Retention of personal data [L]: phone, ID number and address of members who left are
masked once the retention period after their last term has passed. The member, their records
and their history stay; each masking is in the audit log (who and when)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.core.masking import mask_address, mask_id_number, mask_phone

from ..models import Member, RetentionSettings

LEFT = (Member.Status.LEFT, Member.Status.RESIGNED)


@dataclass
class Due:
    member: Member
    last_term_end: date
    due_on: date


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def due_for_masking(*, today: date | None = None) -> list[Due]:
    """Members who left, whose last term ended more than the retention period ago, and who
    still hold a phone, an ID number or an address that is not masked yet."""
    today = today or timezone.localdate()
    years = RetentionSettings.load().retention_years
    cutoff = _years_before(today, years)
    qs = (
        Member.objects.filter(status__in=LEFT, personal_data_masked_at__isnull=True)
        .exclude(phone="", id_number="", address="")
        .annotate(last_term_end=Max("terms__end_date"))
        .filter(Q(last_term_end__lt=cutoff))
        .order_by("number")
    )
    return [Due(m, m.last_term_end, _years_after(m.last_term_end, years)) for m in qs]


def mask_expired(*, actor, dry_run: bool = True, today: date | None = None) -> list[Due]:
    """Mask what is due; with dry_run only list it (nothing is written)."""
    due = due_for_masking(today=today)
    if dry_run or not due:
        return due
    from cppcc_portal.audit.models import Action
    from cppcc_portal.audit.services import audit

    now = timezone.now()
    with transaction.atomic():
        for item in due:
            m = item.member
            # an update, not save(): a masked phone no longer passes the phone validator
            Member.objects.filter(pk=m.pk, personal_data_masked_at__isnull=True).update(
                phone=mask_phone(m.phone),
                id_number=mask_id_number(m.id_number),
                address=mask_address(m.address),
                personal_data_masked_at=now,
            )
            audit(
                user=actor,
                action=Action.ADMIN_CHANGE,
                target=m,
                detail=_(
                    "Personal data (phone, ID number, address) of member %(number)s masked: "
                    "retention period ended on %(due)s"
                )
                % {"number": m.number, "due": item.due_on.isoformat()},
            )
    return due
