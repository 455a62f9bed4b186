"""Station activities, their photos and the quarterly visiting rounds (每季度走访)."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from members.models import DutyKind, Member
from members.services import record_duty, void_duty
from members.terms.guard import ensure_date_open

from ..models import Activity, ActivityPhoto, Station, VisitRound
from . import livelihood
from ._base import _require_station

THUMBNAIL_SIZE = (480, 480)


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
    """Members who took part in a held activity earn a duty record (idempotent per source);
    a public-service activity is also one livelihood matter each (一件民生实事)."""
    if activity.date > timezone.localdate():
        return  # planned, not held yet: duty is recorded when it has taken place
    livelihood.record_for_activity(actor=actor, activity=activity, members=members)
    for member in members:
        record_duty(
            member=member,
            kind=DutyKind.STATION_ACTIVITY,
            source=activity,
            occurred_on=activity.date,
            title=f"{activity.station.name}：{activity.title}",
            recorded_by=actor,
        )


def _ensure_open(day):
    """An activity dated in a closed term (members.terms.guard) is refused at its date."""
    try:
        ensure_date_open(day)
    except ValidationError as exc:
        raise ValidationError({"date": exc.messages}) from exc


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
    _ensure_open(date)
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
    _ensure_open(activity.date)
    wanted = {m.pk: m for m in participants}
    current = set(activity.participants.values_list("pk", flat=True))
    removed = list(Member.objects.filter(pk__in=current - set(wanted)))
    livelihood.void_for_activity(activity=activity, members=removed)
    for member in removed:
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
