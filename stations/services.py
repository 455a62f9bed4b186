"""Every write of the stations part: keyword-only, one transaction, permission-checked."""

import io
import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cppcc_portal.accounts.roles import Role, has_role
from cppcc_portal.notifications.calendar import add_working_days
from cppcc_portal.notifications.services import close_deadline, notify, open_deadline
from members.models import DutyKind, Member
from members.services import record_duty, void_duty

from .duties import REFERRAL_DUTY
from .models import (
    Activity,
    ActivityPhoto,
    Assignment,
    Opinion,
    OpinionEvent,
    Station,
    StationKind,
    VisitRound,
)
from .rules import can_act_on_station, can_manage_all_stations
from .workflow import STATE_META, TRANSITIONS, OpinionState

REFERRAL_WORKING_DAYS = 15
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
THUMBNAIL_SIZE = (480, 480)


def _require_station(actor, station):
    if not can_act_on_station(actor, station):
        raise PermissionDenied(_("You may act only on your own station."))


def _require_liaison(actor):
    if not can_manage_all_stations(actor):
        raise PermissionDenied(_("Only liaison staff may assign members to stations."))


def station_managers(station) -> list:
    """The accounts that run a station: its instructor and its head's account."""
    users = []
    if station.instructor_id:
        users.append(station.instructor)
    if station.head_id and station.head.user_id:
        users.append(station.head.user)
    return users


# --- Assignments -------------------------------------------------------------------------


@transaction.atomic
def assign_members(*, actor, station: Station, members, since: date | None = None) -> int:
    """Assign members to a station; an open assignment to another station of the same kind
    ends the day before (so a member always belongs to one station of each kind)."""
    _require_liaison(actor)
    if not station.is_active:
        raise ValidationError(_("This station is no longer active."))
    since = since or timezone.localdate()
    members = list(members)
    if station.kind.is_home:
        not_sitting = [m.name for m in members if m.status != Member.Status.SITTING]
        if not_sitting:
            raise ValidationError(
                _("Only sitting members can be assigned: %(names)s.")
                % {"names": "、".join(not_sitting)}
            )
    ids = [m.pk for m in members]
    current = {
        a.member_id: a
        for a in Assignment.objects.select_for_update().filter(
            member_id__in=ids, station_kind=station.kind_id, until__isnull=True
        )
    }
    created = []
    for member in members:
        old = current.get(member.pk)
        if old is not None:
            if old.station_id == station.pk:
                continue
            old.until = max(old.since, since - timedelta(days=1))
            old.save(update_fields=["until"])
        created.append(
            Assignment(
                station=station,
                station_kind_id=station.kind_id,
                member=member,
                since=since,
                assigned_by=actor,
            )
        )
    Assignment.objects.bulk_create(created)
    return len(created)


@transaction.atomic
def assign_unassigned_by_street(*, actor, since: date | None = None) -> int:
    """Assign every unassigned sitting member to the home-kind station of the street they
    live or work in (where exactly one active such station exists)."""
    from .selectors import unassigned_members

    _require_liaison(actor)
    kind = StationKind.objects.filter(is_home=True).first()
    if kind is None:
        raise ValidationError(_("No station kind is marked as the one every member belongs to."))
    by_street: dict[int, list[Station]] = {}
    for station in Station.objects.filter(kind=kind, is_active=True, street__isnull=False):
        by_street.setdefault(station.street_id, []).append(station)
    total = 0
    groups: dict[int, list[Member]] = {}
    for member in unassigned_members():
        stations = by_street.get(member.street_id) or []
        if len(stations) == 1:
            groups.setdefault(stations[0].pk, []).append(member)
    stations = {s.pk: s for group in by_street.values() for s in group}
    for station_id, members in groups.items():
        total += assign_members(
            actor=actor, station=stations[station_id], members=members, since=since
        )
    return total


@transaction.atomic
def end_assignment(*, actor, assignment: Assignment, until: date | None = None) -> Assignment:
    _require_liaison(actor)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.until is not None:
        raise ValidationError(_("This assignment has already ended."))
    until = until or timezone.localdate()
    if until < assignment.since:
        raise ValidationError(_("An assignment cannot end before it began."))
    assignment.until = until
    assignment.save(update_fields=["until"])
    return assignment


# --- Activities ----------------------------------------------------------------------------


