"""The report's conversation thread: between the member who wrote it and information staff."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from cppcc_portal.notifications.models import Notification
from cppcc_portal.notifications.threads import services as threads

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(member):
    return ReportFactory(member=member)


def test_staff_asks_and_the_member_answers(report, staff, member_user):
    threads.post_message(actor=staff, target=report, body="请补充具体路段。")
    assert Notification.objects.filter(recipient=member_user, kind="report.thread").exists()
    threads.post_message(actor=member_user, target=report, body="是人民路。")
    assert Notification.objects.filter(recipient=staff, kind="report.thread").exists()


def test_another_member_and_a_leader_may_not_post(report, other_member_user, make_user):
    leader = make_user("leader")
    with pytest.raises(PermissionDenied):
        threads.post_message(actor=other_member_user, target=report, body="我来说")
    with pytest.raises(PermissionDenied):
        threads.post_message(actor=leader, target=report, body="我来说")


def test_mentioning_another_member_who_may_not_see_it_is_refused(report, staff, other_member_user):
    with pytest.raises(ValidationError) as exc:
        threads.post_message(actor=staff, target=report, body=f"@{other_member_user.username} 请看")
    assert exc.value.code == "mention_not_visible"


def test_the_thread_is_hidden_from_another_member(report, staff, other_member_user, client_for):
    threads.post_message(actor=staff, target=report, body="请补充具体路段。")
    url = reverse("opinions:thread", args=[report.pk])
    assert client_for(other_member_user).get(url).status_code == 404
    assert "请补充具体路段" in client_for(staff).get(url).content.decode()
