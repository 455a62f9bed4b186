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
from cppcc_portal.core.uploads import display_name

from .models import (
    ArchiveJob,
    DutyKind,
    DutyRecord,
    HandlingUnit,
    Member,
    MinimumReminder,
    Nomination,
    PointRule,
    PointsRecompute,
    SelfReport,
    StudyMaterial,
    StudyRead,
    StudyReflection,
    Term,
    Training,
    TrainingAttendance,
)
from .selectors import member_for
from .terms.guard import ensure_term_open

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
    if term is None:
        raise ValidationError(_("No term is set up yet: a duty record needs one."))
    ensure_term_open(term)
    record = DutyRecord(
        member=member,
        term=term,
        year=occurred_on.year,
        kind=kind,
        occurred_on=occurred_on,
        points=points if points is not None else points_for(kind=kind, term=term),
        points_fixed=points is not None,
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


def _require_staff(actor, message):
    if not is_staff_role(actor):
        raise PermissionDenied(message)


@transaction.atomic
def void_duty_record(*, actor, record: DutyRecord, reason: str) -> DutyRecord:
    """Staff correction: the record stays in the ledger, marked void with the reason."""
    _require_staff(actor, _("Only committee staff may correct duty records."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for voiding this record.")})
    record = DutyRecord.objects.select_for_update().get(pk=record.pk)
    if record.voided_at is not None:
        raise ValidationError(_("This record has already been voided."))
    record.voided_at = timezone.now()
    record.voided_reason = f"{reason.strip()}（{actor.get_full_name() or actor.username}）"[:300]
    record.save(update_fields=["voided_at", "voided_reason"])
    return record


# --- Points recompute ---------------------------------------------------------------------


@transaction.atomic
def request_recompute(*, actor, year: int) -> PointsRecompute:
    """Ask for a year's stored points to be recomputed from the current table (in the background)."""
    _require_staff(actor, _("Only committee staff may recompute points."))
    if not (2000 <= year <= 2100):
        raise ValidationError({"year": _("Enter a valid year.")})
    job = PointsRecompute.objects.create(year=year, requested_by=actor)

    def enqueue():
        from .tasks import recompute_points

        try:
            recompute_points.delay(job.pk)
        except Exception:  # noqa: BLE001 - broker down: run it here rather than lose it
            run_recompute(job_id=job.pk)

    transaction.on_commit(enqueue)
    return job


def run_recompute(*, job_id: int) -> PointsRecompute:
    """Do a queued recompute (idempotent: a finished job is not run again)."""
    from .points import recompute_year

    with transaction.atomic():
        job = PointsRecompute.objects.select_for_update().get(pk=job_id)
        if job.state != PointsRecompute.State.QUEUED:
            return job
        changed, seconds = recompute_year(
            job.year, context={"job": job.pk, "user": job.requested_by_id}
        )
        job.state = PointsRecompute.State.DONE
        job.rows_changed, job.seconds, job.finished_at = changed, seconds, timezone.now()
        job.save()
    return job


# --- Self-report and nominations -----------------------------------------------------------


@transaction.atomic
def save_self_report(*, actor, year: int, body: str, submit: bool = False) -> SelfReport:
    """The member writes (and may submit) their yearly self-report; a submitted one is final."""
    member = member_for(actor)
    if member is None:
        raise PermissionDenied(_("Only a member can write a self-report."))
    body = (body or "").strip()
    if submit and len(body) < 20:
        raise ValidationError({"body": _("Write at least 20 characters before submitting.")})
    report, _created = SelfReport.objects.select_for_update().get_or_create(
        member=member, year=year, defaults={"body": body}
    )
    if report.state == SelfReport.State.SUBMITTED:
        raise ValidationError(_("This self-report has been submitted and can no longer change."))
    report.body = body
    if submit:
        report.state = SelfReport.State.SUBMITTED
        report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def nominate_outstanding(*, actor, member: Member, year: int, reason: str = "") -> Nomination:
    """优秀委员 nomination from the ranking; the points at nomination time are kept."""
    from .points import member_total

    _require_staff(actor, _("Only committee staff may nominate outstanding members."))
    if Nomination.objects.filter(member=member, year=year).exists():
        raise ValidationError(_("This member is already nominated for that year."))
    return Nomination.objects.create(
        member=member,
        year=year,
        points=member_total(member.pk, year),
        reason=reason.strip()[:300],
        nominated_by=actor,
    )


@transaction.atomic
def withdraw_nomination(*, actor, nomination: Nomination) -> None:
    _require_staff(actor, _("Only committee staff may nominate outstanding members."))
    nomination.delete()


# --- Study ---------------------------------------------------------------------------------


@transaction.atomic
def publish_material(
    *, actor, title: str, body: str = "", file=None, group=None, published_on: date | None = None
) -> StudyMaterial:
    _require_staff(actor, _("Only committee staff may publish study materials."))
    if not body.strip() and not file:
        raise ValidationError(_("A study material needs a text or a file."))
    material = StudyMaterial(
        title=title,
        body=body,
        group=group,
        published_on=published_on or timezone.localdate(),
        created_by=actor,
        file_name=display_name(getattr(file, "name", "")) if file else "",
    )
    if file:
        material.file = file
    material.full_clean()
    material.save()
    return material


def mark_read(*, member: Member, material: StudyMaterial) -> bool:
    """The read receipt, once per member and material; True the first time."""
    _receipt, created = StudyRead.objects.get_or_create(material=material, member=member)
    return created


@transaction.atomic
def submit_reflection(*, actor, title: str, body: str, material=None) -> StudyReflection:
    member = member_for(actor)
    if member is None:
        raise PermissionDenied(_("Only a member can submit a study reflection."))
    if len(body.strip()) < 20:
        raise ValidationError({"body": _("Write at least 20 characters.")})
    reflection = StudyReflection(
        member=member,
        material=material,
        title=title.strip(),
        body=body.strip(),
        submitted_on=timezone.localdate(),
    )
    reflection.full_clean()
    reflection.save()
    return reflection


@transaction.atomic
def review_reflection(
    *, actor, reflection: StudyReflection, accept: bool, comment: str = ""
) -> StudyReflection:
    """Staff accept a reflection (it then counts as a STUDY_REFLECTION duty) or return it."""
    from cppcc_portal.notifications.services import notify

    _require_staff(actor, _("Only committee staff may review study reflections."))
    reflection = StudyReflection.objects.select_for_update().get(pk=reflection.pk)
    if reflection.state != StudyReflection.State.SUBMITTED:
        raise ValidationError(_("This reflection has already been reviewed."))
    if not accept and not comment.strip():
        raise ValidationError({"comment": _("Say why the reflection is returned.")})
    reflection.state = StudyReflection.State.ACCEPTED if accept else StudyReflection.State.RETURNED
    reflection.reviewed_by = actor
    reflection.review_comment = comment.strip()[:300]
    reflection.save(update_fields=["state", "reviewed_by", "review_comment"])
    if accept:
        record_duty(
            member=reflection.member,
            kind=DutyKind.STUDY_REFLECTION,
            source=reflection,
            occurred_on=reflection.submitted_on,
            title=reflection.title,
            recorded_by=actor,
        )
    if reflection.member.user_id:
        notify(
            recipients=[reflection.member.user],
            kind="members.reflection_reviewed",
            title=(
                _("Study reflection accepted: %(t)s")
                if accept
                else _("Study reflection returned: %(t)s")
            )
            % {"t": reflection.title},
            body=reflection.review_comment,
            target=reflection,
            url=reflection.get_absolute_url(),
        )
    return reflection


@transaction.atomic
def create_training(
    *, actor, title: str, held_on: date, place: str = "", description: str = ""
) -> Training:
    _require_staff(actor, _("Only committee staff may manage training sessions."))
    training = Training(title=title, held_on=held_on, place=place, description=description)
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def record_training_attendance(*, actor, training: Training, members) -> int:
    """Mark members present at a training: one TRAINING duty each, however often it is marked."""
    _require_staff(actor, _("Only committee staff may manage training sessions."))
    if training.held_on > timezone.localdate():
        raise ValidationError(_("Attendance can be recorded only once the training has been held."))
    created = 0
    for member in members:
        _row, new = TrainingAttendance.objects.get_or_create(training=training, member=member)
        _record, new_duty = record_duty(
            member=member,
            kind=DutyKind.TRAINING,
            source=training,
            occurred_on=training.held_on,
            title=training.title,
            recorded_by=actor,
        )
        created += int(new_duty)
    return created


# --- Archives and reminders ----------------------------------------------------------------


@transaction.atomic
def request_sector_archive(*, actor, sector, year: int | None = None, term=None) -> ArchiveJob:
    """Queue the zip of a sector's duty archives; the page polls the job's progress."""
    _require_staff(actor, _("Only committee staff may build archives."))
    if (year is None) == (term is None):
        raise ValidationError(_("Choose a year or a term."))
    job = ArchiveJob.objects.create(sector=sector, year=year, term=term, requested_by=actor)

    def enqueue():
        from .tasks import build_sector_archive

        try:
            build_sector_archive.delay(job.pk)
        except Exception:  # noqa: BLE001 - broker down: the page offers to run it again
            ArchiveJob.objects.filter(pk=job.pk).update(
                state=ArchiveJob.State.FAILED, error="broker unreachable"
            )

    transaction.on_commit(enqueue)
    return job


def remind_minimum_gaps(*, today: date) -> int:
    """In the last quarter, tell each sitting member with an account which yearly minimums
    they still miss — once per member, year and quarter. Returns how many were reminded."""
    from cppcc_portal.notifications.services import notify

    from .points import active_minimums, members_missing_minimums

    quarter = (today.month - 1) // 3 + 1
    if quarter != 4:
        return 0
    minimums = active_minimums()
    already = MinimumReminder.objects.filter(year=today.year, quarter=quarter).values("member_id")
    qs = members_missing_minimums(
        today.year,
        minimums,
        Member.objects.filter(status=Member.Status.SITTING, user__isnull=False)
        .exclude(pk__in=already)
        .select_related("user"),
    )
    sent = 0
    for member in qs.iterator(chunk_size=500):
        missing = [m.name for i, m in enumerate(minimums) if not getattr(member, f"met_{i}")]
        with transaction.atomic():
            _row, created = MinimumReminder.objects.get_or_create(
                member=member,
                year=today.year,
                quarter=quarter,
                defaults={"missing": "、".join(missing)[:300]},
            )
            if not created:
                continue
            from django.urls import reverse

            notify(
                recipients=[member.user],
                kind="members.minimums_missing",
                title=_("Yearly minimum duties still missing: %(list)s")
                % {"list": "、".join(missing)},
                body=_("The year ends on 31 December; please complete them in time."),
                url=reverse("members:my_duty"),
            )
            sent += 1
    return sent


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


def import_handling_unit(*, actor, unit, data) -> HandlingUnit:
    """Create or update a handling unit from an imported row (core.imports); runs in the
    pipeline's transaction."""
    if not (actor and (actor.is_superuser or is_staff_role(actor))):
        raise PermissionDenied(_("Only committee staff may import units."))
    unit = unit or HandlingUnit()
    for name, value in data.items():
        setattr(unit, name, value)
    unit.full_clean(validate_unique=False)
    unit.save()
    return unit