def _validate_activity(*, kind, day, title, residents_reached, services_given, donation_amount):
    errors = {}
    if kind not in Activity.Kind.values:
        errors["kind"] = _("Choose a kind of activity.")
    if not (title or "").strip():
        errors["title"] = _("Give the activity a title.")
    if day > timezone.localdate() + timedelta(days=366):
        errors["date"] = _("The date is too far in the future.")
    if residents_reached < 0 or services_given < 0:
        errors["residents_reached"] = _("Counts cannot be negative.")
    if donation_amount is not None and Decimal(donation_amount) < 0:
        errors["donation_amount"] = _("The donation amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _record_participation(*, actor, activity: Activity, members):
    """Members who took part in a held activity earn a duty record (idempotent per source)."""
    if activity.date > timezone.localdate():
        return  # planned, not held yet: duty is recorded when it has taken place
    for member in members:
        record_duty(
            member=member,
            kind=DutyKind.STATION_ACTIVITY,
            source=activity,
            occurred_on=activity.date,
            title=f"{activity.station.name}：{activity.title}",
            recorded_by=actor,
        )


@transaction.atomic
def record_activity(
    *,
    actor,
    station: Station,
    kind: str,
    date: date,
    title: str,
    summary: str = "",
    participants=(),
    residents_reached: int = 0,
    services_given: int = 0,
    donation_amount: Decimal = Decimal("0"),
    visit_round: VisitRound | None = None,
    photos=(),
) -> Activity:
    """A station head or instructor records an activity of their own station."""
    _require_station(actor, station)
    _validate_activity(
        kind=kind,
        day=date,
        title=title,
        residents_reached=residents_reached,
        services_given=services_given,
        donation_amount=donation_amount,
    )
    if visit_round is not None and visit_round.station_id != station.pk:
        raise ValidationError({"visit_round": _("That visiting round belongs to another station.")})
    activity = Activity(
        station=station,
        kind=kind,
        date=date,
        title=title.strip(),
        summary=summary.strip(),
        residents_reached=residents_reached,
        services_given=services_given,
        donation_amount=donation_amount or Decimal("0"),
        visit_round=visit_round,
        created_by=actor,
    )
    activity.full_clean()
    activity.save()
    participants = list(participants)
    activity.participants.set(participants)
    _record_participation(actor=actor, activity=activity, members=participants)
    if photos:
        add_activity_photos(actor=actor, activity=activity, files=photos)
    return activity


@transaction.atomic
def update_participants(*, actor, activity: Activity, participants) -> Activity:
    """Correct who took part: duty records follow (added members earn one, removed are voided)."""
    _require_station(actor, activity.station)
    wanted = {m.pk: m for m in participants}
    current = set(activity.participants.values_list("pk", flat=True))
    for member in Member.objects.filter(pk__in=current - set(wanted)):
        void_duty(
            member=member,
            kind=DutyKind.STATION_ACTIVITY,
            source=activity,
            reason=_("Removed from the activity's participants."),
        )
    activity.participants.set(wanted.values())
    _record_participation(
        actor=actor, activity=activity, members=[m for pk, m in wanted.items() if pk not in current]
    )
    return activity


def _thumbnail(upload) -> ContentFile:
    from PIL import Image, ImageOps, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as img:
            img = ImageOps.exif_transpose(img)
            img.thumbnail(THUMBNAIL_SIZE)
            if img.mode not in ("RGB", "L"):
                img = img.convert("RGB")
            buffer = io.BytesIO()
            img.save(buffer, format="JPEG", quality=80)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("The photo could not be read as an image."))
    finally:
        upload.seek(0)
    return ContentFile(buffer.getvalue(), name="thumb.jpg")


@transaction.atomic
def add_activity_photos(*, actor, activity: Activity, files) -> list[ActivityPhoto]:
    """Store validated images (checked by ValidatedImageField) with a Pillow thumbnail each."""
    _require_station(actor, activity.station)
    photos = []
    for upload in files:
        thumb = _thumbnail(upload)
        photo = ActivityPhoto(
            activity=activity, original_name=(upload.name or "")[:200], uploaded_by=actor
        )
        photo.image.save(upload.name or "photo.jpg", upload, save=False)
        photo.thumbnail.save("thumb.jpg", thumb, save=False)
        photo.save()
        photos.append(photo)
    return photos


def quarter_end(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, quarter * 3 + 1, 1) - timedelta(days=1)


@transaction.atomic
def plan_visit_round(
    *, actor, station: Station, year: int, quarter: int, theme: str = "", due_on=None
) -> VisitRound:
    """每季度走访: plan one round per station and quarter; assigned members are expected."""
    _require_station(actor, station)
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose a quarter.")})
    if VisitRound.objects.filter(station=station, year=year, quarter=quarter).exists():
        raise ValidationError(_("A visiting round is already planned for this quarter."))
    visit_round = VisitRound(
        station=station,
        year=year,
        quarter=quarter,
        theme=theme.strip(),
        due_on=due_on or quarter_end(year, quarter),
        created_by=actor,
    )
    visit_round.full_clean()
    visit_round.save()
    return visit_round


# --- Residents' opinions ---------------------------------------------------------------------


