"""Notices to a liaison station: its members with an open assignment, and nobody else."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.notifications.models import Deadline, Notification
from news import selectors, services
from news.audience import audience_pairs
from news.models import Notice, NoticeRecipient
from stations.models import StationKind
from tests.factories import MemberFactory, UserFactory
from tests.stations.factories import AssignmentFactory, StationFactory

pytestmark = pytest.mark.django_db


def _member(name):
    user = UserFactory(roles=[Role.MEMBER], first_name=name)
    MemberFactory(user=user, name=name)
    return user


@pytest.fixture
def stations(db):
    return StationFactory(name="杨村街委员联络站"), StationFactory(name="下朱庄街委员联络站")


@pytest.fixture
def people(stations):
    """Two members at the first station, one at the second, one who left the first."""
    here, there = stations
    today = timezone.localdate()
    at_here = [_member("驻站委员甲"), _member("驻站委员乙")]
    for user in at_here:
        AssignmentFactory(station=here, member=user.member)
    at_there = _member("他站委员")
    AssignmentFactory(station=there, member=at_there.member)
    left = _member("离站委员")
    AssignmentFactory(
        station=here,
        member=left.member,
        since=today - timedelta(days=400),
        until=today - timedelta(days=30),
    )
    AssignmentFactory(station=there, member=left.member, since=today - timedelta(days=29))
    return {"here": at_here, "there": at_there, "left": left}


def _station_notice(staff, station, **kwargs):
    data = {
        "title": "关于联络站委员接待日的通知",
        "body": "请按时到站接待群众。",
        "audience": Notice.Audience.STATION,
        "station": station,
        "reply_by": timezone.localdate() + timedelta(days=3),
        **kwargs,
    }
    return services.save_notice(actor=staff, data=data)


def test_station_audience_is_the_open_assignments_in_one_query(
    staff, stations, people, django_assert_num_queries
):
    notice = _station_notice(staff, stations[0])
    # a member at a studio of another kind is also addressed by that studio, not here
    studio = StationFactory(kind=StationKind.objects.get(code="sector_studio"), street=None)
    AssignmentFactory(station=studio, member=people["there"].member)
    with django_assert_num_queries(1):
        pairs = audience_pairs(notice)
    assert {u for _m, u in pairs} == {u.pk for u in people["here"]}
    assert notice.audience_display.endswith("杨村街委员联络站")


def test_station_members_see_it_count_in_n_and_get_the_reminder(staff, stations, people):
    notice = services.publish_notice(actor=staff, notice=_station_notice(staff, stations[0]))
    first, second = people["here"]
    assert set(NoticeRecipient.objects.filter(notice=notice).values_list("user", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert selectors.notice_list(first).get(pk=notice.pk).unread
    assert selectors.notice_detail(first, notice.pk) == notice
    deadline = Deadline.objects.get(duty=services.RECEIPT_DUTY, target_id=notice.pk)
    assert set(deadline.responsible.all()) == {first, second}

    services.confirm_notice(user=first, notice=notice)
    _rows, counts = selectors.notice_tracking(notice)
    assert (counts["confirmed"], counts["total"]) == (1, 2)
    assert selectors.notice_manage_list(staff).get(pk=notice.pk).n_recipients == 2

    assert services.remind_notice(actor=staff, notice=notice) == 1
    reminded = Notification.objects.filter(kind="news.notice_reminder", target_id=notice.pk)
    assert {n.recipient_id for n in reminded} == {second.pk}


@pytest.mark.parametrize("who", ["there", "left"])
def test_other_station_and_ended_assignment_never_see_it(staff, stations, people, who):
    notice = services.publish_notice(actor=staff, notice=_station_notice(staff, stations[0]))
    outsider = people[who]
    assert not selectors.notice_list(outsider).filter(pk=notice.pk).exists()
    with pytest.raises(Notice.DoesNotExist):
        selectors.notice_detail(outsider, notice.pk)
    assert not selectors.may_download_attachment(outsider, notice)
    assert selectors.unread_notice_count(outsider) == 0
    assert not any(r["item_id"] == notice.pk for r in selectors.feed(outsider)["notices"])
    with pytest.raises(PermissionDenied):
        services.confirm_notice(user=outsider, notice=notice)
    _rows, counts = selectors.notice_tracking(notice)
    assert counts["total"] == 2
    assert not NoticeRecipient.objects.filter(notice=notice, user=outsider).exists()


def test_station_required_and_cleared_for_other_audiences(staff, stations, people):
    with pytest.raises(ValidationError) as raised:
        services.save_notice(
            actor=staff, data={"title": "x", "body": "y", "audience": Notice.Audience.STATION}
        )
    assert "station" in raised.value.message_dict
    notice = services.save_notice(
        actor=staff, data={"title": "x", "body": "y", "audience": "all", "station": stations[0]}
    )
    assert notice.station is None


def test_a_station_without_open_assignments_cannot_be_published_to(staff, people):
    empty = StationFactory(name="空站")
    notice = _station_notice(staff, empty)
    with pytest.raises(ValidationError):
        services.publish_notice(actor=staff, notice=notice)


def test_a_station_in_use_cannot_be_deleted(staff, stations, people):
    from django.db.models import ProtectedError

    _station_notice(staff, stations[0])
    with pytest.raises(ProtectedError):
        stations[0].delete()


# --- Through the pages -----------------------------------------------------------------------


def test_staff_compose_to_a_station_and_track(client_for, staff, stations, people):
    client = client_for(staff)
    response = client.post(
        reverse("news:notice_new"), {"title": "x", "body": "y", "audience": "station"}
    )
    assert response.status_code == 200 and response.context["form"].errors.get("station")
    inactive = StationFactory(name="停用站", is_active=False)
    form_stations = response.context["form"].fields["station"].queryset
    assert stations[0] in form_stations and inactive not in form_stations
    response = client.post(
        reverse("news:notice_new"),
        {
            "title": "关于联络站接待日的通知",
            "body": "请到站。",
            "audience": "station",
            "station": stations[0].pk,
            "reply_by": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get(title="关于联络站接待日的通知")
    assert notice.station == stations[0]
    client.post(reverse("news:notice_publish", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status == "published"
    services.confirm_notice(user=people["here"][0], notice=notice)
    page = client.get(reverse("news:notice_track", args=[notice.pk])).content.decode()
    assert "杨村街委员联络站" in page
    assert page.count("驻站委员") == 2 and "他站委员" not in page and "离站委员" not in page


@pytest.mark.parametrize("who", ["there", "left"])
def test_pages_hide_it_from_other_members(client_for, staff, stations, people, who):
    notice = services.publish_notice(actor=staff, notice=_station_notice(staff, stations[0]))
    client = client_for(people[who])
    assert notice.title not in client.get(reverse("news:notices")).content.decode()
    assert notice.title not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("news:notice", args=[notice.pk])).status_code == 404
    client = client_for(people["here"][1])
    assert notice.title in client.get(reverse("news:notices")).content.decode()
    assert client.get(reverse("news:notice", args=[notice.pk])).status_code == 200


def test_feed_and_list_query_counts_stay_constant(
    client_for, staff, stations, people, django_assert_max_num_queries
):
    member = people["here"][0]
    client = client_for(member)
    for n in (2, 20):
        for i in range(n):
            station = stations[i % 2]
            services.publish_notice(
                actor=staff, notice=_station_notice(staff, station, title=f"站务通知{n}-{i}")
            )
        member = type(member).objects.get(pk=member.pk)  # no cached roles or counts
        with django_assert_max_num_queries(2):
            feed = selectors.feed(member)
        assert feed["notices"] and all(r["kind"] == "notice" for r in feed["notices"])
        for url in (reverse("news:notices"), reverse("home")):
            with django_assert_max_num_queries(18):
                assert client.get(url).status_code == 200
