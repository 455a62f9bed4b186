"""Writes of the members app: the duty ledger's one write path, and the member import."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import is_staff_role

from .models import DutyKind, DutyRecord, Member, PointRule, Term

# --- Duty ledger ---------------------------------------------------------------------


def source_key_for(source) -> str:
    return f"{source._meta.label_lower}:{source.pk}"


def points_for(*, kind: str, term: Term) -> Decimal:
    """The points table value for a kind in a term (term row, else the default row, else 0)."""
    rows = dict(
        PointRule.objects.filter(Q(term=term) | Q(term__isnull=True), kind=kind).values_list(
            "term_id", "points"
        )
    )
    return rows.get(term.pk, rows.get(None, Decimal("0")))


def _term_for(member: Member, day: date) -> Term:
    term = Term.objects.filter(start_date__lte=day, end_date__gte=day).first()
    return term or Term.current()


def record_duty(
    *,
    member: Member,
    kind: str,
    source=None,
    source_key: str | None = None,
    occurred_on: date,
    title: str = "",
    note: str = "",
    points: Decimal | None = None,
    recorded_by=None,
) -> tuple[DutyRecord, bool]:
    """Record one duty; idempotent per (member, kind, source): a retried task or a
    repeated action returns the existing record and `created=False`."""
    if kind not in DutyKind.values:
        raise ValidationError(_("Unknown kind of duty."))
    if source is None and not source_key:
        raise ValidationError(_("A duty record needs a source."))
    key = source_key or source_key_for(source)
    existing = DutyRecord.objects.filter(
        member=member, kind=kind, source_key=key, voided_at__isnull=True
    ).first()
    if existing:
        return existing, False
    term = _term_for(member, occurred_on)
    record = DutyRecord(
        member=member,
        term=term,
        year=occurred_on.year,
        kind=kind,
        occurred_on=occurred_on,
        points=points if points is not None else points_for(kind=kind, term=term),
        title=(title or (str(source) if source is not None else ""))[:300],
        source_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_id=source.pk if source is not None else None,
        source_key=key,
        note=note,
        recorded_by=recorded_by,
    )
    record.full_clean(exclude=["source_type", "source_id"])
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:  # a concurrent writer recorded it first
        return DutyRecord.objects.get(
            member=member, kind=kind, source_key=key, voided_at__isnull=True
        ), False
    return record, True


@transaction.atomic
def void_duty(
    *, member: Member, kind: str, source=None, source_key: str | None = None, reason: str
) -> int:
    """Void the live record of a duty (e.g. attendance corrected); the row and its history stay."""
    key = source_key or source_key_for(source)
    return DutyRecord.objects.filter(
        member=member, kind=kind, source_key=key, voided_at__isnull=True
    ).update(voided_at=timezone.now(), voided_reason=reason[:300])


@transaction.atomic
def add_manual_duty(
    *, actor, member: Member, kind: str, occurred_on: date, points: Decimal, title: str, reason: str
):
    """A staff entry (or correction, with negative points) — always a new record with a reason."""
    if not is_staff_role(actor):
        raise PermissionDenied(_("Only committee staff may add duty records by hand."))
    if not reason.strip():
        raise ValidationError({"note": _("Give the reason for this entry.")})
    import uuid

    record, _created = record_duty(
        member=member,
        kind=kind,
        source_key=f"manual:{uuid.uuid4().hex}",
        occurred_on=occurred_on,
        title=title,
        note=reason,
        points=points,
        recorded_by=actor,
    )
    return record


# --- Member import ---------------------------------------------------------------------


@dataclass
class ImportResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


@transaction.atomic
def import_members(*, actor, workbook_file, commit: bool) -> ImportResult:
    """Parse an Excel sheet of members; with commit=True write all rows or none."""
    from .importing import parse_member_sheet

    if not is_staff_role(actor):
        raise PermissionDenied(_("Only committee staff may import members."))
    result = parse_member_sheet(workbook_file)
    if not result.ok or not commit:
        return result
    for row in result.rows:
        committees = row.pop("committees")
        terms = row.pop("terms")
        number = row.pop("number")
        member, _created = Member.objects.update_or_create(number=number, defaults=row)
        member.full_clean()
        member.terms.add(*terms)
        for committee in committees:
            member.committee_memberships.get_or_create(committee=committee)
    return result