def _receipt_code() -> str:
    while True:
        code = "".join(secrets.choice(RECEIPT_ALPHABET) for _i in range(10))
        if not Opinion.objects.filter(receipt_code=code).exists():
            return code


def _validate_opinion(*, category, content):
    errors = {}
    if category not in Opinion.Category.values:
        errors["category"] = _("Choose a category.")
    content = (content or "").strip()
    if len(content) < 5:
        errors["content"] = _("Please describe the matter in a few words at least.")
    elif len(content) > 2000:
        errors["content"] = _("Please keep it under 2,000 characters.")
    if errors:
        raise ValidationError(errors)
    return content


def _new_opinion(*, station, source, category, content, resident_name, resident_contact, **extra):
    content = _validate_opinion(category=category, content=content)
    opinion = Opinion(
        station=station,
        source=source,
        category=category,
        content=content,
        resident_name=(resident_name or "").strip()[:40],
        resident_contact=(resident_contact or "").strip()[:40],
        receipt_code=_receipt_code(),
        received_at=timezone.now(),
        **extra,
    )
    opinion.full_clean()
    opinion.save()
    OpinionEvent.objects.create(
        opinion=opinion, actor=extra.get("recorded_by"), to_state=opinion.state
    )
    return opinion


@transaction.atomic
def record_opinion(
    *,
    actor,
    station: Station,
    category: str,
    content: str,
    resident_name: str = "",
    resident_contact: str = "",
    activity: Activity | None = None,
) -> Opinion:
    """An opinion heard at the station or at one of its activities."""
    _require_station(actor, station)
    if activity is not None and activity.station_id != station.pk:
        raise ValidationError({"activity": _("That activity belongs to another station.")})
    return _new_opinion(
        station=station,
        source=Opinion.Source.ACTIVITY if activity else Opinion.Source.STATION,
        category=category,
        content=content,
        resident_name=resident_name,
        resident_contact=resident_contact,
        activity=activity,
        recorded_by=actor,
    )


@transaction.atomic
def submit_public_opinion(
    *, station: Station, category: str, content: str, resident_name="", resident_contact=""
) -> Opinion:
    """A resident leaves an opinion on the station's public page (no account)."""
    if not station.is_active:
        raise ValidationError(_("This station does not accept opinions at present."))
    opinion = _new_opinion(
        station=station,
        source=Opinion.Source.PUBLIC,
        category=category,
        content=content,
        resident_name=resident_name,
        resident_contact=resident_contact,
    )
    notify(
        recipients=station_managers(station),
        kind="station.opinion_received",
        title=_("A resident left an opinion at %(station)s") % {"station": station.name},
        body=opinion.content[:200],
        target=opinion,
        url=reverse("stations:opinion_detail", args=[opinion.pk]),
    )
    return opinion


def _transition(*, actor, opinion: Opinion, action: str, comment: str = "", **changes) -> Opinion:
    """Move an opinion along TRANSITIONS, on a locked row: a stale second move is refused."""
    _require_station(actor, opinion.station)
    locked = Opinion.objects.select_for_update().select_related("station").get(pk=opinion.pk)
    sources, target = TRANSITIONS[action]
    if locked.state not in sources:
        raise ValidationError(
            _(
                "This opinion is now “%(state)s”; that step is no longer possible. "
                "Reload the page to see what changed."
            )
            % {"state": OpinionState(locked.state).label}
        )
    from_state = locked.state
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.state = target
    if STATE_META[target].solved and locked.resolved_at is None:
        locked.resolved_at = timezone.now()
    if target == OpinionState.CLOSED:
        locked.closed_at = timezone.now()
    locked.full_clean()
    locked.save()
    OpinionEvent.objects.create(
        opinion=locked, actor=actor, from_state=from_state, to_state=target, comment=comment
    )
    return locked


@transaction.atomic
def start_handling(*, actor, opinion: Opinion, note: str = "") -> Opinion:
    return _transition(
        actor=actor, opinion=opinion, action="start", comment=note, handling_note=note.strip()
    )


def _require_text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


@transaction.atomic
def resolve_on_spot(*, actor, opinion: Opinion, result: str) -> Opinion:
    result = _require_text(result, "result", _("Say how the matter was resolved."))
    return _transition(
        actor=actor, opinion=opinion, action="resolve", comment=result, result=result
    )


