"""Recording a consultation as held: the day held is the day of its meeting, never in the
future (issue 24 item 10.3)."""

from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Meeting
from consultations.workflow import ConsultationState

from ..factories import ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _at(day, hour=9):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _preparing(*days):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    for day in days:
        MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c, starts_at=_at(day))
    return c


def _hold(staff, c, day):
    return services.record_held(actor=staff, consultation=c, held_on=day, venue="会议室")


def test_held_on_the_meeting_day(staff):
    day = TODAY() - timedelta(days=3)
    c = _hold(staff, _preparing(day), day)
    assert c.state == ConsultationState.HELD and c.held_on == day


def test_a_day_other_than_the_meeting_day_is_refused(staff):
    day = TODAY() - timedelta(days=3)
    c = _preparing(day)
    for wrong in (day - timedelta(days=1), day + timedelta(days=1)):
        with pytest.raises(ValidationError) as exc:
            _hold(staff, c, wrong)
        assert "held_on" in exc.value.message_dict
        assert day.isoformat() in exc.value.message_dict["held_on"][0]
    c.refresh_from_db()
    assert c.state == ConsultationState.PREPARING and c.held_on is None


def test_any_of_its_meeting_days(staff):
    first, second = TODAY() - timedelta(days=8), TODAY() - timedelta(days=1)
    assert services.meeting_days(_preparing(second, first)) == [first, second]
    assert _hold(staff, _preparing(first, second), second).held_on == second


def test_never_in_the_future(staff):
    tomorrow = TODAY() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        _hold(staff, _preparing(tomorrow), tomorrow)
    assert "held_on" in exc.value.message_dict


def test_without_a_meeting_a_past_day_is_taken(staff):
    c = ConsultationFactory(state=ConsultationState.PREPARING)
    assert _hold(staff, c, TODAY() - timedelta(days=2)).state == ConsultationState.HELD


def test_refused_in_the_wrong_state_and_for_the_wrong_role(staff, leader):
    day = TODAY() - timedelta(days=1)
    planned = ConsultationFactory(state=ConsultationState.PLANNED)
    MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=planned, starts_at=_at(day))
    with pytest.raises(ValidationError):
        _hold(staff, planned, day)
    with pytest.raises(PermissionDenied):
        _hold(leader, _preparing(day), day)


def test_the_page_says_so_next_to_the_field(client_for, staff):
    day = TODAY() - timedelta(days=3)
    c = _preparing(day)
    client = client_for(staff)
    page = client.get(reverse("consultations:detail", args=[c.pk])).content.decode()
    assert f'name="held_on" value="{day.isoformat()}"' in page  # starts from the meeting's day
    response = client.post(
        reverse("consultations:step", args=[c.pk, "hold"]),
        {"version": c.version, "held_on": (day - timedelta(days=1)).isoformat(), "venue": "室"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "举行日期" in html and day.isoformat() in html
    assert 'class="invalid-feedback d-block"' in html
    assert Consultation.objects.get(pk=c.pk).state == ConsultationState.PREPARING
    response = client.post(
        reverse("consultations:step", args=[c.pk, "hold"]),
        {"version": c.version, "held_on": day.isoformat(), "venue": "室"},
    )
    assert response.status_code == 302
    assert Consultation.objects.get(pk=c.pk).held_on == day
