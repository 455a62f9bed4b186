"""Activities (and the duty they earn), photos, the quarterly visiting rounds."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cppcc_portal.accounts.roles import Role
from members.models import DutyKind, DutyRecord
from stations import selectors, services
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _jpeg(name="p.jpg", size=(1200, 800)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _activity(actor, station, **kwargs):
    data = {
        "kind": "visit",
        "date": timezone.localdate(),
        "title": "入户走访",
        "participants": [a.member for a in station.assignments.all()],
        "residents_reached": 30,
        "donation_amount": Decimal("1500.50"),
    }
    data.update(kwargs)
    return services.record_activity(actor=actor, station=station, **data)


def test_activity_participation_becomes_duty_records_once(role_users, station):
    activity = _activity(role_users[Role.STATION_MANAGER], station)
    records = DutyRecord.objects.filter(kind=DutyKind.STATION_ACTIVITY, source_id=activity.pk)
    assert records.count() == 3
    assert all(r.points == Decimal("3") for r in records)
    assert activity.donation_amount == Decimal("1500.50")
    # correcting the participants voids the removed member's record, adds the new one's
    keep = list(activity.participants.all())[:2]
    newcomer = MemberFactory()
    services.update_participants(
        actor=role_users[Role.STATION_MANAGER], activity=activity, participants=[*keep, newcomer]
    )
    live = DutyRecord.objects.filter(source_id=activity.pk, voided_at__isnull=True)
    assert {r.member_id for r in live} == {m.pk for m in [*keep, newcomer]}


def test_planned_activity_earns_no_duty_yet(role_users, station):
    activity = _activity(
        role_users[Role.STATION_MANAGER], station, date=timezone.localdate() + timedelta(days=5)
    )
    assert not DutyRecord.objects.filter(source_id=activity.pk).exists()


def test_activity_refusals(role_users, station, head_user, other_station):
    with pytest.raises(PermissionDenied):  # a station head cannot record for another station
        _activity(head_user, station)
    with pytest.raises(PermissionDenied):
        _activity(role_users[Role.LEADER], station)
    with pytest.raises(ValidationError):
        _activity(role_users[Role.STATION_MANAGER], station, donation_amount=Decimal("-1"))
    with pytest.raises(ValidationError):
        _activity(role_users[Role.STATION_MANAGER], station, title=" ")
    # the head may act on their own station
    assert _activity(head_user, other_station, participants=[]).station == other_station


def test_photos_get_thumbnails_and_bad_images_are_refused(role_users, station):
    activity = _activity(role_users[Role.STATION_MANAGER], station, photos=[_jpeg()])
    photo = activity.photos.get()
    with Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) <= 480
    bad = SimpleUploadedFile("x.jpg", b"\xff\xd8\xff" + b"garbage" * 20)
    with pytest.raises(ValidationError):
        services.add_activity_photos(
            actor=role_users[Role.STATION_MANAGER], activity=activity, files=[bad]
        )


def test_visit_round_completion(role_users, station):
    manager = role_users[Role.STATION_MANAGER]
    today = timezone.localdate()
    quarter = (today.month - 1) // 3 + 1
    visit_round = services.plan_visit_round(
        actor=manager, station=station, year=today.year, quarter=quarter
    )
    with pytest.raises(ValidationError):
        services.plan_visit_round(actor=manager, station=station, year=today.year, quarter=quarter)
    first = station.assignments.order_by("member__number").first().member
    _activity(manager, station, participants=[first], visit_round=visit_round)
    rows = dict(selectors.visit_round_completion(visit_round))
    assert rows[first] is True and sum(rows.values()) == 1 and len(rows) == 3
