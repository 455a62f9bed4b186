"""The news demo: notices to every kind of audience, one of them the demo member's station."""

import io
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from cppcc_portal.accounts.roles import Role
from cppcc_portal.core.demodata import DemoContext
from news import demo
from news.models import Notice, NoticeRecipient
from tests.factories import (
    CommitteeMembershipFactory,
    MemberFactory,
    SpecialCommitteeFactory,
    UserFactory,
)

from .factories import CategoryFactory

pytestmark = pytest.mark.django_db


def test_demo_notices_reach_a_station_by_its_open_assignments(member_user, staff):
    from tests.stations.factories import AssignmentFactory, StationFactory

    CategoryFactory()
    today = timezone.localdate()
    mine, other = StationFactory(), StationFactory()
    member = member_user.member
    AssignmentFactory(station=mine, member=member)
    CommitteeMembershipFactory(member=member, committee=SpecialCommitteeFactory())
    colleague = MemberFactory(user=UserFactory(roles=[Role.MEMBER]))
    AssignmentFactory(station=other, member=colleague)
    gone = MemberFactory(user=UserFactory(roles=[Role.MEMBER]))
    AssignmentFactory(
        station=mine, member=gone, since=today - timedelta(days=90), until=today - timedelta(1)
    )
    ctx = DemoContext(scale=1, rng=random.Random(3), today=today, stdout=io.StringIO())
    ctx.users = {Role.MEMBER: member_user, Role.LIAISON_STAFF: staff}
    ctx.data = {"stations": [mine, other], "sectors": [member.sector], "committees": []}
    demo.seed(ctx)

    to_stations = Notice.objects.filter(audience=Notice.Audience.STATION)
    assert to_stations.filter(station=mine).exists()
    for notice in to_stations:
        got = set(NoticeRecipient.objects.filter(notice=notice).values_list("member", flat=True))
        assert got == ({member.pk} if notice.station == mine else {colleague.pk})
    assert not NoticeRecipient.objects.filter(notice__in=to_stations, member=gone).exists()
