"""The meeting's change-of-date page: staff only, asked to confirm, errors at their fields in
Chinese, a held meeting says it cannot move (issue 24 item 10.2)."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Meeting, MeetingEvent
from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Notification

from .factories import AttendanceFactory, ConsultationFactory, MeetingFactory

pytestmark = pytest.mark.django_db
ALL = [*Role.values, "none", "superuser"]
STAFF = {Role.CONSULTATION_STAFF, "superuser"}


def _at(days, hour=9):
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _local(at):
    return timezone.localtime(at).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def meeting(member_user):
    c = ConsultationFactory(state="preparing", scheduled_on=_at(10).date())
    m = MeetingFactory(kind=Meeting.Kind.CONSULTATION, consultation=c, starts_at=_at(10))
    AttendanceFactory(meeting=m, member=member_user.member)
    return m


@pytest.mark.parametrize("role", ALL)
def test_every_role(client_for, role_users, meeting, role):
    client = client_for(role_users[role])
    url = reverse("consultations:meeting_reschedule", args=[meeting.pk])
    data = {"starts_at": _local(_at(11)), "venue": "五楼", "reason": "冲突"}
    if role in STAFF:
        assert client.get(url).status_code == 200
        assert client.post(url, data).status_code == 302
        assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(11)
    else:
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
        assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(10)


def test_the_page_asks_to_confirm_and_the_move_is_told(client_for, staff, member_user, meeting):
    client = client_for(staff)
    detail = reverse("consultations:meeting_detail", args=[meeting.pk])
    assert 'id="reschedule-link"' in client.get(detail).content.decode()
    url = reverse("consultations:meeting_reschedule", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert 'id="reschedule-form"' in html and "data-confirm=" in html
    assert "将通知全部受邀委员" in html
    response = client.post(
        url,
        {"starts_at": _local(_at(12, 14)), "venue": "五楼会议室", "reason": "与全会冲突"},
        follow=True,
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == detail
    assert "已通知受邀委员" in html and "与全会冲突" in html  # the message and the timeline
    assert Notification.objects.filter(
        recipient=member_user, kind="consultation.meeting_rescheduled"
    ).exists()
    consultation = client.get(
        reverse("consultations:detail", args=[meeting.consultation_id])
    ).content.decode()
    assert "会议改期" in consultation and "与全会冲突" in consultation


def test_errors_at_their_fields_in_chinese(client_for, staff, meeting):
    url = reverse("consultations:meeting_reschedule", args=[meeting.pk])
    client = client_for(staff)
    response = client.post(url, {"starts_at": _local(_at(-2)), "venue": "五楼", "reason": "冲突"})
    assert response.status_code == 400
    assert response.context["form"].errors["starts_at"] == ["新的会议时间须晚于现在。"]
    response = client.post(url, {"starts_at": _local(_at(12)), "venue": "五楼", "reason": ""})
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    response = client.post(url, {"starts_at": "明天上午", "reason": "冲突"})
    assert response.status_code == 400 and response.context["form"].errors["starts_at"]
    assert not MeetingEvent.objects.exists()


def test_a_held_meeting_cannot_move(client_for, staff, meeting):
    Meeting.objects.filter(pk=meeting.pk).update(attendance_closed=True)
    client = client_for(staff)
    detail = reverse("consultations:meeting_detail", args=[meeting.pk])
    assert 'id="reschedule-link"' not in client.get(detail).content.decode()
    url = reverse("consultations:meeting_reschedule", args=[meeting.pk])
    html = client.get(url).content.decode()
    assert 'id="reschedule-closed"' in html and 'id="reschedule-form"' not in html
    response = client.post(url, {"starts_at": _local(_at(12)), "venue": "五楼", "reason": "冲突"})
    assert response.status_code == 400
    assert "不能再更改日期" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).starts_at == _at(10)