@transaction.atomic
def refer_to_department(
    *, actor, opinion: Opinion, department, due_on: date | None = None, note: str = ""
) -> Opinion:
    """Refer to a department for an answer by a deadline the notifications engine tracks."""
    if department is None:
        raise ValidationError({"department": _("Choose the department.")})
    due_on = due_on or add_working_days(timezone.localdate(), REFERRAL_WORKING_DAYS)
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The deadline cannot be in the past.")})
    opinion = _transition(
        actor=actor,
        opinion=opinion,
        action="refer",
        comment=note or department.name,
        department=department,
        referral_due_on=due_on,
        handling_note=note.strip() or opinion.handling_note,
    )
    open_deadline(
        target=opinion,
        duty=REFERRAL_DUTY,
        due_on=due_on,
        responsible=station_managers(opinion.station),
        title=_("Department's answer to a resident's opinion (%(code)s)")
        % {"code": opinion.receipt_code},
        url=reverse("stations:opinion_detail", args=[opinion.pk]),
        unit_id=department.pk,
    )
    return opinion


@transaction.atomic
def record_department_answer(*, actor, opinion: Opinion, answer: str) -> Opinion:
    _require_station(actor, opinion.station)
    answer = _require_text(answer, "answer", _("Enter the department's answer."))
    locked = Opinion.objects.select_for_update().get(pk=opinion.pk)
    if not STATE_META[locked.state].may_answer:
        raise ValidationError(_("A department's answer can be recorded only while referred."))
    locked.department_answer = answer
    locked.save(update_fields=["department_answer", "updated_at"])
    close_deadline(target=locked, duty=REFERRAL_DUTY)
    OpinionEvent.objects.create(
        opinion=locked, actor=actor, from_state=locked.state, to_state=locked.state, comment=answer
    )
    return locked


def _check_member(member):
    if member is None:
        raise ValidationError({"member": _("Choose the member who takes it up.")})
    if member.status != Member.Status.SITTING:
        raise ValidationError({"member": _("Only a sitting member can take it up.")})


REPORT_CONVERTER_ROLES = (Role.STATION_MANAGER, Role.OPINION_STAFF, Role.PROPOSAL_STAFF)


def conversions_available(user) -> dict[str, bool]:
    """Which conversions the user may start here: the social-opinion part admits only some
    roles as converters; a station's managers may always start a draft proposal."""
    return {"convert_report": has_role(user, *REPORT_CONVERTER_ROLES), "convert_proposal": True}


def _require_conversion(actor, action):
    if not conversions_available(actor)[action]:
        raise PermissionDenied(_("You may not make this conversion here."))


@transaction.atomic
def convert_to_report(*, actor, opinion: Opinion, member: Member, title: str, content: str):
    """Turn the opinion into a social-opinion report in a member's name (社情民意)."""
    _require_station(actor, opinion.station)
    _require_conversion(actor, "convert_report")
    from opinions import services as report_services

    _check_member(member)
    title = _require_text(title, "title", _("Give the report a title."))
    content = _require_text(content, "content", _("Write the report's content."))
    opinion = _transition(
        actor=actor, opinion=opinion, action="convert_report", comment=title, taken_up_by=member
    )
    report = report_services.create_report_from_conversion(
        actor=actor, member=member, title=title, content=content, source=opinion
    )
    return _link_conversion(opinion, report)


@transaction.atomic
def convert_to_proposal(
    *, actor, opinion: Opinion, member: Member, title: str, analysis: str, suggestions: str
):
    """Turn the opinion into a draft proposal of the member who takes it up."""
    _require_station(actor, opinion.station)
    _require_conversion(actor, "convert_proposal")
    from proposals import services as proposal_services

    _check_member(member)
    title = _require_text(title, "title", _("Give the proposal a title."))
    analysis = _require_text(analysis, "analysis", _("Write the situation analysis."))
    suggestions = _require_text(suggestions, "suggestions", _("Write the suggestions."))
    opinion = _transition(
        actor=actor, opinion=opinion, action="convert_proposal", comment=title, taken_up_by=member
    )
    proposal = proposal_services.create_draft_from(
        actor=actor,
        member=member,
        title=title,
        analysis=analysis,
        suggestions=suggestions,
        source=opinion,
    )
    return _link_conversion(opinion, proposal)


def _link_conversion(opinion, target):
    from django.contrib.contenttypes.models import ContentType

    opinion.conversion_type = ContentType.objects.get_for_model(target)
    opinion.conversion_id = target.pk
    opinion.save(update_fields=["conversion_type", "conversion_id", "updated_at"])
    return opinion


@transaction.atomic
def close_opinion(*, actor, opinion: Opinion, result: str) -> Opinion:
    """Close with the result told to the resident (what the public lookup shows)."""
    result = _require_text(result, "result", _("Say what the resident was told."))
    if (
        opinion.state == OpinionState.REFERRED
        and not Opinion.objects.get(pk=opinion.pk).department_answer
    ):
        raise ValidationError(_("Record the department's answer before closing."))
    opinion = _transition(
        actor=actor, opinion=opinion, action="close", comment=result, result=result
    )
    close_deadline(target=opinion, duty=REFERRAL_DUTY, cancelled=True)
    return opinion
